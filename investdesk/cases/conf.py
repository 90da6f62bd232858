"""The unit's settings for delegation cases (`unit.settings["cases"]`), with documented defaults.

RULES.md §7: every step has a promised time in working days, a setting per step; §4: the
rating window and the rectification deadline. Stored values are checked when saved
(`CaseSettings.from_dict`), so a bad value found later means the database was edited by
hand: it is logged and the defaults are used.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields

log = logging.getLogger(__name__)

LIMITS = {
    "acceptance_workdays": (1, 60),  # 申请 → 受理 or 不予受理
    "plan_workdays": (1, 60),  # 受理 → 委托书 and 代办方案 ready, the work starts
    "visit_workdays": (1, 60),  # 办结 → 回访
    "rating_window_workdays": (1, 60),  # 办结 → the requester may rate; then 基本满意 by default
    "rectification_workdays": (1, 60),  # 差评 → rectification done
    "due_soon_workdays": (0, 30),  # flag a deadline this many working days before it
}


@dataclass(frozen=True)
class CaseSettings:
    acceptance_workdays: int = 1
    plan_workdays: int = 3
    visit_workdays: int = 5
    rating_window_workdays: int = 5  # Yunnan 云政办发〔2020〕6号: no rating in 5 working days → 基本满意
    rectification_workdays: int = 5  # RULES.md §4
    due_soon_workdays: int = 2

    @classmethod
    def from_dict(cls, data: dict) -> CaseSettings:
        """Checked reading of stored overrides; raises ValueError naming the key."""
        values = {}
        for f in fields(cls):
            if f.name in data:
                low, high = LIMITS[f.name]
                values[f.name] = _whole(data[f.name], f.name, low, high)
        return cls(**values)

    def to_dict(self) -> dict:
        return asdict(self)


def _whole(value, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{key}: {value!r} is not a whole number")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{key}: {value!r} is not a whole number") from None
    if not low <= number <= high:
        raise ValueError(f"{key}: {number} is outside {low}–{high}")
    return number


def settings_for(unit) -> CaseSettings:
    try:
        return CaseSettings.from_dict((getattr(unit, "settings", None) or {}).get("cases") or {})
    except ValueError:
        log.exception("unit %s has invalid case settings; using the defaults", getattr(unit, "code", unit))
        return CaseSettings()
