"""The unit's settings for investment projects (`unit.settings["projects"]`), with documented defaults.

RULES.md: every number is a default the unit may change; none is hard-coded in the logic.
Stored values are checked when saved (see `ProjectSettings.from_dict`), so a bad value found
later means the database was edited by hand: it is logged and the defaults are used.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field

log = logging.getLogger(__name__)

DEFAULT_REGION_CODE = "530114"  # 呈贡区 (RULES.md §5)
# "拿地即开工": land acquisition (出让合同 / 不动产权证) to the actual start within this many working
# days. No national figure exists; 20 working days is about one calendar month, the span most
# local "拿地即开工" policies name.
DEFAULT_LAND_TO_START_THRESHOLD = 20
DEFAULT_DUE_SOON = 3  # an open approval item is flagged this many working days before its limit
DEFAULT_WHOLE_PROCESS_TARGET = 120  # 国办发〔2019〕11号: the whole approval process ≤ 120 working days
_REGION = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class ProjectSettings:
    region_code: str = DEFAULT_REGION_CODE
    accepted_region_codes: tuple[str, ...] = field(default_factory=tuple)
    land_to_start_threshold_workdays: int = DEFAULT_LAND_TO_START_THRESHOLD
    due_soon_workdays: int = DEFAULT_DUE_SOON
    whole_process_target_workdays: int = DEFAULT_WHOLE_PROCESS_TARGET

    @property
    def region_codes(self) -> tuple[str, ...]:
        """Every region code a project code of this unit may carry, the unit's own first."""
        return (self.region_code, *[c for c in self.accepted_region_codes if c != self.region_code])

    @classmethod
    def from_dict(cls, data: dict) -> ProjectSettings:
        """Checked reading of stored overrides; raises ValueError naming the key."""
        values = {}
        if "region_code" in data:
            values["region_code"] = _region(data["region_code"], "region_code")
        if "accepted_region_codes" in data:
            codes = data["accepted_region_codes"] or []
            if isinstance(codes, str):
                codes = re.split(r"[\s,，、]+", codes.strip())
            values["accepted_region_codes"] = tuple(_region(c, "accepted_region_codes") for c in codes if c)
        for key, low, high in (
            ("land_to_start_threshold_workdays", 0, 1000),
            ("due_soon_workdays", 0, 60),
            ("whole_process_target_workdays", 1, 1000),
        ):
            if key in data:
                values[key] = _whole(data[key], key, low, high)
        return cls(**values)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["accepted_region_codes"] = list(self.accepted_region_codes)
        return data


def _region(value, key: str) -> str:
    text = str(value).strip()
    if not _REGION.match(text):
        raise ValueError(f"{key}: {value!r} is not a 6-digit region code")
    return text


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


def settings_for(unit) -> ProjectSettings:
    try:
        return ProjectSettings.from_dict((getattr(unit, "settings", None) or {}).get("projects") or {})
    except ValueError:
        log.exception("unit %s has invalid project settings; using the defaults", getattr(unit, "code", unit))
        return ProjectSettings()
