"""How the unit-isolation test reaches each URL that takes an id.

Each app describes its URLs in `<app>/tests/isolation.py` with a dict `SPECS` mapping the
URL name to a spec. The test in tests/test_isolation.py walks the whole URLconf: a URL with
arguments and no spec fails the test until it is described here or there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Row:
    """The URL shows or changes one row: `make(unit, marker)` builds it in the victim unit.

    `kwargs(obj)` turns the row into the URL's arguments (default: {"pk": obj.pk}). After the
    outsider's GET and POST the row must be unchanged; `related` lists further rows to check.
    """

    make: Callable[..., models.Model]
    kwargs: Callable[[models.Model], dict] = field(default=lambda obj: {"pk": obj.pk})


@dataclass(frozen=True)
class Skip:
    """A URL outside unit scope (say why); it is not requested."""

    reason: str


@dataclass(frozen=True)
class Public:
    """A public URL (no login): `make(unit, marker)` returns its kwargs for a victim's row.

    The public page may show the row to whoever holds its token; the spec says so explicitly.
    """

    make: Callable[..., dict]
    reason: str
