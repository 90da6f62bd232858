"""How long the investment-project pages, metrics, import and export take at 1,000 projects.

Run with `make bench` (or `.venv/bin/python bench/bench_projects.py`). It uses a throw-away
SQLite database under /tmp: 1,000 projects with their approval items (11 each, about half
completed, some open), 3,000 follow-ups, and prints the median and the slowest of repeated runs.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="investdesk-bench-")) / "bench.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="investdesk.settings",
    DEBUG="1",
    DATABASE_URL=f"sqlite:///{DB}",
    LOG_LEVEL="WARNING",
    ALLOWED_HOSTS="testserver",
)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from stdnum.cn.uscc import calc_check_digit  # noqa: E402

from investdesk.accounts.models import Membership, Role  # noqa: E402
from investdesk.core.models import Unit  # noqa: E402
from investdesk.core.periods import Period  # noqa: E402
from investdesk.core.text import initials, name_key  # noqa: E402
from investdesk.core.workdays import Calendar  # noqa: E402
from investdesk.enterprises.models import Enterprise  # noqa: E402
from investdesk.performance import metrics  # noqa: E402
from investdesk.projects import imports, queries, services  # noqa: E402
from investdesk.projects.conf import settings_for  # noqa: E402
from investdesk.projects.models import ApprovalItem, FollowUp, InvestmentProject, ItemStatus  # noqa: E402

PROJECTS = 1000


def timed(label: str, func, runs: int) -> None:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<58} median {statistics.median(samples):8.2f} ms   max {max(samples):8.2f} ms   ({runs} runs)")


class Rollback(Exception):
    pass


def build(unit, user) -> None:
    rng = random.Random(2022)
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(unit=unit, uscc=(body := f"91530114MA{n:07d}") + calc_check_digit(body), name=f"企业{n}",
                   name_key=name_key(f"企业{n}"), name_initials=initials(f"企业{n}"))
        for n in range(100)
    )  # fmt: skip
    with transaction.atomic():
        for n in range(PROJECTS):
            land = date(2022, 1, 3) + timedelta(days=rng.randrange(200))
            services.create_project(
                unit, actor=user,
                fields={"name": f"基准项目{n:04d}", "enterprise": enterprises[n % 100],
                        "project_code": f"2022-530114-04-03-{n:06d}", "status": "under_construction",
                        "key_level": "city" if n % 4 else "", "industry": "C", "signed_on": land - timedelta(days=30),
                        "land_acquired_on": land, "land_document": "contract",
                        "construction_permit_on": land + timedelta(days=rng.randint(3, 60)),
                        "started_on": land + timedelta(days=rng.randint(61, 90))},
            )  # fmt: skip
        items = list(ApprovalItem.objects.filter(unit=unit))
        for item in items:
            roll = rng.random()
            if roll < 0.5:
                item.status = ItemStatus.COMPLETED
                item.accepted_on = date(2022, 3, 1) + timedelta(days=rng.randrange(200))
                item.completed_on = item.accepted_on + timedelta(days=rng.randint(1, 30))
            elif roll < 0.55:
                item.status = ItemStatus.ACCEPTED
                item.accepted_on = date(2022, 11, 1) + timedelta(days=rng.randrange(50))
        ApprovalItem.objects.bulk_update(items, ["status", "accepted_on", "completed_on"])
        projects = list(InvestmentProject.objects.filter(unit=unit))
        FollowUp.objects.bulk_create(
            FollowUp(unit=unit, project=projects[rng.randrange(PROJECTS)], staff=user, content="跟进",
                     followed_on=date(2022, 1, 1) + timedelta(days=rng.randrange(365)))
            for _ in range(3 * PROJECTS)
        )  # fmt: skip


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code="bench")
    user = get_user_model().objects.create_user("bench", password="bench-password-2022")
    Membership.objects.create(user=user, unit=unit, role=Role.AGENT)
    start = time.perf_counter()
    build(unit, user)
    took = time.perf_counter() - start
    print(f"built {PROJECTS} projects, {ApprovalItem.objects.count()} items in {took:.1f} s; SQLite at {DB}")
    client = Client()
    client.force_login(user)
    for url in ("/projects/", "/projects/?q=jzxm&key_level=key", "/projects/approvals/", "/projects/followups/"):
        reset_queries()  # DEBUG keeps every query; start each count from an empty log
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timed(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda url=url: client.get(url), 20)
    project = InvestmentProject.objects.filter(unit=unit).first()
    timed("GET the project page (11 items)", lambda: client.get(f"/projects/{project.pk}/"), 20)
    year = Period.year_of(2022)
    for name in [m.name for m in metrics.all_metrics() if m.name.startswith("projects.")]:
        timed(f"metric {name}", lambda name=name: metrics.compute(name, unit, year), 5)
    everything = list(queries.search_projects(unit, {}))
    timed(
        "figures for 1,000 projects (calendar + stage counts)",
        lambda: queries.attach_figures(everything, Calendar.for_unit(unit), settings_for(unit)),
        5,
    )
    exported = imports.export(everything)
    timed("export 1,000 projects to .xlsx", lambda: imports.export(everything), 5)
    timed("read and check the export (1,000 rows, no save)", lambda: imports.plan(unit, exported), 3)

    def reimport() -> None:
        try:
            with transaction.atomic():
                imports.apply(unit, imports.plan(unit, exported), actor=user)
                raise Rollback
        except Rollback:
            pass

    timed("import the export again: 1,000 updates, one transaction", reimport, 2)


if __name__ == "__main__":
    main()
