"""The projects ledger's metrics for the performance module (registered in AppConfig.ready).

Each is `(unit, period) -> Decimal | None`; None means "no data in the period" (an average of
nothing), never 0. Working days are counted on the unit's calendar (core.workdays).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.core.periods import Period
from investdesk.core.workdays import Calendar
from investdesk.performance.metrics import register
from investdesk.projects.conf import settings_for
from investdesk.projects.figures import item_figures
from investdesk.projects.models import ApprovalItem, FollowUp, InvestmentProject, ItemStatus

TWO = Decimal("0.01")


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(TWO, rounding=ROUND_HALF_UP)


def _in(period: Period) -> tuple:
    return (period.start, period.end)


@register(
    "projects.key_projects_followed",
    _("key investment projects followed up"),
    "个",
    _("Distinct key projects (province, city or district key) with at least one follow-up dated in the period."),
)
def key_projects_followed(unit, period: Period) -> Decimal:
    followed = (
        FollowUp.objects.for_unit(unit)
        .filter(followed_on__range=_in(period))
        .exclude(project__key_level="")
        .values("project_id")
        .distinct()
    )
    return Decimal(followed.count())


@register(
    "projects.followups", _("follow-ups of investment projects"), "次", _("Follow-up records dated in the period.")
)
def followups(unit, period: Period) -> Decimal:
    return Decimal(FollowUp.objects.for_unit(unit).filter(followed_on__range=_in(period)).count())


@register(
    "projects.land_to_start_within_threshold",
    _("projects reaching “land acquired, construction starts”"),
    "个",
    _(
        "Projects that started construction in the period within the unit's threshold "
        "of working days after land acquisition."
    ),
)
def land_to_start_within_threshold(unit, period: Period) -> Decimal:
    calendar = Calendar.for_unit(unit)
    threshold = settings_for(unit).land_to_start_threshold_workdays
    pairs = (
        InvestmentProject.objects.for_unit(unit)
        .filter(started_on__range=_in(period), land_acquired_on__isnull=False)
        .values_list("land_acquired_on", "started_on")
    )
    return Decimal(sum(1 for land, start in pairs if calendar.workdays_between(land, start) <= threshold))


@register(
    "projects.avg_land_to_permit_workdays",
    _("average working days from land acquisition to construction permit"),
    "个工作日",
    _("Over the projects whose construction permit is dated in the period."),
)
def avg_land_to_permit_workdays(unit, period: Period) -> Decimal | None:
    calendar = Calendar.for_unit(unit)
    pairs = (
        InvestmentProject.objects.for_unit(unit)
        .filter(construction_permit_on__range=_in(period), land_acquired_on__isnull=False)
        .values_list("land_acquired_on", "construction_permit_on")
    )
    return _average([calendar.workdays_between(land, permit) for land, permit in pairs])


@register(
    "projects.avg_land_to_start_workdays",
    _("average working days from land acquisition to construction start"),
    "个工作日",
    _("Over the projects that started construction in the period."),
)
def avg_land_to_start_workdays(unit, period: Period) -> Decimal | None:
    calendar = Calendar.for_unit(unit)
    pairs = (
        InvestmentProject.objects.for_unit(unit)
        .filter(started_on__range=_in(period), land_acquired_on__isnull=False)
        .values_list("land_acquired_on", "started_on")
    )
    return _average([calendar.workdays_between(land, start) for land, start in pairs])


@register(
    "projects.projects_started", _("investment projects started"), "个", _("Construction start dated in the period.")
)
def projects_started(unit, period: Period) -> Decimal:
    return Decimal(InvestmentProject.objects.for_unit(unit).filter(started_on__range=_in(period)).count())


@register(
    "projects.projects_in_production",
    _("investment projects put into production"),
    "个",
    _("Production start dated in the period."),
)
def projects_in_production(unit, period: Period) -> Decimal:
    return Decimal(InvestmentProject.objects.for_unit(unit).filter(production_on__range=_in(period)).count())


def _completed_in(unit, period: Period):
    return ApprovalItem.objects.for_unit(unit).filter(status=ItemStatus.COMPLETED, completed_on__range=_in(period))


@register(
    "projects.approval_items_completed",
    _("approval items completed"),
    "项",
    _("Approval items of investment projects completed in the period."),
)
def approval_items_completed(unit, period: Period) -> Decimal:
    return Decimal(_completed_in(unit, period).count())


def _used_days(unit, period: Period) -> list[tuple[int, int]]:
    calendar = Calendar.for_unit(unit)
    rows = _completed_in(unit, period).filter(accepted_on__isnull=False)
    return [(calendar.workdays_between(item.accepted_on, item.completed_on), item.limit_workdays) for item in rows]


@register(
    "projects.avg_item_workdays",
    _("average working days per approval item"),
    "个工作日",
    _("From acceptance to completion, over the items completed in the period."),
)
def avg_item_workdays(unit, period: Period) -> Decimal | None:
    return _average([used for used, _limit in _used_days(unit, period)])


@register(
    "projects.items_on_time_rate",
    _("approval items completed within their time limit"),
    "%",
    _("Share of the items completed in the period whose working days stayed within the legal time limit."),
)
def items_on_time_rate(unit, period: Period) -> Decimal | None:
    days = _used_days(unit, period)
    if not days:
        return None
    on_time = sum(1 for used, limit in days if used <= limit)
    return (Decimal(on_time) * 100 / len(days)).quantize(TWO, rounding=ROUND_HALF_UP)


@register(
    "projects.overdue_items",
    _("approval items overdue at the end of the period"),
    "项",
    _("Items accepted by the end of the period (or today, if earlier), not completed by then, past their limit."),
)
def overdue_items(unit, period: Period) -> Decimal:
    as_of = min(period.end, timezone.localdate())
    calendar = Calendar.for_unit(unit)
    settings = settings_for(unit)
    candidates = (
        ApprovalItem.objects.for_unit(unit)
        .filter(status__in=(ItemStatus.ACCEPTED, ItemStatus.COMPLETED), accepted_on__lte=as_of)
        .exclude(completed_on__lte=as_of)
    )
    count = 0
    for item in candidates:
        item.status = ItemStatus.ACCEPTED  # as it stood on that day: still being handled
        if item_figures(item, calendar, as_of, settings.due_soon_workdays).overdue:
            count += 1
    return Decimal(count)
