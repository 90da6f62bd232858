"""Text and number helpers shared by the rule parser and the evaluator.

Pure Python (no Django): full-width folding, Decimal parsing with sane bounds, operator
normalisation, reading an actual value ("95%", "部分达成 75%", "基本明确") and the label tables of
the qualitative scale.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

# Anything this large is a typing slip, not a budget or a count; refusing it keeps every
# Decimal operation (division, quantize) far from the context's precision limits.
MAX_ABS = Decimal("1e15")

NUMBER_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_EDGE_PUNCT = " \t\r\n,.;:!?。，、；：！？\"'“”‘’()[]【】《》"

CN_DIGITS: dict[str, Decimal] = {
    "零": Decimal(0),
    "一": Decimal(1),
    "二": Decimal(2),
    "两": Decimal(2),
    "三": Decimal(3),
    "四": Decimal(4),
    "五": Decimal(5),
    "六": Decimal(6),
    "七": Decimal(7),
    "八": Decimal(8),
    "九": Decimal(9),
    "十": Decimal(10),
    "半": Decimal("0.5"),
}

POSITIVE_OPS = (">=", ">")
REVERSE_OPS = ("<=", "<")
NUMERIC_OPS = (">=", ">", "<=", "<", "=")
QUALITATIVE = "qualitative"

_OPERATOR_ALIASES: dict[str, str] = {
    ">=": ">=",
    "≥": ">=",
    "≧": ">=",
    "大于等于": ">=",
    "大于或等于": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "<=": "<=",
    "≤": "<=",
    "≦": "<=",
    "小于等于": "<=",
    "小于或等于": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "不多于": "<=",
    "=": "=",
    "==": "=",
    "等于": "=",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "定性": QUALITATIVE,
    "定性指标": QUALITATIVE,
    QUALITATIVE: QUALITATIVE,
}

# The qualitative band names of 财预〔2020〕10号 and the short forms scorers actually write.
BAND_ALIASES: dict[str, str] = {
    "达成": "达成",
    "达成年度指标": "达成",
    "已达成": "达成",
    "全部达成": "达成",
    "部分达成": "部分达成",
    "部分达成并具有一定效果": "部分达成",
    "未达成": "未达成",
    "未达成且效果较差": "未达成",
}


def normalise_text(text: str) -> str:
    """Fold full-width forms (８０％ → 80%, （ → (, ， → ,) so one set of patterns suffices."""
    return unicodedata.normalize("NFKC", text)


def clean_label(text: str) -> str:
    """A label as compared: folded, without spaces or edge punctuation."""
    return re.sub(r"\s+", "", normalise_text(text)).strip(_EDGE_PUNCT)


def to_decimal(value: object) -> Decimal | None:
    """A finite Decimal within ±MAX_ABS from a str/int/Decimal (never float), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))  # repr keeps 0.1 as 0.1, not its binary expansion
    elif isinstance(value, str):
        text = _THOUSANDS_RE.sub("", normalise_text(value)).strip().rstrip("%").strip()
        if not NUMBER_RE.fullmatch(text):
            return None
        result = Decimal(text)
    else:
        return None
    try:
        if not result.is_finite() or abs(result) >= MAX_ABS:
            return None
    except InvalidOperation:
        return None
    return result


def cn_number(text: str | None) -> Decimal | None:
    """An Arabic or single Chinese numeral ("1", "一", "两", "半") as a Decimal."""
    if not text:
        return None
    return CN_DIGITS.get(text) if text in CN_DIGITS else to_decimal(text)


def q(value: Decimal, places: int = 2) -> Decimal:
    """Round half up to `places` decimals, in a wide context so large ratios never trap."""
    with localcontext() as ctx:
        ctx.prec = 100
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal | str | None) -> str:
    """A Decimal written plainly, no exponent, no trailing zeros: 100, 0.5, 8.33."""
    if value is None:
        return ""
    dec = value if isinstance(value, Decimal) else to_decimal(value)
    if dec is None:
        return str(value)
    text = format(dec, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt2(value: Decimal) -> str:
    """A Decimal with exactly two decimals, as shown in the official tables."""
    return format(q(value), "f")


def dec_str(value: Decimal | None) -> str | None:
    """JSON form of an amount or score: a plain string (no float), None stays None."""
    return None if value is None else format(value, "f")


def normalise_operator(operator: str | None) -> str | None:
    """The stored operator (>=, <=, >, <, =, qualitative) for any accepted spelling, else None."""
    if operator is None:
        return None
    key = re.sub(r"\s+", "", normalise_text(operator))
    return _OPERATOR_ALIASES.get(key) or _OPERATOR_ALIASES.get(key.lower())


def normalise_kind(kind: str | None) -> str:
    """quantitative / qualitative from either the code or the table's 定量指标 / 定性指标."""
    text = clean_label(kind or "")
    if text.startswith("定性") or text.lower() == QUALITATIVE:
        return QUALITATIVE
    return "quantitative"


@dataclass(frozen=True)
class ActualValue:
    """An actual as read: a number, or a label with an optional percent beside it."""

    number: Decimal | None = None
    label: str | None = None
    percent: Decimal | None = None
    ignored_unit: str | None = None  # "份" in "120份": dropped, shown as a warning


def read_actual(raw: str | Decimal | int | None) -> tuple[ActualValue | None, str | None]:
    """Split an actual into number/label; (None, None) when missing, (None, error) when unreadable."""
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        number = to_decimal(raw)
        if number is None:
            return None, f"实际完成值“{raw}”不是有效数字"
        return ActualValue(number=number), None
    # Spaces go only after the numbers are found, so "1 2" stays two numbers, not 12.
    text = re.sub(r"\s+", " ", _THOUSANDS_RE.sub("", normalise_text(raw))).strip(_EDGE_PUNCT)
    if not text:
        return None, None
    numbers = list(re.finditer(r"[+-]?\d+(?:\.\d+)?\s?%?", text))
    if not numbers:
        return ActualValue(label=re.sub(r"\s+", "", text)), None
    if len(numbers) > 1:
        return None, f"无法识别实际完成值“{raw.strip()}”：包含多个数字"
    match = numbers[0]
    number = to_decimal(match.group())
    if number is None:
        return None, f"实际完成值“{raw.strip()}”超出可处理的范围"
    rest = re.sub(r"\s+", "", text[: match.start()] + text[match.end() :]).strip(_EDGE_PUNCT)
    if not rest:
        return ActualValue(number=number), None
    if match.start() == 0:
        # "120份" is a number with its unit; "75%部分达成" a percent then a label: the caller
        # decides with the labels it knows, so both readings travel together.
        return ActualValue(number=number, label=rest, percent=number, ignored_unit=rest), None
    return ActualValue(label=rest, percent=number), None
