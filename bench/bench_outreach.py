"""How long the outreach pages, metrics, pickers, import and export take at district scale.

Run with `make bench` (or `.venv/bin/python bench/bench_outreach.py`). It uses a throw-away
SQLite database under /tmp: 1,000 enterprises (300 key), 200 projects (80 key), 5,000 visits
with two staff each, 3,000 consultations and 2,000 appeals in every state, and prints the
median and the slowest of repeated runs.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
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
from django.utils import timezone  # noqa: E402
from stdnum.cn.uscc import calc_check_digit  # noqa: E402

from investdesk.accounts.models import Membership, Role  # noqa: E402
from investdesk.core.models import Unit  # noqa: E402
from investdesk.core.periods import Period  # noqa: E402
from investdesk.core.text import initials, name_key  # noqa: E402
from investdesk.enterprises.models import Enterprise  # noqa: E402
from investdesk.outreach import queries, services, sheets  # noqa: E402
from investdesk.outreach.models import Appeal, AppealStatus, Consultation, Visit  # noqa: E402
from investdesk.performance import metrics  # noqa: E402
from investdesk.projects.models import InvestmentProject  # noqa: E402

ENTERPRISES, PROJECTS, VISITS, CONSULTATIONS, APPEALS = 1000, 200, 5000, 3000, 2000
STATES = [AppealStatus.PENDING, AppealStatus.COORDINATING, AppealStatus.RESOLVED, AppealStatus.CLOSED]


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


def _enterprises(unit) -> list[Enterprise]:
    rows = []
    for n in range(ENTERPRISES):
        name = f"呈贡基准企业{n:04d}有限公司"
        body = f"91530114MA{n:07d}"
        rows.append(
            Enterprise(unit=unit, uscc=body + calc_check_digit(body), name=name, name_key=name_key(name),
                       name_initials=initials(name), is_key=n % 10 < 3, key_level="city" if n % 10 < 3 else "")
        )  # fmt: skip
    return Enterprise.objects.bulk_create(rows)


def build(unit, users) -> None:
    rng = random.Random(2022)
    zone = timezone.get_default_timezone()
    enterprises = _enterprises(unit)
    projects = InvestmentProject.objects.bulk_create(
        InvestmentProject(unit=unit, name=f"基准项目{n:04d}", enterprise=enterprises[n * 5],
                          project_code=f"2022-530114-04-03-{n:06d}", key_level="city" if n % 5 < 2 else "",
                          status="preparing")
        for n in range(PROJECTS)
    )  # fmt: skip

    def day() -> date:
        return date(2022, 1, 1) + timedelta(days=rng.randrange(365))

    with transaction.atomic():
        visits = Visit.objects.bulk_create(
            Visit(unit=unit, visited_on=day(), enterprise=rng.choice(enterprises), purposes="policy,problems",
                  findings="了解企业生产经营情况")
            for _ in range(VISITS)
        )  # fmt: skip
        Visit.staff.through.objects.bulk_create(Visit.staff.through(visit=v, user=u) for v in visits for u in users)
        Consultation.objects.bulk_create(
            Consultation(unit=unit, consulted_at=datetime.combine(day(), clock(10), zone),
                         channel="phone", project=(p := rng.choice(projects)), enterprise=p.enterprise, topic="咨询",
                         answer="答复", duration_minutes=15, staff=users[0])
            for _ in range(CONSULTATIONS)
        )  # fmt: skip
        appeals = []
        for n in range(APPEALS):
            visit, status = visits[n], STATES[n % 4]
            decided = status in (AppealStatus.RESOLVED, AppealStatus.CLOSED)
            closed = status == AppealStatus.CLOSED
            appeals.append(
                Appeal(unit=unit, enterprise=visit.enterprise, visit=visit, source="visit", raised_on=visit.visited_on,
                       category="utilities", title=f"诉求{n}", department="供电局", deadline_workdays=10,
                       due_on=visit.visited_on + timedelta(days=14), handler=users[0], status=status,
                       outcome="resolved" if decided else "", decided_on=visit.visited_on if decided else None,
                       resolution="已办" if decided else "", feedback="satisfied" if closed else "",
                       closed_on=visit.visited_on if closed else None)
            )  # fmt: skip
        Appeal.objects.bulk_create(appeals)


def pages(client) -> None:
    for url in (
        "/outreach/",
        "/outreach/?q=jzqy&key_only=on",
        "/outreach/consultations/?key_projects=on",
        "/outreach/appeals/?state=overdue",
        "/outreach/visits/new/",
        "/outreach/pickers/enterprises/?enterprise_q=jzqy01&with_project=1",
        "/outreach/figures/?year=2022",
    ):
        reset_queries()  # DEBUG keeps every query; start each count from an empty log
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timed(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda url=url: client.get(url), 10)


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code="bench")
    users = []
    for name in ("bench", "bench2"):
        user = get_user_model().objects.create_user(name, password="bench-password-2022", first_name=name)
        Membership.objects.create(user=user, unit=unit, role=Role.AGENT)
        users.append(user)
    start = time.perf_counter()
    build(unit, users)
    print(f"built {VISITS} visits, {CONSULTATIONS} consultations, {APPEALS} appeals in "
          f"{time.perf_counter() - start:.1f} s; SQLite at {DB}")  # fmt: skip
    client = Client()
    client.force_login(users[0])
    pages(client)
    year = Period.year_of(2022)
    for name in [m.name for m in metrics.all_metrics() if m.name.startswith("outreach.")]:
        timed(f"metric {name}", lambda name=name: metrics.compute(name, unit, year), 5)
    enterprise = Enterprise.objects.for_unit(unit).filter(is_key=True).first()

    def log_visit() -> None:
        try:
            with transaction.atomic():
                services.create_visit(
                    unit, actor=users[0], staff=users,
                    fields={"visited_on": date(2022, 6, 1), "enterprise": enterprise, "purposes": ["policy"],
                            "findings": "走访"},
                    appeals=[{"category": "utilities", "title": "诉求", "department": "供电局"}] * 3,
                )  # fmt: skip
                raise Rollback
        except Rollback:
            pass

    timed("log a visit with 3 appeals (service, one transaction)", log_visit, 10)
    visits = list(queries.search_visits(unit, {})[:1000])
    exported = sheets.export("visits", visits)
    timed("export 1,000 visits to .xlsx", lambda: sheets.export("visits", visits), 3)
    timed(
        "read and check the export (1,000 rows, no save)",
        lambda: sheets.plan(unit, "visits", exported, actor=users[0]),
        3,
    )

    def reimport() -> None:
        try:
            with transaction.atomic():
                sheets.apply(unit, "visits", sheets.plan(unit, "visits", exported, actor=users[0]), actor=users[0])
                raise Rollback
        except Rollback:
            pass

    timed("import the export again: 1,000 updates, one transaction", reimport, 2)


if __name__ == "__main__":
    main()
