"""Due-soon and overdue notices for the agents and directors; idempotent, safe from cron."""

from investdesk.cases.reminders import reminders_for
from investdesk.core.management.periodic import ReminderCommand


class Command(ReminderCommand):
    help = "Write in-app notifications for case deadlines that are due soon or overdue (idempotent)."

    def reminders_for(self, unit, day):
        return reminders_for(unit, day)
