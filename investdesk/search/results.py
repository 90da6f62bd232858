"""Run the query against every registered kind: a few rows and a count per kind, in a fixed
number of queries whatever the size of the ledgers (at most two per kind, one per jump)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from investdesk.search import registry
from investdesk.search.query import Query
from investdesk.search.registry import Hit, Kind

PER_KIND = 5


@dataclass
class Group:
    kind: Kind
    hits: list[Hit]
    count: int
    more_url: str | None  # None when every match is shown

    @property
    def key(self) -> str:
        return self.kind.key


def kind_url(query: Query, key: str) -> str:
    """The search page listing every match of one kind (for kinds without a list page)."""
    return f"{reverse('search:index')}?{urlencode({'q': query.text, 'kind': key})}"


def group_for(request: HttpRequest, kind: Kind, query: Query, limit: int = PER_KIND) -> Group:
    rows = kind.rows(request, query)
    if rows is None:
        return Group(kind, [], 0, None)
    found = list(rows[: limit + 1])
    count = len(found) if len(found) <= limit else rows.count()
    hits = [kind.hit(request, row) for row in found[:limit]]
    more = None
    if count > limit:
        more = kind.more_url(query) or kind_url(query, kind.key)
    return Group(kind, hits, count, more)


def groups(request: HttpRequest, query: Query) -> list[Group]:
    return [group_for(request, kind, query) for kind in registry.kinds()]


def jump(request: HttpRequest, query: Query) -> str | None:
    """The one record a full identifier names, when exactly one kind knows it."""
    urls = [url for kind in registry.kinds() if kind.jump and (url := kind.jump(request, query))]
    return urls[0] if len(urls) == 1 else None
