"""Self-evaluation (绩效自评) of a whole target table, and mid-year monitoring (绩效运行监控).

Pure Python, Decimal arithmetic, no Django. The numbers come from ScoringSettings (RULES.md §1,
§3 defaults, overridable per unit). One indicator is scored by rules_eval.score_indicator;
this module splits the points (allocate_weights), scores budget execution, totals, grades and
flags the rows that need a written reason, and computes the monitoring lights.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from investdesk.performance.lib.rules_eval import ScoreResult, met_by_operator, score_indicator
from investdesk.performance.lib.rules_text import (
    BAND_ALIASES,
    NUMERIC_OPS,
    POSITIVE_OPS,
    QUALITATIVE,
    REVERSE_OPS,
    clean_label,
    dec_str,
    fmt,
    fmt2,
    normalise_operator,
    q,
    read_actual,
    to_decimal,
)
from investdesk.performance.lib.scoring_settings import ScoringSettings

__all__ = [
    "EvaluationResult",
    "ExecutionInput",
    "ExecutionResult",
    "IndicatorInput",
    "IndicatorProgress",
    "IndicatorResult",
    "MonitoringResult",
    "ScoreResult",
    "ScoringSettings",
    "allocate_weights",
    "evaluate_table",
    "execution_score",
    "grade_for",
    "light_for",
    "monitor",
    "score_indicator",
]

ZERO, HUNDRED, TWELVE = Decimal(0), Decimal(100), Decimal(12)


def _json(value: Any) -> Any:
    """Decimals → plain strings, recursively, for to_dict()."""
    if isinstance(value, Decimal):
        return dec_str(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


@dataclass
class IndicatorInput:
    """One indicator row of a target table with its actual (三级指标)."""

    key: str
    level1: str | None
    level2: str | None
    name: str
    operator: str
    target: str | None
    kind: str
    rule: dict | None
    weight: Decimal | None  # explicit 分值, or None for the default split
    actual: str | None
    measure_unit: str | None = None  # tells a rate (%, pro-rated never) from a count in monitoring
    cumulative: bool | None = None  # True: a share that grows over the year (spent ÷ budget), pro-rated


@dataclass
class ExecutionInput:
    """Budget figures in yuan: 年初预算数, 全年预算数 (adjusted), 全年执行数."""

    initial_budget: Decimal | None
    budget: Decimal | None
    spent: Decimal | None


@dataclass
class ExecutionResult:
    """预算执行率 and its score."""

    initial_budget: Decimal | None
    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None
    score: Decimal | None
    points: Decimal
    needs_reason: bool
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    overspent: bool = False  # spending above the full-year budget: never shown as a good sign

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return _json(asdict(self))


@dataclass
class IndicatorResult:
    """One scored indicator row of the self-evaluation."""

    key: str
    name: str
    level1: str | None
    level2: str | None
    operator: str
    target: str | None
    actual: str | None
    weight: Decimal
    score: Decimal | None
    met: bool | None
    ratio: Decimal | None
    explanation: str
    warnings: list[str]
    errors: list[str]
    needs_reason: bool
    reason_kind: str | None  # "unmet" | "overshoot" | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return _json(asdict(self))


@dataclass
class EvaluationResult:
    """The whole self-evaluation: rows, execution, total and grade."""

    indicators: list[IndicatorResult]
    execution: ExecutionResult
    total: Decimal
    grade: str
    complete: bool  # False when an actual or the spending is missing (counted as 0 in total)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return _json(asdict(self))


# --- weights --------------------------------------------------------------------------------


def _apportion(total: Decimal, shares: list[Decimal], places: int) -> list[Decimal]:
    """Split `total` in proportion to `shares`, rounded so the parts add up to `total` exactly.

    Largest remainder: every part is rounded down to the cent, then the leftover cents go to the
    parts with the largest remainders, the earlier part first on a tie (so 50 over 6 is
    8.34, 8.34, 8.33, 8.33, 8.33, 8.33).
    """
    unit = Decimal(1).scaleb(-places)
    whole = sum(shares, ZERO)
    if not shares:
        return []
    if whole <= 0:
        shares, whole = [Decimal(1)] * len(shares), Decimal(len(shares))
    exact = [total * s / whole for s in shares]
    parts = [e.quantize(unit, rounding=ROUND_DOWN) for e in exact]
    leftover = int((total - sum(parts, ZERO)) / unit)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:leftover]:
        parts[i] += unit
    return parts


def _level1_owner(name: str | None, settings: ScoringSettings) -> str | None:
    """The 一级指标 whose points an indicator shares (成本指标 → 产出指标 by default)."""
    text = clean_label(name or "")
    for candidate in (text, f"{text}指标"):
        if candidate in settings.level1_weights:
            return candidate
        if candidate in settings.level1_shares:
            return settings.level1_shares[candidate]
    return None


def _default_weights(
    indicators: list[IndicatorInput], settings: ScoringSettings
) -> tuple[dict[str, Decimal], list[str], list[str]]:
    weights = {i.key: ZERO for i in indicators}
    warnings: list[str] = []
    errors: list[str] = []
    groups: dict[str, list[IndicatorInput]] = {}
    for ind in indicators:
        owner = _level1_owner(ind.level1, settings)
        if owner is None:
            errors.append(f"指标“{ind.name}”的一级指标“{ind.level1 or ''}”没有设置权重，分值计为0")
            continue
        groups.setdefault(owner, []).append(ind)
        shared = clean_label(ind.level1 or "")
        if shared not in settings.level1_weights and f"{shared}指标" not in settings.level1_weights:
            note = (
                f"“{shared}”未单独设置权重，与“{owner}”共用{fmt(settings.level1_weights[owner])}分，按指标个数平均分配"
            )
            if note not in warnings:
                warnings.append(note)
    present = [name for name in settings.level1_weights if groups.get(name)]
    for name, points in settings.level1_weights.items():
        if name not in present and points > 0 and present:
            warnings.append(f"没有“{name}”的指标，其{fmt(points)}分按比例分给其他一级指标")
    shares = [settings.level1_weights[name] for name in present]
    places = settings.decimal_places
    for name, group_total in zip(present, _apportion(settings.indicator_points, shares, places), strict=True):
        members = groups[name]
        for ind, part in zip(members, _apportion(group_total, [Decimal(1)] * len(members), places), strict=True):
            weights[ind.key] = part
    return weights, warnings, errors


def allocate_weights(
    indicators: list[IndicatorInput], settings: ScoringSettings | None = None
) -> tuple[dict[str, Decimal], list[str], list[str]]:
    """(key → weight, warnings, errors) for the indicators of one table.

    Explicit 分值 win when every indicator has one and they total 100 − execution_points;
    otherwise the 一级指标 weights are split evenly over each 一级指标's indicators.
    """
    settings = settings or ScoringSettings()
    explicit = [to_decimal(i.weight) for i in indicators]
    given = [i.weight is not None for i in indicators]
    errors: list[str] = []
    warnings: list[str] = []
    if indicators and all(given):
        if any(w is None or w < 0 for w in explicit):
            errors.append("指标分值必须是非负数字；已按默认权重分配")
        else:
            total = sum(explicit, ZERO)  # type: ignore[arg-type]
            if total == settings.indicator_points:
                return {i.key: w for i, w in zip(indicators, explicit, strict=True)}, [], []  # type: ignore[misc]
            difference = total - settings.indicator_points
            errors.append(
                f"各指标分值合计{fmt2(total)}分，应为{fmt2(settings.indicator_points)}分"
                f"（100 − 预算执行率{fmt(settings.execution_points)}分），相差{fmt2(difference)}分；"
                "已按默认权重分配"
            )
    elif any(given):
        warnings.append("只有部分指标填写了分值，已忽略，按默认权重分配")
    weights, more_warnings, more_errors = _default_weights(indicators, settings)
    return weights, warnings + more_warnings, errors + more_errors


# --- execution, grades, lights --------------------------------------------------------------


def execution_score(ex: ExecutionInput, settings: ScoringSettings | None = None) -> ExecutionResult:
    """预算执行率 = 全年执行数 ÷ 全年预算数 × 100 (2 decimals); score = min(rate, 100%) × points."""
    settings = settings or ScoringSettings()
    initial, budget, spent = (to_decimal(x) for x in (ex.initial_budget, ex.budget, ex.spent))
    result = ExecutionResult(initial, budget, spent, None, None, settings.execution_points, False)
    if budget is None and initial is not None:
        budget = initial
        result.warnings.append("未填写全年预算数，按年初预算数计算执行率")
    if budget is None or budget <= 0:
        result.errors.append("全年预算数为空或不大于0，无法计算预算执行率")
        return result
    if spent is None:
        return result
    if spent < 0:
        result.errors.append("全年执行数不能为负数")
        return result
    rate = q(spent / budget * HUNDRED, settings.decimal_places)
    result.rate = rate
    result.overspent = spent > budget
    result.score = q(min(rate, HUNDRED) / HUNDRED * settings.execution_points, settings.decimal_places)
    result.needs_reason = rate < settings.execution_reason_below
    return result


def grade_for(total: Decimal, settings: ScoringSettings | None = None) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差 (cut-offs from the settings)."""
    settings = settings or ScoringSettings()
    for grade, cutoff in settings.grade_cutoffs.items():
        if total >= cutoff:
            return grade
    return settings.lowest_grade


