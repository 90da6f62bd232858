"""The deadline the portal promises an investor: accepted, or told why not, within the cases app's
acceptance time (`acceptance_workdays`), counted in working days from the day of the request.

The public pages show it as 受理或答复期限; the staff inbox and request page show the same date with
a countdown while the request is new, so staff see what the investor was promised.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from investdesk.cases.conf import settings_for as case_settings
from investdesk.core.countdown import countdown
from investdesk.core.workdays import Calendar
from investdesk.portal.models import PortalRequest, RequestStatus


def accept_by(obj: PortalRequest, calendar: Calendar, days: int) -> date:
    submitted_on = timezone.localtime(obj.submitted_at).date()
    return calendar.add_workdays(submitted_on, days)


def attach(rows, unit, calendar: Calendar | None = None, today: date | None = None) -> Calendar:
    """`.accept_by` on every request, and `.countdown` on the new ones (None once handled):
    one calendar and one settings read for the whole page, no query per row."""
    calendar = calendar or Calendar.for_unit(unit)
    conf = case_settings(unit)
    today = today or timezone.localdate()
    for obj in rows:
        obj.accept_by = accept_by(obj, calendar, conf.acceptance_workdays)
        new = obj.status == RequestStatus.NEW
        obj.countdown = countdown(obj.accept_by, today, calendar, conf.due_soon_workdays) if new else None
        obj.answered_on = timezone.localtime(obj.handled_at).date() if obj.handled_at and not new else None
    return calendar
