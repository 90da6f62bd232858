"""The unit's survey settings (`unit.settings["surveys"]`), with documented defaults.

Every number is a default the unit may change (RULES.md). A stored value that cannot be read means
the database was edited by hand: it is logged and the default is used, so the public answer page
never breaks because of a bad setting.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

log = logging.getLogger(__name__)

# Answers per client address, survey and clock hour. A person answers once; a family or an office
# behind one address (a service hall's Wi-Fi) answers a few dozen times an hour at most, a script
# hundreds. Thirty lets the busiest window through and stops a flood within minutes.
DEFAULT_ANSWERS_PER_IP_HOUR = 30
# Who "knows" (RULES.md §8): "majority" = more than half of the knowledge questions answered
# correctly; "all" = every one of them. The seed defines 知晓人数 without saying how knowledge is
# tested; most published 知晓率 surveys count a respondent who gets most answers right.
AWARENESS_RULES = ("majority", "all")
DEFAULT_AWARENESS_RULE = "majority"
# How many invitation codes one batch may create (a printed sheet for one event is rarely > 200).
DEFAULT_MAX_TOKENS_PER_BATCH = 500


@dataclass(frozen=True)
class SurveySettings:
    answers_per_ip_hour: int = DEFAULT_ANSWERS_PER_IP_HOUR
    awareness_rule: str = DEFAULT_AWARENESS_RULE
    max_tokens_per_batch: int = DEFAULT_MAX_TOKENS_PER_BATCH

    @classmethod
    def from_dict(cls, data: dict) -> SurveySettings:
        """Checked reading of stored overrides; raises ValueError naming the key."""
        values = {}
        for key, low, high in (("answers_per_ip_hour", 1, 10000), ("max_tokens_per_batch", 1, 5000)):
            if key in data:
                values[key] = _whole(data[key], key, low, high)
        if "awareness_rule" in data:
            rule = str(data["awareness_rule"])
            if rule not in AWARENESS_RULES:
                raise ValueError(f"awareness_rule: {rule!r} is not one of {', '.join(AWARENESS_RULES)}")
            values["awareness_rule"] = rule
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


def settings_for(unit) -> SurveySettings:
    try:
        return SurveySettings.from_dict((getattr(unit, "settings", None) or {}).get("surveys") or {})
    except ValueError:
        log.exception("unit %s has invalid survey settings; using the defaults", getattr(unit, "code", unit))
        return SurveySettings()