def light_for(value: Decimal, settings: ScoringSettings | None = None) -> str:
    """ "red" below 60, "yellow" below 80, else "green" (RULES.md §3, from the settings)."""
    settings = settings or ScoringSettings()
    if value < settings.light_red_below:
        return "red"
    return "yellow" if value < settings.light_green_at else "green"


# --- the whole table ------------------------------------------------------------------------


def _reason(result: ScoreResult, operator: str | None, settings: ScoringSettings) -> str | None:
    """ "unmet" for a missed target, "overshoot" for completion far above it (target too low?)."""
    if result.score is None or result.met is None:
        return None
    if not result.met:
        return "unmet"
    op = normalise_operator(operator)
    if result.ratio is not None and op in POSITIVE_OPS + ("=",) and result.ratio >= settings.overshoot_reason_at:
        return "overshoot"
    return None


def _indicator_result(ind: IndicatorInput, weight: Decimal, settings: ScoringSettings) -> IndicatorResult:
    res = score_indicator(
        rule=ind.rule,
        operator=ind.operator,
        target=ind.target,
        actual=ind.actual,
        weight=weight,
        kind=ind.kind,
        settings=settings,
    )
    reason = _reason(res, ind.operator, settings)
    return IndicatorResult(
        key=ind.key,
        name=ind.name,
        level1=ind.level1,
        level2=ind.level2,
        operator=ind.operator,
        target=ind.target,
        actual=ind.actual,
        weight=weight,
        score=res.score,
        met=res.met,
        ratio=res.ratio,
        explanation=res.explanation,
        warnings=res.warnings,
        errors=res.errors,
        needs_reason=reason is not None,
        reason_kind=reason,
    )


