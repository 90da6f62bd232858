"""Working days on the Chinese calendar with 调休 (RULES.md §9).

The chinese-calendar package knows the official calendar up to the last year the State
Council has published. A unit's own CalendarDay entries win over the package; for a year that
neither knows, only weekends are days off and every answer carries a warning until the
year's calendar is entered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext as _


def known_years() -> tuple[int, int]:
    """The first and last year whose official calendar the chinese-calendar package holds."""
    years = sorted({day.year for day in chinese_calendar.holidays})
    return years[0], years[-1]


@dataclass
class Calendar:
    """Working-day arithmetic for one unit: overrides {date: is_workday} win over the package."""

    overrides: dict[date, bool] = field(default_factory=dict)
    warnings: set[int] = field(default_factory=set)  # years computed with weekends only
    # Each day's answer, remembered: a list page or a metric asks about the same days thousands
    # of times (1,000 projects × the days between two dates) and the lookup is then the cost.
    _known: dict[date, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def for_unit(cls, unit) -> Calendar:
        from investdesk.core.models import CalendarDay

        days = CalendarDay.objects.for_unit(unit).values_list("date", "is_workday")
        return cls(overrides=dict(days))

    def _entered_years(self) -> set[int]:
        return {day.year for day in self.overrides}

    def is_workday(self, day: date) -> bool:
        try:
            return self._known[day]
        except KeyError:
            answer = self._known[day] = self._lookup(day)
            return answer

    def _lookup(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year not in self._entered_years():
                self.warnings.add(day.year)
            return day.weekday() < 5

    def add_workdays(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted).

        A deadline of 5 working days from an application made on a Friday before 国庆 lands
        after the holiday; 调休 Saturdays count as working days.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count

    def warning_text(self) -> str | None:
        if not self.warnings:
            return None
        years = "、".join(str(y) for y in sorted(self.warnings))
        return _(
            "The official holiday calendar of %(years)s is not known yet: weekends only were used. "
            "Enter the year's holidays and 调休 days in the unit's calendar."
        ) % {"years": years}
