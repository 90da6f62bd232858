"""Deadline marks of appeals: how many working days are left, due soon, overdue, decided late.

Pure functions over an appeal's dates and the unit's calendar, so list pages attach them to a
page of rows without another query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from investdesk.core.countdown import Countdown, countdown
from investdesk.core.workdays import Calendar
from investdesk.outreach.models import OPEN_STATUSES


@dataclass(frozen=True)
class AppealFigures:
    remaining: int | None  # working days left until the due date while open (0 on the day)
    due_soon: bool
    overdue: bool
    late: bool  # decided after the due date
    countdown: Countdown | None = None  # while open


def appeal_figures(appeal, calendar: Calendar, today: date, due_soon_days: int) -> AppealFigures:
    due = appeal.due_on
    if due is None:
        return AppealFigures(None, False, False, False)
    if appeal.status in OPEN_STATUSES:
        overdue = today > due
        remaining = None if overdue else calendar.workdays_between(today, due)
        soon = not overdue and remaining is not None and remaining <= due_soon_days
        return AppealFigures(remaining, soon, overdue, False, countdown(due, today, calendar, due_soon_days))
    late = appeal.decided_on is not None and appeal.decided_on > due
    return AppealFigures(None, False, False, late)


def attach(appeals, calendar: Calendar, today: date, due_soon_days: int) -> None:
    for appeal in appeals:
        appeal.figures = appeal_figures(appeal, calendar, today, due_soon_days)
