"""The outreach ledgers' metrics for the performance module (registered in AppConfig.ready).

Each is `(unit, period) -> Decimal | None`. A period runs from local midnight (Asia/Shanghai)
of its first day to local midnight after its last: a consultation at 2022-12-31 23:59 belongs
to 2022 and one at 2023-01-01 00:00 to 2023, whatever UTC says. Visits and appeals carry
business dates. A rate with nothing to divide by is None ("no data"), never 0.

How the two rates are defined (docs/走访咨询与诉求.md says the same in Chinese):
- 问题解决率 `outreach.appeals_resolved_rate`: of the appeals raised in the period that had been
  decided by the period's last day (recorded 已解决 or 无法解决, whether closed since or not),
  the share recorded 已解决, in percent with two decimals. Appeals still being coordinated are
  not in it (they are not decided yet); a reopened appeal counts again once decided again.
- 企业满意率 `outreach.appeal_satisfaction_rate`: of the appeals raised in the period and closed
  (销号) by the period's last day, the share whose enterprise answered 满意 or 基本满意.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.core.money import rate
from investdesk.core.periods import Period
from investdesk.outreach.models import (
    SATISFIED_FEEDBACK,
    Appeal,
    AppealStatus,
    Consultation,
    Outcome,
    Visit,
)
from investdesk.performance.metrics import register


def moments(period: Period) -> tuple[datetime, datetime]:
    """The period as aware datetimes [start, end): local midnights in the project's time zone."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=zone)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def visits_in(unit, period: Period) -> QuerySet:
    return Visit.objects.for_unit(unit).filter(visited_on__range=(period.start, period.end))


def consultations_in(unit, period: Period) -> QuerySet:
    start, end = moments(period)
    return Consultation.objects.for_unit(unit).filter(consulted_at__gte=start, consulted_at__lt=end)


def appeals_raised_in(unit, period: Period) -> QuerySet:
    return Appeal.objects.for_unit(unit).filter(raised_on__range=(period.start, period.end))


@register(
    "outreach.key_enterprises_visited",
    _("key enterprises actually visited"),
    "个",
    _(
        "Distinct key enterprises (marked key in the archive) with at least one visit dated in the period; "
        "an enterprise visited several times counts once, a visit to a non-key enterprise does not count."
    ),
)
def key_enterprises_visited(unit, period: Period) -> Decimal:
    visited = visits_in(unit, period).filter(enterprise__is_key=True).values("enterprise_id").distinct()
    return Decimal(visited.count())


@register("outreach.visits", _("visits to enterprises"), "次", _("Visits dated in the period."))
def visits(unit, period: Period) -> Decimal:
    return Decimal(visits_in(unit, period).count())


@register(
    "outreach.enterprises_visited",
    _("enterprises visited"),
    "个",
    _("Distinct enterprises (key or not) with at least one visit dated in the period."),
)
def enterprises_visited(unit, period: Period) -> Decimal:
    return Decimal(visits_in(unit, period).values("enterprise_id").distinct().count())


@register("outreach.consultations", _("consultations given"), "次", _("Consultations answered in the period."))
def consultations(unit, period: Period) -> Decimal:
    return Decimal(consultations_in(unit, period).count())


@register(
    "outreach.consultations_for_key_projects",
    _("consultations given for key investment projects"),
    "次",
    _(
        "Consultations answered in the period that are linked to a key investment project "
        "(a project with a province, city or district key level); each consultation counts once."
    ),
)
def consultations_for_key_projects(unit, period: Period) -> Decimal:
    return Decimal(consultations_in(unit, period).filter(project__isnull=False).exclude(project__key_level="").count())


@register("outreach.appeals_raised", _("appeals and suggestions raised"), "件", _("Appeals dated in the period."))
def appeals_raised(unit, period: Period) -> Decimal:
    return Decimal(appeals_raised_in(unit, period).count())


def decided_counts(unit, period: Period) -> dict:
    """Of the appeals raised in the period: decided / resolved by its end, closed / satisfied by its end."""
    decided_by_end = Q(decided_on__lte=period.end) & ~Q(outcome="")
    closed_by_end = Q(status=AppealStatus.CLOSED, closed_on__lte=period.end)
    return appeals_raised_in(unit, period).aggregate(
        decided=Count("id", filter=decided_by_end),
        resolved=Count("id", filter=decided_by_end & Q(outcome=Outcome.RESOLVED)),
        closed=Count("id", filter=closed_by_end),
        satisfied=Count("id", filter=closed_by_end & Q(feedback__in=SATISFIED_FEEDBACK)),
    )


@register(
    "outreach.appeals_resolved",
    _("appeals resolved"),
    "件",
    _("Appeals raised in the period and recorded as resolved by its last day."),
)
def appeals_resolved(unit, period: Period) -> Decimal:
    return Decimal(decided_counts(unit, period)["resolved"])


@register(
    "outreach.appeals_resolved_rate",
    _("appeal resolution rate"),
    "%",
    _(
        "问题解决率: appeals raised in the period and recorded as resolved by its last day ÷ appeals raised "
        "in the period that were decided (resolved or cannot be resolved) by its last day × 100%."
    ),
)
def appeals_resolved_rate(unit, period: Period) -> Decimal | None:
    counts = decided_counts(unit, period)
    return rate(Decimal(counts["resolved"]), Decimal(counts["decided"]))


@register(
    "outreach.appeal_satisfaction_rate",
    _("enterprises' satisfaction with appeal handling"),
    "%",
    _(
        "企业满意率: appeals raised in the period and closed by its last day whose enterprise was satisfied "
        "or basically satisfied ÷ appeals raised in the period and closed by its last day × 100%."
    ),
)
def appeal_satisfaction_rate(unit, period: Period) -> Decimal | None:
    counts = decided_counts(unit, period)
    return rate(Decimal(counts["satisfied"]), Decimal(counts["closed"]))
