"""Value helpers for the 绩效目标表 parser: operators, targets, numbers, money, years.

RULES.md §2 lists the operator spellings found in published tables; every one of them,
ASCII or full-width, normalises to one of ``>= <= > < = qualitative``.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Full-width forms seen in tables typed with a Chinese input method.
_WIDTH_MAP = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "＋": "+",
        "－": "-",
    }
)

_OPERATOR_SPELLINGS: dict[str, str] = {
    ">=": ">=",
    "=>": ">=",
    "≥": ">=",
    "≧": ">=",
    "大于等于": ">=",
    "大于或等于": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "<=": "<=",
    "=<": "<=",
    "≤": "<=",
    "≦": "<=",
    "小于等于": "<=",
    "小于或等于": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "=": "=",
    "==": "=",
    "等于": "=",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "定性": "qualitative",
    "qualitative": "qualitative",
}

# Longest first, so "大于等于" is not read as "大于" followed by "等于…".
_PREFIXES = sorted((s for s in _OPERATOR_SPELLINGS if s != "qualitative"), key=len, reverse=True)

# "95%以上" / "5%以内": the operator written after the number.
_SUFFIXES = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="))

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^({_NUMBER})\s*(.*)$", re.S)
_PLAIN_NUMBER_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_AMOUNT_WITH_UNIT_RE = re.compile(rf"({_NUMBER})\s*(万元|万|元)")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})")
_CENT = Decimal("0.01")


def to_halfwidth(text: str) -> str:
    """Full-width digits, point, percent and comparison signs to their ASCII forms."""
    return text.translate(_WIDTH_MAP)


def normalise_operator(text: str | None) -> str | None:
    """Map an operator as written ("≥", "不低于", "＞＝", "定性" …) to its stored form.

    Returns None for an empty or unknown spelling.
    """
    if text is None:
        return None
    key = re.sub(r"\s+", "", to_halfwidth(str(text)))
    if key == "定性指标":
        return "qualitative"
    return _OPERATOR_SPELLINGS.get(key)


def is_number(text: str | None) -> bool:
    """True for a plain decimal number such as "100", "5.5" or "-3"."""
    return bool(text) and bool(_PLAIN_NUMBER_RE.match(text or ""))


def _split_prefix(text: str) -> tuple[str | None, int]:
    """The operator written at the start of ``text`` and where the rest begins."""
    for spelling in _PREFIXES:
        if text.startswith(spelling):
            return _OPERATOR_SPELLINGS[spelling], len(spelling)
    return None, 0


def _split_number(text: str) -> tuple[str, str | None] | None:
    """("100", "份") for "100份"; None when the text does not start with a number."""
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    number, rest = match.group(1).replace(",", ""), match.group(2).strip()
    # "100-200" or "1.2.3" are not a number followed by a unit.
    if rest[:1] in ("-", ".", "~", "～", "至", ",") or rest[:1].isdigit():
        return None
    return number, rest or None


def split_target(cell: str | None) -> tuple[str | None, str | None, str | None]:
    """Split a 指标值 cell into (operator, target, unit).

    "≥100份" -> (">=", "100", "份"); "10辆" -> (None, "10", "辆"); "好" -> (None, "好", None);
    "不低于95%" -> (">=", "95", "%"); "95%以上" -> (">=", "95", "%"). Full-width digits and
    signs are normalised; a text target is returned as written. A cell holding only "定性"
    gives ("qualitative", None, None).
    """
    written = (cell or "").strip()
    # to_halfwidth maps character for character, so offsets match between the two texts.
    text = to_halfwidth(written)
    if not text:
        return None, None, None
    if normalise_operator(text) == "qualitative":
        return "qualitative", None, None
    operator, offset = _split_prefix(text)
    rest, rest_written = text[offset:].strip(), written[offset:].strip()
    if not rest:
        return operator, None, None
    for suffix, suffix_operator in _SUFFIXES:
        if operator is None and rest.endswith(suffix):
            split = _split_number(rest[: -len(suffix)].strip())
            if split is not None:
                return suffix_operator, split[0], split[1]
    split = _split_number(rest)
    if split is None:
        return operator, rest_written, None
    return operator, split[0], split[1]


def parse_decimal(text: str | None) -> Decimal | None:
    """A Decimal from "10", "１０", "2.5分" or "1,000"; None when it is not a number."""
    if text is None:
        return None
    cleaned = to_halfwidth(str(text)).strip().replace(",", "")
    cleaned = re.sub(r"\s*分$", "", cleaned)
    if not _PLAIN_NUMBER_RE.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        return None


def parse_amount(text: str | None, *, default_wan: bool = False) -> Decimal | None:
    """Money in yuan, two decimals, from "5.8万元", "125000元", "12.5万" or a bare number.

    A bare number is in 万元 when ``default_wan`` (the label said "（万元）"), else in 元.
    """
    if not text:
        return None
    cleaned = to_halfwidth(str(text)).strip()
    match = _AMOUNT_WITH_UNIT_RE.search(cleaned)
    if match:
        number, wan = match.group(1), match.group(2).startswith("万")
    elif _PLAIN_NUMBER_RE.match(cleaned.replace(",", "")):
        number, wan = cleaned, default_wan
    else:
        return None
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regexes already guard this
        return None
    if wan:
        value *= 10000
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def parse_year(text: str | None) -> int | None:
    """The first plausible year (1900–2099) written in the text."""
    if not text:
        return None
    match = _YEAR_RE.search(to_halfwidth(str(text)))
    return int(match.group(1)) if match else None


def yuan_to_wan_text(amount: Decimal) -> str:
    """Yuan as 万元 text with at least two decimals, more only when needed to stay exact."""
    wan = amount / Decimal(10000)
    text = f"{wan:.2f}"
    if Decimal(text) == wan:
        return text
    return format(wan.normalize(), "f")


def render_spreadsheet_value(value: object) -> str:
    """A spreadsheet value as text the way a person reads it: 100.0 -> "100", 0.5 -> "0.5"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        try:
            return format(Decimal(repr(value)), "f")
        except (InvalidOperation, ValueError):
            return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def number_roundtrips(text: str) -> bool:
    """True when writing ``text`` as a spreadsheet number reads back as the same text."""
    if not is_number(text):
        return False
    try:
        return render_spreadsheet_value(float(text)) == text
    except (ValueError, OverflowError):
        return False


def clean_text(text: str | None) -> str:
    """Cell text: newlines unified, each line's trailing blanks and the outer blanks removed.

    A cell holding only "空" (how the seed marks an empty cell) is empty.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return "" if text == "空" else text
