"""基本满意 by default for completed cases not rated within the window; idempotent, safe from cron."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from investdesk.cases.conf import settings_for
from investdesk.cases.management.commands.send_reminders import _date
from investdesk.cases.models import RATEABLE_STATUSES, AgencyCase
from investdesk.cases.services import give_default_rating, rating_window_end
from investdesk.core.models import Unit
from investdesk.core.workdays import Calendar

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Rate “basically satisfied” the completed cases whose rating window has closed without a rating."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say which cases would be rated; write nothing.")
        parser.add_argument("--unit", help="Only this unit (its code).")
        parser.add_argument("--today", help="Count as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool = False, unit: str | None = None, today: str | None = None, **options):
        day = _date(today) if today else timezone.localdate()
        units = Unit.objects.order_by("code")
        if unit:
            units = units.filter(code=unit)
            if not units.exists():
                raise CommandError(f"no unit with the code {unit!r}")
        count = 0
        for current in units:
            calendar, conf = Calendar.for_unit(current), settings_for(current)
            waiting = (
                AgencyCase.objects.for_unit(current)
                .filter(status__in=RATEABLE_STATUSES, rating__isnull=True, completed_on__isnull=False)
                .select_related("unit")
                .order_by("completed_on", "id")
            )
            for case in waiting:
                end = rating_window_end(case, calendar, conf)
                if day <= end:
                    continue
                if not dry_run and give_default_rating(case, today=day) is None:
                    continue
                verb = "would rate" if dry_run else "rated"
                self.stdout.write(f"{current.code}: {verb} {case.number} “basic” by default (window closed {end})")
                count += 1
        summary = f"{count} default ratings {'would be ' if dry_run else ''}given ({day})"
        self.stdout.write(summary)
        log.info("default_ratings: %s", summary)
