"""Helpers for the survey tests: surveys made through the services, answers given through them."""

from __future__ import annotations

from datetime import date

import pytest

from investdesk.surveys import services
from investdesk.surveys.models import Channel, QuestionKind, Survey, SurveyStatus

OPENS, CLOSES = date(2022, 1, 1), date(2022, 12, 31)


def make_survey(unit, *, blueprint: str = "", status: str = SurveyStatus.OPEN, **fields) -> Survey:
    """A survey of the unit (from a template when given), published unless said otherwise."""
    values = services.blueprint_fields(blueprint, OPENS.year) if blueprint else {}
    values = {
        "title": "2022年社会公众满意度调查",
        "slug": "2022-public",
        "audience": "public",
        "opens_on": OPENS,
        "closes_on": CLOSES,
        "access": "public",
        "anonymous": True,
        **values,
        **fields,
    }
    survey = services.create_survey(unit, actor=None, fields=values, blueprint=blueprint)
    if not blueprint and not survey.questions.exists():
        add_question(survey, QuestionKind.SATISFACTION, "总体满意度", counts_for_rate=True)
    if status != SurveyStatus.DRAFT:
        services.change_status(survey, actor=None, to=SurveyStatus.OPEN)
    if status == SurveyStatus.CLOSED:
        services.change_status(survey, actor=None, to=SurveyStatus.CLOSED)
    survey.refresh_from_db()
    return survey


def add_question(survey, kind, text, *, options=(), correct=None, required=True, counts_for_rate=False):
    return services.save_question(
        survey,
        actor=None,
        fields={"kind": kind, "text": text, "required": required, "counts_for_rate": counts_for_rate},
        options=[(label, "") for label in options],
        correct=correct,
    )


def answer(survey, levels=(), *, on=OPENS, channel=None, audience="", knowledge=None, **extra):
    """One response: `levels` for the satisfaction questions in order, `knowledge` a list of
    booleans (right or wrong) for the knowledge questions in order."""
    values, levels, knowledge = {}, list(levels), list(knowledge or [])
    for q in survey.questions.prefetch_related("options"):
        if q.kind == QuestionKind.SATISFACTION and levels:
            values[q.pk] = levels.pop(0)
        elif q.kind == QuestionKind.KNOWLEDGE and knowledge:
            right = knowledge.pop(0)
            values[q.pk] = next(o.pk for o in q.options.all() if o.is_correct == right)
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and q.required:
            first = q.options.all()[0].pk
            values[q.pk] = [first] if q.kind == QuestionKind.MULTIPLE else first
    values.update(extra.pop("values", {}))
    submission = services.Submission(values=values, audience=audience, **extra)
    return services.submit_response(survey, submission=submission, channel=channel, on=on)


def answer_many(survey, counts: dict[str, int], **kwargs) -> None:
    for level, n in counts.items():
        for _n in range(n):
            answer(survey, [level], **kwargs)


@pytest.fixture
def channels(people):
    services.ensure_channels(people.unit)
    return {c.code: c for c in Channel.objects.for_unit(people.unit)}


@pytest.fixture
def survey(people):
    return make_survey(people.unit)
