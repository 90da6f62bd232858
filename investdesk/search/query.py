"""What was typed into the search box, cleaned once for every kind of record. Pure: no database.

The text is folded as lists fold it (full-width → half-width, inner white space to one space),
control characters are dropped (PostgreSQL refuses a NUL in a string), and anything longer than
`MAX_LENGTH` is refused with a message instead of being searched. Wildcards (`%`, `_`) and quotes
need nothing here: the ORM escapes and binds them, so they match themselves.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from investdesk.core.text import normalise

MAX_LENGTH = 100
# A phone is searched from this many digits on: fewer would match half the ledger.
PHONE_DIGITS = 4
_PHONE_LIKE = re.compile(r"^[\d\s+()\-－—]+$")


@dataclass(frozen=True)
class Query:
    text: str  # folded, trimmed; what the name and code lookups use
    error: str = ""

    @property
    def empty(self) -> bool:
        return not self.text

    @property
    def usable(self) -> bool:
        return bool(self.text) and not self.error

    @property
    def compact(self) -> str:
        return self.text.replace(" ", "")

    @property
    def upper(self) -> str:
        """Identifiers (credit codes, case numbers) are stored in capitals."""
        return self.compact.upper()

    @property
    def initials(self) -> str:
        """The text as pinyin initials (cgtf), or "" when it cannot be initials."""
        compact = self.compact
        return compact.lower() if compact.isascii() and compact.isalnum() else ""

    @property
    def digits(self) -> str:
        return re.sub(r"\D", "", self.text)

    @property
    def looks_like_phone(self) -> bool:
        """Only digits (and the separators of a phone number), enough of them to mean one."""
        return bool(_PHONE_LIKE.match(self.text)) and len(self.digits) >= PHONE_DIGITS


def _strip_controls(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\t\n")


def parse(raw: str | None) -> Query:
    text = normalise(_strip_controls(raw or ""))
    if len(text) > MAX_LENGTH:
        return Query(
            text="",
            error=_("The search text is %(length)d characters long; type at most %(max)d.")
            % {"length": len(text), "max": MAX_LENGTH},
        )
    return Query(text=text)
