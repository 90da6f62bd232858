"""Sortable lists: `?sort=key` / `?sort=-key` against each list's whitelist (core.web.list_sort),
an arrow on the active column, the sort kept by pagination and filters, bad values ignored, and
the query count of a sorted page the same as of the unsorted one."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investdesk.core.web import list_sort
from investdesk.enterprises.models import Enterprise
from investdesk.projects.tests.conftest import make_enterprise
from tests.ui_data import make_ledgers

pytestmark = pytest.mark.django_db

COLUMNS = {"name": ("name_initials", "name"), "uscc": "uscc"}


def read(query: str):
    return list_sort(RequestFactory().get("/enterprises/?" + query), COLUMNS)


def test_a_whitelisted_key_sorts_up_and_its_minus_sorts_down():
    up, down = read("sort=name"), read("sort=-name")
    assert (up.key, up.descending, up.param) == ("name", False, "name")
    assert (down.key, down.descending, down.param) == ("name", True, "-name")


@pytest.mark.parametrize("value", ["password", "-unit__code", "name__x", "--name", "", "-", "uscc;drop"])
def test_any_other_value_is_ignored(value):
    sort = read("sort=" + value)
    assert (sort.key, sort.descending, sort.param, sort.hidden_input) == ("", False, "", "")


def test_header_links_keep_the_filters_drop_the_page_and_turn_the_active_column_around():
    sort = read("q=滇池&key=key&page=3&sort=name")
    assert sort.filters == "q=%E6%BB%87%E6%B1%A0&key=key"
    assert sort.links == {
        "name": "q=%E6%BB%87%E6%B1%A0&key=key&sort=-name",
        "uscc": "q=%E6%BB%87%E6%B1%A0&key=key&sort=uscc",
    }
    assert sort.query == "q=%E6%BB%87%E6%B1%A0&key=key&sort=name"
    assert sort.hidden_input == '<input type="hidden" name="sort" value="name">'
    assert read("sort=-name").links["name"] == "sort=name"


def test_it_orders_by_the_whitelisted_fields_and_breaks_ties_by_the_key(people):
    for n, name in enumerate(["云南七彩科技有限公司", "昆明滇池花卉有限公司", "安宁宏达化工有限公司"], 1):
        make_enterprise(people.unit, name, n=n)
    rows = Enterprise.objects.for_unit(people.unit)
    assert [e.name for e in read("sort=name").apply(rows)] == [
        "安宁宏达化工有限公司",
        "昆明滇池花卉有限公司",
        "云南七彩科技有限公司",
    ]
    assert [e.name for e in read("sort=-name").apply(rows)] == [
        "云南七彩科技有限公司",
        "昆明滇池花卉有限公司",
        "安宁宏达化工有限公司",
    ]
    assert list(read("sort=bogus").apply(rows)) == list(rows)


# --- the eleven lists -----------------------------------------------------------------------------------

LISTS = {
    "enterprises:list": ("name", "uscc", "origin", "key", "area", "industry", "officer"),
    "projects:list": ("name", "enterprise", "key", "status", "investment"),
    "cases:list": ("number", "enterprise", "channel", "agent", "status"),
    "outreach:visits": ("date", "enterprise", "project", "appeals"),
    "outreach:consultations": ("time", "channel", "topic", "enterprise", "project", "minutes", "staff"),
    "outreach:appeals": ("raised", "title", "enterprise", "category", "department", "due", "status", "handler"),
    "publicity:materials": (
        "title",
        "type",
        "printed_year",
        "distributed_year",
        "cost_year",
        "printed_total",
        "distributed_total",
        "stock",
        "last_batch",
    ),  # fmt: skip
    "publicity:articles": ("title", "channel", "published", "author"),
    "surveys:list": ("title", "audience", "period", "access", "status", "answers"),
    "budget:project": ("date", "voucher", "line", "category", "payee", "amount"),
    "plans:index": ("project", "quarter", "title", "owner", "due", "status"),
}
ROW = re.compile(r'<tr data-[a-z]+="([^"]+)"')


@pytest.fixture
def ledgers(people):
    return make_ledgers(people)


def url_of(name: str, ledgers) -> str:
    return reverse(name, args=[ledgers.budget.pk]) if name == "budget:project" else reverse(name)


def rows_of(response) -> list[str]:
    return ROW.findall(response.content.decode())


@pytest.mark.parametrize("name", LISTS)
def test_every_column_of_every_main_list_sorts_both_ways_with_the_same_queries(people, ledgers, name):
    client = people.client_for(people.director)
    url = url_of(name, ledgers)
    with CaptureQueriesContext(connection) as plain:
        unsorted = client.get(url)
    assert unsorted.status_code == 200
    expected = sorted(rows_of(unsorted))
    assert expected, f"{name} shows no row to sort"
    for key in LISTS[name]:
        for value in (key, f"-{key}"):
            with CaptureQueriesContext(connection) as sorted_queries:
                response = client.get(url, {"sort": value})
            assert response.status_code == 200, (name, value)
            assert sorted(rows_of(response)) == expected, (name, value)
            assert len(sorted_queries.captured_queries) == len(plain.captured_queries), (name, value)
            arrow = "caret-down-fill" if value.startswith("-") else "caret-up-fill"
            active = rf'data-sort-key="{key}" aria-sort="\w+"><a class="sort-link active"[^>]*>[^<]*<i class="bi bi-'
            active += arrow
            assert re.search(active, response.content.decode()), (name, value)


def test_sorting_orders_the_rows_and_a_bad_value_keeps_the_list_order(people, ledgers):
    client = people.client_for(people.director)
    url = reverse("projects:list")
    by_investment = rows_of(client.get(url, {"sort": "investment"}))
    assert by_investment == [str(ledgers.projects[1].pk), str(ledgers.projects[0].pk)]
    assert rows_of(client.get(url, {"sort": "-investment"})) == by_investment[::-1]
    bad = client.get(url, {"sort": "enterprise__unit__code"})
    assert rows_of(bad) == rows_of(client.get(url))
    assert 'aria-sort="' not in bad.content.decode()


def test_pagination_and_the_filter_form_keep_the_sort(people):
    for n in range(1, 53):
        make_enterprise(people.unit, f"批量企业{n:03d}有限公司", n=n)
    client = people.client_for(people.viewer)
    first = client.get(reverse("enterprises:list"), {"sort": "-name", "q": "批量"})
    html = first.content.decode()
    assert "?q=%E6%89%B9%E9%87%8F&amp;sort=-name&page=2" in html
    assert '<input type="hidden" name="sort" value="-name">' in html
    assert [e.name for e in first.context["page"].object_list][:2] == ["批量企业052有限公司", "批量企业051有限公司"]
    second = client.get(reverse("enterprises:list"), {"sort": "-name", "q": "批量", "page": 2})
    assert [e.name for e in second.context["page"].object_list] == ["批量企业002有限公司", "批量企业001有限公司"]
