"""The budget and plans demo: 2022 in chenggong, idempotent, and scored live by the performance module."""

import io
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from investdesk.budget.models import Adjustment, BudgetLine, Expenditure, Kind
from investdesk.core.demo_loader import DemoContext, demo_modules
from investdesk.core.periods import Period
from investdesk.performance import metrics, services
from investdesk.performance.models import BudgetProject
from investdesk.plans.models import Milestone, MilestoneEvent, Status, StudyTrip

# The demos this ledger needs, in INSTALLED_APPS order: units and users, then ours, then the table.
NEEDED = ("core", "accounts", "budget", "plans", "performance")


def load() -> None:
    ctx = DemoContext(write=io.StringIO().write)
    for module in demo_modules():
        if module.__name__.split(".")[1] in NEEDED:
            module.load(ctx)


def _row(obj) -> dict:
    # Many-to-many values come in the database's order (users have no ordering, and PostgreSQL's
    # order can change between two reads): compare their ids.
    return {k: sorted(o.pk for o in v) if isinstance(v, list) else v for k, v in model_to_dict(obj).items()}


def snapshot() -> tuple:
    models = (BudgetLine, Adjustment, Expenditure, Milestone, MilestoneEvent, StudyTrip)
    return tuple([_row(r) for r in model.objects.order_by("pk")] for model in models)


@pytest.fixture
def demo(db):
    load()
    return BudgetProject.objects.get(unit__code="chenggong", year=2022, name="投资服务中心经费")


def test_the_demo_twice_changes_nothing(demo):
    first = snapshot()
    load()
    assert snapshot() == first


def test_the_demo_figures_for_2022(demo):
    execution = metrics.execution_for(demo, Period.year_of(2022))
    assert (execution.initial_budget, execution.budget, execution.spent, execution.source) == (
        Decimal("58000.00"),
        Decimal("58000.00"),
        Decimal("56480.00"),
        "budget",
    )
    payments = Expenditure.objects.filter(project=demo, year=2022)
    assert payments.count() == 40 and payments.filter(kind=Kind.REFUND).count() == 1
    assert {e.spent_on.month for e in payments} == set(range(1, 13))
    late = Expenditure.objects.get(project=demo, year=2023)
    assert str(late.spent_on) == "2023-01-05" and late.amount_yuan == Decimal("680.00")
    assert Adjustment.objects.filter(line__project=demo).count() == 2
    unit = demo.unit
    year = Period.year_of(2022)
    assert metrics.compute("budget.spent_vs_initial", unit, year, demo).value == Decimal("97.38")
    assert metrics.compute("budget.execution_rate", unit, year, demo).value == Decimal("97.38")
    assert metrics.compute("plans.milestones_done", unit, year).value == Decimal("4")
    assert metrics.compute("plans.milestones_done_rate", unit, year).value == Decimal("100.00")
    assert metrics.compute("plans.study_trips", unit, Period.quarter(2022, 3)).value == Decimal("1")
    done = Milestone.objects.filter(project=demo, status=Status.DONE)
    assert sorted((m.quarter, (m.done_on.month - 1) // 3 + 1) for m in done) == [(q, q) for q in (1, 2, 3, 4)]
    assert all(m.evidence_note for m in done)


def test_the_performance_table_takes_the_ledgers_figures(demo):
    scored = services.score_table(demo.table)
    execution = scored.result.execution
    assert (execution.budget, execution.spent, execution.rate, execution.score) == (
        Decimal("58000.00"),
        Decimal("56480.00"),
        Decimal("97.38"),
        Decimal("9.74"),
    )
    cost = next(i for i in demo.table.indicators.all() if i.name == "严格按照厉行节约，控制支出成本")
    services.set_actual(cost, actor=None, metric="budget.spent_vs_initial", manual_actual="", note="")
    row = next(r for r in services.score_table(demo.table).rows if r[0].pk == cost.pk)
    assert (row[1].value, row[1].source, row[2].score) == (
        "97.38",
        "metric:budget.spent_vs_initial",
        Decimal("8.33"),
    )  # 2.62 % off: full points
