from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from investdesk.core.demo_loader import DEMO_PASSWORD, load_all


class Command(BaseCommand):
    requires_system_checks = []  # part of the command-line contract: runs without a SECRET_KEY
    help = "Load the demo units, users and data (idempotent). Refused with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("load_demo refuses to run with DEBUG off; pass --force to load demo data anyway.")
        load_all(lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Password for every demo user: {DEMO_PASSWORD}"))
