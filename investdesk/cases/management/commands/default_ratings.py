"""基本满意 by default for completed cases not rated within the window; idempotent, safe from cron."""

from __future__ import annotations

from investdesk.cases.conf import settings_for
from investdesk.cases.models import RATEABLE_STATUSES, AgencyCase
from investdesk.cases.services import give_default_rating, rating_window_end
from investdesk.core.management.periodic import PeriodicCommand
from investdesk.core.workdays import Calendar


class Command(PeriodicCommand):
    help = "Rate “basically satisfied” the completed cases whose rating window has closed without a rating."
    counted = "default ratings"
    done_verb = "given"

    def run_unit(self, unit, day, *, dry_run: bool) -> int:
        calendar, conf = Calendar.for_unit(unit), settings_for(unit)
        waiting = (
            AgencyCase.objects.for_unit(unit)
            .filter(status__in=RATEABLE_STATUSES, rating__isnull=True, completed_on__isnull=False)
            .select_related("unit")
            .order_by("completed_on", "id")
        )
        count = 0
        for case in waiting:
            end = rating_window_end(case, calendar, conf)
            if day <= end:
                continue
            if not dry_run and give_default_rating(case, today=day) is None:
                continue
            verb = "would rate" if dry_run else "rated"
            self.stdout.write(f"{unit.code}: {verb} {case.number} “basic” by default (window closed {end})")
            count += 1
        return count
