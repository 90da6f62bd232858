"""ScoringSettings: every number of RULES.md §1 and §3 as a unit-overridable setting.

Kept apart from scoring.py so the single-indicator evaluator (rules_eval.py) and the table
evaluation can both import it without a cycle; scoring.py re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from investdesk.performance.lib.rules_text import dec_str, to_decimal

REVERSE_VARIANTS = ("linear", "ratio")


def _default_level1() -> dict[str, Decimal]:
    return {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}


def _default_grades() -> dict[str, Decimal]:
    return {"优": Decimal(90), "良": Decimal(80), "中": Decimal(60)}


def _default_bands() -> dict[str, dict[str, Decimal]]:
    return {
        "达成": {"min": Decimal(80), "max": Decimal(100), "default": Decimal(100)},
        "部分达成": {"min": Decimal(60), "max": Decimal(80), "default": Decimal(70)},
        "未达成": {"min": Decimal(0), "max": Decimal(60), "default": Decimal(30)},
    }


def _default_four_word() -> dict[str, Decimal]:
    return {"好": Decimal(100), "较好": Decimal(80), "一般": Decimal(60), "较差": Decimal(40)}


@dataclass(frozen=True)
class ScoringSettings:
    """Scoring defaults of RULES.md; a unit stores overrides as JSON (see from_dict/to_dict)."""

    execution_points: Decimal = Decimal(10)
    level1_weights: dict[str, Decimal] = field(default_factory=_default_level1)
    # 2021 framework: 成本指标 as its own 一级指标 shares 产出's points unless weighted itself.
    level1_shares: dict[str, str] = field(default_factory=lambda: {"成本指标": "产出指标"})
    execution_reason_below: Decimal = Decimal(90)
    overshoot_reason_at: Decimal = Decimal(130)
    grade_cutoffs: dict[str, Decimal] = field(default_factory=_default_grades)
    lowest_grade: str = "差"
    qualitative_bands: dict[str, dict[str, Decimal]] = field(default_factory=_default_bands)
    four_word_scale: dict[str, Decimal] = field(default_factory=_default_four_word)
    reverse_variant: str = "linear"
    light_red_below: Decimal = Decimal(60)
    light_green_at: Decimal = Decimal(80)
    monitoring_months: int = 7
    decimal_places: int = 2

    def __post_init__(self) -> None:
        # Grades are read best first. Stored JSON does not keep key order (PostgreSQL's jsonb
        # sorts keys), so the order is taken from the cut-offs, never from the mapping.
        ordered = dict(sorted(self.grade_cutoffs.items(), key=lambda item: item[1], reverse=True))
        object.__setattr__(self, "grade_cutoffs", ordered)
        for problem in _problems(self):
            raise ValueError(problem)

    @property
    def indicator_points(self) -> Decimal:
        """Points shared by the indicators: 100 − execution_points."""
        return Decimal(100) - self.execution_points

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ScoringSettings:
        """Defaults overridden by `data` (JSON from a unit); ValueError names the bad key."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError("settings: expected an object")
        names = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in names:
                raise ValueError(f"{key}: unknown setting")
            kwargs[key] = _convert(key, value)
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, Decimals as plain strings."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return dec_str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _number(key: str, value: Any) -> Decimal:
    number = to_decimal(value)
    if number is None:
        raise ValueError(f"{key}: not a number: {value!r}")
    return number


def _integer(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{key}: not an integer: {value!r}")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{key}: not an integer: {value!r}") from None


def _mapping(key: str, value: Any) -> dict:
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{key}: expected a non-empty object")
    return value


def _convert(key: str, value: Any) -> Any:
    """JSON value → the field's type, raising ValueError that names the key."""
    if key in ("level1_weights", "grade_cutoffs", "four_word_scale"):
        return {str(k): _number(f"{key}.{k}", v) for k, v in _mapping(key, value).items()}
    if key == "qualitative_bands":
        bands = {}
        for label, band in _mapping(key, value).items():
            band = _mapping(f"{key}.{label}", band)
            if set(band) != {"min", "max", "default"}:
                raise ValueError(f"{key}.{label}: needs exactly min, max and default")
            bands[str(label)] = {k: _number(f"{key}.{label}.{k}", v) for k, v in band.items()}
        return bands
    if key == "level1_shares":
        mapping = value if isinstance(value, dict) else None
        if mapping is None or not all(isinstance(v, str) for v in mapping.values()):
            raise ValueError(f"{key}: expected an object of names")
        return dict(mapping)
    if key in ("monitoring_months", "decimal_places"):
        return _integer(key, value)
    if key in ("reverse_variant", "lowest_grade"):
        if not isinstance(value, str):
            raise ValueError(f"{key}: expected text")
        return value
    return _number(key, value)


def _percent_ok(value: Decimal) -> bool:
    return Decimal(0) <= value <= Decimal(100)


def _problems(s: ScoringSettings) -> list[str]:
    """Every inconsistency, each message starting with the key it is about."""
    problems = []
    if not Decimal(0) <= s.execution_points <= Decimal(100):
        problems.append("execution_points: must lie within 0–100")
    if any(w < 0 for w in s.level1_weights.values()):
        problems.append("level1_weights: weights must not be negative")
    elif sum(s.level1_weights.values(), Decimal(0)) != s.indicator_points:
        problems.append(f"level1_weights: must total 100 − execution_points = {s.indicator_points}")
    for name, partner in s.level1_shares.items():
        if partner not in s.level1_weights:
            problems.append(f"level1_shares.{name}: {partner} has no weight")
    for key in ("execution_reason_below", "light_red_below", "light_green_at"):
        if not _percent_ok(getattr(s, key)):
            problems.append(f"{key}: must lie within 0–100")
    if s.overshoot_reason_at <= 100:
        problems.append("overshoot_reason_at: must be above 100")
    cutoffs = list(s.grade_cutoffs.values())
    if not all(_percent_ok(c) for c in cutoffs) or len(set(cutoffs)) != len(cutoffs):
        problems.append("grade_cutoffs: must lie within 0–100, each grade at its own cut-off")
    for label, band in s.qualitative_bands.items():
        if not (
            _percent_ok(band["min"]) and _percent_ok(band["max"]) and band["min"] <= band["default"] <= band["max"]
        ):
            problems.append(f"qualitative_bands.{label}: needs 0 ≤ min ≤ default ≤ max ≤ 100")
    if not all(_percent_ok(v) for v in s.four_word_scale.values()):
        problems.append("four_word_scale: percents must lie within 0–100")
    if s.reverse_variant not in REVERSE_VARIANTS:
        problems.append(f"reverse_variant: must be one of {', '.join(REVERSE_VARIANTS)}")
    if s.light_red_below > s.light_green_at:
        problems.append("light_red_below: must not exceed light_green_at")
    if not 1 <= s.monitoring_months <= 12:
        problems.append("monitoring_months: must lie within 1–12")
    if not 0 <= s.decimal_places <= 6:
        problems.append("decimal_places: must lie within 0–6")
    return problems
