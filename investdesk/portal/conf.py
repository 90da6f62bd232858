"""The unit's portal settings (`unit.settings["portal"]`), with documented defaults.

Every limit is a default the unit may change. A stored value that cannot be read means the
database was edited by hand: it is logged and the default is used, so the portal never breaks
for the public because of a bad setting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields

log = logging.getLogger(__name__)

# Submissions per client address and unit. Five in ten minutes lets a family or an office behind
# one address send several requests; twenty a day stops a script without hurting people.
DEFAULT_SUBMIT_WINDOW_MINUTES = 10
DEFAULT_SUBMIT_PER_WINDOW = 5
DEFAULT_SUBMIT_PER_DAY = 20
# Failed look-ups (tracking number and phone that do not match) per client address and hour: enough
# for people who mistype, far too few to guess a tracking number (32^10 possibilities).
DEFAULT_LOOKUP_FAILURES_PER_HOUR = 20
MAX_FILES = 5


@dataclass(frozen=True)
class PortalSettings:
    submit_window_minutes: int = DEFAULT_SUBMIT_WINDOW_MINUTES
    submit_per_window: int = DEFAULT_SUBMIT_PER_WINDOW
    submit_per_day: int = DEFAULT_SUBMIT_PER_DAY
    lookup_failures_per_hour: int = DEFAULT_LOOKUP_FAILURES_PER_HOUR

    @classmethod
    def from_dict(cls, data: dict) -> PortalSettings:
        """Checked reading of stored overrides; raises ValueError naming the key."""
        values = {}
        for item in fields(cls):
            if item.name in data:
                values[item.name] = _whole(data[item.name], item.name, 1)
        return cls(**values)


def _whole(value, key: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{key}: {value!r} is not a whole number")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{key}: {value!r} is not a whole number") from None
    if not low <= number <= 10000:
        raise ValueError(f"{key}: {number} is outside {low}–10000")
    return number


def settings_for(unit) -> PortalSettings:
    try:
        return PortalSettings.from_dict((getattr(unit, "settings", None) or {}).get("portal") or {})
    except ValueError:
        log.exception("unit %s has invalid portal settings; using the defaults", getattr(unit, "code", unit))
        return PortalSettings()
