"""Due-soon and overdue notices for open appeals; idempotent, safe to run from cron."""

from investdesk.core.management.periodic import ReminderCommand
from investdesk.outreach.reminders import reminders_for


class Command(ReminderCommand):
    help = "Write in-app notifications for appeals that are due soon or overdue (idempotent)."

    def reminders_for(self, unit, day):
        return reminders_for(unit, day)
