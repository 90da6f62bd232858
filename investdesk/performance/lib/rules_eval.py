"""Evaluation of one indicator against its rule: score_indicator.

Pure Python, Decimal arithmetic, no eval/exec: each term type has its own small evaluator.
Order: gates (completion_floor, value_gate) first — a triggered gate fixes the score; then the
one term that fixes the score (or the default formula); then bonuses. The result is clamped to
[0, weight] and rounded half up to the settings' decimals (2).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from investdesk.performance.lib.rules import (
    ADDON_TYPES,
    GATE_TYPES,
    REPLACING_TYPES,
    default_rule,
    full_score_of,
    validate_rule,
)
from investdesk.performance.lib.rules_text import (
    BAND_ALIASES,
    NUMERIC_OPS,
    QUALITATIVE,
    REVERSE_OPS,
    ActualValue,
    clean_label,
    dec_str,
    fmt,
    fmt2,
    normalise_kind,
    normalise_operator,
    q,
    read_actual,
    to_decimal,
)
from investdesk.performance.lib.scoring_settings import ScoringSettings

log = logging.getLogger(__name__)

ZERO, HUNDRED = Decimal(0), Decimal(100)
_MET_WORDS = ("是", "完成", "已完成", "达到", "已达到", "达标", "有", "按时完成")
_UNMET_WORDS = ("否", "未完成", "未达到", "未达标", "无", "没有", "未按时完成")
_NUMERIC_TERMS = (
    GATE_TYPES + ADDON_TYPES + ("deviation_bands", "bands", "per_unit_deduction", "proportional", "inverse_ratio")
)


@dataclass
class ScoreResult:
    """The score of one indicator and how it was reached."""

    score: Decimal | None
    met: bool | None
    ratio: Decimal | None
    explanation: str
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return {
            "score": dec_str(self.score),
            "met": self.met,
            "ratio": dec_str(self.ratio),
            "explanation": self.explanation,
            "warnings": list(self.warnings),
            "errors": list(self.errors),
        }


@dataclass
class _Ctx:
    """What every term evaluator needs, plus the running explanation."""

    op: str
    target: Decimal | None
    weight: Decimal
    full: Decimal
    settings: ScoringSettings
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    met: bool | None = None

    def award(self, award: dict) -> Decimal:
        """An award on the weight's scale: percent of the weight, or points × weight ÷ full."""
        if "percent" in award:
            return self.weight * Decimal(str(award["percent"])) / HUNDRED
        return self.scale(Decimal(str(award["points"])))

    def scale(self, points: Decimal) -> Decimal:
        """Points on the sentence's scale → points of this indicator."""
        return ZERO if self.full <= 0 else self.weight * points / self.full

    def award_words(self, award: dict) -> str:
        """An award in words, with its scaled value when the scales differ."""
        if "percent" in award:
            return f"分值的{fmt(award['percent'])}%，即{fmt2(self.award(award))}分"
        zero = Decimal(str(award["points"])) == 0
        scaled = (
            "" if self.full == self.weight or zero else f"（按满分{fmt(self.full)}分折算为{fmt2(self.award(award))}分）"
        )
        return f"{fmt(award['points'])}分{scaled}"

    def need_target(self, why: str) -> Decimal | None:
        """The target when it is a positive number, else an error saying why it is needed."""
        if self.target is None or self.target <= 0:
            self.errors.append(f"{why}需要大于0的目标值，当前目标值为“{fmt(self.target) or '空'}”")
            return None
        return self.target

    def ratio_of(self, value: Decimal) -> Decimal | None:
        """Completion ratio in percent, or None (with an error) without a positive target."""
        target = self.need_target("按完成率计分")
        return None if target is None else value / target * HUNDRED

    def measure(self, term: dict, value: Decimal) -> tuple[Decimal | None, str]:
        """The quantity a term compares: the completion ratio or the raw value, and its name."""
        if term.get("measure") == "ratio":
            return self.ratio_of(value), f"完成率{fmt2(value / self.target * HUNDRED) if self.target else ''}%"
        return value, f"{term.get('subject') or '实际值'}{fmt(value)}{unit_words(term)}"


