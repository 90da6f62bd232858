"""The unit's settings for publicity (`unit.settings["publicity"]`), with documented defaults.

The targets are the seed's 绩效目标表 values (RULES.md: every number a default the unit may
change). The summary page measures the year's figures against them; the performance module keeps
its own indicator targets, so a table that sets other numbers is scored by its own.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

log = logging.getLogger(__name__)

# 公开发放的宣传材料数量 ≥ 100 份, 发布稿件数量 ≥ 50 篇, 媒体关注量 ≥ 600 次 (2022 target table).
DEFAULT_MATERIALS_TARGET = 100
DEFAULT_ARTICLES_TARGET = 50
DEFAULT_ATTENTION_TARGET = 600
LIMIT = 100_000_000


@dataclass(frozen=True)
class PublicitySettings:
    materials_target: int = DEFAULT_MATERIALS_TARGET
    articles_target: int = DEFAULT_ARTICLES_TARGET
    attention_target: int = DEFAULT_ATTENTION_TARGET

    @classmethod
    def from_dict(cls, data: dict) -> PublicitySettings:
        """Checked reading of stored overrides; raises ValueError naming the key."""
        values = {}
        for key in ("materials_target", "articles_target", "attention_target"):
            if key in data:
                values[key] = _whole(data[key], key)
        return cls(**values)

    def to_dict(self) -> dict:
        return asdict(self)


def _whole(value, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{key}: {value!r} is not a whole number")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{key}: {value!r} is not a whole number") from None
    if not 0 <= number <= LIMIT:
        raise ValueError(f"{key}: {number} is outside 0–{LIMIT}")
    return number


def settings_for(unit) -> PublicitySettings:
    try:
        return PublicitySettings.from_dict((getattr(unit, "settings", None) or {}).get("publicity") or {})
    except ValueError:
        log.exception("unit %s has invalid publicity settings; using the defaults", getattr(unit, "code", unit))
        return PublicitySettings()
