"""The countdown badge of a deadline: "还剩3个工作日", "今天到期", "逾期2个工作日".

Counted on the unit's working-day calendar (`core.workdays.Calendar`), like every deadline
(RULES.md §9). No database access here: list pages build one calendar and call `countdown` for
each row of the page, and `includes/countdown.html` shows the badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from investdesk.core.workdays import Calendar

LEFT, SOON, TODAY, OVERDUE, STOPPED = "left", "soon", "today", "overdue", "stopped"
CSS = {LEFT: "light border", SOON: "warning", TODAY: "warning", OVERDUE: "danger", STOPPED: "secondary"}


@dataclass(frozen=True)
class Countdown:
    """Where a deadline stands today: `days` working days left (> 0), due today or on the last
    day off before the next working day (0), or that many working days overdue (< 0)."""

    due: date
    days: int
    state: str
    today: date

    @property
    def label(self) -> str:
        if self.state == STOPPED:
            return _("clock stopped")
        if self.days > 0:
            if self.days == 1:
                return _("1 working day left")
            return _("%(n)s working days left") % {"n": self.days}
        if self.days == 0:
            if self.due == self.today:
                return _("due today")
            if self.due < self.today:
                return _("due date passed")
            return _("due %(date)s") % {"date": self.due.isoformat()}
        if self.days == -1:
            return _("1 working day overdue")
        return _("%(n)s working days overdue") % {"n": -self.days}

    @property
    def css(self) -> str:
        return CSS[self.state]


def _state(days: int, soon_days: int, due: date, today: date) -> str:
    if days < 0 or (days == 0 and due < today):
        return OVERDUE
    if days == 0:
        return TODAY
    return SOON if days <= soon_days else LEFT


def make(due: date, days: int, today: date, soon_days: int = 0) -> Countdown:
    """A countdown from working days already counted by the caller (e.g. limit − used)."""
    return Countdown(due, days, _state(days, soon_days, due, today), today)


def countdown(due: date | None, today: date, calendar: Calendar, soon_days: int = 0) -> Countdown | None:
    """The countdown to `due`: working days after today up to the due date, or after the due
    date up to today once it has passed (a due date on Friday is not overdue on Saturday)."""
    if due is None:
        return None
    if due >= today:
        days = calendar.workdays_between(today, due)
    else:
        days = -calendar.workdays_between(due, today)
    return make(due, days, today, soon_days)


def from_clock(clock, today: date, soon_days: int = 0) -> Countdown | None:
    """The countdown of a running working-day clock (`cases.clock.Clock`): its promised days
    minus the days used, paused days not counted."""
    if clock is None or clock.start is None or clock.finished or clock.deadline is None:
        return None
    days = clock.promised - clock.used
    if clock.stopped:
        return Countdown(clock.deadline, days, STOPPED, today)
    return make(clock.deadline, days, today, soon_days)
