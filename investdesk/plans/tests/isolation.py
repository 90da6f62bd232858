"""How the isolation test reaches the plans URLs with another unit's rows."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from investdesk.core.models import ImportUpload
from investdesk.performance.models import BudgetProject
from investdesk.plans import services
from investdesk.plans.models import Milestone, StudyTrip
from tests.isolation import Row


def milestone(unit, marker):
    found = Milestone.objects.for_unit(unit).first()
    if found:
        return found
    project, _created = BudgetProject.objects.get_or_create(  # not 2022: the performance helper's year
        unit=unit, year=2020, name=f"计划项目{marker}", defaults={"budget_yuan": Decimal("1000")}
    )
    made = services.create_milestone(
        project, actor=None, fields={"quarter": 1, "title": f"事项{marker}", "evidence_note": marker}
    )
    Milestone.objects.filter(pk=made.pk).update(evidence="units/x/plans/secret.pdf", evidence_name=marker)
    return made


def trip(unit, marker):
    found = StudyTrip.objects.for_unit(unit).first()
    if found:
        return found
    fields = {
        "destination": f"深圳前海{marker}",
        "start_on": date(2022, 8, 1),
        "end_on": date(2022, 8, 3),
        "practices": marker,
        "measures": marker,
    }
    return services.save_trip(unit, actor=None, fields=fields, participants=[], expenditures=[])


def upload(unit, marker):
    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    return ImportUpload.objects.create(
        unit=unit, kind="plans.milestones", created_by=owner, filename=f"{marker}.xlsx", data=b"x"
    )


def trip_upload(unit, marker):
    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    return ImportUpload.objects.create(
        unit=unit, kind="plans.trips", created_by=owner, filename=f"{marker}.xlsx", data=b"x"
    )


SPECS = {
    "plans:milestone_edit": Row(milestone),
    "plans:milestone_status": Row(milestone),
    "plans:milestone_delete": Row(milestone),
    "plans:milestone_evidence": Row(milestone),
    "plans:trip_edit": Row(trip),
    "plans:trip_delete": Row(trip),
    "plans:import_preview": Row(upload),
    "plans:trip_import_preview": Row(trip_upload),
}
