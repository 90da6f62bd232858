"""Due-soon and overdue notices for open appeals; idempotent, safe to run from cron."""

from __future__ import annotations

import logging
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from investdesk.core.models import Unit
from investdesk.core.notify import notify
from investdesk.outreach.reminders import reminders_for

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Write in-app notifications for appeals that are due soon or overdue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be written; write nothing.")
        parser.add_argument("--unit", help="Only this unit (its code).")
        parser.add_argument("--today", help="Count as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool = False, unit: str | None = None, today: str | None = None, **options):
        day = _date(today) if today else timezone.localdate()
        units = Unit.objects.order_by("code")
        if unit:
            units = units.filter(code=unit)
            if not units.exists():
                raise CommandError(f"no unit with the code {unit!r}")
        written = 0
        for current in units:
            for reminder in reminders_for(current, day):
                count = notify(current, reminder.users, reminder.notice, dry_run=dry_run)
                if count:
                    verb = "would notify" if dry_run else "notified"
                    self.stdout.write(f"{current.code}: {verb} {count}: {reminder.notice.title}")
                written += count
        summary = f"{written} notifications {'would be ' if dry_run else ''}written ({day})"
        self.stdout.write(summary)
        log.info("appeal_reminders: %s", summary)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today: {text!r} is not a date (YYYY-MM-DD)") from None
