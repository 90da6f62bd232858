"""The deadlines of a case, computed live on the unit's calendar (no database access here).

Nothing is stored: the unit's calendar (holidays, 调休, its own entries) and settings may
change, and a stored deadline would then be wrong. Each promise is a `clock.Clock`:

- acceptance: 申请 → 受理 or 不予受理, `acceptance_workdays`;
- plan: 受理 → the work starts (委托书 and 代办方案 ready), `plan_workdays`;
- each plan item: the department's acceptance (受理) of the approval item → its completion,
  the promised working days of the plan, minus the case's paused working days;
- follow-up visit: 办结 → 回访, `visit_workdays`;
- rating window: 办结 → the last day the requester may rate, `rating_window_workdays`;
- each rectification: the 差评 → its deadline (fixed when it was opened).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.cases.clock import Clock, Pause, measure, pauses_from
from investdesk.cases.conf import CaseSettings
from investdesk.cases.models import CaseStatus, EventKind
from investdesk.core.countdown import STOPPED, Countdown, from_clock
from investdesk.core.workdays import Calendar
from investdesk.projects.models import ItemStatus

CLOSED = (CaseStatus.REJECTED, CaseStatus.TERMINATED)


@dataclass
class CaseFigures:
    acceptance: Clock
    plan: Clock | None
    items: list[tuple[object, Clock]] = field(default_factory=list)  # (plan item, its clock)
    visit: Clock | None = None
    rating_window: Clock | None = None
    rectifications: list[tuple[object, Clock]] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)

    def running(self) -> list[tuple[str, object, Clock]]:
        """The clocks still running: (what, the row or None, clock)."""
        found = []
        for what, clock in (("acceptance", self.acceptance), ("plan", self.plan), ("visit", self.visit)):
            if clock is not None and clock.start is not None and not clock.finished:
                found.append((what, None, clock))
        found += [("item", entry, c) for entry, c in self.items if c.start is not None and not c.finished]
        if self.rating_window is not None and not self.rating_window.finished:
            found.append(("rating", None, self.rating_window))
        found += [("rectification", r, c) for r, c in self.rectifications if not c.finished]
        return found

    @property
    def overdue(self) -> bool:
        # The rating window is not the center's promise: its end gives the default rating.
        return any(c.overdue for what, _row, c in self.running() if what != "rating")

    @property
    def due_soon(self) -> bool:
        return not self.overdue and any(c.due_soon for _what, _row, c in self.running())

    @property
    def mark(self) -> str:
        return "overdue" if self.overdue else "due_soon" if self.due_soon else ""


@dataclass(frozen=True)
class NextDeadline:
    """The case's nearest running deadline of the center (the rating window is the requester's)."""

    what: str
    countdown: Countdown


def _what(what: str, row) -> str:
    if what == "item":
        return row.approval_item.name
    return {
        "acceptance": _("acceptance"),
        "plan": _("letter and plan"),
        "visit": _("follow-up visit"),
        "rectification": _("rectification"),
    }[what]


def next_deadline(figures: CaseFigures, today: date, soon_days: int) -> NextDeadline | None:
    """The running deadline with the fewest working days left; a stopped clock (paused case)
    only when no other runs."""
    found = [
        NextDeadline(_what(what, row), countdown)
        for what, row, clock in figures.running()
        if what != "rating" and (countdown := from_clock(clock, today, soon_days)) is not None
    ]
    if not found:
        return None
    return min(found, key=lambda n: (n.countdown.state == STOPPED, n.countdown.days, n.countdown.due))


def _end_of_application(case) -> date | None:
    if case.accepted_on:
        return case.accepted_on
    return case.closed_on if case.status in CLOSED else None


def _end_of_plan(case) -> date | None:
    if case.started_on:
        return case.started_on
    return case.closed_on if case.status in CLOSED else None


def item_clock(entry, case, pauses: list[Pause], calendar: Calendar, today: date, due_soon: int) -> Clock:
    item = entry.approval_item
    if item.status == ItemStatus.NOT_NEEDED or not item.accepted_on:
        return measure(calendar, start=None, promised=entry.promised_workdays, end=None, today=today, due_soon=due_soon)
    end = item.completed_on if item.status == ItemStatus.COMPLETED else None
    if end is None and case.status in CLOSED:
        end = case.closed_on  # a terminated case stops its items' clocks
    return measure(
        calendar,
        start=item.accepted_on,
        promised=entry.promised_workdays,
        end=end,
        today=today,
        due_soon=due_soon,
        pauses=pauses,
    )


def case_figures(
    case,
    *,
    status_events,
    plan_items,
    rating,
    rectifications,
    calendar: Calendar,
    conf: CaseSettings,
    today: date,
) -> CaseFigures:
    """Every clock of one case from rows fetched by the caller (events of kind "status" in date
    order, plan items with their approval items, the rating or None, the rectifications)."""
    soon = conf.due_soon_workdays
    pauses = pauses_from(status_events, paused=CaseStatus.PAUSED, status_kind=EventKind.STATUS)

    def clock(start, promised, end):
        return measure(calendar, start=start, promised=promised, end=end, today=today, due_soon=soon)

    figures = CaseFigures(
        acceptance=clock(case.applied_on, conf.acceptance_workdays, _end_of_application(case)),
        plan=clock(case.accepted_on, conf.plan_workdays, _end_of_plan(case)) if case.accepted_on else None,
        pauses=pauses,
    )
    figures.items = [(entry, item_clock(entry, case, pauses, calendar, today, soon)) for entry in plan_items]
    if case.completed_on:
        visit_end = case.visited_on or (case.closed_on if case.status == CaseStatus.ARCHIVED else None)
        figures.visit = clock(case.completed_on, conf.visit_workdays, visit_end)
        rated_on = timezone.localtime(rating.rated_at).date() if rating is not None else None
        figures.rating_window = clock(case.completed_on, conf.rating_window_workdays, rated_on)
    for rect in rectifications:
        promised = calendar.workdays_between(rect.opened_on, rect.due_on)
        figures.rectifications.append((rect, clock(rect.opened_on, promised, rect.closed_on)))
    return figures


def paused_workdays(pauses: list[Pause], calendar: Calendar, today: date) -> int:
    """Working days the case has spent paused (the clock stood still)."""
    return sum(calendar.workdays_between(p.start, p.end or today) for p in pauses)
