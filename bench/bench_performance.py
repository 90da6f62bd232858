"""How long importing the seed's target table and evaluating a table take.

Run with `make bench` (or `.venv/bin/python bench/bench_performance.py`). It uses a throw-away
SQLite database under /tmp and prints the median and the slowest of repeated runs.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="investdesk-bench-")) / "bench.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="investdesk.settings", DEBUG="1", DATABASE_URL=f"sqlite:///{DB}", LOG_LEVEL="WARNING"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from investdesk.core.models import Unit  # noqa: E402
from investdesk.performance import services  # noqa: E402
from investdesk.performance.lib.table_writers import target_table_docx, target_table_xlsx  # noqa: E402
from investdesk.performance.lib.tables import parse_table_file  # noqa: E402

SEED = ROOT / "investdesk" / "performance" / "data" / "seed_2022.txt"
ACTUALS = ["120", "40", "45", "40", "50", "100%", "95%", "600", "80%", "100%", "100%"]


def timed(label: str, func, runs: int) -> None:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<52} median {statistics.median(samples):8.2f} ms   max {max(samples):8.2f} ms   ({runs} runs)")


class Rollback(Exception):
    pass


def import_into_db(unit, data: bytes, name: str) -> None:
    try:
        with transaction.atomic():
            services.import_table(unit, parse_table_file(name, data), actor=None, source_name=name)
            raise Rollback
    except Rollback:
        pass


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code="bench")
    seed = SEED.read_bytes()
    parsed = parse_table_file(SEED.name, seed)
    xlsx = target_table_xlsx(parsed.project, parsed.indicators)
    docx = target_table_docx(parsed.project, parsed.indicators)
    print(f"seed: {len(parsed.indicators)} indicators; SQLite at {DB}")
    timed("parse the seed text (11 indicators, rules not parsed)", lambda: parse_table_file(SEED.name, seed), 200)
    timed("parse the seed as .xlsx", lambda: parse_table_file("seed.xlsx", xlsx), 100)
    timed("parse the seed as .docx", lambda: parse_table_file("seed.docx", docx), 100)
    timed("import the seed: parse + rules + save (SQLite)", lambda: import_into_db(unit, seed, SEED.name), 50)
    project = services.import_table(unit, parsed, actor=None, source_name=SEED.name)
    for indicator, actual in zip(project.table.indicators.all(), ACTUALS, strict=True):
        indicator.manual_actual = actual
        indicator.save()
    timed("evaluate the table live (11 indicators, with queries)", lambda: services.score_table(project.table), 200)
    timed(
        "evaluate command (--json)",
        lambda: call_command("evaluate", unit="bench", year=2022, json=True, stdout=open(os.devnull, "w")),
        100,
    )
    timed("export the target table as .xlsx", lambda: target_table_xlsx(parsed.project, parsed.indicators), 50)
    timed("export the target table as .docx", lambda: target_table_docx(parsed.project, parsed.indicators), 50)


if __name__ == "__main__":
    main()
