"""Tracking numbers and phone comparison for the public look-up. Pure functions: no database.

A tracking number is 10 characters drawn at random (`secrets`) from 32 letters and digits without
0/O and 1/I, so that it reads aloud over the phone without "zero or oh?" — 32^10 ≈ 10^15 numbers,
which with the look-up limit cannot be guessed. It is shown in two groups of five.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 10
_SEPARATORS = re.compile(r"[\s\-_‐‑‒–—―－·.]+")
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_number() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_number(value: str | None) -> str:
    """What people type or read back: full-width, lower case, spaces and dashes → the stored form.

    O and I cannot occur, so a typed O is read as the 0 … which cannot occur either: such input
    stays invalid rather than being guessed into someone else's number.
    """
    text = unicodedata.normalize("NFKC", value or "").upper()
    return _SEPARATORS.sub("", text)


def is_valid_number(value: str) -> bool:
    return bool(_VALID.match(value))


def grouped(number: str) -> str:
    """ABCDE-FGHJK: easier to read aloud and copy."""
    return f"{number[:5]}-{number[5:]}" if len(number) == LENGTH else number


def phone_digits(value: str | None) -> str:
    """The digits that identify a phone: +86 / 0086 in front of a mobile number do not count."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and digits[len(prefix)] == "1":
            return digits[len(prefix) :]
    return digits


def same_phone(given: str | None, stored: str | None) -> bool:
    a, b = phone_digits(given), phone_digits(stored)
    return bool(a) and secrets.compare_digest(a, b)
