"""The budget ledger's metrics and execution provider for the performance module.

Registered in AppConfig.ready(). The metrics are per project (`(unit, period, project)`): the
indicator's table names the BudgetProject whose ledger is read. None means "this project keeps
no budget ledger" (or the budget is 0), never 0 %.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from investdesk.budget import figures
from investdesk.core.money import rate
from investdesk.core.periods import Period
from investdesk.performance.metrics import register, register_execution


def _execution(unit, period: Period, project):
    if project is None or project.unit_id != getattr(unit, "pk", unit):
        return None
    return figures.execution(project, period)


@register(
    "budget.spent_vs_initial",
    _("cost control: spending against the initial budget"),
    "%",
    _(
        "Spending dated in the period (within the project's year) ÷ the project's initial budget × 100, "
        "two decimals. The actual of “= 100 %” cost indicators, whose rule deducts at a deviation of 10 % or 20 %."
    ),
    per_project=True,
    cumulative=True,
)
def spent_vs_initial(unit, period: Period, project) -> Decimal | None:
    found = _execution(unit, period, project)
    return None if found is None else rate(found.spent, found.initial_budget)


@register(
    "budget.execution_rate",
    _("budget execution rate"),
    "%",
    _(
        "Spending dated in the period ÷ the full-year budget (initial budget plus adjustments dated up to the end "
        "of the period) × 100, two decimals (RULES.md §1)."
    ),
    per_project=True,
    cumulative=True,
)
def execution_rate(unit, period: Period, project) -> Decimal | None:
    found = _execution(unit, period, project)
    return None if found is None else rate(found.spent, found.budget)


@register(
    "budget.spent",
    _("budget spending"),
    "元",
    _("Payments less refunds dated in the period and in the project's budget year, in yuan."),
    per_project=True,
)
def spent(unit, period: Period, project) -> Decimal | None:
    found = _execution(unit, period, project)
    return None if found is None else found.spent


register_execution("budget", figures.execution)
