"""Reporting periods: a year, a half, a quarter, a month, or the first N months of a year."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    key: str  # "2022", "2022-H1", "2022-Q3", "2022-M07", "2022-YTD07"

    @property
    def year(self) -> int:
        return self.start.year

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        kind, n = _split(self.key)
        if kind == "Y":
            return _("%(year)s") % {"year": self.year}
        if kind == "H":
            return (_("first half of %(year)s") if n == 1 else _("second half of %(year)s")) % {"year": self.year}
        if kind == "Q":
            return _("Q%(n)s %(year)s") % {"n": n, "year": self.year}
        if kind == "M":
            return _("%(year)s-%(month)02d") % {"year": self.year, "month": n}
        return _("January–%(month)s %(year)s") % {"month": n, "year": self.year}

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def half(cls, year: int, n: int) -> Period:
        return cls(
            date(year, 1 if n == 1 else 7, 1), date(year, 6, 30) if n == 1 else date(year, 12, 31), f"{year}-H{n}"
        )

    @classmethod
    def quarter(cls, year: int, n: int) -> Period:
        first = 3 * (n - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 2), f"{year}-Q{n}")

    @classmethod
    def month(cls, year: int, n: int) -> Period:
        return cls(date(year, n, 1), _month_end(year, n), f"{year}-M{n:02d}")

    @classmethod
    def first_months(cls, year: int, months: int) -> Period:
        """January to the end of month `months`: the span of mid-year monitoring (default 7)."""
        return cls(date(year, 1, 1), _month_end(year, months), f"{year}-YTD{months:02d}")

    @classmethod
    def parse(cls, key: str) -> Period:
        match = re.fullmatch(r"(\d{4})(?:-(H|Q|M|YTD)(\d{1,2}))?", key.strip())
        if not match:
            raise ValueError(f"not a period: {key!r} (use 2022, 2022-H1, 2022-Q3, 2022-M07 or 2022-YTD07)")
        year, kind, n = int(match[1]), match[2], int(match[3] or 0)
        limits = {"H": 2, "Q": 4, "M": 12, "YTD": 12}
        if kind and not 1 <= n <= limits[kind]:
            raise ValueError(f"not a period: {key!r}")
        builders = {
            None: lambda: cls.year_of(year),
            "H": lambda: cls.half(year, n),
            "Q": lambda: cls.quarter(year, n),
            "M": lambda: cls.month(year, n),
            "YTD": lambda: cls.first_months(year, n),
        }
        return builders[kind]()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _split(key: str) -> tuple[str, int]:
    if "-" not in key:
        return "Y", 0
    tail = key.split("-", 1)[1]
    kind = "YTD" if tail.startswith("YTD") else tail[0]
    return kind, int(tail[len(kind) :])
