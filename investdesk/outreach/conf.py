"""The unit's settings for visits, consultations and appeals (`unit.settings["outreach"]`).

RULES.md: every number is a default the unit may change; none is hard-coded in the logic.
Stored values are checked when saved (`OutreachSettings.from_dict`); a bad value found later
means the database was edited by hand: it is logged and the defaults are used.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

log = logging.getLogger(__name__)

# No national rule fixes how fast a district must answer an enterprise's appeal; 10 working
# days (two weeks) is the span most published 政企沟通 / 诉求办理 procedures of Yunnan's
# districts give a responsible department, so it is the default deadline.
DEFAULT_APPEAL_DEADLINE = 10
DEFAULT_APPEAL_DUE_SOON = 3  # an open appeal is flagged this many working days before its deadline
LIMITS = {"appeal_deadline_workdays": (1, 250), "appeal_due_soon_workdays": (0, 60)}


@dataclass(frozen=True)
class OutreachSettings:
    appeal_deadline_workdays: int = DEFAULT_APPEAL_DEADLINE
    appeal_due_soon_workdays: int = DEFAULT_APPEAL_DUE_SOON

    @classmethod
    def from_dict(cls, data: dict) -> OutreachSettings:
        """Checked reading of stored overrides; raises ValueError naming the key."""
        values = {}
        for key, (low, high) in LIMITS.items():
            if key in data:
                values[key] = _whole(data[key], key, low, high)
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


def settings_for(unit) -> OutreachSettings:
    try:
        return OutreachSettings.from_dict((getattr(unit, "settings", None) or {}).get("outreach") or {})
    except ValueError:
        log.exception("unit %s has invalid outreach settings; using the defaults", getattr(unit, "code", unit))
        return OutreachSettings()
