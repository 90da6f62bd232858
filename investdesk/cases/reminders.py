"""What `send_reminders` tells whom: every running promise of a case that is due soon or overdue
(RULES.md §7: flagged before it is late, not after), as in-app notifications.

A notice's key holds the case, the promise, the mark and the deadline, so a run every few
minutes writes each notice once (core.notify), and a deadline that moves (a pause) or a mark
that changes (due soon → overdue) is told again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.cases import queries
from investdesk.cases.conf import settings_for
from investdesk.cases.models import AgencyCase, Rectification, RectificationStatus
from investdesk.cases.services import directors_of
from investdesk.core.notify import Notice
from investdesk.core.workdays import Calendar


@dataclass(frozen=True)
class Reminder:
    users: list
    notice: Notice


def _labels() -> dict[str, str]:
    return {
        "acceptance": _("acceptance"),
        "plan": _("letter of authorisation and plan"),
        "item": _("approval item"),
        "visit": _("follow-up visit"),
        "rating": _("rating window"),
        "rectification": _("rectification"),
    }


def cases_to_watch(unit):
    open_rects = Rectification.objects.filter(status=RectificationStatus.OPEN).select_related("responsible")
    cases = (
        queries.with_clock_rows(AgencyCase.objects.for_unit(unit))
        .filter(queries.watched())
        .distinct()
        .prefetch_related("co_agents", Prefetch("rectifications", queryset=open_rects, to_attr="open_rects"))
        .order_by("id")
    )
    return list(cases)


def reminders_for(unit, today: date) -> list[Reminder]:
    calendar = Calendar.for_unit(unit)
    conf = settings_for(unit)
    cases = cases_to_watch(unit)
    queries.attach_figures(cases, calendar, conf, today)
    directors = directors_of(unit)
    labels = _labels()
    found = []
    for case in cases:
        team = [case.agent, *case.co_agents.all()]
        for what, row, clock in case.figures.running():
            if not clock.mark or clock.stopped:
                continue
            if what == "rating" and clock.mark != "due_soon":
                continue  # past the window the default rating applies: nothing to remind
            if what == "rectification":
                users = [row.responsible, *directors]
            elif what == "acceptance":
                users = [*directors, case.agent]
            else:
                users = [*team, *directors]
            found.append(Reminder(users, _notice(case, what, row, clock, labels)))
    return found


def _notice(case, what: str, row, clock, labels: dict) -> Notice:
    name = labels[what]
    if what == "item":
        name = f"{name}“{row.approval_item.name}”"
    if clock.mark == "overdue":
        title = _("%(number)s: %(what)s overdue (due %(day)s)")
    else:
        title = _("%(number)s: %(what)s due %(day)s")
    params = {"number": case.number, "what": name, "day": clock.deadline}
    body = _("%(enterprise)s · %(used)s of %(promised)s working days used") % {
        "enterprise": case.display_enterprise,
        "used": clock.used,
        "promised": clock.promised,
    }
    url = (
        reverse("cases:rectification", args=[row.pk])
        if what == "rectification"
        else reverse("cases:detail", args=[case.pk])
    )
    suffix = f":{row.pk}" if row is not None else ""
    key = f"case:{case.pk}:{what}{suffix}:{clock.mark}:{clock.deadline:%Y%m%d}"
    return Notice(key=key, kind=clock.mark, title=title % params, body=body, url=url)
