"""Migrations 0002–0004: a mid-year monitoring kept as a self-evaluation becomes a Monitoring
with its lines; tables already in use stay in force."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("performance", "0001_initial")]
AFTER = [("performance", "0004_selfevaluation_year_end_only")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_midyear_evaluation_becomes_a_monitoring_and_tables_stay_in_force():
    old = _migrate(BEFORE)
    unit = old.get_model("core", "Unit").objects.create(name="呈贡", code="cg-migration")
    project = old.get_model("performance", "BudgetProject").objects.create(unit=unit, year=2022, name="经费")
    table = old.get_model("performance", "TargetTable").objects.create(unit=unit, project=project)
    indicator = old.get_model("performance", "Indicator").objects.create(
        unit=unit,
        table=table,
        position=1,
        level1="产出指标",
        name="稿件",
        operator=">=",
        target="50",
        kind="quantitative",
    )
    evaluations = old.get_model("performance", "SelfEvaluation")
    midyear = evaluations.objects.create(
        unit=unit, table=table, period="midyear", months_elapsed=7, execution_reason="三季度集中支付"
    )
    old.get_model("performance", "EvaluationLine").objects.create(
        unit=unit,
        evaluation=midyear,
        indicator=indicator,
        likelihood="possible",
        cause="staff",
        reason="缺人",
        measure="增人",
    )
    evaluations.objects.create(unit=unit, table=table, period="year_end", months_elapsed=12, problems="年底")

    new = _migrate(AFTER)
    try:
        monitoring = new.get_model("performance", "Monitoring").objects.get()
        line = monitoring.lines.get()
        assert (monitoring.months, monitoring.status, monitoring.execution_measure) == (7, "draft", "三季度集中支付")
        assert (line.likelihood, line.cause, line.measure) == ("possible", "staff", "缺人；增人")
        remaining = new.get_model("performance", "SelfEvaluation").objects.get()
        assert remaining.problems == "年底"
        assert new.get_model("performance", "TargetTable").objects.get().status == "in_force"
    finally:
        _migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
