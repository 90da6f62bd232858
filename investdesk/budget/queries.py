"""The read side of the budget pages: one function per list, related rows fetched here
(STYLE.md habit 10), so a page costs the same number of queries at 10 rows and at 1,000."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from investdesk.budget.models import ZERO, Adjustment, BudgetLine, Expenditure, signed_sum
from investdesk.core.money import rate, round2
from investdesk.core.periods import Period
from investdesk.performance.models import BudgetProject


def search_expenditures(project: BudgetProject, filters: dict) -> QuerySet:
    rows = Expenditure.objects.filter(project=project).select_related("line", "refund_of", "project")
    if filters.get("line"):
        rows = rows.filter(line=filters["line"])
    if filters.get("category"):
        rows = rows.filter(category=filters["category"])
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("month"):
        month = Period.month(project.year, filters["month"])
        rows = rows.filter(spent_on__range=(month.start, month.end))
    q = (filters.get("q") or "").strip()
    if q:
        rows = rows.filter(Q(payee__icontains=q) | Q(voucher_number__icontains=q) | Q(note__icontains=q))
    return rows.order_by("-spent_on", "-pk")


def filtered_total(rows: QuerySet) -> Decimal:
    return round2(rows.order_by().aggregate(total=signed_sum())["total"])


def adjustments(project: BudgetProject) -> list[Adjustment]:
    return list(
        Adjustment.objects.filter(line__project=project)
        .select_related("line__project", "pair__line")
        .order_by("adjusted_on", "pk")
    )


def project_rows(unit) -> list[BudgetProject]:
    """The unit's projects, newest year first, each with `.initial`, `.budget`, `.spent`, `.rate`
    and `.lines` (three grouped queries for all of them)."""
    projects = list(BudgetProject.objects.for_unit(unit).order_by("-year", "name"))
    ids = [p.pk for p in projects]
    lines = {
        row["project_id"]: row
        for row in BudgetLine.objects.filter(project__in=ids)
        .values("project_id")
        .annotate(initial=Sum("initial_yuan"), n=Count("id"))
        .order_by()
    }
    adjusted = dict(
        Adjustment.objects.filter(line__project__in=ids)
        .values_list("line__project_id")
        .annotate(total=Sum("amount_yuan"))
        .order_by()
    )
    spent = dict(
        Expenditure.objects.filter(project__in=ids, year=F("project__year"))
        .values_list("project_id")
        .annotate(total=signed_sum())
        .order_by()
    )
    for project in projects:
        found = lines.get(project.pk)
        project.lines = found["n"] if found else 0
        project.initial = found["initial"] if found else None
        project.budget = None if found is None else round2(project.initial + adjusted.get(project.pk, ZERO))
        project.spent = round2(spent.get(project.pk, ZERO)) if found else None
        project.rate = rate(project.spent, project.budget)
    return projects
