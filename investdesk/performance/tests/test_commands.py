"""The command-line contract of DESIGN.md: import_targets, score_rule, evaluate."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from investdesk.performance import metrics
from investdesk.performance.lib.table_writers import target_table_docx, target_table_xlsx
from investdesk.performance.lib.tables import parse_table_file
from investdesk.performance.models import BudgetProject, Indicator
from investdesk.performance.tests.fixtures.tables_seed import SEED_INDICATORS, SEED_PATH

CONTRACT_KEYS = [
    "level1",
    "level2",
    "name",
    "operator",
    "target",
    "measure_unit",
    "kind",
    "rule_text",
    "rule",
    "description",
    "basis",
    "weight",
]


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_targets_dry_run_json_prints_the_seeds_eleven_indicators_exactly():
    data = json.loads(run("import_targets", str(SEED_PATH), "--dry-run", "--json"))
    assert len(data["indicators"]) == 11
    for printed, expected in zip(data["indicators"], SEED_INDICATORS, strict=True):
        assert list(printed) == CONTRACT_KEYS
        for key in CONTRACT_KEYS:
            if key != "rule":
                assert printed[key] == getattr(expected, key), key
        assert printed["rule"]["terms"], printed["name"]
    project = data["project"]
    assert (project["name"], project["unit"], project["year"], project["budget_yuan"]) == (
        "投资服务中心经费",
        "昆明市呈贡区投资服务中心",
        2022,
        58000,
    )
    assert data["warnings"] == []
    assert BudgetProject.objects.count() == 0


@pytest.mark.django_db
def test_the_seed_rules_are_all_understood_with_the_right_terms():
    data = json.loads(run("import_targets", str(SEED_PATH), "--dry-run", "--json"))
    kinds = {row["name"]: [t["type"] for t in row["rule"]["terms"]] for row in data["indicators"]}
    assert kinds["公开发放的宣传材料数量"] == ["completion_floor", "default"]
    assert kinds["严格按照厉行节约，控制支出成本"] == ["deviation_bands"]
    assert kinds["提高投资项目审批及服务效率"] == ["value_gate", "default"]
    assert kinds["宣传内容知晓率"] == ["value_gate", "default"]
    assert kinds["媒体关注量"] == ["completion_floor", "default"]


@pytest.mark.django_db
def test_import_targets_saves_into_the_unit_and_refuses_a_second_import_without_replace(people):
    output = run("import_targets", str(SEED_PATH), "--unit", "chenggong")
    assert "公开发放的宣传材料数量" in output
    project = BudgetProject.objects.get(unit=people.unit)
    assert (project.year, project.name, project.budget_yuan) == (2022, "投资服务中心经费", Decimal("58000.00"))
    assert project.goal_start_year == 2022 and project.goal_end_year == 2024
    assert Indicator.objects.filter(table__project=project).count() == 11
    with pytest.raises(CommandError, match="已存在"):
        run("import_targets", str(SEED_PATH), "--unit", "chenggong")
    Indicator.objects.filter(table__project=project, position=1).update(manual_actual="99")
    run("import_targets", str(SEED_PATH), "--unit", "chenggong", "--replace")
    assert BudgetProject.objects.count() == 1
    assert Indicator.objects.get(table__project=project, position=1).manual_actual == ""


@pytest.mark.django_db
def test_import_targets_needs_a_unit_when_there_are_several(people):
    with pytest.raises(CommandError, match="--unit CODE is needed"):
        run("import_targets", str(SEED_PATH))
    with pytest.raises(CommandError, match="no such unit"):
        run("import_targets", str(SEED_PATH), "--unit", "nowhere")
    assert BudgetProject.objects.count() == 0


@pytest.mark.django_db
def test_an_unreadable_table_names_the_line_and_saves_nothing(people, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("三级指标|指标性质|指标值\n宣传材料|约等于|100\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_targets", str(bad), "--unit", "chenggong", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert any("第2行" in e and "约等于" in e for e in data["errors"])
    assert BudgetProject.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("writer, suffix", [(target_table_xlsx, "xlsx"), (target_table_docx, "docx")])
def test_import_targets_reads_the_official_exports_back(tmp_path, writer, suffix):
    parsed = parse_table_file(SEED_PATH.name, SEED_PATH.read_bytes())
    path = tmp_path / f"table.{suffix}"
    path.write_bytes(writer(parsed.project, parsed.indicators))
    data = json.loads(run("import_targets", str(path), "--dry-run", "--json"))
    assert [(r["name"], r["operator"], r["target"], r["rule_text"]) for r in data["indicators"]] == [
        (i.name, i.operator, i.target, i.rule_text) for i in SEED_INDICATORS
    ]


def score(*args) -> dict:
    return json.loads(run("score_rule", *args))


def test_score_rule_applies_the_completion_floor_and_scales_to_the_weight():
    rule = "完成量未达80%的该项计0分，满分100分。"
    below = score("--rule", rule, "--operator", ">=", "--target", "100", "--actual", "79", "--weight", "10")
    assert (below["score"], below["understood"], below["warnings"]) == (0, True, [])
    at = score("--rule", rule, "--operator", "≥", "--target", "100", "--actual", "80", "--weight", "10")
    assert at["score"] == 8
    assert "完成量不足目标值的80%" in at["explanation"]


def test_score_rule_reads_percent_and_deviation_bands():
    rule = "超出（低于）年初预算金额10%扣8分，超出（低于）年初预算金额20%扣15分。"
    assert score("--rule", rule, "--operator", "=", "--target", "100%", "--actual", "110%")["score"] == 92
    assert score("--rule", rule, "--operator", "=", "--target", "100%", "--actual", "80%")["score"] == 85
    assert score("--rule", rule, "--operator", "=", "--target", "100%", "--actual", "109.99%")["score"] == 100


def test_score_rule_with_the_default_weight_of_100_and_a_satisfaction_gate():
    rule = "满意度未超过90%的，该项计0分，满分100分。"
    assert score("--rule", rule, "--operator", "=", "--target", "100", "--actual", "90%")["score"] == 0
    assert score("--rule", rule, "--operator", "=", "--target", "100", "--actual", "95%")["score"] == 95


def test_score_rule_flags_a_sentence_it_does_not_understand_and_keeps_the_default():
    data = score(
        "--rule", "由评审专家综合打分", "--operator", ">=", "--target", "50", "--actual", "40", "--weight", "10"
    )
    assert data["understood"] is False
    assert data["score"] == 8
    assert data["warnings"] and "由评审专家综合打分" in data["warnings"][0]


def test_score_rule_scores_a_qualitative_label():
    data = score(
        "--rule",
        "明确得5分，基本明确得3分，不明确得0分",
        "--operator",
        "定性",
        "--target",
        "明确",
        "--actual",
        "基本明确",
        "--weight",
        "10",
    )
    assert (data["score"], data["understood"]) == (6, True)


def test_score_rule_refuses_a_bad_operator_and_weight():
    with pytest.raises(CommandError, match="--operator"):
        run("score_rule", "--rule", "x", "--operator", "about", "--target", "1", "--actual", "1")
    with pytest.raises(CommandError, match="--weight"):
        run("score_rule", "--rule", "x", "--operator", ">=", "--target", "1", "--actual", "1", "--weight", "ten")


@pytest.fixture
def seeded(people):
    run("import_targets", str(SEED_PATH), "--unit", "chenggong")
    project = BudgetProject.objects.get()
    project.spent_yuan = Decimal("52200")
    project.save()
    actuals = ["120", "40", "45", "40", "50", "100%", "95%", "600", "80%", "100%", "100%"]
    for indicator, actual in zip(project.table.indicators.all(), actuals, strict=True):
        indicator.manual_actual = actual
        indicator.save()
    return project


def test_evaluate_prints_every_indicator_the_total_and_the_grade(seeded):
    data = json.loads(run("evaluate", "--unit", "chenggong", "--year", "2022", "--json"))
    assert data["project"]["name"] == "投资服务中心经费"
    assert data["execution"] == {"initial_budget": 58000, "budget": 58000, "spent": 52200, "rate": 90, "score": 9}
    rows = {row["name"]: row for row in data["indicators"]}
    assert len(rows) == 11
    assert rows["发布稿件数量"] == {
        "name": "发布稿件数量",
        "operator": ">=",
        "target": "50",
        "actual": "40",
        "source": "manual",
        "weight": 8.34,
        "score": 6.67,
    }
    # 产出 50 − 8.34 × (1 − 0.8) = 48.33; 效益 30; 满意度 10; execution 9 → 97.33
    assert (data["total"], data["grade"]) == (97.33, "优")


def test_evaluate_takes_actuals_from_a_bound_metric(seeded):
    metrics.register("test.articles", "发布稿件", "篇")(lambda unit, period: Decimal(25))
    try:
        Indicator.objects.filter(name="发布稿件数量").update(metric="test.articles", manual_actual="")
        data = json.loads(run("evaluate", "--unit", "chenggong", "--year", "2022", "--json"))
    finally:
        metrics.unregister("test.articles")
    row = next(r for r in data["indicators"] if r["name"] == "发布稿件数量")
    assert (row["actual"], row["source"], row["score"]) == ("25", "metric:test.articles", 0)


def test_evaluate_refuses_unknown_units_years_and_ambiguity(seeded):
    with pytest.raises(CommandError, match="no such unit"):
        run("evaluate", "--unit", "nowhere", "--year", "2022")
    with pytest.raises(CommandError, match="no project"):
        run("evaluate", "--unit", "chenggong", "--year", "2030")
    BudgetProject.objects.create(unit=seeded.unit, year=2022, name="另一个项目")
    run("evaluate", "--unit", "chenggong", "--year", "2022")  # a project without a table is not a candidate
    second = BudgetProject.objects.create(unit=seeded.unit, year=2022, name="第三个项目")
    from investdesk.performance.models import TargetTable

    TargetTable.objects.create(unit=seeded.unit, project=second)
    with pytest.raises(CommandError, match="--project"):
        run("evaluate", "--unit", "chenggong", "--year", "2022")
    text = run("evaluate", "--unit", "chenggong", "--year", "2022", "--project", str(seeded.pk))
    assert "总分 97.33  等级 优" in text
