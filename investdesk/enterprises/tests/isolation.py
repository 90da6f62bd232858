"""How the isolation test reaches the enterprise URLs with another unit's rows."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from investdesk.core.models import ImportUpload
from investdesk.enterprises.models import Area, Attachment, Contact, Enterprise, ServicePlanItem
from investdesk.enterprises.tests.factories import sheet
from tests.isolation import Row


def enterprise(unit, marker):
    found = Enterprise.objects.for_unit(unit).first()
    if found:
        return found
    area = Area.objects.create(unit=unit, name=f"街道{marker}")
    return Enterprise.objects.create(
        unit=unit, uscc="91530114MA6K5U8X61", name=f"企业{marker}", former_names=f"旧名{marker}", area=area
    )


def contact(unit, marker):
    return Contact.objects.create(
        unit=unit, enterprise=enterprise(unit, marker), name=f"联系人{marker}", phone="13812345678"
    )


def attachment(unit, marker):
    made = Attachment(unit=unit, enterprise=enterprise(unit, marker), filename=f"{marker}.txt", size=len(marker))
    made.file.save(f"{marker}.txt", ContentFile(marker.encode()), save=False)
    made.save()
    return made


def plan_item(unit, marker):
    return ServicePlanItem.objects.create(unit=unit, enterprise=enterprise(unit, marker), content=f"服务{marker}")


def area(unit, marker):
    return enterprise(unit, marker).area


def upload(unit, marker):
    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    data = sheet([["统一社会信用代码", "企业名称"], ["914403001922038216", f"导入{marker}"]])
    return ImportUpload.objects.create(
        unit=unit, kind="enterprises", created_by=owner, filename=f"{marker}.xlsx", data=data
    )


SPECS = {
    "enterprises:detail": Row(enterprise),
    "enterprises:print": Row(enterprise),
    "enterprises:edit": Row(enterprise),
    "enterprises:contact_create": Row(enterprise),
    "enterprises:contact_edit": Row(contact),
    "enterprises:contact_delete": Row(contact),
    "enterprises:attachment_create": Row(enterprise),
    "enterprises:attachment_download": Row(attachment),
    "enterprises:attachment_delete": Row(attachment),
    "enterprises:plan_item_create": Row(enterprise),
    "enterprises:plan_item_edit": Row(plan_item),
    "enterprises:area_edit": Row(area),
    "enterprises:area_delete": Row(area),
    "enterprises:import_preview": Row(upload),
}
