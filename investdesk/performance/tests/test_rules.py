"""The 评（扣）分标准 parser, the rule validator and the plain-words explanation (no Django)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from investdesk.performance.lib.rules import (
    TERM_TYPES,
    default_rule,
    explain_rule,
    full_score_of,
    parse_rule,
    validate_rule,
)
from investdesk.performance.lib.rules_text import normalise_operator, read_actual

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "000_82a9b2ebbd693ac0.txt"

SEED_COMPLETION = "完成量未达80%的该项计0分，满分100分。"
SEED_DEVIATION = "超出（低于）年初预算金额10%扣8分，超出（低于）年初预算金额20%扣15分。"
SEED_SERVICE_SATISFACTION = "服务企业满意度未超过90%的，该项计0分，满分100分。"
SEED_ATTENTION = "关注量未达80%的该项计0分，满分100分。"
SEED_AWARENESS = "知晓率未达80%的该项计0分，满分100分。"
SEED_SATISFACTION = "满意度未超过90%的，该项计0分，满分100分。"
ZERO_POINTS = {"points": "0"}


def _terms(text: str, **kwargs) -> list[dict]:
    parsed = parse_rule(text, **kwargs)
    assert parsed.understood, parsed.unparsed
    assert validate_rule(parsed.rule) == []
    return parsed.rule["terms"]


@pytest.mark.skipif(not SEED.exists(), reason="shared/ seed not beside the repository")
def test_the_seed_sentences_are_quoted_verbatim():
    text = SEED.read_text(encoding="utf-8")
    for sentence in (
        SEED_COMPLETION,
        SEED_DEVIATION,
        SEED_SERVICE_SATISFACTION,
        SEED_ATTENTION,
        SEED_AWARENESS,
        SEED_SATISFACTION,
    ):
        assert sentence in text


# --- the seed's sentence forms --------------------------------------------------------------


def test_it_parses_the_seed_completion_floor():
    parsed = parse_rule(SEED_COMPLETION, operator=">=", target="100", measure_unit="份（部、个、幅、条）")
    assert parsed.understood is True
    assert parsed.unparsed == [] and parsed.warnings == []
    assert parsed.rule == {
        "terms": [
            {
                "type": "completion_floor",
                "subject": "完成量",
                "threshold": "80",
                "inclusive": False,
                "award": ZERO_POINTS,
            },
            {"type": "default"},
        ],
        "full_score": "100",
        "source_text": SEED_COMPLETION,
    }


def test_it_parses_the_seed_deviation_bands():
    parsed = parse_rule(SEED_DEVIATION, operator="=", target="100", measure_unit="%")
    assert parsed.understood is True
    assert parsed.rule["terms"] == [
        {
            "type": "deviation_bands",
            "direction": "both",
            "reference": "年初预算金额",
            "bands": [{"at": "10", "deduct": "8"}, {"at": "20", "deduct": "15"}],
        }
    ]
    assert parsed.rule["full_score"] is None


def test_it_parses_the_seed_service_satisfaction_gate():
    parsed = parse_rule(SEED_SERVICE_SATISFACTION, operator=">", target="90", measure_unit="%")
    assert parsed.understood is True
    assert parsed.rule["terms"] == [
        {
            "type": "value_gate",
            "subject": "服务企业满意度",
            "threshold": "90",
            "inclusive": True,
            "award": ZERO_POINTS,
            "unit": "%",
        },
        {"type": "default"},
    ]
    assert parsed.rule["full_score"] == "100"


def test_it_parses_the_seed_attention_floor_as_a_completion_ratio():
    parsed = parse_rule(SEED_ATTENTION, operator=">=", target="600", measure_unit="次")
    assert parsed.understood is True
    assert parsed.rule["terms"] == [
        {
            "type": "completion_floor",
            "subject": "关注量",
            "threshold": "80",
            "inclusive": False,
            "award": ZERO_POINTS,
        },
        {"type": "default"},
    ]


def test_it_parses_the_seed_awareness_gate_on_the_raw_rate():
    parsed = parse_rule(SEED_AWARENESS, operator=">=", target="80", measure_unit="%")
    assert parsed.understood is True
    assert parsed.rule["terms"] == [
        {
            "type": "value_gate",
            "subject": "知晓率",
            "threshold": "80",
            "inclusive": False,
            "award": ZERO_POINTS,
            "unit": "%",
        },
        {"type": "default"},
    ]


def test_it_parses_the_seed_satisfaction_gate():
    parsed = parse_rule(SEED_SATISFACTION, operator="=", target="100", measure_unit="%")
    assert parsed.understood is True
    assert parsed.rule["terms"][0] == {
        "type": "value_gate",
        "subject": "满意度",
        "threshold": "90",
        "inclusive": True,
        "award": ZERO_POINTS,
        "unit": "%",
    }
    assert parsed.rule["terms"][1] == {"type": "default"}


def test_a_completion_rate_threshold_is_the_completion_ratio_not_a_value():
    terms = _terms("完成率未达80%的该项计0分", measure_unit="%")
    assert terms[0]["type"] == "completion_floor"


def test_without_a_subject_the_indicator_unit_decides():
    assert _terms("未达80%的该项计0分", measure_unit="%")[0]["type"] == "value_gate"
    assert _terms("未达80%的该项计0分", measure_unit="个")[0]["type"] == "completion_floor"


# --- the other term types -------------------------------------------------------------------


def test_it_parses_bands_with_inclusive_marks():
    terms = _terms("完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分")
    assert terms == [
        {
            "type": "bands",
            "measure": "ratio",
            "subject": "完成率",
            "unit": "%",
            "bands": [
                {
                    "min": "90",
                    "min_inclusive": True,
                    "max": None,
                    "max_inclusive": False,
                    "award": {"points": "10"},
                },
                {
                    "min": "80",
                    "min_inclusive": True,
                    "max": "90",
                    "max_inclusive": False,
                    "award": {"points": "8"},
                },
                {
                    "min": None,
                    "min_inclusive": False,
                    "max": "80",
                    "max_inclusive": False,
                    "award": ZERO_POINTS,
                },
            ],
        }
    ]


def test_unmarked_shared_bounds_go_to_the_band_that_starts_there():
    bands = _terms("90%以上得满分，80%-90%得8分，满分10分")[0]["bands"]
    assert (bands[0]["min"], bands[0]["min_inclusive"]) == ("90", True)
    assert (bands[1]["max"], bands[1]["max_inclusive"]) == ("90", False)


def test_it_parses_a_range_between_two_numbers():
    terms = _terms("在95%-100%之间得满分", measure_unit="%")
    assert terms == [
        {
            "type": "bands",
            "measure": "value",
            "subject": "",
            "unit": "%",
            "bands": [
                {
                    "min": "95",
                    "min_inclusive": True,
                    "max": "100",
                    "max_inclusive": True,
                    "award": {"percent": "100"},
                }
            ],
        }
    ]


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        (
            "每超过一个百分点扣0.5分，扣完为止",
            "%",
            {
                "type": "per_unit_deduction",
                "measure": "value",
                "direction": "above",
                "step": "1",
                "unit": "个百分点",
                "deduct": "0.5",
                "max_deduct": None,
            },
        ),
        (
            "每少1个扣2分",
            "个",
            {
                "type": "per_unit_deduction",
                "measure": "value",
                "direction": "below",
                "step": "1",
                "unit": "个",
                "deduct": "2",
                "max_deduct": None,
            },
        ),
        (
            "每降低1%扣1分",
            "次",
            {
                "type": "per_unit_deduction",
                "measure": "ratio",
                "direction": "below",
                "step": "1",
                "unit": "%",
                "deduct": "1",
                "max_deduct": None,
            },
        ),
        (
            "每超过1个加0.5分，最多加2分",
            "个",
            {
                "type": "bonus_per_unit",
                "measure": "value",
                "direction": "above",
                "step": "1",
                "unit": "个",
                "add": "0.5",
                "max_add": "2",
            },
        ),
    ],
)
def test_it_parses_per_unit_deductions_and_bonuses(text, unit, expected):
    terms = _terms(text, measure_unit=unit)
    assert expected in terms
    if expected["type"] == "bonus_per_unit":
        assert terms == [{"type": "default"}, expected]  # a bonus adds to the default formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("按完成比例得分", {"type": "proportional", "cap": False}),
        ("按实际完成比例计分，最高不超过满分", {"type": "proportional", "cap": True}),
        ("得分=实际值/目标值×分值", {"type": "proportional", "cap": True}),
        ("得分=目标值/实际值×分值", {"type": "inverse_ratio"}),
    ],
)
def test_it_parses_proportional_and_inverse_formulas(text, expected):
    assert _terms(text) == [expected]


def test_it_parses_categorical_labels_with_points():
    assert _terms("明确得5分，基本明确得3分，不明确得0分") == [
        {
            "type": "categorical",
            "options": [
                {"label": "明确", "award": {"points": "5"}},
                {"label": "基本明确", "award": {"points": "3"}},
                {"label": "不明确", "award": ZERO_POINTS},
            ],
        }
    ]


def test_it_parses_the_four_word_scale_as_categorical_percents():
    options = _terms("好得满分，较好得80%，一般得60%，较差不得分")[0]["options"]
    assert [(o["label"], o["award"]) for o in options] == [
        ("好", {"percent": "100"}),
        ("较好", {"percent": "80"}),
        ("一般", {"percent": "60"}),
        ("较差", ZERO_POINTS),
    ]


@pytest.mark.parametrize(
    ("text", "met", "unmet", "met_award"),
    [
        ("达到目标值得满分，未达到不得分", "达到目标值", "未达到", {"percent": "100"}),
        ("完成得分，未完成不得分", "完成", "未完成", {"percent": "100"}),
        ("是得10分，否得0分", "是", "否", {"points": "10"}),
    ],
)
def test_it_parses_binary_rules(text, met, unmet, met_award):
    assert _terms(text) == [
        {
            "type": "binary",
            "met_label": met,
            "unmet_label": unmet,
            "met_award": met_award,
            "unmet_award": ZERO_POINTS,
        }
    ]


def test_full_score_alone_is_the_scale_not_a_rule_change():
    parsed = parse_rule("满分100分")
    assert parsed.understood is True
    assert parsed.rule["terms"] == [{"type": "default"}]
    assert parsed.rule["full_score"] == "100"


def test_full_width_text_is_folded():
    parsed = parse_rule("完成量未达８０％的该项计０分，满分１００分。")
    assert parsed.understood is True
    assert parsed.rule["terms"][0]["threshold"] == "80"


def test_empty_text_is_the_default_rule_and_understood():
    for text in (None, "", "   "):
        parsed = parse_rule(text)
        assert parsed.understood is True
        assert parsed.rule["terms"] == [{"type": "default"}]


# --- what the parser does not understand ----------------------------------------------------


@pytest.mark.parametrize("text", ["由评审专家综合打分", "根据实际情况酌情评分", "lorem ipsum 42"])
def test_unknown_sentences_keep_the_default_and_warn(text):
    parsed = parse_rule(text)
    assert parsed.understood is False
    assert parsed.rule["terms"] == [{"type": "default"}]
    assert parsed.unparsed == [text]
    assert parsed.warnings == [f"未能识别：“{text}”，按默认公式计分"]


def test_a_partly_understood_sentence_names_the_rest():
    parsed = parse_rule("完成量未达80%的该项计0分，由专家酌情加减分")
    assert parsed.understood is False
    assert parsed.unparsed == ["由专家酌情加减分"]
    assert parsed.rule["terms"][0]["type"] == "completion_floor"
    assert parsed.warnings == ["未能识别：“由专家酌情加减分”，该部分未计入评分规则"]


def test_a_deduction_from_a_rate_that_is_not_a_deviation_is_not_guessed():
    parsed = parse_rule("满意度低于90%扣5分")
    assert parsed.understood is False
    assert parsed.rule["terms"] == [{"type": "default"}]


# --- validation -----------------------------------------------------------------------------


def test_parsed_rules_are_valid_and_know_every_term_type():
    assert len(TERM_TYPES) == 11
    assert validate_rule(default_rule()) == []


def test_validate_names_the_term_and_the_field():
    rule = parse_rule("完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分").rule
    broken = copy.deepcopy(rule)
    broken["terms"][0]["bands"][1]["min"] = "八十"
    broken["terms"][0]["measure"] = "percent"
    assert validate_rule(broken) == [
        "第1条（bands）：measure 应为 ratio / value",
        "第1条（bands）：bands[1].min 不是数字",
    ]


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        ("text", "规则应为对象（JSON object）"),
        ({"terms": []}, "规则：terms 应为非空列表"),
        ({"terms": [{"type": "magic"}]}, "第1条（magic）：type “magic” 不是已知的条款类型"),
        (
            {"terms": [{"type": "completion_floor", "threshold": "80", "inclusive": False}]},
            "第1条（completion_floor）：award 缺失",
        ),
        (
            {"terms": [{"type": "value_gate", "threshold": "x", "inclusive": True, "award": {"points": "0"}}]},
            "第1条（value_gate）：threshold 不是数字",
        ),
        ({"terms": [{"type": "default", "colour": "red"}]}, "第1条（default）：未知字段 colour"),
        ({"terms": [{"type": "default"}], "full_score": "0"}, "规则：full_score 应为大于0的数字或 null"),
        (
            {"terms": [{"type": "default"}, {"type": "inverse_ratio"}]},
            "规则：只能有一个决定得分的条款，现有 default、inverse_ratio",
        ),
    ],
)
def test_validate_rejects_hand_edited_mistakes(rule, error):
    errors = validate_rule(rule)
    assert any(e.startswith(error) for e in errors), errors


def test_full_score_is_stated_else_the_largest_award_else_100():
    assert full_score_of(parse_rule(SEED_COMPLETION).rule) == 100
    assert full_score_of(parse_rule("明确得5分，基本明确得3分，不明确得0分").rule) == 5
    assert full_score_of(parse_rule(SEED_DEVIATION).rule) == 100
    assert full_score_of(parse_rule("是得10分，否得0分，满分20分").rule) == 20


# --- explanation ----------------------------------------------------------------------------


def test_it_explains_the_seed_floor_in_plain_chinese():
    assert explain_rule(parse_rule(SEED_COMPLETION).rule) == (
        "完成量不足目标值的80%时得0分；否则按默认公式：达到目标得满分，未达到按实际值÷目标值×分值计分。"
    )


def test_it_explains_in_english_on_request():
    assert explain_rule(parse_rule(SEED_AWARENESS, measure_unit="%").rule, lang="en") == (
        "If the actual value is below 80%, 0 points; otherwise the default formula: full points when the "
        "target is met, else actual ÷ target × points."
    )


def test_it_explains_the_deviation_rule_and_its_scale():
    assert explain_rule(parse_rule(SEED_DEVIATION).rule) == (
        "实际值超出或低于年初预算金额的幅度达到10%扣8分，达到20%扣15分（只按最高一档扣分，最低0分）"
        "（文中分数按满分100分计，折算为本指标分值）。"
    )


def test_it_explains_the_reverse_default_when_told_the_operator():
    text = explain_rule(default_rule(), operator="<=")
    assert text.startswith("按默认公式（反向指标）：不超过目标得满分")


def test_every_parsed_form_has_an_explanation_in_both_languages():
    for text in (
        "完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分",
        "每少1个扣2分",
        "按完成比例得分",
        "得分=目标值/实际值×分值",
        "明确得5分，基本明确得3分，不明确得0分",
        "是得10分，否得0分",
        "每超过1个加0.5分，最多加2分",
        SEED_SATISFACTION,
    ):
        rule = parse_rule(text).rule
        assert explain_rule(rule).endswith("。")
        assert explain_rule(rule, lang="en").endswith(".")


def test_an_invalid_rule_is_explained_as_the_default():
    assert explain_rule({"terms": "nonsense"}) == explain_rule(default_rule())


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("≥", ">="),
        (">=", ">="),
        ("＞＝", ">="),
        ("大于等于", ">="),
        ("不低于", ">="),
        ("不少于", ">="),
        ("≤", "<="),
        ("＜＝", "<="),
        ("不超过", "<="),
        ("＝", "="),
        ("等于", "="),
        ("＞", ">"),
        ("高于", ">"),
        ("＜", "<"),
        ("低于", "<"),
        ("定性", "qualitative"),
        ("约等于", None),
        (None, None),
    ],
)
def test_operators_are_normalised(raw, expected):
    assert normalise_operator(raw) == expected


def test_actuals_are_read_as_numbers_or_labels():
    assert read_actual("９５％")[0].number == 95
    assert read_actual("1,200")[0].number == 1200
    value = read_actual("部分达成 75%")[0]
    assert (value.label, value.percent) == ("部分达成", 75)
    assert read_actual("  ") == (None, None)
    assert read_actual("1 2")[1] == "无法识别实际完成值“1 2”：包含多个数字"


# --- combinations seen in published tables --------------------------------------------------


def test_it_parses_double_inequality_bands():
    terms = _terms("完成率≥95%得满分，90%≤完成率<95%得8分，完成率<90%不得分")
    assert [(b["min"], b["min_inclusive"], b["max"], b["max_inclusive"]) for b in terms[0]["bands"]] == [
        ("95", True, None, False),
        ("90", True, "95", False),
        (None, False, "90", False),
    ]


def test_mixed_full_and_points_without_a_stated_full_score_use_the_indicator_weight():
    parsed = parse_rule("完成率≥95%得满分，90%≤完成率<95%得8分，完成率<90%不得分")
    assert full_score_of(parsed.rule) is None
    assert parsed.warnings == ["评分标准同时写了“满分”和具体分数，但未写明满分分值，文中分数按本指标分值计"]


def test_full_at_target_next_to_a_deduction_sets_where_it_counts_from():
    terms = _terms("完成率达到100%得满分，每降低1%扣1分，扣完为止", measure_unit="%")
    assert terms == [
        {
            "type": "per_unit_deduction",
            "measure": "ratio",
            "direction": "below",
            "step": "1",
            "unit": "%",
            "deduct": "1",
            "max_deduct": None,
            "subject": "完成率",
            "reference": "100",
        }
    ]
    assert explain_rule({"terms": terms, "full_score": None}) == (
        "完成率低于100%时，每低1个百分点扣1分，扣完为止（文中分数按满分100分计，折算为本指标分值）。"
    )


@pytest.mark.parametrize("text", ["达到目标值得满分", "实际完成值≥目标值得满分"])
def test_full_at_target_alone_is_the_default_formula(text):
    assert _terms(text) == [{"type": "default"}]


def test_full_at_target_with_an_unmet_side_is_binary():
    assert _terms("实际完成值≥目标值得满分，未达到不得分")[0]["type"] == "binary"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("全部完成得满分，未完成按比例得分", "proportional"),
        ("按时完成得满分，每延迟1天扣1分", "per_unit_deduction"),
        ("未完成的按完成比例计分", "proportional"),
    ],
)
def test_full_when_done_plus_a_rule_for_the_rest_keeps_the_rule(text, kind):
    assert [t["type"] for t in _terms(text)] == [kind]


def test_two_clauses_that_both_fix_the_score_are_not_guessed_between():
    # Regression: hypothesis found "按比例得分未达得分" parsed into an invalid two-formula rule.
    parsed = parse_rule("按比例得分未达得分")
    assert parsed.understood is False
    assert parsed.rule["terms"] == [{"type": "default"}]
    assert parsed.warnings[-1] == "评分标准的各条款相互矛盾，按默认公式计分"
