"""The budget figures read from the ledger: per line, per project and period, per month.

Every figure follows one rule (RULES.md §1, §3): the 年初预算数 is the sum of the lines' initial
amounts; the 全年预算数 as at a day adds the adjustments dated up to that day; the spending of a
period is the signed sum of the expenditures dated in it *and* in the project's budget year (a
payment booked on 5 January of the next year belongs to the next year's accounts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.budget.models import ZERO, Adjustment, BudgetLine, Expenditure, signed_sum
from investdesk.core.money import rate, round2
from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.performance.lib.scoring import light_for
from investdesk.performance.services import unit_settings

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineFigures:
    line: BudgetLine
    initial: Decimal
    adjustments: Decimal
    budget: Decimal  # 全年预算数 = initial + adjustments
    spent: Decimal

    @property
    def rate(self) -> Decimal | None:
        return rate(self.spent, self.budget)

    @property
    def overspent(self) -> bool:
        return self.spent > self.budget


@dataclass(frozen=True)
class Totals:
    initial: Decimal
    adjustments: Decimal
    budget: Decimal
    spent: Decimal

    @property
    def rate(self) -> Decimal | None:
        return rate(self.spent, self.budget)

    @property
    def spent_vs_initial(self) -> Decimal | None:
        return rate(self.spent, self.initial)

    @property
    def overspent(self) -> bool:
        return self.spent > self.budget


def spending_span(project, period: Period) -> tuple[date, date] | None:
    """The days of the period that lie in the project's budget year (None: no overlap)."""
    year = Period.year_of(project.year)
    start, end = max(period.start, year.start), min(period.end, year.end)
    return (start, end) if start <= end else None


def _spent(expenditures, project, period: Period) -> Decimal:
    span = spending_span(project, period)
    if span is None:
        return ZERO
    return round2(expenditures.filter(spent_on__range=span).aggregate(total=signed_sum())["total"])


def execution(project, period: Period) -> metrics.Execution | None:
    """The provider registered with the performance module: None when the project keeps no ledger."""
    lines = BudgetLine.objects.filter(project=project).aggregate(n=Count("id"), initial=Sum("initial_yuan"))
    if not lines["n"]:
        return None
    adjusted = Adjustment.objects.filter(line__project=project, adjusted_on__lte=period.end).aggregate(
        total=Coalesce(Sum("amount_yuan"), ZERO)
    )["total"]
    initial, adjusted = round2(lines["initial"]), round2(adjusted)
    spent = _spent(Expenditure.objects.filter(project=project), project, period)
    return metrics.Execution(initial_budget=initial, budget=initial + adjusted, spent=spent, source="budget")


def line_figures(project, period: Period | None = None) -> tuple[list[LineFigures], Totals]:
    """Each line's figures for the period (the project's year by default) and their totals."""
    period = period or Period.year_of(project.year)
    lines = list(BudgetLine.objects.filter(project=project).order_by("position", "pk"))
    adjusted = dict(
        Adjustment.objects.filter(line__project=project, adjusted_on__lte=period.end)
        .values_list("line_id")
        .annotate(total=Sum("amount_yuan"))
        .order_by()
    )
    span = spending_span(project, period)
    spent: dict[int, Decimal] = {}
    if span is not None:
        spent = dict(
            Expenditure.objects.filter(project=project, spent_on__range=span)
            .values_list("line_id")
            .annotate(total=signed_sum())
            .order_by()
        )
    rows = []
    for line in lines:
        adjustment = round2(adjusted.get(line.pk, ZERO))
        used = round2(spent.get(line.pk, ZERO))
        rows.append(LineFigures(line, line.initial_yuan, adjustment, line.initial_yuan + adjustment, used))
    totals = Totals(
        initial=sum((r.initial for r in rows), ZERO),
        adjustments=sum((r.adjustments for r in rows), ZERO),
        budget=sum((r.budget for r in rows), ZERO),
        spent=sum((r.spent for r in rows), ZERO),
    )
    return rows, totals


@dataclass(frozen=True)
class Month:
    month: int
    spent: Decimal  # spending booked in the month
    cumulative: Decimal  # spending from January to the end of the month
    budget: Decimal  # 全年预算数 in force at the end of the month
    rate: Decimal | None  # cumulative ÷ budget × 100
    schedule: Decimal  # 序时进度: month ÷ 12 × 100


def monthly(project) -> list[Month]:
    """The twelve months of the project's year for the execution chart (two queries)."""
    year = project.year
    by_month = dict(
        Expenditure.objects.filter(project=project, year=year)
        .annotate(month=ExtractMonth("spent_on"))
        .values_list("month")
        .annotate(total=signed_sum())
        .order_by()
    )
    initial = BudgetLine.objects.filter(project=project).aggregate(total=Coalesce(Sum("initial_yuan"), ZERO))["total"]
    adjustments = list(Adjustment.objects.filter(line__project=project).values_list("adjusted_on", "amount_yuan"))
    months, cumulative = [], ZERO
    for month in range(1, 13):
        end = Period.month(year, month).end
        budget = initial + sum((amount for day, amount in adjustments if day <= end), ZERO)
        cumulative += round2(by_month.get(month, ZERO))
        months.append(
            Month(
                month=month,
                spent=round2(by_month.get(month, ZERO)),
                cumulative=cumulative,
                budget=budget,
                rate=rate(cumulative, budget),
                schedule=(Decimal(month) / 12 * HUNDRED).quantize(Decimal("0.01")),
            )
        )
    return months


@dataclass(frozen=True)
class Light:
    months: int  # months elapsed: the current month, 12 for a past year
    rate: Decimal | None  # spending ÷ 全年预算数 at the end of that month
    value: Decimal | None  # v = rate ÷ (months ÷ 12)
    colour: str | None  # "red" | "yellow" | "green", or "overspent": never green above the budget


def months_elapsed(year: int, today: date | None = None) -> int:
    today = today or timezone.localdate()
    if today.year > year:
        return 12
    if today.year < year:
        return 0
    return today.month


def execution_light(project, months: list[Month], today: date | None = None) -> Light:
    """RULES.md §3: v = (spent ÷ budget) ÷ (months elapsed ÷ 12) × 100, red / yellow / green; a
    spending above the budget is "overspent", however far ahead of the calendar it looks."""
    elapsed = months_elapsed(project.year, today)
    if elapsed == 0:
        return Light(0, None, None, None)
    row = months[elapsed - 1]
    if row.rate is None:
        return Light(elapsed, None, None, None)
    value = (row.rate / (Decimal(elapsed) / 12)).quantize(Decimal("0.01"))
    if row.cumulative > row.budget:
        return Light(elapsed, row.rate, value, "overspent")
    return Light(elapsed, row.rate, value, light_for(value, unit_settings(project.unit)))


def chart_data(months: list[Month]) -> dict:
    """The chart's series as plain numbers (json_script)."""
    return {
        "months": [_("Month %(n)s") % {"n": m.month} for m in months],
        "yuan": _("yuan"),
        "spent": [float(m.spent) for m in months],
        "rate": [None if m.rate is None else float(m.rate) for m in months],
        "schedule": [float(m.schedule) for m in months],
    }
