"""How the isolation test reaches the outreach URLs with another unit's rows."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from investdesk.core.models import ImportUpload
from investdesk.outreach import services
from investdesk.outreach.models import Appeal, Category, Channel, Consultation, Visit
from investdesk.projects.tests.conftest import make_enterprise
from tests.isolation import Row


def _owner(unit):
    return get_user_model().objects.filter(memberships__unit=unit).first()


def _enterprise(unit, marker):
    from investdesk.enterprises.models import Enterprise

    return Enterprise.objects.for_unit(unit).filter(name=f"企业{marker}走访").first() or make_enterprise(
        unit, f"企业{marker}走访", n=71, is_key=True, key_level="district"
    )


def visit(unit, marker):
    found = Visit.objects.for_unit(unit).first()
    if found:
        return found
    owner = _owner(unit)
    fields = {"visited_on": date(2022, 5, 6), "enterprise": _enterprise(unit, marker), "purposes": ["policy"]}
    appeal = {"category": Category.OTHER, "title": f"诉求{marker}", "department": marker}
    return services.create_visit(
        unit, actor=owner, fields=fields | {"findings": marker}, staff=[owner], appeals=[appeal]
    )


def consultation(unit, marker):
    found = Consultation.objects.for_unit(unit).first()
    if found:
        return found
    at = datetime(2022, 5, 6, 10, 30, tzinfo=timezone.get_default_timezone())
    fields = {
        "consulted_at": at,
        "channel": Channel.PHONE,
        "enterprise": _enterprise(unit, marker),
        "topic": f"咨询{marker}",
        "answer": marker,
        "inquirer": marker,
        "duration_minutes": 10,
        "staff": _owner(unit),
    }
    return services.create_consultation(unit, actor=_owner(unit), fields=fields)


def appeal(unit, marker):
    return Appeal.objects.filter(visit=visit(unit, marker)).first()


def upload(kind):
    def make(unit, marker):
        return ImportUpload.objects.create(
            unit=unit, kind=f"outreach.{kind}", created_by=_owner(unit), filename=f"{marker}.xlsx", data=b"x"
        )

    return make


SPECS = {
    "outreach:visit_detail": Row(visit),
    "outreach:visit_edit": Row(visit),
    "outreach:visit_delete": Row(visit),
    "outreach:consultation_detail": Row(consultation),
    "outreach:consultation_edit": Row(consultation),
    "outreach:consultation_delete": Row(consultation),
    "outreach:appeal_detail": Row(appeal),
    "outreach:appeal_edit": Row(appeal),
    "outreach:appeal_step": Row(appeal),
    "outreach:appeal_delete": Row(appeal),
    "outreach:visits_import_preview": Row(upload("visits")),
    "outreach:consultations_import_preview": Row(upload("consultations")),
    "outreach:appeals_import_preview": Row(upload("appeals")),
}
