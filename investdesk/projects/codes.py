"""投资项目代码 (GB/T 40058-2021): 24 characters `NNNN-NNNNNN-NN-NN-XXXXXX` (RULES.md §5).

Year, 6-digit region code, department, project type, and a serial of 5 random digits plus one
check character. The check algorithm is not public, so only the format, a plausible year and
the region are checked. Pure functions: no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_YEAR = 2014  # the national online approval platform began issuing codes in 2014–2015
_DASHES = re.compile(r"[\s_‐‑‒–—―－]+")
_PARTS = (
    # (pattern, description of the part for messages)
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{6}$"), "region"),
    (re.compile(r"^\d{2}$"), "department"),
    (re.compile(r"^\d{2}$"), "type"),
    (re.compile(r"^\d{5}[0-9A-Z]$"), "serial"),
)


def normalise_code(value: str | None) -> str:
    """Full-width characters, spaces and other dashes as people type them → the plain form."""
    text = unicodedata.normalize("NFKC", value or "").strip().upper()
    return _DASHES.sub("-", text).strip("-")


def _part_message(index: int, value: str) -> str:
    messages = {
        "year": _("Part 1 of the project code (the year) must be 4 digits, not “%(value)s”."),
        "region": _("Part 2 of the project code (the region code) must be 6 digits, not “%(value)s”."),
        "department": _("Part 3 of the project code (the department) must be 2 digits, not “%(value)s”."),
        "type": _("Part 4 of the project code (the project type) must be 2 digits, not “%(value)s”."),
        "serial": _(
            "Part 5 of the project code (the serial number) must be 5 digits and a check character "
            "(a digit or a capital letter), not “%(value)s”."
        ),
    }
    return messages[_PARTS[index][1]] % {"value": value}


def code_problems(value: str, *, regions: Iterable[str], this_year: int) -> list[str]:
    """Every problem of a (normalised) project code, each naming the part; [] when it is valid."""
    parts = value.split("-")
    if len(parts) != 5:
        return [
            _(
                "The project code “%(value)s” has %(n)s parts; it needs 5 parts separated by “-”: "
                "year-region-department-type-serial, e.g. 2022-530114-04-01-123456."
            )
            % {"value": value, "n": len(parts)}
        ]
    problems = [
        _part_message(n, part)
        for n, (part, (pattern, _kind)) in enumerate(zip(parts, _PARTS, strict=True))
        if not pattern.match(part)
    ]
    if problems:
        return problems
    year = int(parts[0])
    if not FIRST_YEAR <= year <= this_year + 1:
        problems.append(
            _(
                "Part 1 of the project code (the year) %(year)s is not plausible: "
                "it must lie between %(low)s and %(high)s."
            )
            % {"year": year, "low": FIRST_YEAR, "high": this_year + 1}
        )
    regions = tuple(regions)
    if parts[1] not in regions:
        problems.append(
            _(
                "Part 2 of the project code (the region code) %(region)s is not a region of this unit; "
                "accepted: %(accepted)s."
            )
            % {"region": parts[1], "accepted": "、".join(regions)}
        )
    return problems


def validate_code(value: str, *, regions: Iterable[str], this_year: int) -> str:
    """The normalised code, or ValidationError with one message per wrong part."""
    code = normalise_code(value)
    problems = code_problems(code, regions=regions, this_year=this_year)
    if problems:
        raise ValidationError(problems, code="project_code")
    return code
