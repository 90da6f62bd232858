"""The writes of the performance module: import all-or-nothing, rules, weights, evaluations."""

import itertools
import logging
from decimal import Decimal

import pytest

from investdesk.performance import metrics, services
from investdesk.performance.lib.rules import validate_rule
from investdesk.performance.lib.tables import parse_text
from investdesk.performance.models import (
    BudgetProject,
    EvaluationLine,
    EvaluationStatus,
    Indicator,
    SelfEvaluation,
)
from investdesk.performance.tests.conftest import import_seed


def test_a_table_with_errors_saves_nothing(people):
    result = parse_text("三级指标|指标性质|指标值|度量单位\n宣传材料|≥|100|份\n稿件|约等于|50|篇\n")
    assert result.errors
    with pytest.raises(services.Refused) as refused:
        services.import_table(people.unit, result, actor=people.finance, year=2022, name="经费")
    assert any("约等于" in m for m in refused.value.messages)
    assert BudgetProject.objects.count() == 0
    assert Indicator.objects.count() == 0


def test_a_table_without_year_or_name_asks_for_them(people):
    result = parse_text("三级指标|指标性质|指标值|度量单位\n宣传材料|≥|100|份\n")
    with pytest.raises(services.Refused) as refused:
        services.import_table(people.unit, result, actor=people.finance)
    assert len(refused.value.messages) == 2
    project = services.import_table(people.unit, result, actor=people.finance, year=2023, name="宣传经费")
    assert (project.year, project.name, project.table.indicators.count()) == (2023, "宣传经费", 1)


def test_the_same_project_can_be_imported_into_two_units(people):
    import_seed(people.unit)
    import_seed(people.other_unit)
    assert BudgetProject.objects.for_unit(people.unit).count() == 1
    assert BudgetProject.objects.for_unit(people.other_unit).count() == 1


def test_a_table_with_a_submitted_evaluation_cannot_be_replaced(seed_project, people):
    evaluation = services.create_evaluation(seed_project.table, actor=people.finance)
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    smaller = parse_text("三级指标|指标性质|指标值|度量单位\n宣传材料|≥|1|份\n")
    with pytest.raises(services.Refused, match="目标表不能替换"):
        services.import_table(
            people.unit, smaller, actor=people.finance, year=2022, name="投资服务中心经费", replace=True
        )
    assert Indicator.objects.filter(table__project=seed_project).count() == 11


def test_changing_the_rule_sentence_parses_it_again(seed_project, people):
    indicator = seed_project.table.indicators.get(position=2)
    services.update_indicator(indicator, actor=people.director, fields={"rule_text": "每少1篇扣2分，扣完为止"})
    indicator.refresh_from_db()
    assert [t["type"] for t in indicator.rule["terms"]] == ["per_unit_deduction"]
    assert indicator.rule_understood is True


def test_a_sentence_not_understood_is_flagged_and_keeps_the_default(seed_project, people):
    indicator = seed_project.table.indicators.get(position=2)
    services.update_indicator(indicator, actor=people.director, fields={"rule_text": "由评审专家综合打分"})
    indicator.refresh_from_db()
    assert indicator.rule_understood is False
    assert indicator.rule["terms"] == [{"type": "default"}]
    assert "由评审专家综合打分" in indicator.rule_warnings[0]


def test_a_rule_set_by_hand_is_validated_and_then_kept(seed_project, people):
    indicator = seed_project.table.indicators.get(position=2)
    before = dict(indicator.rule)
    with pytest.raises(services.Refused):
        services.update_indicator(indicator, actor=people.director, fields={}, rule_json={"terms": [{"type": "magic"}]})
    indicator.refresh_from_db()
    assert indicator.rule == before and not indicator.rule_set_by_hand
    binary = {
        "terms": [{"type": "binary", "met_award": {"percent": "100"}, "unmet_award": {"percent": "0"}}],
        "full_score": None,
    }
    assert validate_rule(binary) == []
    services.update_indicator(indicator, actor=people.director, fields={}, rule_json=binary)
    services.update_indicator(indicator, actor=people.director, fields={"rule_text": "完成量未达80%的该项计0分"})
    indicator.refresh_from_db()
    assert indicator.rule_set_by_hand and indicator.rule["terms"][0]["type"] == "binary"
    services.reset_rule(indicator, actor=people.director)
    indicator.refresh_from_db()
    assert not indicator.rule_set_by_hand and indicator.rule["terms"][0]["type"] == "completion_floor"


def test_live_scores_follow_the_actuals(seed_project):
    scored = services.score_table(seed_project.table)
    assert (scored.result.total, scored.result.grade) == (Decimal("97.33"), "优")
    Indicator.objects.filter(table=seed_project.table, position=3).update(manual_actual="30")  # 30 / 45 < 80 %
    assert services.score_table(seed_project.table).result.total == Decimal("89.00")


