"""The kinds of record the global search finds, each registered by the app that keeps them.

The search app imports no ledger: an app registers, in its AppConfig.ready(),

    from investdesk.search import registry

    registry.register(registry.Kind("enterprises", _("Enterprises"), 10, "buildings", rows, hit, more_url))

- `rows(request, query)` returns a queryset of the request's unit only (or None when the text
  cannot match this kind), ordered, with what `hit` shows fetched in the same query;
- `hit(request, row)` turns one row into a `Hit` (masking what the role may not see);
- `more_url(query)` is the list page filtered by the same text, or None: the search page then
  lists every match of the kind itself;
- `jump(request, query)` (optional) returns the URL of the one record a full identifier names
  (a case number, a tracking number), or None. It may run one query, only when the text has
  the identifier's shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

from investdesk.search.query import Query


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    code: str = ""  # an identifier shown in monospace (credit code, case number…)
    detail: str = ""  # one line under the title
    badge: str = ""  # a status


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # a lazy translation
    order: int
    icon: str  # a bootstrap-icons name
    rows: Callable[[HttpRequest, Query], QuerySet | None]
    hit: Callable[[HttpRequest, object], Hit]
    more_url: Callable[[Query], str | None] = lambda query: None
    jump: Callable[[HttpRequest, Query], str | None] | None = None
    group: str = "records"  # "records" or "people": the heading the kind is shown under


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.key] = kind


def unregister(key: str) -> None:
    _kinds.pop(key, None)


def get(key: str) -> Kind | None:
    return _kinds.get(key)


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))
