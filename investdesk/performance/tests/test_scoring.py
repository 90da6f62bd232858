"""Scoring one indicator, a whole table, and mid-year monitoring (pure Python, no Django)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from investdesk.performance.lib.rules import parse_rule
from investdesk.performance.lib.scoring import (
    ExecutionInput,
    IndicatorInput,
    ScoringSettings,
    allocate_weights,
    evaluate_table,
    execution_score,
    grade_for,
    light_for,
    monitor,
    score_indicator,
)

D = Decimal
COMPLETION = "完成量未达80%的该项计0分，满分100分。"
DEVIATION = "超出（低于）年初预算金额10%扣8分，超出（低于）年初预算金额20%扣15分。"
SATISFACTION = "满意度未超过90%的，该项计0分，满分100分。"
AWARENESS = "知晓率未达80%的该项计0分，满分100分。"


def score(text, operator, target, actual, weight="10", kind="quantitative", unit=None, settings=None, **kw):
    rule = parse_rule(text, measure_unit=unit).rule if text is not None else None
    return score_indicator(
        rule=rule,
        operator=operator,
        target=target,
        actual=actual,
        weight=D(weight),
        kind=kind,
        settings=settings,
        **kw,
    )


# --- one indicator: exact values per term type and boundary ---------------------------------


@pytest.mark.parametrize(
    ("text", "operator", "target", "actual", "weight", "unit", "expected"),
    [
        # completion_floor: exactly 80% is not zero, 79.99% is
        (COMPLETION, ">=", "100", "80", "10", "份", "8.00"),
        (COMPLETION, ">=", "100", "79.99", "10", "份", "0.00"),
        (COMPLETION, ">=", "45", "36", "8.33", "个", "6.66"),
        (COMPLETION, ">=", "100", "120", "8.33", "份", "8.33"),
        # value_gate: 未超过90% zeroes exactly 90, not 90.01; 未达80% zeroes 79.99, not 80
        (SATISFACTION, "=", "100", "90", "5", "%", "0.00"),
        (SATISFACTION, "=", "100", "90.01", "5", "%", "4.50"),
        ("服务企业满意度未超过90%的，该项计0分，满分100分。", ">", "90", "90.01", "10", "%", "10.00"),
        (AWARENESS, ">=", "80", "79.99", "10", "%", "0.00"),
        (AWARENESS, ">=", "80", "80", "10", "%", "10.00"),
        # deviation_bands: 10% deducts 8 of 100, 9.99% nothing, 20% deducts 15 (not 23)
        (DEVIATION, "=", "100", "110", "100", "%", "92.00"),
        (DEVIATION, "=", "100", "90", "100", "%", "92.00"),
        (DEVIATION, "=", "100", "90.01", "100", "%", "100.00"),
        (DEVIATION, "=", "100", "80", "100", "%", "85.00"),
        (DEVIATION, "=", "100", "130", "100", "%", "85.00"),
        (DEVIATION, "=", "100", "110", "10", "%", "9.20"),
        # bands
        ("完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分", ">=", "50", "45", "5", "个", "5.00"),
        (
            "完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分",
            ">=",
            "50",
            "44.99",
            "5",
            "个",
            "4.00",
        ),
        ("完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分", ">=", "50", "40", "5", "个", "4.00"),
        (
            "完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分",
            ">=",
            "50",
            "39.99",
            "5",
            "个",
            "0.00",
        ),
        ("在95%-100%之间得满分", ">=", "95", "96", "10", "%", "10.00"),
        ("在95%-100%之间得满分", ">=", "95", "94", "10", "%", "0.00"),
        # per_unit_deduction, on the sentence's scale of 100 unless stated
        ("每超过一个百分点扣0.5分，扣完为止，满分10分", "<=", "5", "7", "10", "%", "9.00"),
        ("每超过一个百分点扣0.5分，扣完为止，满分10分", "<=", "5", "30", "10", "%", "0.00"),
        ("每少1个扣2分，满分10分", ">=", "10", "7", "10", "个", "4.00"),
        ("每少1个扣2分", ">=", "10", "7", "10", "个", "9.40"),
        ("每降低1%扣1分，满分10分", ">=", "200", "190", "10", "次", "5.00"),
        # proportional and inverse ratio, always within [0, weight]
        ("按完成比例得分", ">=", "40", "30", "10", "个", "7.50"),
        ("按完成比例得分", ">=", "40", "60", "10", "个", "10.00"),
        ("得分=目标值/实际值×分值", "<=", "5", "8", "10", "天", "6.25"),
        ("得分=目标值/实际值×分值", "<=", "5", "4", "10", "天", "10.00"),
        # binary by number
        ("达到目标值得满分，未达到不得分", ">=", "50", "50", "10", "篇", "10.00"),
        ("达到目标值得满分，未达到不得分", ">=", "50", "49", "10", "篇", "0.00"),
        # bonus stays capped at the weight; it lifts a score only where the base is below the weight
        ("每超过1个加0.5分，最多加2分", ">=", "10", "14", "10", "个", "10.00"),
        (
            "完成率90%（含）以上得10分，每超过1个加0.5分，最多加2分，满分20分",
            ">=",
            "10",
            "14",
            "10",
            "个",
            "6.00",
        ),
        (
            "完成率90%（含）以上得10分，每超过1个加0.5分，最多加2分，满分20分",
            ">=",
            "10",
            "20",
            "10",
            "个",
            "6.00",
        ),
    ],
)
def test_rule_terms_score_exactly(text, operator, target, actual, weight, unit, expected):
    result = score(text, operator, target, actual, weight, unit=unit)
    assert result.errors == []
    assert result.score == D(expected), result.explanation


def test_full_score_scaling_turns_eight_of_100_into_point_eight_of_ten():
    result = score(DEVIATION + "满分100分。", "=", "100", "110", "10", unit="%")
    assert result.score == D("9.20")
    assert "扣8分（满分100分）" in result.explanation


@pytest.mark.parametrize(
    ("operator", "actual", "score_", "met"),
    [
        (">=", "90", "10.00", True),
        (">", "90", "10.00", False),  # exactly at target is not met for ">"; actual ÷ target × points is full
        (">", "90.5", "10.00", True),
        ("<=", "5", "10.00", True),
        ("<", "5", "10.00", False),
    ],
)
def test_strict_operators_are_not_met_exactly_at_the_target(operator, actual, score_, met):
    target = "90" if operator.startswith(">") else "5"
    result = score(None, operator, target, actual)
    assert (result.score, result.met) == (D(score_), met)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("5", "10.00"), ("7.5", "5.00"), ("9", "2.00"), ("10", "0.00"), ("12", "0.00"), ("3", "10.00")],
)
def test_reverse_linear_variant(actual, expected):
    assert score(None, "<=", "5", actual).score == D(expected)


@pytest.mark.parametrize(("actual", "expected"), [("5", "10.00"), ("8", "6.25"), ("10", "5.00"), ("20", "2.50")])
def test_reverse_ratio_variant(actual, expected):
    settings = ScoringSettings(reverse_variant="ratio")
    assert score(None, "<=", "5", actual, settings=settings).score == D(expected)


@pytest.mark.parametrize(
    ("actual", "expected", "met"), [("0", "10.00", True), ("-1", "10.00", True), ("0.01", "0.00", False)]
)
def test_equal_to_zero_target(actual, expected, met):
    result = score(None, "=", "0", actual)
    assert (result.score, result.met) == (D(expected), met)


def test_equal_to_a_nonzero_target_scores_as_positive():
    assert score(None, "=", "100", "95", "5").score == D("4.75")
    assert score(None, "=", "100", "100", "5").met is True


def test_positive_default_rounds_half_up():
    assert score(None, ">=", "3", "1", "10").score == D("3.33")
    assert score(None, ">=", "8", "1", "0.5").score == D("0.06")  # 0.0625 → 0.06
    assert score(None, ">=", "16", "1", "1").score == D("0.06")  # 0.0625 → 0.06
    assert score(None, ">=", "40", "1", "1").score == D("0.03")  # 0.025 → 0.03, half up


@pytest.mark.parametrize(
    ("actual", "expected", "met"),
    [
        ("达成", "10.00", True),
        ("达成年度指标", "10.00", True),
        ("部分达成", "7.00", False),
        ("部分达成并具有一定效果", "7.00", False),
        ("未达成", "3.00", False),
        ("未达成且效果较差", "3.00", False),
        ("部分达成 75%", "7.50", False),
        ("部分达成 60%", "6.00", False),
        ("达成 85%", "8.50", True),
        ("好", "10.00", True),
        ("较好", "8.00", True),
        ("一般", "6.00", False),
        ("较差", "4.00", False),
    ],
)
def test_qualitative_labels_score_within_their_bands(actual, expected, met):
    result = score(None, "qualitative", "成效明显", actual, kind="qualitative")
    assert result.errors == []
    assert (result.score, result.met) == (D(expected), met)


def test_a_percent_outside_its_band_is_an_error_not_a_score():
    result = score(None, "qualitative", "成效明显", "部分达成 85%", kind="qualitative")
    assert result.score is None
    assert result.errors == ["“部分达成”的得分比例应在60%–80%之间，填写的是85%"]


def test_the_band_percent_may_come_as_a_separate_argument():
    assert score(None, "qualitative", None, "部分达成", kind="qualitative", band_percent="65").score == D("6.50")
    bad = score(None, "qualitative", None, "未达成", kind="qualitative", band_percent="61")
    assert bad.score is None and bad.errors


def test_a_qualitative_indicator_with_a_numeric_target_takes_a_number_or_a_label():
    assert score(SATISFACTION, "=", "100", "95", "5", kind="qualitative", unit="%").score == D("4.75")
    by_label = score(SATISFACTION, "=", "100", "部分达成", "5", kind="qualitative", unit="%")
    assert by_label.score == D("3.50")
    assert by_label.warnings == ["评分标准中按数值计分的条款（value_gate）不适用于等级评价，按等级计分"]


def test_a_band_label_on_a_quantitative_indicator_is_an_error():
    result = score(COMPLETION, ">=", "100", "达成", unit="份")
    assert result.score is None
    assert result.errors == ["定量指标请填写数值实际完成值，而不是等级“达成”"]


@pytest.mark.parametrize(("actual", "expected"), [("明确", "10.00"), ("基本明确", "6.00"), ("不明确", "0.00")])
def test_categorical_labels_from_the_rule(actual, expected):
    result = score("明确得5分，基本明确得3分，不明确得0分", "qualitative", None, actual, kind="qualitative")
    assert result.score == D(expected)


def test_a_categorical_rule_overrides_the_four_word_defaults():
    assert score(
        "好得满分，较好得80%，一般得60%，较差不得分", "qualitative", None, "较差", kind="qualitative"
    ).score == D("0.00")


@pytest.mark.parametrize(("actual", "expected", "met"), [("是", "10.00", True), ("否", "0.00", False)])
def test_binary_labels(actual, expected, met):
    result = score("是得10分，否得0分", "qualitative", None, actual, "10", kind="qualitative")
    assert (result.score, result.met) == (D(expected), met)


def test_binary_by_label_and_by_number():
    rule = "完成得分，未完成不得分"
    assert score(rule, ">=", "1", "完成").score == D("10.00")
    assert score(rule, ">=", "1", "未完成").score == D("0.00")
    assert score(rule, ">=", "1", "1").score == D("10.00")


def test_missing_actual_has_no_score_and_no_error():
    for actual in (None, "", "  "):
        result = score(COMPLETION, ">=", "100", actual)
        assert (result.score, result.met, result.errors) == (None, None, [])
        assert result.explanation == "尚未填写实际完成值"


@pytest.mark.parametrize("actual", ["很多", "1 2", "1e999", "９９９９９９９９９９９９９９９９９"])
def test_unreadable_actuals_are_errors(actual):
    result = score(COMPLETION, ">=", "100", actual)
    assert result.score is None
    assert result.errors


def test_actual_numbers_may_carry_percent_full_width_and_a_unit():
    assert score(None, ">=", "100", "９５％").score == D("9.50")
    assert score(None, ">=", "100", "95 %").score == D("9.50")
    result = score(None, ">=", "100", "120份")
    assert result.score == D("10.00")
    assert result.warnings == ["已忽略实际完成值中的“份”，按数字120计分"]


def test_an_invalid_hand_edited_rule_falls_back_to_the_default():
    result = score_indicator(
        rule={"terms": [{"type": "magic"}]}, operator=">=", target="100", actual="50", weight=D(10)
    )
    assert result.score == D("5.00")
    assert result.warnings[0].startswith("评分规则无效，按默认公式计分")


def test_the_explanation_shows_the_numbers():
    result = score(COMPLETION, ">=", "100", "85", "8.33", unit="份")
    assert result.explanation == (
        "完成率85.00%不低于80%，门槛条款不扣分；未达到目标，得分 = 实际值85 ÷ 目标值100 × 分值8.33 = 7.08；"
        "本项得分7.08（分值8.33）。"
    )
    assert result.ratio == D("85.00")


def test_score_result_to_dict_is_json_ready():
    data = score(COMPLETION, ">=", "100", "85", "8.33").to_dict()
    assert data["score"] == "7.08" and data["ratio"] == "85.00"
    json.dumps(data, ensure_ascii=False)


# --- settings -------------------------------------------------------------------------------


def test_settings_round_trip_through_json():
    settings = ScoringSettings.from_dict(
        {
            "reverse_variant": "ratio",
            "execution_points": "20",
            "level1_weights": {"产出指标": 40, "效益指标": 30, "满意度指标": "10"},
        }
    )
    again = ScoringSettings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert again == settings
    assert again.indicator_points == D(80)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"colour": "red"}, "colour"),
        ({"execution_points": "ten"}, "execution_points"),
        ({"reverse_variant": "cubic"}, "reverse_variant"),
        ({"level1_weights": {"产出指标": 60, "效益指标": 30, "满意度指标": 10}}, "level1_weights"),
        ({"grade_cutoffs": {"优": 90, "良": 90, "中": 60}}, "grade_cutoffs"),
        ({"qualitative_bands": {"达成": {"min": 80, "max": 100, "default": 70}}}, "qualitative_bands.达成"),
        ({"monitoring_months": 13}, "monitoring_months"),
        ({"light_red_below": 90}, "light_red_below"),
    ],
)
def test_bad_settings_name_the_key(data, key):
    with pytest.raises(ValueError, match=f"^{key}"):
        ScoringSettings.from_dict(data)


# --- weights --------------------------------------------------------------------------------


def ind(key, level1, weight=None, actual=None, **kw):
    defaults = {
        "level2": None,
        "name": f"指标{key}",
        "operator": ">=",
        "target": "100",
        "kind": "quantitative",
        "rule": None,
        "measure_unit": None,
    }
    defaults.update(kw)
    return IndicatorInput(key=key, level1=level1, weight=weight, actual=actual, **defaults)


SEED_TREE = (
    [ind(f"n{i}", "产出指标", level2="数量指标") for i in range(5)]
    + [ind("cost", "产出指标", level2="成本指标")]
    + [ind("econ", "效益指标", level2="经济效益指标")]
    + [ind(f"soc{i}", "效益指标", level2="社会效益指标") for i in range(2)]
    + [ind(f"sat{i}", "满意度指标", level2="服务对象满意度指标") for i in range(2)]
)


def test_the_seed_tree_splits_evenly_with_the_residue_landing_exactly():
    weights, warnings, errors = allocate_weights(SEED_TREE, ScoringSettings())
    assert (warnings, errors) == ([], [])
    assert [weights[f"n{i}"] for i in range(5)] + [weights["cost"]] == [
        D("8.34"),
        D("8.34"),
        D("8.33"),
        D("8.33"),
        D("8.33"),
        D("8.33"),
    ]
    assert sum(weights[k] for k in ("n0", "n1", "n2", "n3", "n4", "cost")) == D(50)
    assert [weights[k] for k in ("econ", "soc0", "soc1")] == [D(10), D(10), D(10)]
    assert [weights["sat0"], weights["sat1"]] == [D(5), D(5)]
    assert sum(weights.values()) == D(90)


def test_a_table_without_satisfaction_gives_its_points_in_proportion():
    table = [ind("a", "产出指标"), ind("b", "产出指标"), ind("c", "效益指标")]
    weights, warnings, _ = allocate_weights(table, ScoringSettings())
    assert weights == {"a": D("28.13"), "b": D("28.12"), "c": D("33.75")}
    assert warnings == ["没有“满意度指标”的指标，其10分按比例分给其他一级指标"]


def test_a_2021_cost_level1_shares_output_points_and_says_so():
    table = [ind("a", "产出指标"), ind("b", "成本指标"), ind("c", "效益指标"), ind("d", "满意度指标")]
    weights, warnings, _ = allocate_weights(table, ScoringSettings())
    assert (weights["a"], weights["b"], weights["c"], weights["d"]) == (D(25), D(25), D(30), D(10))
    assert warnings == ["“成本指标”未单独设置权重，与“产出指标”共用50分，按指标个数平均分配"]


def test_a_cost_level1_with_its_own_weight_is_not_shared():
    settings = ScoringSettings(
        level1_weights={"产出指标": D(40), "成本指标": D(10), "效益指标": D(30), "满意度指标": D(10)}
    )
    weights, warnings, _ = allocate_weights(
        [ind("a", "产出指标"), ind("b", "成本指标"), ind("c", "效益指标"), ind("d", "满意度指标")], settings
    )
    assert (weights["a"], weights["b"], warnings) == (D(40), D(10), [])


def test_explicit_weights_win_when_complete_and_right():
    table = [ind("a", "产出指标", D(60)), ind("b", "效益指标", D(20)), ind("c", "满意度指标", D(10))]
    assert allocate_weights(table, ScoringSettings()) == ({"a": D(60), "b": D(20), "c": D(10)}, [], [])


def test_explicit_weights_that_do_not_total_name_the_difference():
    table = [ind("a", "产出指标", D(60)), ind("b", "效益指标", D(20)), ind("c", "满意度指标", D(8))]
    weights, _, errors = allocate_weights(table, ScoringSettings())
    assert errors == ["各指标分值合计88.00分，应为90.00分（100 − 预算执行率10分），相差-2.00分；已按默认权重分配"]
    assert weights == {"a": D(50), "b": D(30), "c": D(10)}


def test_partial_explicit_weights_are_ignored_with_a_warning():
    table = [ind("a", "产出指标", D(60)), ind("b", "效益指标"), ind("c", "满意度指标")]
    weights, warnings, errors = allocate_weights(table, ScoringSettings())
    assert weights == {"a": D(50), "b": D(30), "c": D(10)}
    assert warnings == ["只有部分指标填写了分值，已忽略，按默认权重分配"] and errors == []


def test_an_unknown_level1_gets_no_points_and_an_error():
    weights, _, errors = allocate_weights([ind("a", "产出指标"), ind("x", "其他指标")], ScoringSettings())
    assert weights["x"] == D(0)
    assert errors == ["指标“指标x”的一级指标“其他指标”没有设置权重，分值计为0"]


# --- grades, execution, lights --------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grades(total, grade):
    assert grade_for(D(total), ScoringSettings()) == grade


@pytest.mark.parametrize(
    ("spent", "rate", "points", "reason"),
    [
        ("89.99", "89.99", "9.00", True),
        ("90", "90.00", "9.00", False),
        ("100", "100.00", "10.00", False),
        ("120", "120.00", "10.00", False),
        ("0", "0.00", "0.00", True),
        ("50.005", "50.01", "5.00", True),
    ],
)
def test_execution_rate_score_and_reason(spent, rate, points, reason):
    result = execution_score(ExecutionInput(D(100), D(100), D(spent)), ScoringSettings())
    assert (result.rate, result.score, result.needs_reason) == (D(rate), D(points), reason)


def test_execution_uses_the_adjusted_budget_and_falls_back_to_the_initial_one():
    assert execution_score(ExecutionInput(D(58000), D(50000), D(45000))).rate == D("90.00")
    fallback = execution_score(ExecutionInput(D(58000), None, D(52200)))
    assert fallback.rate == D("90.00")
    assert fallback.warnings == ["未填写全年预算数，按年初预算数计算执行率"]
    assert execution_score(ExecutionInput(None, None, D(1))).errors == ["全年预算数为空或不大于0，无法计算预算执行率"]


@pytest.mark.parametrize(
    ("value", "light"),
    [
        ("59.99", "red"),
        ("60", "yellow"),
        ("79.99", "yellow"),
        ("80", "green"),
        ("150", "green"),
        ("0", "red"),
    ],
)
def test_lights(value, light):
    assert light_for(D(value), ScoringSettings()) == light


# --- the whole table ------------------------------------------------------------------------


def seed_table(actuals: dict[str, str | None]) -> list[IndicatorInput]:
    rows = [
        ("n0", "产出指标", ">=", "100", "份", "定量指标", COMPLETION),
        ("n1", "产出指标", ">=", "50", "篇", "定量指标", COMPLETION),
        ("n2", "产出指标", ">=", "45", "个", "定量指标", COMPLETION),
        ("n3", "产出指标", ">=", "40", "个", "定量指标", COMPLETION),
        ("n4", "产出指标", ">=", "50", "次", "定量指标", COMPLETION),
        ("cost", "产出指标", "=", "100", "%", "定性指标", DEVIATION),
        ("econ", "效益指标", ">", "90", "%", "定性指标", "服务企业满意度未超过90%的，该项计0分，满分100分。"),
        ("soc0", "效益指标", ">=", "600", "次", "定量指标", "关注量未达80%的该项计0分，满分100分。"),
        ("soc1", "效益指标", ">=", "80", "%", "定性指标", AWARENESS),
        ("sat0", "满意度指标", "=", "100", "%", "定性指标", SATISFACTION),
        ("sat1", "满意度指标", "=", "100", "%", "定性指标", SATISFACTION),
    ]
    return [
        IndicatorInput(
            key=k,
            level1=l1,
            level2=None,
            name=k,
            operator=op,
            target=t,
            kind=kind,
            rule=parse_rule(text, measure_unit=unit).rule,
            weight=None,
            actual=actuals.get(k),
            measure_unit=unit,
        )
        for k, l1, op, t, unit, kind, text in rows
    ]


FULL_ACTUALS = {
    "n0": "120",
    "n1": "45",
    "n2": "30",
    "n3": "40",
    "n4": "70",
    "cost": "95",
    "econ": "96",
    "soc0": "500",
    "soc1": "达成",
    "sat0": "95",
    "sat1": "92",
}


def test_it_evaluates_the_seed_table():
    result = evaluate_table(seed_table(FULL_ACTUALS), ExecutionInput(D(58000), D(58000), D(52000)), ScoringSettings())
    scores = {r.key: r.score for r in result.indicators}
    assert scores == {
        "n0": D("8.34"),
        "n1": D("7.51"),
        "n2": D("0.00"),
        "n3": D("8.33"),
        "n4": D("8.33"),
        "cost": D("8.33"),
        "econ": D("10.00"),
        "soc0": D("8.33"),
        "soc1": D("10.00"),
        "sat0": D("4.75"),
        "sat1": D("4.60"),
    }
    assert (result.execution.rate, result.execution.score, result.execution.needs_reason) == (
        D("89.66"),
        D("8.97"),
        True,
    )
    assert result.total == D("87.49")
    assert (result.grade, result.complete) == ("良", True)
    reasons = {r.key: r.reason_kind for r in result.indicators if r.needs_reason}
    assert reasons == {
        "n1": "unmet",
        "n2": "unmet",
        "n4": "overshoot",
        "soc0": "unmet",
        "sat0": "unmet",
        "sat1": "unmet",
    }
    json.dumps(result.to_dict(), ensure_ascii=False)


def test_a_missing_actual_counts_zero_and_marks_the_table_incomplete():
    actuals = dict(FULL_ACTUALS, sat1=None)
    result = evaluate_table(seed_table(actuals), ExecutionInput(D(58000), D(58000), D(52000)), ScoringSettings())
    assert result.total == D("82.89")
    assert result.complete is False
    assert result.warnings[-1] == "有指标尚未填写实际完成值（或无法计分），总分按0分计入，结果不完整"


def test_to_dict_writes_amounts_without_floats():
    result = evaluate_table(seed_table(FULL_ACTUALS), ExecutionInput(D("58000.00"), D("58000.00"), D("52000.5")))
    data = result.to_dict()
    assert data["total"] == "87.49"
    assert data["execution"]["spent"] == "52000.5"
    assert data["indicators"][0]["weight"] == "8.34"


# --- monitoring -----------------------------------------------------------------------------


def test_monitoring_execution_light_over_january_to_july():
    result = monitor([], ExecutionInput(D(58000), D(58000), D(29000)), months_elapsed=7, settings=ScoringSettings())
    assert (result.execution.rate, result.execution.progress, result.execution.light) == (
        D("50.00"),
        D("85.71"),
        "green",
    )
    low = monitor([], ExecutionInput(D(120), D(120), D(40)), months_elapsed=6)
    assert (low.execution.progress, low.execution.light) == (D("66.67"), "yellow")


def test_monitoring_counts_are_pro_rated_and_rates_are_not():
    rows = seed_table({"n0": "40", "econ": "96", "sat0": "50", "soc1": "部分达成", "n1": "未达成"})
    result = monitor(rows, ExecutionInput(D(100), D(100), D(50)), months_elapsed=6, settings=ScoringSettings())
    by_key = {r.key: r for r in result.indicators}
    assert (by_key["n0"].progress, by_key["n0"].light, by_key["n0"].basis) == (
        D("80.00"),
        "green",
        "pro_rata",
    )
    assert (by_key["econ"].progress, by_key["econ"].basis) == (D("106.67"), "direct")
    assert (by_key["sat0"].progress, by_key["sat0"].light) == (D("50.00"), "red")
    assert (by_key["soc1"].light, by_key["soc1"].basis) == ("yellow", "label")
    assert by_key["n1"].light == "red"
    assert by_key["n2"].light is None and by_key["n2"].explanation == "尚未填报"


def test_monitoring_a_ceiling_compares_with_the_full_year_limit():
    rows = [
        ind("days", "产出指标", operator="<=", target="20", actual="15"),
        ind("late", "产出指标", operator="<=", target="20", actual="26"),
    ]
    result = monitor(rows, ExecutionInput(D(1), D(1), D(0)), months_elapsed=7)
    assert [(r.progress, r.light, r.basis) for r in result.indicators] == [
        (D("100.00"), "green", "limit"),
        (D("70.00"), "yellow", "limit"),
    ]


def test_monitoring_defaults_to_the_settings_months_and_rejects_bad_ones():
    assert monitor([], ExecutionInput(None, D(12), D(7))).months_elapsed == 7
    bad = monitor([], ExecutionInput(None, D(12), D(7)), months_elapsed=13)
    assert bad.months_elapsed == 7 and bad.errors
    json.dumps(bad.to_dict(), ensure_ascii=False)


def test_a_deduction_counts_from_the_threshold_it_was_written_with():
    result = score("满意度95%以上得满分，每降低1个百分点扣1分，满分10分", ">=", "90", "93", "10", unit="%")
    assert result.score == D("8.00")
    ratio_rule = score("完成率达到100%得满分，每降低1%扣1分，扣完为止", ">=", "50", "45", "10", unit="个")
    assert ratio_rule.score == D("9.00")


def test_points_beside_full_are_the_indicator_own_when_no_scale_is_stated():
    rule = "完成率≥95%得满分，90%≤完成率<95%得8分，完成率<90%不得分"
    assert score(rule, ">=", "100", "92", "10", unit="个").score == D("8.00")
    assert score(rule, ">=", "100", "92", "5", unit="个").score == D("5.00")  # clamped to the weight


def test_grade_cutoffs_do_not_depend_on_the_stored_key_order():
    # PostgreSQL's jsonb gives keys back sorted, not in the order they were written.
    shuffled = ScoringSettings.from_dict({"grade_cutoffs": {"中": "60", "优": "90", "良": "80"}})
    assert [grade_for(Decimal(t), shuffled) for t in ("95", "85", "65", "30")] == ["优", "良", "中", "差"]
