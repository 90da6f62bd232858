"""The survey metrics for the performance module (registered in AppConfig.ready).

Each is `(unit, period) -> Decimal | None` over the answers dated in the period (`answered_on`);
None means nobody answered, never 0. See rates.py for the formulas and docs/满意度调查.md.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from investdesk.core.periods import Period
from investdesk.performance.metrics import register
from investdesk.surveys.conf import settings_for
from investdesk.surveys.figures import awareness_tally, knowing, rating_counts, responses_in, satisfaction_for
from investdesk.surveys.models import SERVICE_USERS, Audience
from investdesk.surveys.rates import combined


@register(
    "surveys.satisfaction_public",
    _("satisfaction of the general public"),
    "%",
    _(
        "Answers of the general public (社会公众) dated in the period: (非常满意 + 满意 + 基本满意) ÷ valid "
        "answers × 100, over the satisfaction questions that count for the rate."
    ),
)
def satisfaction_public(unit, period: Period) -> Decimal | None:
    return satisfaction_for(unit, period, [Audience.PUBLIC]).rate


@register(
    "surveys.satisfaction_service_users",
    _("satisfaction of people served and investors"),
    "%",
    _(
        "Answers of people served at the center and of investors together (办事群众、投资客商) dated in the "
        "period: (非常满意 + 满意 + 基本满意) ÷ valid answers × 100, over the satisfaction questions that "
        "count for the rate."
    ),
)
def satisfaction_service_users(unit, period: Period) -> Decimal | None:
    return satisfaction_for(unit, period, SERVICE_USERS).rate


@register(
    "surveys.satisfaction_citizens",
    _("satisfaction of people served at the center"),
    "%",
    _(
        "Answers of people served at the center (办事群众) only, dated in the period: (非常满意 + 满意 + "
        "基本满意) ÷ valid answers × 100."
    ),
)
def satisfaction_citizens(unit, period: Period) -> Decimal | None:
    return satisfaction_for(unit, period, [Audience.CITIZENS]).rate


@register(
    "surveys.satisfaction_investors",
    _("satisfaction of investors"),
    "%",
    _("Answers of investors (投资客商) only, dated in the period: (非常满意 + 满意 + 基本满意) ÷ valid answers × 100."),
)
def satisfaction_investors(unit, period: Period) -> Decimal | None:
    return satisfaction_for(unit, period, [Audience.INVESTORS]).rate


@register(
    "surveys.satisfaction_enterprises",
    _("satisfaction of enterprises served"),
    "%",
    _(
        "Answers of enterprises (服务企业满意度) dated in the period: (非常满意 + 满意 + 基本满意) ÷ valid "
        "answers × 100, over the satisfaction questions that count for the rate."
    ),
)
def satisfaction_enterprises(unit, period: Period) -> Decimal | None:
    return satisfaction_for(unit, period, [Audience.ENTERPRISES]).rate


@register(
    "surveys.satisfaction_enterprises_with_ratings",
    _("satisfaction of enterprises served, with case ratings"),
    "%",
    _(
        "Enterprise survey answers and the delegation cases' ratings (好差评) of the period together: "
        "(satisfied answers + good ratings) ÷ (valid answers + valid ratings) × 100; each answer and each "
        "rating counts once. Without the cases ledger it equals the enterprise survey rate."
    ),
)
def satisfaction_enterprises_with_ratings(unit, period: Period) -> Decimal | None:
    survey = satisfaction_for(unit, period, [Audience.ENTERPRISES])
    ratings = rating_counts(unit, period)
    if ratings is None:
        return survey.rate
    return combined(survey, ratings.good, ratings.valid).rate


@register(
    "surveys.awareness",
    _("awareness of the publicity content"),
    "%",
    _(
        "Respondents who know ÷ respondents asked × 100, over the answers dated in the period to surveys "
        "with knowledge questions; a respondent knows when their correct answers meet the unit's rule "
        "(default: more than half of the knowledge questions)."
    ),
)
def awareness(unit, period: Period) -> Decimal | None:
    rule = settings_for(unit).awareness_rule
    return awareness_tally(knowing(responses_in(unit, period), rule)).rate