def evaluate_table(
    indicators: list[IndicatorInput], execution: ExecutionInput, settings: ScoringSettings | None = None
) -> EvaluationResult:
    """Score every indicator and the execution rate; total, grade and the reasons required.

    A missing (or unreadable) actual counts as 0 in the total and makes `complete` False, so a
    half-filled table still shows where it stands without passing for a final result.
    """
    settings = settings or ScoringSettings()
    errors: list[str] = []
    keys = [i.key for i in indicators]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        errors.append(f"指标键重复：{'、'.join(duplicates)}")
    weights, warnings, weight_errors = allocate_weights(indicators, settings)
    rows = [_indicator_result(ind, weights[ind.key], settings) for ind in indicators]
    ex = execution_score(execution, settings)
    parts = [ex.score] + [r.score for r in rows]
    total = q(sum((p for p in parts if p is not None), ZERO), settings.decimal_places)
    complete = all(p is not None for p in parts)
    if not complete:
        warnings.append("有指标尚未填写实际完成值（或无法计分），总分按0分计入，结果不完整")
    return EvaluationResult(rows, ex, total, grade_for(total, settings), complete, warnings, errors + weight_errors)


# --- mid-year monitoring --------------------------------------------------------------------


@dataclass
class IndicatorProgress:
    """One indicator's progress at the monitoring date, with its light."""

    key: str
    name: str
    target: str | None
    actual: str | None
    progress: Decimal | None  # percent; None when there is nothing to compare
    light: str | None  # "red" | "yellow" | "green" | None
    basis: str | None  # "pro_rata" | "direct" | "limit" | "label" | None
    explanation: str
    forecast: str | None = None  # 全年预计完成值: a count extrapolated to the year, a level or label as is
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return _json(asdict(self))


