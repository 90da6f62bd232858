"""The read side of the case pages: one query function per list, related rows fetched there
(STYLE.md habit 10), so a page costs the same number of queries at 10 rows and at 1,000."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from investdesk.cases.conf import CaseSettings
from investdesk.cases.figures import case_figures, next_deadline
from investdesk.cases.models import (
    AgencyCase,
    CaseEvent,
    CaseStatus,
    EventKind,
    PlanItem,
    Rating,
    RatingLevel,
    Rectification,
    RectificationStatus,
)
from investdesk.core.text import normalise
from investdesk.core.workdays import Calendar

# Statuses in which a clock may run (and so the overdue / due-soon filters look).
WATCHED = (
    CaseStatus.APPLIED,
    CaseStatus.ACCEPTED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.PAUSED,
    CaseStatus.COMPLETED,
)


def watched() -> Q:
    """Cases that may have a running clock: open or waiting for the visit, an unrated finished
    case (its rating window), a case with an open rectification."""
    return (
        Q(status__in=WATCHED)
        | Q(status__in=(CaseStatus.VISITED, CaseStatus.ARCHIVED), rating__isnull=True)
        | Q(rectifications__status=RectificationStatus.OPEN)
    )


def with_clock_rows(cases: QuerySet) -> QuerySet:
    """Everything the clocks need, fetched once for all rows."""
    return cases.select_related("enterprise", "project", "agent", "rating").prefetch_related(
        Prefetch("plan_items", queryset=PlanItem.objects.select_related("approval_item")),
        Prefetch(
            "events",
            queryset=CaseEvent.objects.filter(kind=EventKind.STATUS).order_by("on", "at", "id"),
            to_attr="status_events",
        ),
        Prefetch(
            "rectifications", queryset=Rectification.objects.order_by("opened_on", "id"), to_attr="all_rectifications"
        ),
    )


def search_cases(unit, filters: dict) -> QuerySet:
    cases = with_clock_rows(AgencyCase.objects.for_unit(unit))
    text = normalise(filters.get("q") or "")
    if text:
        condition = (
            Q(number__icontains=text)
            | Q(enterprise_name__icontains=text)
            | Q(enterprise__name__icontains=text)
            | Q(project_name__icontains=text)
            | Q(project__name__icontains=text)
            | Q(project_code__icontains=text)
            | Q(requester_name__icontains=text)
        )
        compact = text.replace(" ", "")
        if compact.isascii() and compact.isalnum():
            condition |= Q(search_initials__icontains=compact.lower())
        cases = cases.filter(condition)
    for name in ("status", "channel", "scope"):
        if filters.get(name):
            cases = cases.filter(**{name: filters[name]})
    if filters.get("agent"):
        cases = cases.filter(Q(agent=filters["agent"]) | Q(co_agents=filters["agent"])).distinct()
    if filters.get("year"):
        cases = cases.filter(applied_on__year=filters["year"])
    if filters.get("mark"):
        cases = cases.filter(watched()).distinct()
    return cases.order_by("-applied_on", "-id")


def attach_figures(cases, calendar: Calendar, conf: CaseSettings, today: date) -> None:
    """`.figures` on each case (the rows must come from `with_clock_rows`)."""
    for case in cases:
        rating = getattr(case, "rating", None) if _has_rating(case) else None
        case.figures = case_figures(
            case,
            status_events=case.status_events,
            plan_items=list(case.plan_items.all()),
            rating=rating,
            rectifications=case.all_rectifications,
            calendar=calendar,
            conf=conf,
            today=today,
        )
        case.next_deadline = next_deadline(case.figures, today, conf.due_soon_workdays)


def _has_rating(case: AgencyCase) -> bool:
    try:
        return case.rating is not None
    except Rating.DoesNotExist:
        return False


def count_marked(unit, mark: str, calendar: Calendar, conf: CaseSettings, today: date) -> int:
    """How many of the unit's cases carry the mark (overdue / due soon) today: the cases that
    may have a running clock, with their clock rows in a fixed number of queries."""
    rows = list(search_cases(unit, {"mark": mark}))
    attach_figures(rows, calendar, conf, today)
    return len(filter_marked(rows, mark))


def filter_marked(cases, mark: str) -> list:
    """Only the cases with a running clock that is overdue (or due soon): computed in Python,
    because the marks depend on the calendar; the rows already carry `.figures`."""
    return [c for c in cases if c.figures.mark == mark]


def rating_counts(unit, start: date | None = None, end: date | None = None) -> dict:
    """Raw counts per level, the requester's own apart from the default ones (RULES.md §4)."""
    ratings = Rating.objects.for_unit(unit)
    if start:
        ratings = ratings.filter(rated_at__date__gte=start)
    if end:
        ratings = ratings.filter(rated_at__date__lte=end)
    rows = ratings.values_list("level", "is_default").annotate(n=Count("id")).order_by()
    counts = {level: {"own": 0, "default": 0} for level in RatingLevel.values}
    for level, is_default, n in rows:
        counts[level]["default" if is_default else "own"] += n
    return counts
