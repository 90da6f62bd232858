"""How long the survey results page, the metrics, and the export take at 10,000 answers.

Run with `make bench` (or `.venv/bin/python bench/bench_surveys.py`). It uses a throw-away SQLite
database under /tmp: one 2022 survey of people served and investors (7 questions, 3 of them knowledge
questions) with 10,000 anonymous responses, and prints the median and the slowest of repeated runs.
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
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from investdesk.accounts.models import Membership, Role  # noqa: E402
from investdesk.core.models import Unit  # noqa: E402
from investdesk.core.periods import Period  # noqa: E402
from investdesk.performance import metrics  # noqa: E402
from investdesk.surveys import services  # noqa: E402
from investdesk.surveys.models import Answer, QuestionKind, Response, SurveyStatus  # noqa: E402

RESPONSES = 10_000
LEVELS = ("very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied")


def timed(label: str, func, runs: int) -> None:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<58} median {statistics.median(samples):8.2f} ms   max {max(samples):8.2f} ms   ({runs} runs)")


def build(unit):
    rng = random.Random(2022)
    fields = services.blueprint_fields("service", 2022)
    survey = services.create_survey(unit, actor=None, fields=fields, blueprint="service")
    services.change_status(survey, actor=None, to=SurveyStatus.OPEN)
    questions = list(survey.questions.prefetch_related("options"))
    responses = Response.objects.bulk_create(
        Response(
            unit=unit,
            survey=survey,
            audience=rng.choice(("citizens", "investors")),
            answered_on=date(2022, 1, 1) + timedelta(days=rng.randrange(365)),
        )
        for _ in range(RESPONSES)
    )
    answers = []
    for response in responses:
        for q in questions:
            options = list(q.options.all())
            if q.kind == QuestionKind.SATISFACTION:
                answers.append(Answer(unit=unit, response=response, question=q, level=rng.choice(LEVELS)))
            elif q.kind == QuestionKind.KNOWLEDGE:
                option = rng.choice(options)
                right = option.is_correct
                answers.append(Answer(unit=unit, response=response, question=q, option=option, correct=right))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return survey


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code="bench")
    user = get_user_model().objects.create_user("bench", password="bench-password-2022")
    Membership.objects.create(user=user, unit=unit, role=Role.DIRECTOR)
    start = time.perf_counter()
    survey = build(unit)
    print(f"built {RESPONSES} responses, {Answer.objects.count()} answers in {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(user)
    for url in ("/surveys/?year=2022", f"/surveys/{survey.pk}/results/"):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timed(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda u=url: client.get(u), 5)
    year = Period.year_of(2022)
    for name in ("surveys.satisfaction_service_users", "surveys.awareness"):
        timed(f"metric {name}", lambda n=name: metrics.compute(n, unit, year), 10)
    timed("export of the answers (xlsx)", lambda: client.get(f"/surveys/{survey.pk}/export/"), 3)


if __name__ == "__main__":
    main()
