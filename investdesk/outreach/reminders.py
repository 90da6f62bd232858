"""Which appeals need a reminder today: due soon or overdue, and who hears of it.

The person following the appeal (else whoever recorded it) hears of both; the unit's directors
hear of overdue ones too. Notices are keyed by the appeal, the kind and the due date, so a
job run every few minutes writes each once, and a new deadline gets a new notice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.accounts.models import Membership, Role
from investdesk.core.notify import Notice
from investdesk.core.workdays import Calendar
from investdesk.outreach.conf import settings_for
from investdesk.outreach.figures import appeal_figures
from investdesk.outreach.models import OPEN_STATUSES, Appeal


@dataclass(frozen=True)
class Reminder:
    users: list
    notice: Notice


def _directors(unit) -> list:
    ids = Membership.objects.filter(unit=unit, role=Role.DIRECTOR, is_active=True).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids))


def _active(unit, users) -> list:
    ids = set(Membership.objects.filter(unit=unit, is_active=True).values_list("user_id", flat=True))
    return [u for u in users if u is not None and u.pk in ids]


def reminders_for(unit, today: date) -> Iterator[Reminder]:
    calendar = Calendar.for_unit(unit)
    conf = settings_for(unit)
    directors = _directors(unit)
    appeals = (
        Appeal.objects.for_unit(unit)
        .filter(status__in=OPEN_STATUSES)
        .select_related("enterprise", "handler", "created_by")
        .order_by("due_on", "id")
    )
    for appeal in appeals:
        marks = appeal_figures(appeal, calendar, today, conf.appeal_due_soon_workdays)
        if not (marks.overdue or marks.due_soon):
            continue
        kind = "overdue" if marks.overdue else "due_soon"
        owners = _active(unit, [appeal.handler or appeal.created_by])
        users = list(dict.fromkeys(owners + (directors if marks.overdue else [])))
        title = (_("Appeal overdue: %(title)s") if marks.overdue else _("Appeal due soon: %(title)s")) % {
            "title": appeal.title
        }
        body = _("%(enterprise)s · %(department)s · due %(due)s") % {
            "enterprise": appeal.enterprise.name,
            "department": appeal.department,
            "due": f"{appeal.due_on:%Y-%m-%d}",
        }
        notice = Notice(
            key=f"outreach.appeal:{appeal.pk}:{kind}:{appeal.due_on:%Y%m%d}",
            kind=kind,
            title=title,
            body=body,
            url=reverse("outreach:appeal_detail", args=[appeal.pk]),
        )
        yield Reminder(users, notice)
