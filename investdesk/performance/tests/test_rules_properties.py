"""Property-based tests of the rule parser and the evaluator (hypothesis, no Django)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from investdesk.performance.lib.rules import TERM_TYPES, parse_rule, validate_rule
from investdesk.performance.lib.scoring import ScoringSettings, score_indicator

OPERATORS = [">=", ">", "<=", "<", "=", "qualitative", "≥", "不低于", "定性", "", "???"]
SENTENCES = [
    None,
    "完成量未达80%的该项计0分，满分100分。",
    "超出（低于）年初预算金额10%扣8分，超出（低于）年初预算金额20%扣15分。",
    "服务企业满意度未超过90%的，该项计0分，满分100分。",
    "知晓率未达80%的该项计0分，满分100分。",
    "完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分",
    "在95%-100%之间得满分",
    "每超过一个百分点扣0.5分，扣完为止",
    "每少1个扣2分",
    "按完成比例得分",
    "得分=目标值/实际值×分值",
    "明确得5分，基本明确得3分，不明确得0分",
    "好得满分，较好得80%，一般得60%，较差不得分",
    "达到目标值得满分，未达到不得分",
    "是得10分，否得0分",
    "每超过1个加0.5分，最多加2分",
    "由评审专家综合打分",
]
# Rules whose score cannot fall as a positive indicator's actual rises.
MONOTONE_SENTENCES = [
    None,
    "完成量未达80%的该项计0分，满分100分。",
    "服务企业满意度未超过90%的，该项计0分，满分100分。",
    "知晓率未达80%的该项计0分，满分100分。",
    "完成率90%（含）以上得10分，80%（含）-90%得8分，80%以下得0分",
    "每少1个扣2分",
    "每降低1%扣1分",
    "按完成比例得分",
    "达到目标值得满分，未达到不得分",
    "每超过1个加0.5分，最多加2分",
    "完成率90%（含）以上得10分，每超过1个加0.5分，最多加2分，满分20分",
]

numbers = st.decimals(
    min_value=Decimal("-1000"), max_value=Decimal("100000"), places=2, allow_nan=False, allow_infinity=False
)
weights = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2, allow_nan=False, allow_infinity=False)
labels = st.sampled_from(
    [
        "达成",
        "部分达成",
        "未达成",
        "部分达成 75%",
        "好",
        "较好",
        "一般",
        "较差",
        "基本明确",
        "是",
        "否",
        "完成",
        "未完成",
        "达成 50%",
        "xyz",
    ]
)
actuals = st.one_of(st.none(), numbers.map(str), numbers.map(lambda n: f"{n}%"), labels, st.text(max_size=12))
targets = st.one_of(st.none(), numbers.map(str), st.text(max_size=6))
SETTINGS = [ScoringSettings(), ScoringSettings(reverse_variant="ratio")]


@settings(max_examples=400, deadline=None)
@given(
    text=st.sampled_from(SENTENCES),
    operator=st.sampled_from(OPERATORS),
    target=targets,
    actual=actuals,
    weight=weights,
    kind=st.sampled_from(["quantitative", "qualitative"]),
    variant=st.sampled_from(SETTINGS),
)
def test_a_score_is_within_zero_and_the_weight_or_none(text, operator, target, actual, weight, kind, variant):
    result = score_indicator(
        rule=parse_rule(text, measure_unit="%").rule,
        operator=operator,
        target=target,
        actual=actual,
        weight=weight,
        kind=kind,
        settings=variant,
    )
    assert not any(e.startswith("计分出错") for e in result.errors), result.errors
    assert result.score is None or Decimal(0) <= result.score <= weight
    assert isinstance(result.explanation, str)


@settings(max_examples=400, deadline=None)
@given(
    text=st.sampled_from(MONOTONE_SENTENCES),
    operator=st.sampled_from([">=", ">"]),
    target=st.decimals(min_value=Decimal("-50"), max_value=Decimal("1000"), places=2),
    low=numbers,
    high=numbers,
    weight=weights,
    unit=st.sampled_from(["%", "个"]),
)
def test_a_higher_actual_never_lowers_a_positive_score(text, operator, target, low, high, weight, unit):
    low, high = sorted((low, high))
    rule = parse_rule(text, measure_unit=unit).rule

    def score(actual: Decimal) -> Decimal | None:
        return score_indicator(
            rule=rule, operator=operator, target=str(target), actual=str(actual), weight=weight
        ).score

    s_low, s_high = score(low), score(high)
    if s_low is not None and s_high is not None:
        assert s_low <= s_high, (text, target, low, high)


@settings(max_examples=500, deadline=None)
@given(text=st.text(), unit=st.one_of(st.none(), st.sampled_from(["%", "个", "份（部、个、幅、条）"])))
def test_parse_rule_never_raises_and_always_gives_a_usable_rule(text, unit):
    parsed = parse_rule(text, measure_unit=unit)
    assert validate_rule(parsed.rule) == []
    assert all(term["type"] in TERM_TYPES for term in parsed.rule["terms"])
    assert parsed.understood == (parsed.unparsed == [])
    assert not any(w.startswith("评分标准解析出错") for w in parsed.warnings)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(
            [
                "完成量",
                "未达",
                "80",
                "%",
                "的",
                "该项",
                "计",
                "0",
                "分",
                "，",
                "满分",
                "100",
                "超出",
                "（低于）",
                "每",
                "少",
                "1",
                "个",
                "扣",
                "得",
                "以上",
                "-",
                "含",
                "（含）",
                "明确",
                "加",
                "最多",
                "按",
                "比例",
                "得分",
                "=",
                "/",
                "×",
            ]
        ),
        max_size=20,
    )
)
def test_parse_rule_survives_near_miss_sentences(parts):
    parsed = parse_rule("".join(parts))
    assert validate_rule(parsed.rule) == []
    assert not any(w.startswith("评分标准解析出错") for w in parsed.warnings)


@settings(max_examples=400, deadline=None)
@given(actual=st.text(), text=st.sampled_from(SENTENCES), operator=st.sampled_from(OPERATORS))
def test_score_indicator_never_raises_on_arbitrary_actuals(actual, text, operator):
    result = score_indicator(
        rule=parse_rule(text).rule, operator=operator, target="100", actual=actual, weight=Decimal(10)
    )
    assert not any(e.startswith("计分出错") for e in result.errors), result.errors
    assert result.score is None or Decimal(0) <= result.score <= Decimal(10)