@dataclass
class ExecutionProgress:
    """Budget execution at the monitoring date: v = rate ÷ (months ÷ 12).

    `light` is "overspent" when the spending is above the budget: however far ahead of the
    calendar that looks, it is never green.
    """

    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None
    progress: Decimal | None
    light: str | None
    errors: list[str] = field(default_factory=list)
    schedule: Decimal | None = None  # 序时进度: the elapsed share of the year, percent

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return _json(asdict(self))


@dataclass
class MonitoringResult:
    """绩效运行监控 over the first `months_elapsed` months of the year."""

    months_elapsed: int
    execution: ExecutionProgress
    indicators: list[IndicatorProgress]
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return _json(asdict(self))


def _is_rate(ind: IndicatorInput) -> bool:
    """A rate (满意度, 知晓率, any "%" measure) is a level, not a count that grows over the year,
    unless its source says it accumulates (spending ÷ budget)."""
    if ind.cumulative is not None:
        return not ind.cumulative
    unit = clean_label(ind.measure_unit or "")
    return "%" in unit or clean_label(ind.name).endswith(("率", "度"))


def _execution_progress(ex: ExecutionInput, fraction: Decimal, settings: ScoringSettings) -> ExecutionProgress:
    budget = to_decimal(ex.budget) if ex.budget is not None else to_decimal(ex.initial_budget)
    spent = to_decimal(ex.spent)
    result = ExecutionProgress(budget, spent, None, None, None, schedule=q(fraction * HUNDRED, settings.decimal_places))
    if budget is None or budget <= 0:
        result.errors.append("全年预算数为空或不大于0，无法计算执行进度")
        return result
    if spent is None:
        return result
    result.rate = q(spent / budget * HUNDRED, settings.decimal_places)
    result.progress = q(spent / budget / fraction * HUNDRED, settings.decimal_places)
    result.light = "overspent" if spent > budget else light_for(result.progress, settings)
    return result


def _label_progress(ind: IndicatorInput, settings: ScoringSettings, row: IndicatorProgress) -> None:
    """Band labels map straight to lights (达成 green, 部分达成 yellow, 未达成 red); other labels
    (好/较好/…, the rule's categories) by the percent of the points they earn."""
    value, _ = read_actual(ind.actual)
    label = clean_label(value.label or "") if value else ""
    band = settings.qualitative_bands.get(BAND_ALIASES.get(label, label))
    if band is not None:
        row.progress, row.basis = band["default"], "label"
    else:
        res = score_indicator(
            rule=ind.rule,
            operator=QUALITATIVE,
            target=None,
            actual=ind.actual,
            weight=HUNDRED,
            kind=QUALITATIVE,
            settings=settings,
        )
        if res.score is None:
            row.errors += res.errors
            return
        row.progress, row.basis = res.score, "label"
    row.progress = q(row.progress, settings.decimal_places)
    row.light = light_for(row.progress, settings)
    row.forecast = label
    row.explanation = f"等级“{label}”，{'绿' if row.light == 'green' else '黄' if row.light == 'yellow' else '红'}灯"


