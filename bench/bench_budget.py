"""How long the budget and plans pages, the provider, the metrics, import and export take.

Run with `make bench` (or `.venv/bin/python bench/bench_budget.py`). It uses a throw-away SQLite
database under /tmp: one project with 8 lines, 5,000 expenditures spread over the year (some
refunds), 400 milestones and 100 study trips, and prints the median and the slowest of repeated runs.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
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

from investdesk.accounts.models import Membership, Role  # noqa: E402
from investdesk.budget import figures, sheets  # noqa: E402
from investdesk.budget.models import BudgetLine, Category, Expenditure, Kind  # noqa: E402
from investdesk.core.models import Unit  # noqa: E402
from investdesk.core.periods import Period  # noqa: E402
from investdesk.performance import metrics  # noqa: E402
from investdesk.performance.models import BudgetProject  # noqa: E402
from investdesk.plans.models import Milestone, StudyTrip  # noqa: E402

EXPENDITURES = 5000


def timed(label: str, func, runs: int) -> None:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<62} median {statistics.median(samples):8.2f} ms   max {max(samples):8.2f} ms   ({runs} runs)")


class Rollback(Exception):
    pass


def build(unit, user) -> BudgetProject:
    rng = random.Random(58000)
    project = BudgetProject.objects.create(unit=unit, year=2022, name="基准经费", budget_yuan=Decimal("5800000"))
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(unit=unit, project=project, name=f"科目{n}", initial_yuan=Decimal("725000"), position=n)
        for n in range(8)
    )
    with transaction.atomic():
        rows = []
        for n in range(EXPENDITURES):
            day = date(2022, 1, 1) + timedelta(days=rng.randrange(365))
            rows.append(
                Expenditure(
                    unit=unit, project=project, line=lines[n % 8], spent_on=day, year=2022,
                    amount_yuan=Decimal(rng.randint(100, 20000)), category=Category.OFFICE, payee=f"收款单位{n % 300}",
                    voucher_number=f"{day:%Y-%m}-{n:05d}",
                )
            )  # fmt: skip
        Expenditure.objects.bulk_create(rows)
        payments = list(Expenditure.objects.filter(project=project)[:200])
        Expenditure.objects.bulk_create(
            Expenditure(unit=unit, project=project, line=p.line, kind=Kind.REFUND, refund_of=p, spent_on=p.spent_on,
                        year=2022, amount_yuan=Decimal("10"), category=p.category, payee=p.payee,
                        voucher_number=f"R-{p.pk}")
            for p in payments
        )  # fmt: skip
        Milestone.objects.bulk_create(
            Milestone(unit=unit, project=project, quarter=n % 4 + 1, title=f"事项{n}", owner=user,
                      due_on=Period.quarter(2022, n % 4 + 1).end)
            for n in range(400)
        )  # fmt: skip
        for n in range(100):
            trip = StudyTrip.objects.create(
                unit=unit, destination=f"地点{n}", start_on=date(2022, 1, 3) + timedelta(days=3 * n),
                end_on=date(2022, 1, 5) + timedelta(days=3 * n),
            )  # fmt: skip
            trip.participants.set([user])
            trip.expenditures.set(payments[n : n + 3])
    return project


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code="bench")
    user = get_user_model().objects.create_user("bench", password="bench-password-2022")
    Membership.objects.create(user=user, unit=unit, role=Role.FINANCE)
    start = time.perf_counter()
    project = build(unit, user)
    print(f"built {Expenditure.objects.count()} expenditures in {time.perf_counter() - start:.1f} s; SQLite at {DB}")
    client = Client()
    client.force_login(user)
    line = BudgetLine.objects.filter(project=project).first()
    for url in (
        "/budget/", f"/budget/projects/{project.pk}/", f"/budget/projects/{project.pk}/?line={line.pk}&month=6&q=收款",
        "/plans/", "/plans/?status=overdue", "/plans/trips/",
    ):  # fmt: skip
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timed(f"GET {url[:40]} ({len(ctx.captured_queries)} queries)", lambda url=url: client.get(url), 10)
    year = Period.year_of(2022)
    timed("execution provider for the year", lambda: figures.execution(project, year), 20)
    for name in [m.name for m in metrics.all_metrics() if m.name.startswith(("budget.", "plans."))]:
        per_project = metrics.get(name).per_project
        timed(
            f"metric {name}", lambda n=name, p=per_project: metrics.compute(n, unit, year, project if p else None), 10
        )
    rows = list(Expenditure.objects.filter(project=project, kind=Kind.PAYMENT).select_related("line", "refund_of"))
    exported = sheets.expenditure_export(rows)
    timed(f"export {len(rows)} expenditures to .xlsx", lambda: sheets.expenditure_export(rows), 3)
    Expenditure.objects.filter(kind=Kind.REFUND).delete()
    other = BudgetProject.objects.create(unit=unit, year=2022, name="基准经费二", budget_yuan=Decimal("1"))
    BudgetLine.objects.bulk_create(
        BudgetLine(unit=unit, project=other, name=f"科目{n}", initial_yuan=Decimal("1")) for n in range(8)
    )
    Expenditure.objects.filter(project=project).update(year=2021)  # the vouchers are free again for 2022

    def reimport() -> None:
        try:
            with transaction.atomic():
                sheets.apply_expenditures(other, sheets.plan_expenditures(other, exported), actor=user)
                raise Rollback
        except Rollback:
            pass

    timed("read and check the export (no save)", lambda: sheets.plan_expenditures(other, exported), 2)
    timed("import the export into another project, one transaction", reimport, 1)


if __name__ == "__main__":
    main()
