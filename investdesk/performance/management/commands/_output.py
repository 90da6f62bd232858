"""JSON output shared by the performance commands: Decimals become plain JSON numbers."""

from __future__ import annotations

import json
from decimal import Decimal


def plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def number(value):
    """A Decimal, or a numeric string from a result's to_dict(), as a JSON number."""
    if value is None or value == "":
        return None
    return plain(Decimal(str(value)))


def dumps(data) -> str:
    return json.dumps(plain(data), ensure_ascii=False, indent=2)