def _numeric_progress(
    ind: IndicatorInput, value: Decimal, fraction: Decimal, settings: ScoringSettings, row: IndicatorProgress
) -> None:
    op, target = normalise_operator(ind.operator), to_decimal(ind.target)
    if op not in NUMERIC_OPS or target is None:
        row.errors.append("没有数值目标值，无法计算进度")
        return
    if target <= 0:
        met = met_by_operator(op, target, value)
        row.progress, row.basis = (HUNDRED if met else ZERO), "direct"
        row.explanation = f"目标值{fmt(target)}，实际值{fmt(value)}，{'已达到' if met else '未达到'}"
    elif op in REVERSE_OPS:
        # A ceiling holds for the year as it stands: under it is on track, over it already a breach.
        if value <= target:
            progress = HUNDRED
        elif settings.reverse_variant == "ratio":
            progress = target / value * HUNDRED
        else:
            progress = max(ZERO, (1 - (value - target) / target) * HUNDRED)
        row.progress, row.basis = progress, "limit"
        row.explanation = f"上限{fmt(target)}，实际值{fmt(value)}"
    elif _is_rate(ind):
        row.progress, row.basis = value / target * HUNDRED, "direct"
        row.explanation = f"比率类指标不按时间折算：{fmt(value)} ÷ {fmt(target)} × 100"
    else:
        expected = target * fraction
        row.progress, row.basis = value / expected * HUNDRED, "pro_rata"
        row.explanation = f"{fmt(value)} ÷ （目标值{fmt(target)} × 已过月份占比{fmt2(fraction * HUNDRED)}%） × 100"
    row.forecast = _forecast(value, fraction if row.basis == "pro_rata" else None)
    row.progress = q(row.progress, settings.decimal_places)
    row.light = light_for(row.progress, settings)
    row.explanation += f" = {fmt2(row.progress)}%"


def _forecast(value: Decimal, fraction: Decimal | None) -> str:
    """全年预计完成值: a count at the pace so far (value ÷ elapsed share, whole when counted in
    whole units), a level (rate, ceiling) as it stands."""
    if fraction is None:
        return fmt(value)
    projected = value / fraction
    places = 0 if value == value.to_integral_value() else 2
    return fmt(q(projected, places))


def _indicator_progress(ind: IndicatorInput, fraction: Decimal, settings: ScoringSettings) -> IndicatorProgress:
    row = IndicatorProgress(ind.key, ind.name, ind.target, ind.actual, None, None, None, "")
    value, error = read_actual(ind.actual)
    if error:
        row.errors.append(error)
        return row
    if value is None:
        row.explanation = "尚未填报"
        return row
    if value.number is not None and (value.label is None or value.ignored_unit):
        if value.label:
            row.warnings.append(f"已忽略“{value.label}”")
        _numeric_progress(ind, value.number, fraction, settings, row)
    else:
        _label_progress(ind, settings, row)
    return row


def monitor(
    indicators: list[IndicatorInput],
    execution: ExecutionInput,
    *,
    months_elapsed: int | None = None,
    settings: ScoringSettings | None = None,
) -> MonitoringResult:
    """Execution and indicator progress against the elapsed part of the year, with lights.

    Execution: v = (spent ÷ budget) ÷ (months ÷ 12) × 100. A count indicator (>=, >, = with a
    positive target) is pro-rated: actual ÷ (target × months ÷ 12) × 100. A rate (unit % or a
    name ending in 率/度, e.g. 满意度 95%) is compared with its target directly, since a rate is
    a level, not something accumulated. A ceiling (<=, <) is compared with the full-year ceiling
    by the default reverse formula. A target of 0 is met or not. Labels: see _label_progress.
    """
    settings = settings or ScoringSettings()
    months = settings.monitoring_months if months_elapsed is None else months_elapsed
    errors: list[str] = []
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
        errors.append(f"已过月份应为1–12的整数，收到“{months}”；按{settings.monitoring_months}个月计算")
        months = settings.monitoring_months
    fraction = Decimal(months) / TWELVE
    rows = [_indicator_progress(ind, fraction, settings) for ind in indicators]
    ex = _execution_progress(execution, fraction, settings)
    warnings = []
    missing = [r.name for r in rows if r.light is None and not r.errors]
    if missing:
        warnings.append(f"尚未填报：{'、'.join(missing)}")
    return MonitoringResult(months, ex, rows, warnings, errors)
