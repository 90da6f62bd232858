"""Validation of the identifiers Investdesk takes on input (RULES.md §5, §6)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

USCC_CHECKSUM = "uscc_checksum"
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8}|400-?\d{3}-?\d{4})$")


def normalise_uscc(value: str) -> str:
    """Full-width characters folded (ＭＡ６Ｋ → MA6K), spaces and dashes dropped, upper case."""
    return stdnum_uscc.compact(unicodedata.normalize("NFKC", value or "")).upper()


def validate_uscc(value: str, *, allow_bad_checksum: bool = False) -> str:
    """Return the compact code or raise ValidationError.

    A wrong check character raises with code USCC_CHECKSUM: some early pilot codes are legal
    but fail the check, so callers ask the user to confirm instead of refusing outright.
    """
    code = normalise_uscc(value)
    try:
        return stdnum_uscc.validate(code)
    except InvalidChecksum:
        if allow_bad_checksum:
            return code
        raise ValidationError(
            _(
                "The check character of the unified social credit code %(code)s does not match; "
                "confirm to save it anyway if it is an early pilot code."
            ),
            code=USCC_CHECKSUM,
            params={"code": code},
        ) from None
    except StdnumError:
        raise ValidationError(
            _(
                "“%(code)s” is not a unified social credit code: 18 characters of digits and "
                "capital letters other than I, O, S, V and Z."
            ),
            code="uscc_invalid",
            params={"code": value},
        ) from None


def validate_phone(value: str) -> str:
    """Mainland mobile or fixed-line numbers; spaces and dashes are tolerated on input."""
    compact = re.sub(r"[\s()（）]", "", value or "")
    if not _PHONE.match(compact):
        raise ValidationError(
            _(
                "“%(value)s” is not a phone number "
                "(a mobile number of 11 digits or a fixed line such as 0871-67483280)."
            ),
            code="phone_invalid",
            params={"value": value},
        )
    return compact


def mask_phone(value: str | None) -> str:
    """138****1234: keep the first three and the last four digits."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
