"""The cases ledger's metrics for the performance module (registered in AppConfig.ready).

Each is `(unit, period) -> Decimal | None`; None means "nothing to measure in the period" (a
rate over no rows), never 0. Working days are counted on the unit's calendar, paused days
of a case do not count (see figures.py). Rates are percent with two decimals.

Default ratings (基本满意 after the rating window, Yunnan 云政办发〔2020〕6号) are valid
ratings under that rule, so `cases.good_rating_rate` counts them; every figure that mixes
them has a twin without them (`…_excluding_default`) and `cases.default_ratings` counts them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.cases.clock import Clock, Pause, measure, pauses_from
from investdesk.cases.models import (
    BAD_LEVELS,
    GOOD_LEVELS,
    AgencyCase,
    CaseEvent,
    CaseStatus,
    EventKind,
    PlanItem,
    Rating,
)
from investdesk.core.periods import Period
from investdesk.core.workdays import Calendar
from investdesk.performance.metrics import register
from investdesk.projects.models import ItemStatus

TWO = Decimal("0.01")
HUNDRED = Decimal(100)
STOPPED = (CaseStatus.REJECTED, CaseStatus.TERMINATED)


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TWO, rounding=ROUND_HALF_UP)


def _in(period: Period) -> tuple:
    return (period.start, period.end)


@register(
    "cases.accepted",
    _("delegation cases accepted"),
    "件",
    _("Cases accepted (受理) in the period."),
)
def accepted(unit, period: Period) -> Decimal:
    return Decimal(AgencyCase.objects.for_unit(unit).filter(accepted_on__range=_in(period)).count())


# --- plan items ------------------------------------------------------------------------------------


def _plan_entries(unit) -> tuple[list[PlanItem], dict[int, list[Pause]]]:
    entries = list(
        PlanItem.objects.for_unit(unit)
        .select_related("approval_item", "case")
        .exclude(approval_item__status=ItemStatus.NOT_NEEDED)
        .exclude(approval_item__accepted_on__isnull=True, case__status__in=STOPPED)
    )
    events = CaseEvent.objects.filter(case_id__in={e.case_id for e in entries}, kind=EventKind.STATUS).order_by(
        "case_id", "on", "at", "id"
    )
    by_case: dict[int, list] = defaultdict(list)
    for event in events:
        by_case[event.case_id].append(event)
    pauses = {
        case_id: pauses_from(rows, paused=CaseStatus.PAUSED, status_kind=EventKind.STATUS)
        for case_id, rows in by_case.items()
    }
    return entries, pauses


def _as_of(pauses: list[Pause], day: date) -> list[Pause]:
    """The pauses as they stood on `day` (a pause that ended later was still open then)."""
    return [Pause(p.start, p.end if p.end and p.end <= day else None) for p in pauses if p.start < day]


def _clock_on(entry: PlanItem, pauses: list[Pause], calendar: Calendar, day: date) -> Clock | None:
    """The item's clock as it stood at the end of `day`; None when it had not started."""
    item, case = entry.approval_item, entry.case
    if not item.accepted_on or item.accepted_on > day:
        return None
    end = item.completed_on if item.status == ItemStatus.COMPLETED and item.completed_on <= day else None
    if end is None and case.status in STOPPED and case.closed_on and case.closed_on <= day:
        end = case.closed_on
    return measure(
        calendar,
        start=item.accepted_on,
        promised=entry.promised_workdays,
        end=end,
        today=day,
        due_soon=0,
        pauses=_as_of(pauses, day),
    )


@register(
    "cases.item_completion_rate",
    _("completion rate of planned approval items"),
    "%",
    _(
        "Of the approval items planned in cases accepted in the period (items not needed and "
        "terminated or rejected cases left out), the share completed by the end of the period."
    ),
)
def item_completionrate(unit, period: Period) -> Decimal | None:
    entries = (
        PlanItem.objects.for_unit(unit)
        .filter(case__accepted_on__range=_in(period))
        .exclude(case__status__in=STOPPED)
        .exclude(approval_item__status=ItemStatus.NOT_NEEDED)
    )
    whole = entries.count()
    done = entries.filter(approval_item__status=ItemStatus.COMPLETED, approval_item__completed_on__lte=period.end)
    return rate(done.count(), whole)


