"""What the list and results pages show: the year's rates per audience (the figures behind the
registered metrics, with their counts) and one survey's results with chart data."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from investdesk.core.periods import Period
from investdesk.surveys import figures
from investdesk.surveys.conf import SurveySettings, settings_for
from investdesk.surveys.models import SERVICE_USERS, Audience, Channel, Level, QuestionKind, Survey, SurveyAudience
from investdesk.surveys.rates import Tally, combined


@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    metric: str
    tally: Tally
    counted: str  # what the counts are: "answers" or "respondents"
    note: str = ""


def year_rates(unit, period: Period) -> list[RateRow]:
    """The rates of the registered metrics for the period, with what they were counted from."""
    sat = {
        key: figures.satisfaction_for(unit, period, audiences)
        for key, audiences in (
            ("public", [Audience.PUBLIC]),
            ("service_users", SERVICE_USERS),
            ("citizens", [Audience.CITIZENS]),
            ("investors", [Audience.INVESTORS]),
            ("enterprises", [Audience.ENTERPRISES]),
        )
    }
    ratings = figures.rating_counts(unit, period)
    aware = figures.awareness_tally(
        figures.knowing(figures.responses_in(unit, period), settings_for(unit).awareness_rule)
    )
    answers = _("answers")
    rows = [
        RateRow("public", _("General public"), "surveys.satisfaction_public", sat["public"], answers),
        RateRow(
            "service_users",
            _("People served and investors"),
            "surveys.satisfaction_service_users",
            sat["service_users"],
            answers,
        ),
        RateRow(
            "citizens", _("People served at the center"), "surveys.satisfaction_citizens", sat["citizens"], answers
        ),
        RateRow("investors", _("Investors"), "surveys.satisfaction_investors", sat["investors"], answers),
        RateRow(
            "enterprises", _("Enterprises served"), "surveys.satisfaction_enterprises", sat["enterprises"], answers
        ),
        RateRow(
            "enterprises_with_ratings",
            _("Enterprises, with case ratings"),
            "surveys.satisfaction_enterprises_with_ratings",
            combined(sat["enterprises"], ratings.good, ratings.valid) if ratings else sat["enterprises"],
            _("answers + ratings"),
            _combined_note(sat["enterprises"], ratings),
        ),
    ]
    rows.append(RateRow("awareness", _("Awareness"), "surveys.awareness", aware, _("respondents")))
    return rows


def _combined_note(survey: Tally, ratings: figures.RatingCounts | None) -> str:
    if ratings is None:
        return _("The delegation cases ledger keeps no ratings: the rate is the enterprise survey's.")
    return _(
        "(%(sat)s satisfied answers + %(good)s good ratings) ÷ (%(valid)s valid answers + %(ratings)s valid ratings), "
        "of which %(defaults)s default ratings (基本满意 when none was given in time)."
    ) % {
        "sat": survey.satisfied,
        "good": ratings.good,
        "valid": survey.valid,
        "ratings": ratings.valid,
        "defaults": ratings.defaults,
    }


def results_for(survey: Survey, conf: SurveySettings) -> figures.SurveyResults:
    channels = {c.pk: c.display_name for c in Channel.objects.for_unit(survey.unit_id)}
    channels[None] = _("no channel given")
    audiences = dict(Audience.choices)
    return figures.survey_results(survey, conf.awareness_rule, channels, audiences)


def chart_data(results: figures.SurveyResults) -> dict:
    """Plain lists for ECharts: levels per satisfaction question, rate per channel."""
    levels = [str(label) for _code, label in Level.choices]
    questions = [
        {"id": r.question.pk, "title": r.question.text, "counts": [n for _c, _l, n in r.levels]}
        for r in results.questions
        if r.question.kind == QuestionKind.SATISFACTION
    ]
    channels = [
        {"name": row.label, "satisfaction": _number(row.satisfaction.rate), "awareness": _number(row.awareness.rate)}
        for row in results.by_channel
    ]
    return {
        "levels": levels,
        "questions": questions,
        "channels": channels,
        "series": {"satisfaction": _("Satisfaction rate"), "awareness": _("Awareness rate")},
    }


def _number(value) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Combined:
    survey: Tally
    ratings: figures.RatingCounts
    rate: object
    year: int


def combined_for(survey: Survey) -> Combined | None:
    """For an enterprise survey: its year's enterprise answers combined with the cases' ratings."""
    if survey.audience != SurveyAudience.ENTERPRISES:
        return None
    period = Period.year_of(survey.year)
    ratings = figures.rating_counts(survey.unit, period)
    if ratings is None:
        return None
    answers = figures.satisfaction_for(survey.unit, period, [Audience.ENTERPRISES])
    return Combined(answers, ratings, combined(answers, ratings.good, ratings.valid).rate, survey.year)
