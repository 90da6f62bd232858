"""The global search page, persona by persona: each kind of record, the jump to a full case or
tracking number, masking, the outsider's unit, bad input, a fixed number of queries."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investdesk.cases.tests.conftest import new_case
from investdesk.enterprises.models import Contact
from investdesk.search.tests.conftest import add_enterprise

URL = reverse("search:index")


def search(client, q, **extra):
    return client.get(URL, {"q": q, **extra})


def counts(response) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="(\w+)" data-value="(\d+)"', response.text)}


def titles(response, kind: str) -> list[str]:
    """The linked titles of one kind's hits, in order."""
    found = re.findall(
        rf'<li class="list-group-item search-hit" data-kind="{kind}">\s*<div[^>]*>\s*<a href="[^"]*" [^>]*>([^<]*)</a>',
        response.text,
    )
    return [unescape(t) for t in found]


def codes(response, kind: str) -> list[str]:
    pattern = rf'data-kind="{kind}">\s*<div[^>]*>\s*<a [^>]*>[^<]*</a>\s*<span class="font-monospace[^"]*">([^<]*)<'

    return [unescape(c) for c in re.findall(pattern, response.text)]


def test_it_asks_for_a_login(client):
    response = client.get(URL, {"q": "呈祥"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_empty_box_explains_what_can_be_found(people):
    response = people.client_for(people.viewer).get(URL)
    assert response.status_code == 200
    assert 'id="search-help"' in response.text
    assert counts(response) == {}


@pytest.mark.parametrize("q", ["呈祥", "cxzn", "91530114MA6K5U8X61", "91530114ma6k5u8x61", "祥云机械"])
def test_it_finds_enterprises_by_name_initials_credit_code_and_former_name(people, archive, q):
    response = search(people.client_for(people.viewer), q)
    assert titles(response, "enterprises") == ["昆明呈祥智能制造有限公司"]
    assert codes(response, "enterprises") == ["91530114MA6K5U8X61"]
    assert counts(response)["enterprises"] == 1


@pytest.mark.parametrize("q", ["智能装备生产线", "2022-530114-04-03-000007", "000007"])
def test_it_finds_projects_by_name_and_project_code(people, archive, q):
    response = search(people.client_for(people.viewer), q)
    assert titles(response, "projects") == ["呈祥智能装备生产线项目"]
    assert codes(response, "projects") == ["2022-530114-04-03-000007"]


def test_it_finds_cases_by_part_of_their_number(people, archive):
    response = search(people.client_for(people.viewer), archive.case.number[-9:])
    assert response.status_code == 200
    assert codes(response, "cases") == [archive.case.number]
    assert titles(response, "cases") == ["昆明呈祥智能制造有限公司"]


@pytest.mark.parametrize("typed", [str.lower, str.upper, lambda n: f"  {n} "])
def test_a_full_case_number_opens_the_case(people, archive, typed):
    response = search(people.client_for(people.viewer), typed(archive.case.number))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[archive.case.pk])


def test_a_full_tracking_number_opens_the_request_however_it_is_typed(people, archive):
    number = archive.request.tracking_number
    for typed in (number, f"{number[:5]}-{number[5:]}".lower(), f"{number[:5]} {number[5:]}"):
        response = search(people.client_for(people.viewer), typed)
        assert response.status_code == 302, typed
        assert response["Location"] == reverse("portal_staff:detail", args=[archive.request.pk])


def test_it_finds_online_requests_by_enterprise_and_contact(people, archive):
    response = search(people.client_for(people.viewer), "诸葛亮")
    assert codes(response, "requests") == [archive.request.tracking_display]
    assert counts(response)["requests"] == 1


def test_it_finds_contacts_and_requesters_by_name(people, archive):
    client = people.client_for(people.agent)
    contact = search(client, "欧阳")
    assert titles(contact, "contacts") == ["欧阳明"]
    assert codes(contact, "contacts") == ["13812345678"]
    requester = search(client, "司马")
    assert titles(requester, "requesters") == ["司马光"]
    assert codes(requester, "requesters") == ["13900007777"]


@pytest.mark.parametrize("role", ["viewer", "finance"])
def test_phones_are_masked_for_roles_without_personal_data(people, archive, role):
    client = people.client_for(getattr(people, role))
    assert codes(search(client, "欧阳"), "contacts") == ["138****5678"]
    assert codes(search(client, "司马"), "requesters") == ["139****7777"]
    assert "13812345678" not in search(client, "欧阳").text


def test_a_phone_finds_people_for_roles_that_may_see_it(people, archive):
    client = people.client_for(people.director)
    assert titles(search(client, "138 1234 5678"), "contacts") == ["欧阳明"]
    assert titles(search(client, "7777"), "requesters") == ["司马光"]
    assert 'id="phone-not-searched"' not in search(client, "7777").text


@pytest.mark.parametrize("role", ["viewer", "finance"])
def test_a_phone_finds_nobody_for_roles_that_may_not_see_it(people, archive, role):
    response = search(people.client_for(getattr(people, role)), "13812345678")
    assert counts(response)["contacts"] == 0
    assert counts(response)["requests"] == 0
    assert 'id="phone-not-searched"' in response.text


def test_each_kind_shows_five_with_the_count_and_a_link_to_the_filtered_list(people, archive):
    for n in range(7):
        add_enterprise(people.unit, f"呈贡新区第{n}号商贸有限公司")
    response = search(people.client_for(people.viewer), "商贸")
    assert counts(response)["enterprises"] == 7
    assert len(titles(response, "enterprises")) == 5
    assert titles(response, "enterprises") == sorted(titles(response, "enterprises"))
    assert 'href="/enterprises/?q=%E5%95%86%E8%B4%B8" class="small" data-more="enterprises"' in response.text
    listed = people.client_for(people.viewer).get("/enterprises/?q=%E5%95%86%E8%B4%B8").text
    assert listed.count("data-enterprise=") == 7


def test_people_beyond_the_first_five_are_listed_on_the_search_page_itself(people, archive):
    for n in range(6):
        Contact.objects.create(unit=people.unit, enterprise=archive.enterprise, name=f"欧阳{n}号", phone="13800000000")
    client = people.client_for(people.viewer)
    response = search(client, "欧阳")
    assert counts(response)["contacts"] == 7
    more = reverse("search:index") + "?q=%E6%AC%A7%E9%98%B3&amp;kind=contacts"
    assert f'href="{more}"' in response.text
    full = search(client, "欧阳", kind="contacts")
    assert full.status_code == 200
    assert len(titles(full, "contacts")) == 7
    assert codes(full, "contacts")[0] == "138****0000"


def test_nothing_found_says_so(people, archive):
    response = search(people.client_for(people.viewer), "不存在的企业")
    assert set(counts(response).values()) == {0}
    assert 'id="search-nothing"' in response.text


@pytest.mark.parametrize("role", ["agent", "director", "finance", "viewer", "admin"])
def test_the_outsider_unit_never_shows(people, archive, role):
    client = people.client_for(getattr(people, role))
    for q in ("呈祥", "欧阳", "司马", "诸葛亮", "13812345678", "91530114MA6K5U8X61", "2022-530114-04-03-000007"):
        response = search(client, q)
        assert reverse("cases:detail", args=[archive.other_case.pk]) not in response.text
        assert reverse("portal_staff:detail", args=[archive.other_request.pk]) not in response.text
        assert max(counts(response).values()) <= 1, (q, counts(response))


def test_the_outsider_sees_nothing_of_the_unit(people, archive):
    client = people.client_for(people.outsider)
    response = search(client, "呈祥")
    assert counts(response)["enterprises"] == 1  # its own
    assert reverse("enterprises:detail", args=[archive.enterprise.pk]) not in response.text
    assert reverse("cases:detail", args=[archive.case.pk]) not in search(client, "司马").text


def test_another_units_full_numbers_do_not_open_anything(people, archive):
    client = people.client_for(people.viewer)
    response = search(client, archive.other_case.number)
    assert response.status_code == 200
    assert counts(response)["cases"] == 0
    response = search(client, archive.other_request.tracking_number)
    assert response.status_code == 200
    assert counts(response)["requests"] == 0


@pytest.mark.parametrize("q", ["%", "_", "%%", "'", "' OR 1=1 --", '"; DROP TABLE enterprises_enterprise; --', "\\"])
def test_wildcards_and_quotes_match_only_themselves(people, archive, q):
    response = search(people.client_for(people.director), q)
    assert response.status_code == 200
    assert counts(response) == {k: 0 for k in counts(response)}
    assert len(counts(response)) == 6


def test_a_name_with_a_percent_sign_is_found_by_it(people, archive):
    add_enterprise(people.unit, "昆明百分百%科技有限公司")
    response = search(people.client_for(people.viewer), "百%")
    assert titles(response, "enterprises") == ["昆明百分百%科技有限公司"]
    assert counts(response)["enterprises"] == 1


def test_markup_is_shown_as_text(people, archive):
    response = search(people.client_for(people.viewer), "<script>alert(1)</script>")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_a_huge_text_gets_a_clear_message_and_no_search(people, archive, django_assert_num_queries):
    client = people.client_for(people.viewer)
    with CaptureQueriesContext(connection) as empty_box:
        client.get(URL)
    with django_assert_num_queries(len(empty_box.captured_queries)):
        response = search(client, "呈" * 10_000)
    assert response.status_code == 200
    assert re.search(r'id="search-error">\s*搜索内容有 10000 个字符，最多只能输入 100 个。', response.text)
    assert counts(response) == {}


def test_a_nul_character_is_dropped_not_sent_to_the_database(people, archive):
    response = search(people.client_for(people.viewer), "呈\x00祥")
    assert response.status_code == 200
    assert counts(response)["enterprises"] == 1


def test_an_unknown_kind_falls_back_to_every_kind(people, archive):
    response = search(people.client_for(people.viewer), "呈祥", kind="nonsense")
    assert response.status_code == 200
    assert counts(response)["enterprises"] == 1


def grow(people, archive, n: int) -> None:
    for i in range(n):
        company = add_enterprise(people.unit, f"呈祥配套{i}号有限公司")
        Contact.objects.create(unit=people.unit, enterprise=company, name=f"呈祥联系人{i}", phone="13800000000")
        new_case(people.unit, requester_name=f"呈祥申请人{i}", enterprise=company)


def test_the_page_keeps_a_fixed_number_of_queries(people, archive, django_assert_num_queries):
    client = people.client_for(people.agent)
    client.get(reverse("dashboard:index"))
    grow(people, archive, 6)  # every kind over its five: a count query each
    with CaptureQueriesContext(connection) as few:
        search(client, "呈祥")
    grow(people, archive, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        response = search(client, "呈祥")
    assert counts(response)["enterprises"] == 37


def test_the_header_has_the_search_box_on_staff_pages_only(people, client):
    page = people.client_for(people.viewer).get(reverse("dashboard:index")).text
    assert 'id="header-search"' in page
    assert 'id="header-search-link"' in page
    assert 'id="header-search"' not in client.get(reverse("accounts:login")).text
