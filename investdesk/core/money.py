"""Money and rate helpers: amounts are Decimal yuan, shown as 元 or 万元 with two decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan_to_wan(value: Decimal | None) -> Decimal | None:
    return None if value is None else round2(value / TEN_THOUSAND)


def wan_to_yuan(value: Decimal | None) -> Decimal | None:
    return None if value is None else round2(value * TEN_THOUSAND)


def format_yuan(value) -> str:
    amount = to_decimal(value)
    return "—" if amount is None else _("%(amount)s yuan") % {"amount": f"{round2(amount):,.2f}"}


def format_wan(value) -> str:
    amount = to_decimal(value)
    return "—" if amount is None else _("%(amount)s × 10k yuan") % {"amount": f"{yuan_to_wan(amount):,.2f}"}


def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole × 100, two decimals; None when the whole is missing or zero."""
    if part is None or not whole:
        return None
    return round2(Decimal(part) / Decimal(whole) * 100)
