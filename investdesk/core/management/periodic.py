"""The body of the periodic commands (reminders, default ratings): idempotent, `--dry-run`,
`--unit CODE`, `--today YYYY-MM-DD`, safe to run from cron every few minutes.

A command subclasses `PeriodicCommand` and does one unit's work in `run_unit`, returning how
many things it wrote (or would write); `ReminderCommand` is that for in-app notices, where the
app only names what is due.
"""

from __future__ import annotations

import logging
from abc import ABCMeta, abstractmethod
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from investdesk.core.models import Unit
from investdesk.core.notify import notify

log = logging.getLogger(__name__)


class PeriodicCommand(BaseCommand, metaclass=ABCMeta):
    counted = "changes"  # what run_unit counts, for the summary line …
    done_verb = "written"  # … and what happened to them

    @abstractmethod
    def run_unit(self, unit, day: date, *, dry_run: bool) -> int:
        """Do (or with dry_run, only report) one unit's work; return how many things."""

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be written; write nothing.")
        parser.add_argument("--unit", help="Only this unit (its code).")
        parser.add_argument("--today", help="Count as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool = False, unit: str | None = None, today: str | None = None, **options):
        day = _date(today) if today else timezone.localdate()
        done = sum(self.run_unit(current, day, dry_run=dry_run) for current in _units(unit))
        summary = f"{done} {self.counted} {'would be ' if dry_run else ''}{self.done_verb} ({day})"
        self.stdout.write(summary)
        log.info("%s: %s", self.__module__.rsplit(".", 1)[-1], summary)


class ReminderCommand(PeriodicCommand):
    counted = "notifications"

    @abstractmethod
    def reminders_for(self, unit, day: date):
        """Objects with `.users` and `.notice` (a core.notify.Notice) for what is due."""

    def run_unit(self, unit, day: date, *, dry_run: bool) -> int:
        written = 0
        for reminder in self.reminders_for(unit, day):
            count = notify(unit, reminder.users, reminder.notice, dry_run=dry_run)
            if count:
                verb = "would notify" if dry_run else "notified"
                self.stdout.write(f"{unit.code}: {verb} {count}: {reminder.notice.title}")
            written += count
        return written


def _units(code: str | None):
    units = Unit.objects.order_by("code")
    if code:
        units = units.filter(code=code)
        if not units.exists():
            raise CommandError(f"no unit with the code {code!r}")
    return units


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today: {text!r} is not a date (YYYY-MM-DD)") from None
