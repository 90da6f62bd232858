"""The registered survey metrics on exact small cases: audiences, periods, units, awareness rules,
and the enterprise rate combined with case ratings (好差评)."""

from datetime import date
from decimal import Decimal

import pytest

from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.surveys import figures, services
from investdesk.surveys.figures import RatingCounts
from investdesk.surveys.models import QuestionKind
from investdesk.surveys.tests.conftest import add_question, answer, answer_many, make_survey

pytestmark = pytest.mark.django_db
YEAR = Period.year_of(2022)
NAMES = [
    "surveys.satisfaction_public",
    "surveys.satisfaction_service_users",
    "surveys.satisfaction_citizens",
    "surveys.satisfaction_investors",
    "surveys.satisfaction_enterprises",
    "surveys.satisfaction_enterprises_with_ratings",
    "surveys.awareness",
]


def value(name, unit, period=YEAR):
    computed = metrics.compute(name, unit, period)
    assert computed.error is None
    return computed.value


def test_the_metrics_are_registered_with_percent_as_unit():
    for name in NAMES:
        metric = metrics.get(name)
        assert metric is not None and metric.measure_unit == "%" and not metric.per_project


def test_seven_of_nine_satisfied_members_of_the_public_is_77_78(survey, people):
    answer_many(survey, {"very_satisfied": 2, "satisfied": 3, "basic": 2, "dissatisfied": 1, "very_dissatisfied": 1})
    assert value("surveys.satisfaction_public", people.unit) == Decimal("77.78")
    assert value("surveys.satisfaction_enterprises", people.unit) is None  # nobody asked: no rate, not 0


def test_only_questions_that_count_for_the_rate_are_counted(survey, people):
    aspect = add_question(survey, QuestionKind.SATISFACTION, "宣传实用性", required=False)
    answer(survey, ["satisfied"], values={aspect.pk: "very_dissatisfied"})
    answer(survey, ["dissatisfied"], values={aspect.pk: "very_dissatisfied"})
    assert value("surveys.satisfaction_public", people.unit) == Decimal("50.00")


def test_people_served_and_investors_count_together_and_apart(people):
    survey = make_survey(people.unit, blueprint="service")
    for level, audience in (
        [("satisfied", "citizens")] * 5
        + [("dissatisfied", "citizens")]
        + [("basic", "investors")] * 2
        + [("very_dissatisfied", "investors")]
    ):
        answer(survey, [level, "satisfied", "satisfied"], audience=audience, knowledge=[True, True, True])
    assert value("surveys.satisfaction_service_users", people.unit) == Decimal("77.78")
    assert value("surveys.satisfaction_citizens", people.unit) == Decimal("83.33")
    assert value("surveys.satisfaction_investors", people.unit) == Decimal("66.67")
    assert value("surveys.satisfaction_public", people.unit) is None


def test_the_period_is_the_day_of_the_answer(survey, people):
    survey.closes_on = date(2023, 1, 31)
    survey.save()
    answer(survey, ["satisfied"], on=date(2022, 12, 31))
    answer(survey, ["dissatisfied"], on=date(2023, 1, 1))
    assert value("surveys.satisfaction_public", people.unit) == Decimal("100.00")
    assert value("surveys.satisfaction_public", people.unit, Period.year_of(2023)) == Decimal("0.00")
    assert value("surveys.satisfaction_public", people.unit, Period.parse("2022-H2")) == Decimal("100.00")
    assert value("surveys.satisfaction_public", people.unit, Period.parse("2022-H1")) is None


def test_another_units_answers_are_not_counted(survey, people):
    answer(survey, ["satisfied"])
    theirs = make_survey(people.other_unit)
    answer_many(theirs, {"very_dissatisfied": 5})
    assert value("surveys.satisfaction_public", people.unit) == Decimal("100.00")
    assert value("surveys.satisfaction_public", people.other_unit) == Decimal("0.00")


def test_awareness_follows_the_units_rule(people):
    survey = make_survey(people.unit, blueprint="service")
    survey.questions.filter(kind=QuestionKind.KNOWLEDGE).update(required=False)
    for known in ([True, True, True], [True, True, False], [True, False, False], [False, False, False]):
        answer(survey, ["satisfied"] * 3, audience="citizens", knowledge=known)
    answer(survey, ["satisfied"] * 3, audience="citizens", knowledge=[True, True])  # third left unanswered
    assert value("surveys.awareness", people.unit) == Decimal("60.00")  # 3 of 5 with more than half right
    services.update_settings(people.unit, actor=people.admin, values={"awareness_rule": "all"})
    assert value("surveys.awareness", people.unit) == Decimal("20.00")  # 1 of 5 with all right


def test_awareness_counts_only_surveys_with_knowledge_questions(people):
    make_survey(people.unit)  # satisfaction only
    answer_many(make_survey(people.unit, slug="other"), {"satisfied": 3})
    assert value("surveys.awareness", people.unit) is None
    awareness = make_survey(people.unit, blueprint="awareness")
    answer(awareness, knowledge=[True, True, False])
    answer(awareness, knowledge=[False, False, True])
    assert value("surveys.awareness", people.unit) == Decimal("50.00")


def test_enterprise_satisfaction_combined_with_case_ratings(people, monkeypatch):
    survey = make_survey(people.unit, blueprint="enterprises")
    for level in ["very_satisfied"] * 6 + ["basic"] + ["dissatisfied"] * 2:
        answer(survey, [level, "satisfied", "satisfied"])
    assert value("surveys.satisfaction_enterprises", people.unit) == Decimal("77.78")
    monkeypatch.setattr(figures, "rating_counts", lambda unit, period: RatingCounts(good=18, valid=20, defaults=3))
    monkeypatch.setattr("investdesk.surveys.metrics.rating_counts", figures.rating_counts)
    # (7 + 18) ÷ (9 + 20) = 86.21
    assert value("surveys.satisfaction_enterprises_with_ratings", people.unit) == Decimal("86.21")
    assert value("surveys.satisfaction_enterprises", people.unit) == Decimal("77.78")


def test_without_case_ratings_the_combined_rate_is_the_survey_rate(people, monkeypatch):
    survey = make_survey(people.unit, blueprint="enterprises")
    for level in ("satisfied", "satisfied", "dissatisfied"):
        answer(survey, [level, "satisfied", "satisfied"])
    monkeypatch.setattr("investdesk.surveys.metrics.rating_counts", lambda unit, period: None)
    assert value("surveys.satisfaction_enterprises_with_ratings", people.unit) == Decimal("66.67")


def test_case_ratings_are_read_from_the_cases_ledger_when_it_keeps_them(people):
    """Counts the cases app's Rating rows of the period by level (skipped while that app has no table)."""
    from django.apps import apps
    from django.db import connection

    try:
        rating = apps.get_model("cases", "Rating")
    except LookupError:
        pytest.skip("the cases app keeps no ratings")
    if rating._meta.db_table not in connection.introspection.table_names():
        pytest.skip("the cases app's ratings are not migrated yet")
    assert figures.rating_counts(people.unit, YEAR) == RatingCounts(0, 0, 0)