def unit_words(term: dict) -> str:
    """The unit a term's numbers are written in: % for ratios and percentage points."""
    unit = term.get("unit") or ""
    return "%" if term.get("measure") == "ratio" or unit.endswith(("%", "百分点")) else unit


# --- the default formula --------------------------------------------------------------------


def met_by_operator(op: str, target: Decimal | None, value: Decimal) -> bool | None:
    """Whether a number meets its target; strict operators are not met exactly at the target."""
    if target is None or op not in NUMERIC_OPS:
        return None
    if op == "=":
        return value <= 0 if target == 0 else value >= target
    return {">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target}[op]


def _default_numeric(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    target = ctx.target
    if target is None:
        ctx.errors.append("默认公式需要数值目标值")
        return None
    w, op = ctx.weight, ctx.op
    if ctx.met:
        ctx.steps.append(f"实际值{fmt(value)}达到目标（{op} {fmt(target)}），得满分{fmt2(w)}分")
        return w
    if target == value:
        ctx.steps.append(f"实际值恰好等于目标值{fmt(target)}，“{op}”要求严格超过，视为未达成")
    if op == "=" and target == 0:
        ctx.steps.append(f"目标值为0，实际值{fmt(value)}大于0，得0分")
        return ZERO
    if target <= 0:
        ctx.steps.append(f"目标值{fmt(target)}不为正数，未达成时得0分")
        return ZERO
    if op in REVERSE_OPS:
        return _default_reverse(ctx, value, target)
    score = value / target * w
    ctx.steps.append(f"未达到目标，得分 = 实际值{fmt(value)} ÷ 目标值{fmt(target)} × 分值{fmt2(w)} = {fmt2(score)}")
    return score


def _default_reverse(ctx: _Ctx, value: Decimal, target: Decimal) -> Decimal:
    w = ctx.weight
    if ctx.settings.reverse_variant == "ratio":
        score = target / value * w
        ctx.steps.append(f"超过目标，得分 = 目标值{fmt(target)} ÷ 实际值{fmt(value)} × 分值{fmt2(w)} = {fmt2(score)}")
        return score
    if value >= 2 * target:
        ctx.steps.append(f"实际值{fmt(value)}达到目标值{fmt(target)}的2倍及以上，得0分")
        return ZERO
    score = (1 - (value - target) / target) * w
    ctx.steps.append(
        f"超过目标，得分 = (1 − ({fmt(value)} − {fmt(target)}) ÷ {fmt(target)}) × {fmt2(w)} = {fmt2(score)}"
    )
    return score


# --- gates and the terms that fix the score -------------------------------------------------


def _gate(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    """The gate's award when it triggers, else None (and the formula goes on)."""
    threshold = Decimal(str(term["threshold"]))
    if term["type"] == "completion_floor":
        if ctx.target is None or ctx.target <= 0:
            ctx.warnings.append("目标值不是正数，无法计算完成率，完成量门槛不适用")
            return None
        measured, name = value / ctx.target * HUNDRED, f"完成率{fmt2(value / ctx.target * HUNDRED)}%"
        unit = "%"
    else:
        measured, unit = value, term.get("unit") or ""
        name = f"{term.get('subject') or '实际值'}{fmt(value)}{unit}"
    triggered = measured <= threshold if term.get("inclusive") else measured < threshold
    if not triggered:
        ctx.steps.append(f"{name}{'高于' if term.get('inclusive') else '不低于'}{fmt(threshold)}{unit}，门槛条款不扣分")
        return None
    words = "不超过" if term.get("inclusive") else "低于"
    ctx.steps.append(f"{name}{words}{fmt(threshold)}{unit}，该项得{ctx.award_words(term['award'])}")
    return ctx.award(term["award"])


def _in_band(band: dict, value: Decimal) -> bool:
    low, high = to_decimal(band.get("min")), to_decimal(band.get("max"))
    if low is not None and (value < low or (value == low and not band.get("min_inclusive"))):
        return False
    return not (high is not None and (value > high or (value == high and not band.get("max_inclusive"))))


def _bands(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    measured, name = ctx.measure(term, value)
    if measured is None:
        return None
    for band in term["bands"]:
        if _in_band(band, measured):
            ctx.steps.append(f"{name}落在“{_band_text(band)}”一档，得{ctx.award_words(band['award'])}")
            return ctx.award(band["award"])
    # Between or above the listed bands: the nearest band below applies (so a higher value never
    # scores less); below every band nothing was promised, so 0.
    below = [b for b in term["bands"] if to_decimal(b.get("max")) is not None and to_decimal(b["max"]) <= measured]
    if not below:
        ctx.warnings.append(f"{name}低于评分标准列出的所有区间，计0分")
        ctx.steps.append(f"{name}低于所有区间，得0分")
        return ZERO
    band = max(below, key=lambda b: to_decimal(b["max"]))
    ctx.warnings.append(f"{name}不在评分标准列出的区间内，按相邻的较低一档“{_band_text(band)}”计分")
    ctx.steps.append(f"{name}按“{_band_text(band)}”一档，得{ctx.award_words(band['award'])}")
    return ctx.award(band["award"])


def _band_text(band: dict) -> str:
    low, high = band.get("min"), band.get("max")
    left = "" if low is None else f"{'≥' if band.get('min_inclusive') else '>'}{fmt(low)}"
    right = "" if high is None else f"{'≤' if band.get('max_inclusive') else '<'}{fmt(high)}"
    return "且".join(p for p in (left, right) if p)


def _deviation(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    target = ctx.need_target("偏差扣分")
    if target is None:
        return None
    deviation = abs(value - target) / target * HUNDRED
    direction = term["direction"]
    counted = direction == "both" or (direction == "above") == (value > target)
    reached = [b for b in term["bands"] if counted and deviation >= Decimal(str(b["at"]))]
    ctx.met = not reached
    side = "超出" if value > target else "低于" if value < target else "等于"
    if not reached:
        ctx.steps.append(f"实际值{fmt(value)}{side}目标值{fmt(target)}，偏差{fmt2(deviation)}%，未达扣分档，得满分")
        return ctx.weight
    band = max(reached, key=lambda b: Decimal(str(b["at"])))
    points = max(ZERO, ctx.full - Decimal(str(band["deduct"])))
    ctx.steps.append(
        f"实际值{fmt(value)}{side}目标值{fmt(target)}，偏差{fmt2(deviation)}%，达到{fmt(band['at'])}%一档，"
        f"扣{fmt(band['deduct'])}分（满分{fmt(ctx.full)}分），得分 = {fmt2(ctx.weight)} × {fmt(points)} ÷ "
        f"{fmt(ctx.full)} = {fmt2(ctx.scale(points))}"
    )
    return ctx.scale(points)


def _gap(ctx: _Ctx, term: dict, value: Decimal) -> tuple[Decimal | None, str]:
    """Units of shortfall or excess against the target (or against 100% of it)."""
    measured, name = ctx.measure(term, value)
    if measured is None:
        return None, name
    if term.get("reference") is not None:
        reference = Decimal(str(term["reference"]))  # "达到95%得满分，每降低1个百分点扣1分" counts from 95
    elif term.get("measure") == "ratio":
        reference = HUNDRED
    else:
        reference = ctx.need_target("按差额计分")
        if reference is None:
            return None, name
    diff = measured - reference if term["direction"] == "above" else reference - measured
    return max(ZERO, diff), name


def _per_unit(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    gap, name = _gap(ctx, term, value)
    if gap is None:
        return None
    deduct = gap / Decimal(str(term["step"])) * Decimal(str(term["deduct"]))
    if term.get("max_deduct") is not None:
        deduct = min(deduct, Decimal(str(term["max_deduct"])))
    points = max(ZERO, ctx.full - deduct)
    gap_unit = "个百分点" if unit_words(term) == "%" else unit_words(term)
    ctx.steps.append(
        f"{name}，{'超出' if term['direction'] == 'above' else '差'}{fmt(gap)}{gap_unit}，"
        f"扣{fmt2(deduct)}分（满分{fmt(ctx.full)}分），得分 = {fmt2(ctx.weight)} × {fmt2(points)} ÷ "
        f"{fmt(ctx.full)} = {fmt2(ctx.scale(points))}"
    )
    return ctx.scale(points)


def _bonus(ctx: _Ctx, term: dict, value: Decimal) -> Decimal:
    gap, name = _gap(ctx, term, value)
    if not gap:
        return ZERO
    add = gap / Decimal(str(term["step"])) * Decimal(str(term["add"]))
    if term.get("max_add") is not None:
        add = min(add, Decimal(str(term["max_add"])))
    ctx.steps.append(f"{name}，加{fmt2(add)}分，折算为{fmt2(ctx.scale(add))}分（总分不超过分值{fmt2(ctx.weight)}）")
    return ctx.scale(add)


def _proportional(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    target = ctx.need_target("按比例计分")
    if target is None:
        return None
    if ctx.op in REVERSE_OPS or term["type"] == "inverse_ratio":
        if value <= 0:
            ctx.steps.append(f"实际值{fmt(value)}不大于0，越低越好，得满分")
            return ctx.weight
        score = target / value * ctx.weight
        ctx.steps.append(f"得分 = 目标值{fmt(target)} ÷ 实际值{fmt(value)} × 分值{fmt2(ctx.weight)} = {fmt2(score)}")
    else:
        score = value / target * ctx.weight
        ctx.steps.append(f"得分 = 实际值{fmt(value)} ÷ 目标值{fmt(target)} × 分值{fmt2(ctx.weight)} = {fmt2(score)}")
    if score > ctx.weight:
        ctx.steps.append("超过满分，按满分计")
    return score


def _binary_numeric(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    if ctx.met is None:
        ctx.errors.append("达到/未达到的判断需要数值目标值")
        return None
    award = term["met_award"] if ctx.met else term["unmet_award"]
    ctx.steps.append(
        f"实际值{fmt(value)}{'达到' if ctx.met else '未达到'}目标（{ctx.op} {fmt(ctx.target)}），"
        f"得{ctx.award_words(award)}"
    )
    return ctx.award(award)


def _categorical_numeric(ctx: _Ctx, term: dict, value: Decimal) -> Decimal | None:
    labels = "、".join(o["label"] for o in term["options"])
    ctx.errors.append(f"该指标按等级计分，请填写等级（{labels}），而不是数字{fmt(value)}")
    return None


_BASE = {
    "default": _default_numeric,
    "bands": _bands,
    "deviation_bands": _deviation,
    "per_unit_deduction": _per_unit,
    "proportional": _proportional,
    "inverse_ratio": _proportional,
    "binary": _binary_numeric,
    "categorical": _categorical_numeric,
}


def _split_terms(rule: dict) -> tuple[list[dict], dict, list[dict]]:
    terms = rule["terms"]
    gates = [t for t in terms if t["type"] in GATE_TYPES]
    base = next((t for t in terms if t["type"] in REPLACING_TYPES + ("default",)), {"type": "default"})
    bonuses = [t for t in terms if t["type"] in ADDON_TYPES]
    return gates, base, bonuses


def _score_number(ctx: _Ctx, rule: dict, value: Decimal) -> Decimal | None:
    """Gates, then the base term, then bonuses, for a numeric actual."""
    gates, base, bonuses = _split_terms(rule)
    if ctx.op == QUALITATIVE and base["type"] != "categorical":
        ctx.errors.append(f"定性指标请填写等级（达成/部分达成/未达成或好/较好/一般/较差），而不是数字{fmt(value)}")
        return None
    ctx.met = met_by_operator(ctx.op, ctx.target, value)
    for gate in gates:
        score = _gate(ctx, gate, value)
        if score is not None:
            ctx.met = False if ctx.met is None else ctx.met and score >= ctx.weight
            return score
    score = _BASE[base["type"]](ctx, base, value)
    if score is None:
        return None
    score = max(ZERO, score)
    for bonus in bonuses:
        score += _bonus(ctx, bonus, value)
    return score


def _match_choice(rule: dict, label: str) -> tuple[dict | None, str | None, bool | None]:
    """(award, how, met) of a categorical or binary term matching the label."""
    for term in rule["terms"]:
        if term["type"] == "categorical":
            for option in term["options"]:
                if clean_label(option["label"]) == label:
                    return option["award"], f"等级“{option['label']}”", None
        if term["type"] == "binary":
            if label == clean_label(term.get("unmet_label") or "") or label in _UNMET_WORDS:
                return term["unmet_award"], f"“{label}”（未达到）", False
            if label == clean_label(term.get("met_label") or "") or label in _MET_WORDS:
                return term["met_award"], f"“{label}”（达到）", True
    return None, None, None


def _label_percent(ctx: _Ctx, label: str, percent: Decimal | None) -> tuple[Decimal, bool] | None:
    """Percent of the weight for a band or four-word label, checking an explicit band percent."""
    s = ctx.settings
    band_name = BAND_ALIASES.get(label, label)
    top_min = max(b["min"] for b in s.qualitative_bands.values())
    if band_name in s.qualitative_bands:
        band = s.qualitative_bands[band_name]
        if percent is None:
            percent = band["default"]
        elif not band["min"] <= percent <= band["max"]:
            ctx.errors.append(
                f"“{band_name}”的得分比例应在{fmt(band['min'])}%–{fmt(band['max'])}%之间，填写的是{fmt(percent)}%"
            )
            return None
        ctx.steps.append(f"等级“{band_name}”（{fmt(band['min'])}%–{fmt(band['max'])}%），按{fmt(percent)}%计")
        return percent, band["min"] >= top_min
    if label in s.four_word_scale:
        fixed = s.four_word_scale[label]
        if percent is not None and percent != fixed:
            ctx.warnings.append(f"“{label}”固定为分值的{fmt(fixed)}%，已忽略填写的{fmt(percent)}%")
        ctx.steps.append(f"评价“{label}”，按分值的{fmt(fixed)}%计")
        return fixed, fixed >= top_min
    return None


def _score_label(ctx: _Ctx, rule: dict, kind: str, label: str, percent: Decimal | None) -> Decimal | None:
    award, how, met = _match_choice(rule, label)
    if award is not None:
        if percent is not None:
            ctx.warnings.append(f"该等级分数固定，已忽略填写的{fmt(percent)}%")
        score = ctx.award(award)
        ctx.met = met if met is not None else score >= ctx.weight
        ctx.steps.append(f"{how}，得{ctx.award_words(award)}")
        return score
    label_allowed = kind == QUALITATIVE or ctx.op == QUALITATIVE or ctx.target is None
    known = BAND_ALIASES.get(label, label) in ctx.settings.qualitative_bands or label in ctx.settings.four_word_scale
    if known and not label_allowed:
        ctx.errors.append(f"定量指标请填写数值实际完成值，而不是等级“{label}”")
        return None
    result = _label_percent(ctx, label, percent) if known else None
    if result is None:
        if not ctx.errors:
            ctx.errors.append(f"无法识别实际完成值“{label}”，可填写数字，或{_label_choices(ctx, rule)}")
        return None
    skipped = [t["type"] for t in rule["terms"] if t["type"] in _NUMERIC_TERMS]
    if skipped:
        ctx.warnings.append(f"评分标准中按数值计分的条款（{'、'.join(skipped)}）不适用于等级评价，按等级计分")
    pct, ctx.met = result
    return ctx.weight * pct / HUNDRED


def _label_choices(ctx: _Ctx, rule: dict) -> str:
    labels: list[str] = []
    for term in rule["terms"]:
        if term["type"] == "categorical":
            labels += [o["label"] for o in term["options"]]
        elif term["type"] == "binary":
            labels += [x for x in (term.get("met_label"), term.get("unmet_label")) if x]
    labels += list(ctx.settings.qualitative_bands) + list(ctx.settings.four_word_scale)
    return "等级：" + "/".join(dict.fromkeys(labels))


def _known_label(ctx: _Ctx, rule: dict, label: str) -> bool:
    if _match_choice(rule, label)[0] is not None:
        return True
    return BAND_ALIASES.get(label, label) in ctx.settings.qualitative_bands or label in ctx.settings.four_word_scale


def _usable_rule(rule: Any, warnings: list[str]) -> dict:
    if rule is None:
        return default_rule()
    problems = validate_rule(rule)
    if problems:
        warnings.append("评分规则无效，按默认公式计分：" + "；".join(problems[:3]))
        return default_rule()
    return rule


def _setup(
    rule: Any, operator: str | None, target: Any, weight: Any, kind: str | None, settings: ScoringSettings
) -> tuple[_Ctx | None, dict, str, list[str]]:
    """Normalise the inputs; a None context means the weight itself is unusable."""
    warnings: list[str] = []
    usable = _usable_rule(rule, warnings)
    kind_n = normalise_kind(kind)
    op = normalise_operator(operator)
    if op is None:
        op = QUALITATIVE if kind_n == QUALITATIVE else ">="
        if operator:
            warnings.append(f"指标性质“{operator}”无法识别，按“{op}”计分")
    target_n = to_decimal(target) if op != QUALITATIVE else None
    if op in NUMERIC_OPS and target_n is None and target not in (None, ""):
        warnings.append(f"目标值“{target}”不是数字")
    w = to_decimal(weight)
    if w is None or w < 0:
        return None, usable, kind_n, warnings
    full = full_score_of(usable)
    ctx = _Ctx(
        op=op,
        target=target_n,
        weight=w,
        full=w if full is None else full,
        settings=settings,
        warnings=warnings,
    )
    return ctx, usable, kind_n, warnings


def score_indicator(
    *,
    rule: dict | None,
    operator: str | None,
    target: str | Decimal | None,
    actual: str | Decimal | None,
    weight: Decimal,
    kind: str = "quantitative",
    settings: ScoringSettings | None = None,
    band_percent: str | Decimal | None = None,
) -> ScoreResult:
    """Score one indicator; never raises on bad input (errors come back in the result).

    `band_percent` is the scorer's percent within a qualitative band when given apart from the
    label ("部分达成" + 75). The score is None only when no usable actual is there: missing, or
    unreadable (then `errors` says why).
    """
    try:
        return _score_indicator(
            rule, operator, target, actual, weight, kind, settings or ScoringSettings(), band_percent
        )
    except Exception as exc:  # a page or a report must never die on one bad cell
        log.exception("scoring failed: rule=%r operator=%r target=%r actual=%r", rule, operator, target, actual)
        return ScoreResult(None, None, None, "计分出错", [], [f"计分出错（{type(exc).__name__}）"])


def _score_indicator(
    rule: Any,
    operator: Any,
    target: Any,
    actual: Any,
    weight: Any,
    kind: Any,
    settings: ScoringSettings,
    band_percent: Any,
) -> ScoreResult:
    ctx, usable, kind_n, warnings = _setup(rule, operator, target, weight, kind, settings)
    if ctx is None:
        return ScoreResult(None, None, None, "分值无效，无法计分", warnings, [f"分值“{weight}”不是有效的非负数"])
    value, error = read_actual(actual)
    if error:
        return ScoreResult(None, None, None, error, warnings, [error])
    if value is None:
        return ScoreResult(None, None, None, "尚未填写实际完成值", warnings, [])
    extra = to_decimal(band_percent) if band_percent not in (None, "") else None
    if band_percent not in (None, "") and extra is None:
        ctx.errors.append(f"得分比例“{band_percent}”不是数字")
    score, ratio = _dispatch(ctx, usable, kind_n, value, extra)
    if score is not None:
        score = q(min(max(score, ZERO), ctx.weight), settings.decimal_places)
        ctx.steps.append(f"本项得分{format(score, 'f')}（分值{fmt2(ctx.weight)}）")
    explanation = "；".join(ctx.steps) + "。" if ctx.steps else "；".join(ctx.errors)
    return ScoreResult(score if not ctx.errors else None, ctx.met, ratio, explanation, ctx.warnings, ctx.errors)


def _dispatch(
    ctx: _Ctx, rule: dict, kind: str, value: ActualValue, extra: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """Route a number to the numeric evaluator and a label to the label evaluator."""
    label = clean_label(value.label) if value.label else None
    if value.number is not None and (label is None or not _known_label(ctx, rule, label)):
        if label:
            if len(label) > 6:
                ctx.errors.append(f"无法识别实际完成值“{fmt(value.number)}{value.label}”")
                return None, None
            ctx.warnings.append(f"已忽略实际完成值中的“{value.label}”，按数字{fmt(value.number)}计分")
        ratio = q(value.number / ctx.target * HUNDRED) if ctx.target else None
        return _score_number(ctx, rule, value.number), ratio
    percent = extra if extra is not None else value.percent
    return _score_label(ctx, rule, kind, label or "", percent), None
