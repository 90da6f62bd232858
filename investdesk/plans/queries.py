"""The read side of the plans pages, related rows fetched here (STYLE.md habit 10)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils import timezone

from investdesk.budget.models import ZERO, Expenditure
from investdesk.plans.forms import OVERDUE
from investdesk.plans.models import OPEN, Milestone, StudyTrip


def search_milestones(unit, filters: dict) -> QuerySet:
    rows = Milestone.objects.for_unit(unit).select_related("project", "owner")
    for name in ("project", "quarter", "owner"):
        if filters.get(name):
            rows = rows.filter(**{name: filters[name]})
    if filters.get("year"):
        rows = rows.filter(project__year=filters["year"])
    status = filters.get("status")
    if status == OVERDUE:
        rows = rows.filter(status__in=OPEN, due_on__lt=timezone.localdate())
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by("-project__year", "project__name", "quarter", "due_on", "pk")


def search_trips(unit, filters: dict) -> QuerySet:
    rows = StudyTrip.objects.for_unit(unit)
    if filters.get("year"):
        rows = rows.filter(start_on__year=filters["year"])
    q = (filters.get("q") or "").strip()
    if q:
        rows = rows.filter(
            Q(destination__icontains=q) | Q(purpose__icontains=q) | Q(practices__icontains=q) | Q(measures__icontains=q)
        )
    return rows.prefetch_related("participants", "expenditures__line").order_by("-start_on", "-pk")


def attach_costs(trips: list[StudyTrip]) -> None:
    """`.cost` on each trip: its linked payments less their refunds (one query for all trips)."""
    payments = {e.pk for trip in trips for e in trip.expenditures.all()}
    refunded: dict[int, object] = defaultdict(lambda: ZERO)
    for payment_id, amount in Expenditure.objects.filter(refund_of__in=payments).values_list(
        "refund_of", "amount_yuan"
    ):
        refunded[payment_id] += amount
    for trip in trips:
        linked = trip.expenditures.all()
        trip.cost = sum((e.amount_yuan - refunded[e.pk] for e in linked), ZERO)
