"""The global search page (/search/?q=): every kind of record of the user's unit that matches,
grouped, a few of each with the count and a link to all of them. A full case or tracking
number opens that record directly."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from investdesk.accounts.access import can, unit_view
from investdesk.accounts.permissions import PERSONAL_DATA_VIEW
from investdesk.core.web import query_without_page
from investdesk.search import registry, results
from investdesk.search.query import MAX_LENGTH, parse

PAGE_SIZE = 50


@unit_view()
def search(request):
    query = parse(request.GET.get("q"))
    kind = registry.get(request.GET.get("kind") or "")
    context = {"query": query, "max_length": MAX_LENGTH, "kind": kind, "kinds": registry.kinds()}
    if query.usable and kind is not None:
        return _one_kind(request, query, kind, context)
    if query.usable:
        if url := results.jump(request, query):
            return redirect(url)
        context["groups"] = results.groups(request, query)
        context["total"] = sum(g.count for g in context["groups"])
        context["phone_not_searched"] = query.looks_like_phone and not can(request, PERSONAL_DATA_VIEW)
    return render(request, "search/results.html", context)


def _one_kind(request, query, kind, context):
    rows = kind.rows(request, query)
    page = Paginator(rows if rows is not None else [], PAGE_SIZE).get_page(request.GET.get("page"))
    context |= {
        "page": page,
        "hits": [kind.hit(request, row) for row in page.object_list],
        "page_query": query_without_page(request),
        "phone_not_searched": query.looks_like_phone and not can(request, PERSONAL_DATA_VIEW),
    }
    return render(request, "search/kind.html", context)
