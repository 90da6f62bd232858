"""How the isolation test reaches the portal's URLs.

Staff pages (/cases/requests/…) take a row of the victim unit and must answer 403/404. The
public pages take the unit code (a public name, printed on the poster), a tracking number or a
case number; what they show of a unit is covered by test_track.py, test_case_track.py and
test_qr.py: another unit's portal never finds a request or a case, and either is shown only
after its number and phone.
"""

from investdesk.cases import services as case_services
from investdesk.portal.models import PortalRequest
from investdesk.portal.tests.conftest import make_request
from tests.isolation import Public, Row, Skip


def portal_request(unit, marker):
    found = PortalRequest.objects.for_unit(unit).first()
    return found or make_request(unit, enterprise_name=f"企业{marker}", help_needed=f"帮助{marker}")


def attachment(unit, marker):
    from django.core.files.base import ContentFile

    from investdesk.portal.models import PortalAttachment

    made = PortalAttachment(unit=unit, request=portal_request(unit, marker), filename=f"{marker}.txt", size=10)
    made.file.save(f"{marker}.txt", ContentFile(marker.encode()), save=False)
    made.save()
    return made


def case(unit, marker):
    obj = portal_request(unit, marker)
    if obj.case_id is None:
        obj.case = case_services.create_case(
            unit, actor=None, channel="online", scope="assist", requester_name=f"联系人{marker}",
            requester_phone="13812345678", enterprise_name=f"企业{marker}", help_needed=f"帮助{marker}",
            notify_staff=False,
        )  # fmt: skip
        obj.status = "converted"
        obj.save()
    return obj.case


def window_case(unit, marker):
    """A case opened at the window: no online request behind it, yet it has a QR code and a status page."""
    return case_services.create_case(
        unit, actor=None, channel="window", scope="assist", requester_name=f"窗口联系人{marker}",
        requester_phone="13912345678", enterprise_name=f"窗口企业{marker}", help_needed=f"窗口帮助{marker}",
        notify_staff=False,
    )  # fmt: skip


def case_number(unit, marker):
    return {"unit_code": unit.code, "number": window_case(unit, marker).number}


def unit_code(unit, marker):
    return {"unit_code": unit.code}


def tracking(unit, marker):
    return {"unit_code": unit.code, "number": portal_request(unit, marker).tracking_number}


PUBLIC = "public portal page of the unit in the URL; another unit's requests are never found there"

SPECS = {
    "portal:index": Skip("the public list of the units' portals: unit names are public, nothing else is shown"),
    "portal:home": Public(unit_code, PUBLIC),
    "portal:apply": Public(unit_code, PUBLIC),
    "portal:submitted": Public(unit_code, "shows only the request this browser has just sent (session)"),
    "portal:track": Public(unit_code, PUBLIC),
    "portal:status": Public(tracking, "shown only after the tracking number and the phone matched (session)"),
    "portal:case_status": Public(case_number, "shown only after the case number and the phone matched (session)"),
    "portal:qr": Public(unit_code, "QR code of the unit's public portal"),
    "portal:poster": Public(unit_code, "printable poster of the unit's public portal"),
    "portal_staff:detail": Row(portal_request),
    "portal_staff:convert": Row(portal_request),
    "portal_staff:reject": Row(portal_request),
    "portal_staff:duplicate": Row(portal_request),
    "portal_staff:reopen": Row(portal_request),
    "portal_staff:archive": Row(portal_request),
    "portal_staff:attachment": Row(attachment),
    "portal_staff:case_qr": Row(case, kwargs=lambda obj: {"case_pk": obj.pk}),
    "portal_staff:case_qr_sheet": Row(window_case, kwargs=lambda obj: {"case_pk": obj.pk}),
}
