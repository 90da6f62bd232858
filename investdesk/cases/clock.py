"""The working-day clock of a case, with pauses (no database access here).

Days count as in `core.workdays`: a span (start, end] holds the working days after `start` up
to and including `end` — the day of an event itself is not counted (次日起算). A pause is
the span (paused on, resumed on]: its working days do not count, so a case paused for 3
working days has 3 more working days before each of its running deadlines. A pause that has
not ended yet runs to `today`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from investdesk.core.workdays import Calendar


@dataclass(frozen=True)
class Pause:
    start: date
    end: date | None  # None while the case is still paused


def pauses_from(events, *, paused: str, status_kind: str) -> list[Pause]:
    """Pauses from a case's status events in date order (objects with kind, from/to status, on)."""
    spans: list[Pause] = []
    started: date | None = None
    for event in events:
        if event.kind != status_kind:
            continue
        if event.to_status == paused and started is None:
            started = event.on
        elif event.from_status == paused and started is not None:
            spans.append(Pause(started, event.on))
            started = None
    if started is not None:
        spans.append(Pause(started, None))
    return spans


class _Counter:
    """Cumulative working days from a base date, built once per calendar: a count over any span
    is then a subtraction, and a deadline a binary search (a list page measures thousands of
    spans of several years each)."""

    def __init__(self, calendar: Calendar):
        self.calendar = calendar
        self.base: date | None = None  # cum[i] = working days in (base, base + i days]
        self.cum: list[int] = []

    def _ensure(self, day: date) -> None:
        if self.base is None:
            self.base, self.cum = day - timedelta(days=1), [0]
        if day <= self.base:
            new_base = day - timedelta(days=1)
            head, current = [0], new_base
            while current < self.base:
                current += timedelta(days=1)
                head.append(head[-1] + self.calendar.is_workday(current))
            shift = head[-1]
            self.base, self.cum = new_base, head[:-1] + [c + shift for c in self.cum]
        while self.base + timedelta(days=len(self.cum) - 1) < day:
            nxt = self.base + timedelta(days=len(self.cum))
            self.cum.append(self.cum[-1] + self.calendar.is_workday(nxt))

    def _index(self, day: date) -> int:
        self._ensure(day)
        return (day - self.base).days

    def count(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        if end <= start:
            return 0
        first = self._index(start)  # may move the base back: index before reading the list
        last = self._index(end)
        return self.cum[last] - self.cum[first]

    def nth_after(self, start: date, n: int) -> date:
        """The day the n-th working day after `start` falls on (n ≥ 1)."""
        first = self._index(start)
        target = self.cum[first] + n
        last = first
        while self.cum[last] < target:
            last = self._index(self.base + timedelta(days=last + max(1, target - self.cum[last])))
        return self.base + timedelta(days=bisect_left(self.cum, target, first, last + 1))


def counter(calendar: Calendar) -> _Counter:
    found = getattr(calendar, "_cases_counter", None)
    if found is None:
        found = _Counter(calendar)
        calendar._cases_counter = found  # lives as long as the calendar (one request or command run)
    return found


def _spans(pauses: list[Pause], today: date) -> list[tuple[date, date]]:
    return sorted((p.start, p.end or today) for p in pauses)


def used(calendar: Calendar, start: date, end: date, pauses: list[Pause], today: date) -> int:
    """Working days in (start, end] outside the pauses."""
    count = counter(calendar)
    total = count.count(start, end)
    for p_start, p_end in _spans(pauses, today):
        total -= count.count(max(start, p_start), min(end, p_end))
    return total


def deadline(calendar: Calendar, start: date, days: int, pauses: list[Pause], today: date) -> date:
    """The day the `days`-th counted working day after `start` falls on.

    While a pause is still open the deadline is computed as if the case resumed today; it moves
    one working day later for every further working day of the pause.
    """
    if days <= 0:
        return start
    count = counter(calendar)
    remaining, current = days, start
    for p_start, p_end in _spans(pauses, today):
        if p_end <= current:
            continue
        if p_start > current:
            available = count.count(current, p_start)
            if remaining <= available:
                return count.nth_after(current, remaining)
            remaining -= available
        current = max(current, p_end)
    return count.nth_after(current, remaining)


@dataclass(frozen=True)
class Clock:
    """A promised time and where it stands: used, remaining, deadline and the two marks."""

    start: date | None
    promised: int
    used: int | None
    deadline: date | None
    finished: bool
    overdue: bool
    due_soon: bool
    stopped: bool = False  # paused right now

    @property
    def remaining(self) -> int | None:
        if self.used is None or self.finished:
            return None
        return self.promised - self.used

    @property
    def mark(self) -> str:
        return "overdue" if self.overdue else "due_soon" if self.due_soon else ""


def measure(
    calendar: Calendar,
    *,
    start: date | None,
    promised: int,
    end: date | None,
    today: date,
    due_soon: int,
    pauses: list[Pause] = (),
) -> Clock:
    """The clock of one promise: started on `start`, finished on `end` (None while running).

    Overdue when more working days were used than promised; due soon while running with no
    more than `due_soon` working days left.
    """
    pauses = list(pauses)
    if start is None:
        return Clock(None, promised, None, None, False, False, False)
    finished = end is not None
    stop = end if finished else max(today, start)
    spent = used(calendar, start, stop, pauses, today)
    overdue = spent > promised
    soon = not finished and not overdue and promised - spent <= due_soon
    stopped = not finished and any(p.end is None for p in pauses)
    return Clock(
        start, promised, spent, deadline(calendar, start, promised, pauses, today), finished, overdue, soon, stopped
    )
