"""load_demo: three 2022 surveys of chenggong with 309 answers across 窗口, 走访 and 公众号; idempotent."""

from collections import Counter
from decimal import Decimal

from investdesk.accounts import demo as accounts_demo
from investdesk.core import demo as core_demo
from investdesk.core.demo_loader import DemoContext
from investdesk.core.models import Unit
from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.surveys import demo
from investdesk.surveys.models import Answer, Response, Survey, SurveyStatus


def snapshot():
    return (
        list(Survey.objects.order_by("id").values()),
        list(Response.objects.order_by("id").values()),
        list(Answer.objects.order_by("id").values()),
    )


def load() -> None:
    """The units and users the surveys demo needs, then the surveys demo (as load_demo runs them)."""
    ctx = DemoContext(write=lambda line: None)
    for module in (core_demo, accounts_demo, demo):
        module.load(ctx)


def test_the_surveys_demo_twice_changes_nothing(db):
    load()
    first = snapshot()
    load()
    assert snapshot() == first

    unit = Unit.objects.get(code="chenggong")
    surveys = Survey.objects.for_unit(unit)
    assert sorted(surveys.values_list("slug", flat=True)) == ["2022-enterprises", "2022-public", "2022-service"]
    assert set(surveys.values_list("status", flat=True)) == {SurveyStatus.CLOSED}
    responses = Response.objects.for_unit(unit)
    assert responses.count() == 309
    assert {r.year for r in responses.dates("answered_on", "year")} == {2022}
    assert Counter(responses.values_list("channel__code", flat=True)) == {"window": 105, "visit": 104, "wechat": 100}
    assert responses.filter(respondent_name="").count() == 309 and not responses.exclude(token=None).exists()
    year = Period.year_of(2022)
    values = {
        name: metrics.compute(name, unit, year).value
        for name in (
            "surveys.satisfaction_public",
            "surveys.satisfaction_service_users",
            "surveys.satisfaction_enterprises",
            "surveys.awareness",
        )
    }
    assert values == {
        "surveys.satisfaction_public": Decimal("96.15"),
        "surveys.satisfaction_service_users": Decimal("97.75"),
        "surveys.satisfaction_enterprises": Decimal("95.56"),
        "surveys.awareness": Decimal("86.52"),
    }
