"""How the isolation test reaches the projects URLs with another unit's rows."""

from datetime import date

from django.contrib.auth import get_user_model

from investdesk.core.models import ImportUpload
from investdesk.projects import departments, services
from investdesk.projects.models import ApprovalItem, CatalogueItem, Department, FollowUp, InvestmentProject
from investdesk.projects.tests.conftest import make_enterprise
from tests.isolation import Row


def project(unit, marker):
    found = InvestmentProject.objects.for_unit(unit).first()
    if found:
        return found
    enterprise = make_enterprise(unit, f"企业{marker}", n=7)
    made = services.create_project(
        unit,
        actor=None,
        fields={"name": f"项目{marker}", "enterprise": enterprise, "status": "negotiating", "note": marker},
    )
    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    services.add_followup(
        made, actor=owner, fields={"followed_on": date(2022, 6, 1), "content": marker, "staff": owner}
    )
    return made


def item(unit, marker):
    found = ApprovalItem.objects.filter(project=project(unit, marker)).first()
    ApprovalItem.objects.filter(pk=found.pk).update(note=marker, document_number=marker)
    return found


def followup(unit, marker):
    return FollowUp.objects.filter(project=project(unit, marker)).first()


def catalogue_item(unit, marker):
    services.ensure_catalogue(unit)
    found = CatalogueItem.objects.for_unit(unit).first()
    CatalogueItem.objects.filter(pk=found.pk).update(basis=marker)
    return found


def department(unit, marker):
    found = Department.objects.for_unit(unit).first()
    if found is None:
        found = departments.save_department(unit, actor=None, fields={"name": f"部门{marker}", "aliases": marker})
    return found


def upload(unit, marker):
    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    return ImportUpload.objects.create(
        unit=unit, kind="projects", created_by=owner, filename=f"{marker}.xlsx", data=b"x"
    )


SPECS = {
    "projects:detail": Row(project),
    "projects:edit": Row(project),
    "projects:status": Row(project),
    "projects:delete": Row(project),
    "projects:sync_items": Row(project),
    "projects:followup_create": Row(project),
    "projects:item_edit": Row(item),
    "projects:followup_edit": Row(followup),
    "projects:followup_delete": Row(followup),
    "projects:catalogue_edit": Row(catalogue_item),
    "projects:import_preview": Row(upload),
    "projects:department_edit": Row(department),
    "projects:department_delete": Row(department),
}