def test_a_bound_metric_supplies_the_actual_for_the_budget_year(seed_project):
    seen = []

    def visited(unit, period):
        seen.append((unit.code, period.key))
        return Decimal(36)

    metrics.register("test.visits", "实际走访的重点企业", "个")(visited)
    try:
        indicator = seed_project.table.indicators.get(position=3)
        services.set_actual(indicator, actor=None, metric="test.visits", manual_actual="99", note="")
        scored = services.score_table(seed_project.table)
    finally:
        metrics.unregister("test.visits")
    row = next(r for r in scored.rows if r[0].pk == indicator.pk)
    assert row[1].value == "36" and row[1].source == "metric:test.visits"
    assert seen == [("chenggong", "2022")]
    indicator.refresh_from_db()
    assert indicator.manual_actual == ""


def test_a_failing_metric_is_logged_and_shown_not_swallowed(seed_project, caplog):
    def broken(unit, period):
        raise RuntimeError("ledger offline")

    metrics.register("test.broken", "坏指标", "个")(broken)
    try:
        Indicator.objects.filter(table=seed_project.table, position=3).update(metric="test.broken")
        with caplog.at_level(logging.ERROR, logger="investdesk.performance.metrics"):
            scored = services.score_table(seed_project.table)
    finally:
        metrics.unregister("test.broken")
    actual = next(r[1] for r in scored.rows if r[0].position == 3)
    assert actual.value is None and actual.error == "台账数据读取失败，错误已记录。"
    assert "metric test.broken failed" in caplog.text and "ledger offline" in caplog.text
    assert scored.result.complete is False


def test_binding_an_unknown_metric_is_refused(seed_project):
    indicator = seed_project.table.indicators.get(position=1)
    with pytest.raises(services.Refused, match="不是已登记的台账指标"):
        services.set_actual(indicator, actor=None, metric="nope.nothing", manual_actual="", note="")
    indicator.refresh_from_db()
    assert indicator.metric == "" and indicator.manual_actual == "120"


def test_metric_suggestions_prefer_similar_names(monkeypatch):
    monkeypatch.setattr(metrics, "_registry", {})  # only these two, whatever the ledgers register
    metrics.register("test.visits", "走访的重点企业数", "个")(lambda u, p: 0)
    metrics.register("test.articles", "发布的稿件", "篇")(lambda u, p: 0)
    names = [m.name for m, _ in metrics.suggest("实际走访的重点企业")]
    assert names == ["test.visits"]


def test_level1_weights_must_total_100_with_execution(seed_project):
    table = seed_project.table
    with pytest.raises(services.Refused, match="应为 100 分"):
        services.set_level1_weights(
            table, actor=None, weights={"产出指标": Decimal(40), "效益指标": Decimal(30), "满意度指标": Decimal(10)}
        )
    table.refresh_from_db()
    assert table.level1_weights == {}
    services.set_level1_weights(
        table, actor=None, weights={"产出指标": Decimal(40), "效益指标": Decimal(40), "满意度指标": Decimal(10)}
    )
    weights = [r[2].weight for r in services.score_table(table).rows]
    assert weights[:6] == [
        Decimal("6.67"),
        Decimal("6.67"),
        Decimal("6.67"),
        Decimal("6.67"),
        Decimal("6.66"),
        Decimal("6.66"),
    ]
    assert weights[6:9] == [Decimal("13.34"), Decimal("13.33"), Decimal("13.33")]


def _ready_evaluation(seed_project, people):
    return services.create_evaluation(seed_project.table, actor=people.finance)


def test_submitting_needs_the_written_reasons_and_changes_nothing_until_they_are_there(seed_project, people):
    evaluation = _ready_evaluation(seed_project, people)
    with pytest.raises(services.Refused) as refused:
        services.submit_evaluation(evaluation, actor=people.finance)
    assert refused.value.messages == ["发布稿件数量：目标未达到，请填写偏差原因和改进措施。"]
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT and evaluation.total is None
    line = evaluation.lines.get(indicator__name="发布稿件数量")
    services.update_evaluation(evaluation, actor=people.finance, fields={}, lines={line.pk: {"reason": "人手不足"}})
    services.submit_evaluation(evaluation, actor=people.finance)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total, evaluation.grade) == (
        EvaluationStatus.SUBMITTED,
        Decimal("97.33"),
        "优",
    )
    assert evaluation.submitted_by == people.finance