@register(
    "cases.avg_item_workdays",
    _("average working days per planned approval item"),
    "个工作日",
    _(
        "Over the planned approval items completed in the period: working days from the "
        "department's acceptance to completion, paused days of the case left out."
    ),
)
def avg_item_workdays(unit, period: Period) -> Decimal | None:
    calendar = Calendar.for_unit(unit)
    entries, pauses = _plan_entries(unit)
    used = []
    for entry in entries:
        item = entry.approval_item
        if item.status == ItemStatus.COMPLETED and item.completed_on and item.completed_on in period:
            clock = _clock_on(entry, pauses.get(entry.case_id, []), calendar, item.completed_on)
            if clock is not None:
                used.append(clock.used)
    if not used:
        return None
    return (Decimal(sum(used)) / len(used)).quantize(TWO, rounding=ROUND_HALF_UP)


@register(
    "cases.overdue_items",
    _("planned approval items over their promised working days"),
    "项",
    _(
        "Planned items finished in the period after their promised working days, plus the items "
        "still running at the end of the period (or today) that are past them."
    ),
)
def overdue_items(unit, period: Period) -> Decimal:
    calendar = Calendar.for_unit(unit)
    day = min(period.end, timezone.localdate())
    entries, pauses = _plan_entries(unit)
    count = 0
    for entry in entries:
        clock = _clock_on(entry, pauses.get(entry.case_id, []), calendar, day)
        if clock is None or not clock.overdue:
            continue
        if not clock.finished or _ended_on(entry, day) >= period.start:
            count += 1
    return Decimal(count)


def _ended_on(entry: PlanItem, day: date) -> date:
    item, case = entry.approval_item, entry.case
    if item.status == ItemStatus.COMPLETED and item.completed_on and item.completed_on <= day:
        return item.completed_on
    return case.closed_on


# --- ratings -------------------------------------------------------------------------------------------


def _ratings(unit, period: Period, *, with_default: bool = True):
    ratings = Rating.objects.for_unit(unit).filter(rated_at__date__range=_in(period))
    return ratings if with_default else ratings.filter(is_default=False)


@register(
    "cases.good_rating_rate",
    _("good rating rate (好评率)"),
    "%",
    _(
        "(very satisfied + satisfied + basically satisfied) ÷ valid ratings × 100, ratings given in the "
        "period; default ratings count as basically satisfied (Yunnan rule)."
    ),
)
def good_ratingrate(unit, period: Period) -> Decimal | None:
    ratings = _ratings(unit, period)
    return rate(ratings.filter(level__in=GOOD_LEVELS).count(), ratings.count())


@register(
    "cases.good_rating_rate_excluding_default",
    _("good rating rate without default ratings"),
    "%",
    _("As the good rating rate, over the ratings the requesters gave themselves."),
)
def good_rating_rate_excluding_default(unit, period: Period) -> Decimal | None:
    ratings = _ratings(unit, period, with_default=False)
    return rate(ratings.filter(level__in=GOOD_LEVELS).count(), ratings.count())


@register(
    "cases.ratings", _("ratings of delegation cases"), "条", _("Valid ratings given in the period, defaults included.")
)
def ratings(unit, period: Period) -> Decimal:
    return Decimal(_ratings(unit, period).count())


@register(
    "cases.default_ratings",
    _("default ratings of delegation cases"),
    "条",
    _("Cases rated “basically satisfied” by default in the period."),
)
def default_ratings(unit, period: Period) -> Decimal:
    return Decimal(_ratings(unit, period).filter(is_default=True).count())


@register("cases.bad_ratings", _("bad ratings of delegation cases"), "条", _("Bad ratings (差评) given in the period."))
def bad_ratings(unit, period: Period) -> Decimal:
    return Decimal(_ratings(unit, period).filter(level__in=BAD_LEVELS).count())


@register(
    "cases.bad_ratings_followed_up_rate",
    _("share of bad ratings followed up"),
    "%",
    _("Of the bad ratings given in the period, the share whose rectification has a recorded follow-up."),
)
def bad_ratings_followed_uprate(unit, period: Period) -> Decimal | None:
    bad = _ratings(unit, period).filter(level__in=BAD_LEVELS)
    followed = bad.filter(rectification__followed_up_on__isnull=False)
    return rate(followed.count(), bad.count())
