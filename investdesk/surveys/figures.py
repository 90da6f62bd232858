"""Counting stored answers: the figures behind the metrics and the results page.

Each function costs a fixed number of queries whatever the number of answers (aggregates in the
database, joined in Python), so the results page stays cheap at thousands of answers.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from investdesk.core.periods import Period
from investdesk.surveys.models import Answer, Level, Question, QuestionKind, Response, Survey
from investdesk.surveys.rates import LEVELS, SATISFIED, Tally, knows, tally_levels

log = logging.getLogger(__name__)


def responses_in(unit, period: Period) -> QuerySet:
    """Answers dated in the period (answered_on is the local day of the answer)."""
    return Response.objects.for_unit(unit).filter(answered_on__range=(period.start, period.end))


def _rate_answers(responses: QuerySet) -> QuerySet:
    return Answer.objects.filter(
        response__in=responses, question__kind=QuestionKind.SATISFACTION, question__counts_for_rate=True
    )


def satisfaction(responses: QuerySet) -> Tally:
    """The satisfaction tally of these responses (answers to the questions that count for the rate)."""
    counts = dict(_rate_answers(responses).values_list("level").annotate(n=Count("id")).order_by())
    return tally_levels(counts)


def satisfaction_for(unit, period: Period, audiences) -> Tally:
    return satisfaction(responses_in(unit, period).filter(audience__in=list(audiences)))


# --- awareness -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Knowing:
    """One respondent of a survey with knowledge questions: where they answered and whether they know."""

    survey_id: int
    channel_id: int | None
    audience: str
    knows: bool


def knowing(responses: QuerySet, rule: str) -> list[Knowing]:
    """Every response to a survey with knowledge questions, judged by the unit's rule (three queries)."""
    asked = dict(
        Question.objects.filter(kind=QuestionKind.KNOWLEDGE, survey__in=responses.values("survey_id"))
        .values_list("survey_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not asked:
        return []
    scoped = responses.filter(survey_id__in=list(asked))
    correct = dict(
        Answer.objects.filter(response__in=scoped, question__kind=QuestionKind.KNOWLEDGE, correct=True)
        .values_list("response_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = scoped.values_list("id", "survey_id", "channel_id", "audience").order_by()
    return [
        Knowing(survey_id, channel_id, audience, knows(correct.get(pk, 0), asked[survey_id], rule))
        for pk, survey_id, channel_id, audience in rows
    ]


def awareness_tally(rows: list[Knowing]) -> Tally:
    """Respondents who know (as `satisfied`) out of respondents asked (as `valid`)."""
    return Tally(sum(1 for r in rows if r.knows), len(rows))


# --- case ratings (好差评), when the cases app keeps them -------------------------------------------------


@dataclass(frozen=True)
class RatingCounts:
    good: int
    valid: int
    defaults: int  # given by default after the rating window (RULES.md §4), included above


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def rating_counts(unit, period: Period) -> RatingCounts | None:
    """The unit's 好差评 of the period, or None when the cases app keeps no ratings (yet).

    Looked up by name so that surveys does not import cases (it may not be installed); a failing
    query is logged and treated as "no ratings", inside a savepoint so PostgreSQL goes on.
    """
    try:
        rating = apps.get_model("cases", "Rating")
    except LookupError:
        return None
    start, end = _local_midnight(period.start), _local_midnight(period.end + timedelta(days=1))
    try:
        with transaction.atomic():
            rows = list(
                rating.objects.filter(unit=unit, rated_at__gte=start, rated_at__lt=end)
                .values_list("level", "is_default")
                .annotate(n=Count("id"))
                .order_by()
            )
    except DatabaseError:
        log.exception("case ratings of unit %s could not be counted", getattr(unit, "code", unit))
        return None
    good = sum(n for level, _default, n in rows if level in SATISFIED)
    valid = sum(n for level, _default, n in rows if level in LEVELS)
    defaults = sum(n for level, default, n in rows if default and level in LEVELS)
    return RatingCounts(good, valid, defaults)


# --- one survey's results ---------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    levels: list[tuple[str, str, int]] = field(default_factory=list)  # (code, label, count)
    options: list[tuple[object, int]] = field(default_factory=list)  # (Option, count)
    tally: Tally | None = None
    correct: int = 0
    texts: list[str] = field(default_factory=list)


@dataclass
class GroupRow:
    key: object
    label: str
    responses: int
    satisfaction: Tally
    awareness: Tally


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    satisfaction: Tally
    awareness: Tally
    has_knowledge: bool
    has_rate_questions: bool
    questions: list[QuestionResult]
    by_channel: list[GroupRow]
    by_audience: list[GroupRow]


TEXTS_SHOWN = 50


def survey_results(survey: Survey, rule: str, channel_names: dict, audience_names: dict) -> SurveyResults:
    responses = Response.objects.filter(survey=survey)
    questions = list(survey.questions.prefetch_related("options"))
    per_question = _question_results(survey, questions)
    know_rows = knowing(responses, rule)
    return SurveyResults(
        survey=survey,
        responses=responses.count(),
        satisfaction=satisfaction(responses),
        awareness=awareness_tally(know_rows),
        has_knowledge=any(q.kind == QuestionKind.KNOWLEDGE for q in questions),
        has_rate_questions=any(q.kind == QuestionKind.SATISFACTION and q.counts_for_rate for q in questions),
        questions=per_question,
        by_channel=_groups(responses, "channel_id", know_rows, channel_names),
        by_audience=_groups(responses, "audience", know_rows, audience_names),
    )


def _question_results(survey: Survey, questions: list[Question]) -> list[QuestionResult]:
    answers = Answer.objects.filter(question__survey=survey)
    counts = answers.values_list("question_id", "level", "option_id").annotate(n=Count("id")).order_by()
    answered = dict(answers.values_list("question_id").annotate(n=Count("response_id", distinct=True)).order_by())
    correct = dict(answers.filter(correct=True).values_list("question_id").annotate(n=Count("id")).order_by())
    by_level: dict[int, Counter] = defaultdict(Counter)
    by_option: dict[int, Counter] = defaultdict(Counter)
    for question_id, level, option_id, n in counts:
        if level:
            by_level[question_id][level] += n
        if option_id:
            by_option[question_id][option_id] += n
    texts = _latest_texts(answers, [q.pk for q in questions if q.kind == QuestionKind.TEXT])
    results = []
    for q in questions:
        result = QuestionResult(q, answered.get(q.pk, 0), correct=correct.get(q.pk, 0), texts=texts.get(q.pk, []))
        if q.kind == QuestionKind.SATISFACTION:
            result.levels = [(code, label, by_level[q.pk][code]) for code, label in Level.choices]
            result.tally = tally_levels(by_level[q.pk])
        elif q.has_options:
            result.options = [(option, by_option[q.pk][option.pk]) for option in q.options.all()]
        results.append(result)
    return results


def _latest_texts(answers: QuerySet, question_ids: list[int]) -> dict[int, list[str]]:
    if not question_ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        answers.filter(question_id__in=question_ids)
        .exclude(text="")
        .order_by("-response__answered_on", "-id")
        .values_list("question_id", "text")
    )
    for question_id, text in rows[: TEXTS_SHOWN * len(question_ids)]:
        if len(found[question_id]) < TEXTS_SHOWN:
            found[question_id].append(text)
    return found


def _groups(responses: QuerySet, key: str, know_rows: list[Knowing], names: dict) -> list[GroupRow]:
    sizes = dict(responses.values_list(key).annotate(n=Count("id")).order_by())
    levels = _rate_answers(responses).values_list(f"response__{key}", "level").annotate(n=Count("id")).order_by()
    per_group: dict[object, Counter] = defaultdict(Counter)
    for group, level, n in levels:
        per_group[group][level] += n
    know: dict[object, list[Knowing]] = defaultdict(list)
    for row in know_rows:
        know[row.channel_id if key == "channel_id" else row.audience].append(row)
    ordered = [k for k in names if k in sizes] + [k for k in sizes if k not in names]
    return [
        GroupRow(k, names.get(k, "—"), sizes[k], tally_levels(per_group[k]), awareness_tally(know[k])) for k in ordered
    ]
