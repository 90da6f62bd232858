"""How long the case pages, reminders and metrics take at 1,000 delegation cases.

Run with `make bench` (or `.venv/bin/python bench/bench_cases.py`). It uses a throw-away
SQLite database under /tmp: 200 projects with their approval items, 1,000 cases in every
status (each with two planned items, some paused, most finished ones rated, a few 差评 with
their rectification), and prints the median and the slowest of repeated runs.
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
from investdesk.cases.models import AgencyCase, CaseEvent, PlanItem, Rating, Rectification  # noqa: E402
from investdesk.cases.reminders import reminders_for  # noqa: E402
from investdesk.core.models import Unit  # noqa: E402
from investdesk.core.periods import Period  # noqa: E402
from investdesk.core.text import initials, name_key  # noqa: E402
from investdesk.enterprises.models import Enterprise  # noqa: E402
from investdesk.performance import metrics  # noqa: E402
from investdesk.projects import services as project_services  # noqa: E402
from investdesk.projects.models import ApprovalItem, ItemStatus  # noqa: E402

CASES = 1000
STATUSES = ["applied", "accepted", "in_progress", "paused", "completed", "visited", "archived", "terminated"]


def timed(label: str, func, runs: int) -> None:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<58} median {statistics.median(samples):8.2f} ms   max {max(samples):8.2f} ms   ({runs} runs)")


def build(unit, user) -> None:
    rng = random.Random(2022)
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(unit=unit, uscc=(body := f"91530114MA{n:07d}") + calc_check_digit(body), name=f"企业{n}",
                   name_key=name_key(f"企业{n}"), name_initials=initials(f"企业{n}"))
        for n in range(100)
    )  # fmt: skip
    with transaction.atomic():
        projects = [
            project_services.create_project(
                unit,
                actor=user,
                fields={
                    "name": f"基准项目{n:04d}",
                    "enterprise": enterprises[n % 100],
                    "project_code": f"2022-530114-04-03-{n:06d}",
                    "status": "preparing",
                    "signed_on": date(2022, 1, 4),
                },
            )  # fmt: skip
            for n in range(200)
        ]
        items = list(ApprovalItem.objects.filter(unit=unit))
        for item in items:
            item.status = ItemStatus.COMPLETED if rng.random() < 0.6 else ItemStatus.ACCEPTED
            item.accepted_on = date(2022, 3, 1) + timedelta(days=rng.randrange(250))
            if item.status == ItemStatus.COMPLETED:
                item.completed_on = item.accepted_on + timedelta(days=rng.randint(1, 30))
        ApprovalItem.objects.bulk_update(items, ["status", "accepted_on", "completed_on"])
        by_project = {}
        for item in items:
            by_project.setdefault(item.project_id, []).append(item)
        cases = AgencyCase.objects.bulk_create(
            AgencyCase(
                unit=unit, number=f"BENCH-2022-{n:04d}", status=STATUSES[n % 8], channel="window", scope="full",
                enterprise=projects[n % 200].enterprise, project=projects[n % 200], requester_name="陈晓东",
                requester_phone="13888123456", help_needed="代办", applied_on=date(2022, 2, 1),
                accepted_on=date(2022, 2, 3) if n % 8 else None, started_on=date(2022, 2, 7) if n % 8 > 1 else None,
                completed_on=date(2022, 11, 1) if n % 8 in (4, 5, 6) else None, agent=user,
                search_initials=initials(f"企业{n % 100}"),
            )
            for n in range(CASES)
        )  # fmt: skip
        PlanItem.objects.bulk_create(
            PlanItem(unit=unit, case=c, approval_item=item, promised_workdays=10)
            for c in cases
            for item in by_project[c.project_id][:2]
        )
        CaseEvent.objects.bulk_create(
            CaseEvent(unit=unit, case=c, kind="status", from_status="in_progress", to_status="paused",
                      on=date(2022, 6, 1))
            for c in cases
            if c.status == "paused"
        )  # fmt: skip
        ratings = Rating.objects.bulk_create(
            Rating(unit=unit, case=c, level=rng.choice(["very_satisfied", "satisfied", "basic", "dissatisfied"]),
                   source="portal")
            for c in cases
            if c.status in ("visited", "archived")
        )  # fmt: skip
        Rectification.objects.bulk_create(
            Rectification(
                unit=unit, case_id=r.case_id, rating=r, opened_on=date(2022, 11, 3), due_on=date(2022, 11, 10)
            )
            for r in ratings
            if r.level == "dissatisfied"
        )


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code="bench")
    user = get_user_model().objects.create_user("bench", password="bench-password-2022")
    Membership.objects.create(user=user, unit=unit, role=Role.DIRECTOR)
    start = time.perf_counter()
    build(unit, user)
    print(f"built {CASES} cases, {PlanItem.objects.count()} plan items in {time.perf_counter() - start:.1f} s; {DB}")
    client = Client()
    client.force_login(user)
    for url in ("/cases/", "/cases/?mark=overdue", "/cases/?q=qy&status=paused", "/cases/ratings/"):
        reset_queries()  # DEBUG keeps every query; start each count from an empty log
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timed(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda url=url: client.get(url), 10)
    case = AgencyCase.objects.filter(unit=unit, status="paused").first()
    timed("GET a case page (2 planned items, paused)", lambda: client.get(f"/cases/{case.pk}/"), 20)
    timed("GET /cases/export/ (1,000 rows)", lambda: client.get("/cases/export/"), 3)
    timed("send_reminders: what is due for 1,000 cases", lambda: reminders_for(unit, date(2022, 12, 30)), 3)
    year = Period.year_of(2022)
    for name in [m.name for m in metrics.all_metrics() if m.name.startswith("cases.")]:
        timed(f"metric {name}", lambda name=name: metrics.compute(name, unit, year), 5)


if __name__ == "__main__":
    main()
