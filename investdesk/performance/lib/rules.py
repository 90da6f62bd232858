"""Scoring rules as data: term catalogue, validation and plain-words explanation.

Pure Python, no Django, no eval/exec. A rule is a JSON-ready dict::

    {"terms": [{"type": "completion_floor", ...}, {"type": "default"}],
     "full_score": "100" | None, "source_text": "完成量未达80%的该项计0分，满分100分。"}

Term types (TERM_TYPES). Gates add to the formula that fixes the score; bonuses add on top:

- default — RULES.md §1 formula for the indicator's operator (and qualitative bands);
- completion_floor (gate) — completion ratio actual ÷ target below a threshold gives an award;
- value_gate (gate) — the raw value (a rate such as 满意度) below a threshold gives an award;
- deviation_bands — |actual − target| ÷ target reaching a band deducts that band's points;
- bands — value or completion ratio ranges → awards;
- per_unit_deduction — points off full per unit of shortfall/excess, floor 0;
- proportional — actual ÷ target × weight (target ÷ actual for reverse operators);
- inverse_ratio — target ÷ actual × weight (lower is better);
- categorical — labels → awards;
- binary — met / not met (by number or by label) → awards;
- bonus_per_unit (add-on) — points added per unit above target, up to a maximum.

Choices where the sentences are silent:

- ``proportional.cap`` records whether the sentence said "最高不超过满分"; every score is clamped
  to [0, weight] anyway, bonuses included, so the flag only shapes the explanation.
- per-unit deductions and bonuses are proportional to the gap (1.5 units short with "每少1个扣2分"
  deducts 3), so a score never jumps between whole units.
- bands: a value between two bands or above the highest takes the nearest band below it; below
  every band it scores 0 with a warning. "以上/以下" include the number (民法典第1259条), "（含）"
  marks an inclusive bound, and an unmarked bound shared by two bands belongs to the band that
  starts there.
- a lone "达到目标值得满分" is the default formula; next to a per-unit deduction or a proportional
  clause it only says where counting starts.

An award is ``{"points": "5"}`` (on the sentence's own scale) or ``{"percent": "80"}`` (of the
indicator's weight). Points are scaled by weight ÷ full score, where the full score is
``full_score`` when stated, else the largest point award, else 100 (see full_score_of).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from investdesk.performance.lib.rules_parse import (
    ADDON_TYPES,
    GATE_TYPES,
    REPLACING_TYPES,
    RuleParse,
    default_rule,
    parse_rule,
)
from investdesk.performance.lib.rules_text import fmt, normalise_operator, to_decimal

__all__ = [
    "ADDON_TYPES",
    "GATE_TYPES",
    "REPLACING_TYPES",
    "TERM_TYPES",
    "RuleParse",
    "default_rule",
    "explain_rule",
    "full_score_of",
    "normalise_operator",
    "parse_rule",
    "validate_rule",
]

TERM_TYPES = ("default",) + GATE_TYPES + REPLACING_TYPES + ADDON_TYPES

_MEASURES = ("ratio", "value")
_DIRECTIONS = ("above", "below")
# field -> check; a trailing "?" marks an optional field (absent or null).
_SPECS: dict[str, dict[str, str]] = {
    "default": {},
    "completion_floor": {"threshold": "number", "inclusive": "bool", "award": "award", "subject": "text?"},
    "value_gate": {
        "threshold": "number",
        "inclusive": "bool",
        "award": "award",
        "subject": "text?",
        "unit": "text?",
    },
    "deviation_bands": {"direction": "deviation_direction", "reference": "text?", "bands": "deviation_bands"},
    "bands": {"measure": "measure", "subject": "text?", "unit": "text?", "bands": "bands"},
    "per_unit_deduction": {
        "measure": "measure",
        "direction": "direction",
        "step": "positive",
        "deduct": "number",
        "max_deduct": "number?",
        "subject": "text?",
        "unit": "text?",
        "reference": "number?",
    },
    "bonus_per_unit": {
        "measure": "measure",
        "direction": "direction",
        "step": "positive",
        "add": "number",
        "max_add": "number?",
        "subject": "text?",
        "unit": "text?",
        "reference": "number?",
    },
    "proportional": {"cap": "bool?"},
    "inverse_ratio": {},
    "categorical": {"options": "options"},
    "binary": {"met_label": "text?", "unmet_label": "text?", "met_award": "award", "unmet_award": "award"},
}


# --- validation -----------------------------------------------------------------------------


def _check_number(value: Any, *, positive: bool = False) -> str | None:
    number = to_decimal(value)
    if number is None:
        return "不是数字"
    if number < 0 or (positive and number == 0):
        return "必须大于0" if positive else "不能为负数"
    return None


def _check_award(value: Any) -> str | None:
    if not isinstance(value, dict) or len(value) != 1 or not set(value) <= {"points", "percent"}:
        return '应为 {"points": 分数} 或 {"percent": 百分比}'
    key, number = next(iter(value.items()))
    problem = _check_number(number)
    if problem:
        return f"{key} {problem}"
    if key == "percent" and to_decimal(number) > 100:
        return "percent 不能超过100"
    return None


def _check_bands(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        return ["应为非空列表"]
    problems = []
    for i, band in enumerate(value):
        if not isinstance(band, dict):
            problems.append(f"[{i}] 应为对象")
            continue
        if band.get("min") is None and band.get("max") is None:
            problems.append(f"[{i}] min 和 max 至少填写一个")
        for bound in ("min", "max"):
            if band.get(bound) is not None and to_decimal(band[bound]) is None:
                problems.append(f"[{i}].{bound} 不是数字")
            if not isinstance(band.get(f"{bound}_inclusive", False), bool):
                problems.append(f"[{i}].{bound}_inclusive 应为 true/false")
        award_problem = _check_award(band.get("award"))
        if award_problem:
            problems.append(f"[{i}].award {award_problem}")
    return problems


def _check_deviation_bands(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        return ["应为非空列表"]
    problems = []
    for i, band in enumerate(value):
        if not isinstance(band, dict):
            problems.append(f"[{i}] 应为对象")
            continue
        for key in ("at", "deduct"):
            problem = _check_number(band.get(key))
            if problem:
                problems.append(f"[{i}].{key} {problem}")
    return problems


def _check_options(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        return ["应为非空列表"]
    problems, seen = [], set()
    for i, option in enumerate(value):
        label = option.get("label") if isinstance(option, dict) else None
        if not isinstance(label, str) or not label.strip():
            problems.append(f"[{i}].label 不能为空")
        elif label in seen:
            problems.append(f"[{i}].label “{label}”重复")
        seen.add(label)
        award_problem = _check_award(option.get("award") if isinstance(option, dict) else None)
        if award_problem:
            problems.append(f"[{i}].award {award_problem}")
    return problems


_CHOICES = {"measure": _MEASURES, "direction": _DIRECTIONS, "deviation_direction": _DIRECTIONS + ("both",)}
_LIST_CHECKS = {"bands": _check_bands, "deviation_bands": _check_deviation_bands, "options": _check_options}


def _check_field(kind: str, value: Any) -> list[str]:
    """Problems of one field value against its check name (without the optional mark)."""
    if kind in _LIST_CHECKS:
        return _LIST_CHECKS[kind](value)
    if kind in _CHOICES:
        return [] if value in _CHOICES[kind] else [f"应为 {' / '.join(_CHOICES[kind])}"]
    if kind == "bool":
        return [] if isinstance(value, bool) else ["应为 true/false"]
    if kind == "text":
        return [] if isinstance(value, str) else ["应为文字"]
    if kind == "award":
        problem = _check_award(value)
        return [problem] if problem else []
    problem = _check_number(value, positive=kind == "positive")
    return [problem] if problem else []


def _term_problems(term: Any) -> list[str]:
    if not isinstance(term, dict):
        return ["应为对象"]
    kind = term.get("type")
    if kind not in _SPECS:
        return [f"type “{kind}” 不是已知的条款类型（{'、'.join(TERM_TYPES)}）"]
    spec = _SPECS[kind]
    problems = [f"未知字段 {key}" for key in term if key != "type" and key not in spec]
    for name, check in spec.items():
        optional = check.endswith("?")
        if term.get(name) is None:
            if not optional:
                problems.append(f"{name} 缺失")
            continue
        problems += [
            f"{name} {p}" if not p.startswith("[") else f"{name}{p}"
            for p in _check_field(check.rstrip("?"), term[name])
        ]
    return problems


def validate_rule(rule: Any) -> list[str]:
    """Errors of a rule edited by hand (JSON), each naming the term and the field; [] when valid."""
    if not isinstance(rule, dict):
        return ["规则应为对象（JSON object）"]
    errors = [f"规则：未知字段 {key}" for key in rule if key not in ("terms", "full_score", "source_text")]
    terms = rule.get("terms")
    if not isinstance(terms, list) or not terms:
        return errors + ["规则：terms 应为非空列表"]
    if rule.get("full_score") is not None and _check_number(rule["full_score"], positive=True):
        errors.append("规则：full_score 应为大于0的数字或 null")
    if rule.get("source_text") is not None and not isinstance(rule["source_text"], str):
        errors.append("规则：source_text 应为文字")
    for i, term in enumerate(terms, start=1):
        label = term.get("type") if isinstance(term, dict) else "?"
        errors += [f"第{i}条（{label}）：{p}" for p in _term_problems(term)]
    if not errors:
        replacing = [t["type"] for t in terms if t["type"] in REPLACING_TYPES + ("default",)]
        if len(replacing) > 1:
            errors.append(f"规则：只能有一个决定得分的条款，现有 {'、'.join(replacing)}")
    return errors


# --- the scale of the sentence --------------------------------------------------------------


def _point_awards(term: dict) -> list[dict]:
    kind = term.get("type")
    if kind == "bands":
        return [b.get("award", {}) for b in term.get("bands", [])]
    if kind == "categorical":
        return [o.get("award", {}) for o in term.get("options", [])]
    if kind == "binary":
        return [term.get("met_award", {}), term.get("unmet_award", {})]
    return []


def full_score_of(rule: dict) -> Decimal | None:
    """The sentence's own full score: 满分N分 when stated, else its largest award, else 100.

    Only awards of a term that fixes the score count: the 0 of a gate ("计0分") or a deduction
    says nothing about the scale. None means "the indicator's own weight": a sentence that
    awards both 满分 and a number ("≥95%得满分，90%–95%得8分") without stating 满分N分 cannot
    mean 8 to be full, so its numbers are read as points of the indicator itself.
    """
    stated = to_decimal(rule.get("full_score")) if isinstance(rule, dict) else None
    if stated is not None and stated > 0:
        return stated
    awards = [a for t in rule.get("terms", []) if isinstance(t, dict) for a in _point_awards(t) if isinstance(a, dict)]
    points = [to_decimal(a.get("points")) for a in awards if "points" in a]
    positive = [p for p in points if p is not None and p > 0]
    if positive and any(to_decimal(a.get("percent")) == 100 for a in awards if "percent" in a):
        return None
    return max(positive) if positive else Decimal(100)


def has_scaled_points(rule: dict) -> bool:
    """True when a nonzero number of points is written in the rule (so the scale matters)."""
    for term in rule.get("terms", []):
        for key in ("deduct", "add", "max_deduct", "max_add"):
            if to_decimal(term.get(key)) not in (None, Decimal(0)):
                return True
        for band in term.get("bands", []) if term.get("type") == "deviation_bands" else []:
            if to_decimal(band.get("deduct")) not in (None, Decimal(0)):
                return True
        awards = _point_awards(term) + ([term.get("award", {})] if term.get("type") in GATE_TYPES else [])
        if any(to_decimal(a.get("points")) not in (None, Decimal(0)) for a in awards if isinstance(a, dict)):
            return True
    return False


# --- plain words ----------------------------------------------------------------------------


def _award_words(award: dict, lang: str) -> str:
    if "percent" in award:
        pct = fmt(award["percent"])
        if pct == "100":
            return "满分" if lang == "zh" else "full points"
        return f"分值的{pct}%" if lang == "zh" else f"{pct}% of the points"
    pts = fmt(award.get("points", "0"))
    return f"{pts}分" if lang == "zh" else f"{pts} point{'' if pts == '1' else 's'}"


def _measure_name(term: dict, lang: str) -> str:
    subject = term.get("subject") or ""
    if lang == "zh":
        return subject or ("完成率" if term.get("measure") == "ratio" else "实际值")
    return "the completion ratio" if term.get("measure") == "ratio" else "the actual value"


def _unit(term: dict) -> str:
    return "%" if term.get("measure") == "ratio" else (term.get("unit") or "")


def _default_words(operator: str | None, reverse_variant: str, lang: str) -> str:
    op = normalise_operator(operator)
    zh = lang == "zh"
    if op in ("<=", "<"):
        tail = (
            (
                "超过时按目标值÷实际值×分值计分"
                if reverse_variant == "ratio"
                else "超过时按(1−(实际值−目标值)÷目标值)×分值计分，达到目标值2倍及以上得0分"
            )
            if zh
            else (
                "above it, target ÷ actual × points"
                if reverse_variant == "ratio"
                else "above it, (1 − (actual − target) ÷ target) × points, 0 at twice the target or more"
            )
        )
        return (
            f"按默认公式（反向指标）：不超过目标得满分，{tail}"
            if zh
            else f"the default formula (lower is better): full points at or below the target; {tail}"
        )
    if op == "qualitative":
        return (
            "按等级计分：达成得分值的80%–100%，部分达成60%–80%，未达成0%–60%；好/较好/一般/较差分别得100%/80%/60%/40%"
            if zh
            else "by grade: 达成 80–100% of the points, 部分达成 60–80%, 未达成 0–60%; 好/较好/一般/较差 100/80/60/40%"
        )
    base = (
        "按默认公式：达到目标得满分，未达到按实际值÷目标值×分值计分"
        if zh
        else "the default formula: full points when the target is met, else actual ÷ target × points"
    )
    if op == "=":
        base += (
            "（目标值为0时，实际值不大于0得满分，否则得0分）"
            if zh
            else " (with a target of 0: full points if the actual is 0 or less, else 0)"
        )
    return base


def _gate_words(term: dict, lang: str) -> str:
    threshold, inclusive, award = (
        fmt(term["threshold"]),
        term.get("inclusive"),
        _award_words(term["award"], lang),
    )
    if term["type"] == "completion_floor":
        subject = term.get("subject") or "完成量"
        if lang == "zh":
            return f"{subject}{'不超过' if inclusive else '不足'}目标值的{threshold}%时得{award}"
        return f"if completion is {'at or below' if inclusive else 'below'} {threshold}% of the target, {award}"
    unit, subject = term.get("unit") or "", term.get("subject") or "实际值"
    if lang == "zh":
        return f"{subject}{'不超过' if inclusive else '低于'}{threshold}{unit}时得{award}"
    return f"if the actual value is {'at or below' if inclusive else 'below'} {threshold}{unit}, {award}"


def _interval_words(band: dict, unit: str, lang: str) -> str:
    low, high = band.get("min"), band.get("max")
    zh = lang == "zh"
    if low is not None and high is not None:
        lo_mark = (
            ("（含）" if band.get("min_inclusive") else "（不含）")
            if zh
            else (" (incl.)" if band.get("min_inclusive") else " (excl.)")
        )
        hi_mark = (
            ("（含）" if band.get("max_inclusive") else "（不含）")
            if zh
            else (" (incl.)" if band.get("max_inclusive") else " (excl.)")
        )
        joiner = "至" if zh else " to "
        return f"{fmt(low)}{unit}{lo_mark}{joiner}{fmt(high)}{unit}{hi_mark}"
    if low is not None:
        words = ("不低于", "高于") if zh else ("at least ", "above ")
        return f"{words[0] if band.get('min_inclusive') else words[1]}{fmt(low)}{unit}"
    words = ("不超过", "低于") if zh else ("at most ", "below ")
    return f"{words[0] if band.get('max_inclusive') else words[1]}{fmt(high)}{unit}"


def _bands_words(term: dict, lang: str) -> str:
    unit, name = _unit(term), _measure_name(term, lang)
    parts = [
        f"{_interval_words(b, unit, lang)}{'得' if lang == 'zh' else ': '}{_award_words(b['award'], lang)}"
        for b in term["bands"]
    ]
    open_below = any(b.get("min") is None for b in term["bands"])
    if lang == "zh":
        return f"按{name}分档：" + "，".join(parts) + ("" if open_below else "（低于最低一档得0分）")
    return f"by bands of {name}: " + ", ".join(parts) + ("" if open_below else " (below the lowest band: 0)")


def _deviation_words(term: dict, lang: str) -> str:
    zh = lang == "zh"
    direction = {
        "both": ("超出或低于", "above or below"),
        "above": ("超出", "above"),
        "below": ("低于", "below"),
    }[term["direction"]][0 if zh else 1]
    reference = term.get("reference") or ("目标值" if zh else "the target")
    if zh:
        steps = "，".join(f"达到{fmt(b['at'])}%扣{fmt(b['deduct'])}分" for b in term["bands"])
        return f"实际值{direction}{reference}的幅度{steps}（只按最高一档扣分，最低0分）"
    steps = ", ".join(f"{fmt(b['at'])}% or more: minus {fmt(b['deduct'])}" for b in term["bands"])
    return f"deviation {direction} {reference}: {steps} (largest band only, floor 0)"


def _from_words(term: dict, above: bool, name: str, unit: str) -> str:
    """ "满意度每低于目标" or, with a reference of its own, "满意度低于95%时，每低"."""
    if term.get("reference") is None:
        return f"{name}每{'高于' if above else '低于'}目标"
    shown = "%" if unit == "个百分点" else unit
    return f"{name}{'高于' if above else '低于'}{fmt(term['reference'])}{shown}时，每{'高' if above else '低'}"


def _per_unit_words(term: dict, lang: str) -> str:
    zh, above = lang == "zh", term["direction"] == "above"
    unit = (
        "个百分点"
        if term["measure"] == "ratio" or "百分点" in (term.get("unit") or "") or term.get("unit") == "%"
        else (term.get("unit") or "")
    )
    step, name = fmt(term["step"]), _measure_name(term, lang)
    if not zh:
        unit = " percentage point(s)" if unit == "个百分点" else f" {unit}".rstrip()
    if term["type"] == "per_unit_deduction":
        limit = term.get("max_deduct")
        if zh:
            cap = f"，最多扣{fmt(limit)}分" if limit else "，扣完为止"
            return f"{_from_words(term, above, name, unit)}{step}{unit}扣{fmt(term['deduct'])}分{cap}"
        cap = f", at most {fmt(limit)}" if limit else ", down to 0"
        return f"minus {fmt(term['deduct'])} per {step}{unit} of {name} {'above' if above else 'below'} the target{cap}"
    limit = term.get("max_add")
    if zh:
        cap = f"，最多加{fmt(limit)}分" if limit else ""
        return f"{_from_words(term, above, name, unit)}{step}{unit}加{fmt(term['add'])}分{cap}（总分不超过本指标分值）"
    cap = f", at most {fmt(limit)}" if limit else ""
    return (
        f"plus {fmt(term['add'])} per {step}{unit} of {name} {'above' if above else 'below'} the target{cap} "
        "(never above the indicator's weight)"
    )


def _choice_words(term: dict, lang: str) -> str:
    sep, get = ("，", "得") if lang == "zh" else (", ", ": ")
    if term["type"] == "categorical":
        parts = [f"{o['label']}{get}{_award_words(o['award'], lang)}" for o in term["options"]]
        return ("按等级计分：" if lang == "zh" else "by label: ") + sep.join(parts)
    met = term.get("met_label") or ("达到目标" if lang == "zh" else "met")
    unmet = term.get("unmet_label") or ("未达到" if lang == "zh" else "not met")
    return (
        f"{met}{get}{_award_words(term['met_award'], lang)}{sep}{unmet}{get}{_award_words(term['unmet_award'], lang)}"
    )


def _term_words(term: dict, lang: str, operator: str | None, reverse_variant: str) -> str:
    kind = term["type"]
    zh = lang == "zh"
    if kind == "default":
        return _default_words(operator, reverse_variant, lang)
    if kind in GATE_TYPES:
        return _gate_words(term, lang)
    if kind == "deviation_bands":
        return _deviation_words(term, lang)
    if kind == "bands":
        return _bands_words(term, lang)
    if kind in ("per_unit_deduction", "bonus_per_unit"):
        return _per_unit_words(term, lang)
    if kind == "proportional":
        return (
            "按实际完成比例计分：实际值÷目标值×分值（反向指标为目标值÷实际值×分值），最高不超过满分"
            if zh
            else "proportional: actual ÷ target × points (target ÷ actual for lower-is-better), at most full points"
        )
    if kind == "inverse_ratio":
        return (
            "得分=目标值÷实际值×分值（越低越好），最高不超过满分"
            if zh
            else "score = target ÷ actual × points (lower is better), at most full points"
        )
    return _choice_words(term, lang)


def explain_rule(
    rule: dict | None, *, lang: str = "zh", operator: str | None = None, reverse_variant: str = "linear"
) -> str:
    """The rule in plain words (Chinese by default, English with lang="en")."""
    lang = "en" if lang == "en" else "zh"
    if rule is None or validate_rule(rule):
        rule = default_rule()
    parts: list[str] = []
    gated = False
    for term in rule["terms"]:
        words = _term_words(term, lang, operator, reverse_variant)
        if term["type"] not in GATE_TYPES and gated:
            words = ("否则" if lang == "zh" else "otherwise ") + words
            gated = False
        gated = gated or term["type"] in GATE_TYPES
        parts.append(words)
    text = ("；" if lang == "zh" else "; ").join(parts)
    if has_scaled_points(rule):
        full = full_score_of(rule)
        if full is None:
            text += (
                "（未写明满分分值，文中分数按本指标分值计）"
                if lang == "zh"
                else (" (no full score stated: the points are the indicator's own)")
            )
        else:
            text += (
                f"（文中分数按满分{fmt(full)}分计，折算为本指标分值）"
                if lang == "zh"
                else f" (points in the sentence are out of {fmt(full)}, scaled to the indicator's weight)"
            )
    if lang == "zh":
        return text + "。"
    return text[:1].upper() + text[1:] + "."
