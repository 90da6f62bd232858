"""How the isolation test reaches the cases URLs with another unit's rows (the marker is in a
visible field of each row)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from investdesk.cases import services
from investdesk.cases.models import AgencyCase, Blocker, CaseFile, Rectification
from tests.isolation import Row


def _director(unit):
    return get_user_model().objects.filter(memberships__unit=unit, memberships__role="director").first()


def case(unit, marker):
    found = AgencyCase.objects.for_unit(unit).filter(help_needed=marker, agent__isnull=False).first()
    if found:
        return found
    director = _director(unit)
    made = services.create_case(
        unit,
        actor=director,
        channel="window",
        scope="assist",
        requester_name=f"联系人{marker}"[:50],
        requester_phone="13888123456",
        enterprise_name=f"企业{marker}",
        project_name=f"项目{marker}",
        help_needed=marker,
        applied_on=date(2022, 10, 10),
    )
    made = services.assign_case(made, actor=director, agent=director, on=date(2022, 10, 10))
    services.add_blocker(
        made,
        actor=director,
        fields={"department": f"部门{marker}", "description": marker, "raised_on": date(2022, 10, 11)},
    )
    services.add_file(made, actor=director, upload=SimpleUploadedFile(f"{marker}.txt", marker.encode()))
    for name, on, extra in (
        ("accept", date(2022, 10, 11), {}),
        ("start", date(2022, 10, 12), {}),
    ):
        made = services.change_status(made, name, actor=director, on=on, **extra)
    return made


def rated_case(unit, marker):
    made = case(unit, marker)
    if Rectification.objects.filter(case=made).exists():
        return made
    director = _director(unit)
    for blocker in Blocker.objects.filter(case=made, resolved_on__isnull=True):
        services.resolve_blocker(blocker, actor=director, resolved_on=date(2022, 10, 13), resolution=marker)
    made = services.change_status(made, "complete", actor=director, on=date(2022, 10, 14), handover=marker)
    services.rate_case(
        made, level="dissatisfied", comment=marker, source="phone", actor=director, on=date(2022, 10, 17)
    )
    return made


def blocker(unit, marker):
    return Blocker.objects.filter(case=case(unit, marker)).first()


def case_file(unit, marker):
    return CaseFile.objects.filter(case=case(unit, marker)).first()


def rectification(unit, marker):
    return Rectification.objects.get(case=rated_case(unit, marker))


def step(name):
    return Row(case, kwargs=lambda obj: {"pk": obj.pk, "name": name})


SPECS = {
    "cases:detail": Row(case),
    "cases:print": Row(case),
    "cases:edit": Row(case),
    "cases:archive": Row(case),
    "cases:assign": Row(case),
    "cases:mandate": Row(case),
    "cases:plan": Row(case),
    "cases:transition": step("pause"),
    "cases:blocker_create": Row(case),
    "cases:file_create": Row(case),
    "cases:rate": Row(rated_case),
    "cases:blocker_action": Row(blocker),
    "cases:blocker_resolve": Row(blocker),
    "cases:file_download": Row(case_file),
    "cases:file_delete": Row(case_file),
    "cases:rectification": Row(rectification),
}
