"""Business dates from what platforms and people write: the day in Asia/Shanghai.

A platform export may carry a bare date, a local time ("2022-12-31 23:59") or an instant with an
offset ("2022-12-31T16:00:00Z" is 2023-01-01 00:00 in Beijing). Instants are turned into the
local day, so a figure recorded at 23:59 on 31 December belongs to that year and one recorded at
00:00 on 1 January to the next, whatever the time zone the file was written in.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

_LOCAL = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?$"
)
_OFFSET = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def local_day(value) -> date:
    """The Asia/Shanghai date of a cell value; ValueError (with a message for the user) otherwise."""
    if isinstance(value, datetime):
        return _day_of(value)
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if _OFFSET.search(text):
        try:
            return _day_of(datetime.fromisoformat(text.replace(" ", "T", 1)))
        except ValueError:
            pass
    match = _LOCAL.match(text) or _COMPACT.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(_("“%(value)s” is not a date (write 2022-10-08).") % {"value": text})


def _day_of(moment: datetime) -> date:
    if timezone.is_aware(moment):
        return timezone.localtime(moment).date()
    return moment.date()  # a time without an offset is already local (the platforms export Beijing time)