def test_a_low_execution_rate_needs_a_reason(seed_project, people):
    seed_project.spent_yuan = Decimal("50000")
    seed_project.save()
    evaluation = _ready_evaluation(seed_project, people)
    scored = services.score_evaluation(evaluation)
    problems = services.submission_problems(evaluation, scored, list(evaluation.lines.all()))
    assert [(p.message, p.field) for p in problems if "86.21" in p.message] == [
        ("预算：执行率为 86.21%，低于 90%，请填写原因。", "execution_reason")
    ]


def test_a_submitted_evaluation_is_frozen_against_later_actuals(seed_project, people):
    evaluation = _ready_evaluation(seed_project, people)
    EvaluationLine.objects.filter(evaluation=evaluation).update(reason="已说明")
    services.submit_evaluation(evaluation, actor=people.finance)
    Indicator.objects.filter(table=seed_project.table).update(manual_actual="1")
    evaluation.refresh_from_db()
    assert services.score_evaluation(evaluation).result.total == Decimal("97.33")
    with pytest.raises(services.Refused):
        services.update_evaluation(evaluation, actor=people.finance, fields={"problems": "x"}, lines={})


def test_approve_and_return(seed_project, people):
    evaluation = _ready_evaluation(seed_project, people)
    EvaluationLine.objects.filter(evaluation=evaluation).update(reason="已说明")
    services.submit_evaluation(evaluation, actor=people.finance)
    with pytest.raises(services.Refused, match="退回原因"):
        services.return_evaluation(evaluation, actor=people.director, reason=" ")
    services.return_evaluation(evaluation, actor=people.director, reason="请补充佐证")
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total, evaluation.return_reason) == ("draft", None, "请补充佐证")
    services.submit_evaluation(evaluation, actor=people.finance)
    services.approve_evaluation(evaluation, actor=people.director)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.APPROVED and evaluation.approved_by == people.director


@pytest.mark.parametrize("start, target", list(itertools.product(EvaluationStatus.values, repeat=2)))
def test_every_transition_pair_is_allowed_or_refused_by_the_table(seed_project, people, start, target):
    evaluation = _ready_evaluation(seed_project, people)
    EvaluationLine.objects.filter(evaluation=evaluation).update(reason="已说明")
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(status=start)
    evaluation.refresh_from_db()
    action = {
        EvaluationStatus.SUBMITTED: lambda: services.submit_evaluation(evaluation, actor=people.finance),
        EvaluationStatus.APPROVED: lambda: services.approve_evaluation(evaluation, actor=people.director),
        EvaluationStatus.DRAFT: lambda: services.return_evaluation(evaluation, actor=people.director, reason="退回"),
    }[target]
    allowed = target in SelfEvaluation.TRANSITIONS[start]
    if allowed:
        action()
        evaluation.refresh_from_db()
        assert evaluation.status == target
    else:
        with pytest.raises(services.Refused):
            action()
        evaluation.refresh_from_db()
        assert evaluation.status == start


def test_a_per_project_metric_gets_the_tables_project(seed_project):
    seen = []

    def spent_share(unit, period, project):
        seen.append((unit.code, period.key, project.pk))
        return Decimal("104.5")

    metrics.register("test.spent_share", "支出占年初预算", "%", per_project=True)(spent_share)
    try:
        Indicator.objects.filter(table=seed_project.table, position=6).update(metric="test.spent_share")
        row = next(r for r in services.score_table(seed_project.table).rows if r[0].position == 6)
    finally:
        metrics.unregister("test.spent_share")
    assert seen == [("chenggong", "2022", seed_project.pk)]
    assert (row[1].value, row[2].score) == ("104.5", Decimal("8.33"))  # 4.5 % off: no deduction


def test_a_budget_ledger_supplies_the_execution_figures(seed_project):
    def ledger(project, period):
        return metrics.Execution(Decimal(58000), Decimal(60000), Decimal(30000), "budget")

    metrics.register_execution("test.budget", ledger)
    try:
        execution = services.score_table(seed_project.table).result.execution
    finally:
        metrics.unregister_execution("test.budget")
    assert (execution.budget, execution.spent, execution.rate) == (Decimal(60000), Decimal(30000), Decimal("50.00"))
    assert services.score_table(seed_project.table).result.execution.spent == Decimal("52200")


def test_a_failing_execution_provider_is_logged_and_the_typed_figures_stay(seed_project, caplog):
    def broken(project, period):
        raise RuntimeError("ledger offline")

    metrics.register_execution("test.broken", broken)
    try:
        with caplog.at_level(logging.ERROR, logger="investdesk.performance.metrics"):
            execution = services.score_table(seed_project.table).result.execution
    finally:
        metrics.unregister_execution("test.broken")
    assert execution.spent == Decimal("52200")
    assert "execution provider test.broken failed" in caplog.text
