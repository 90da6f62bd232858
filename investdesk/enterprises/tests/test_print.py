"""The print view of an enterprise's archive page (一企一档): every role of the unit reads it, one
clean sheet with the unit's name, the record's fields, its contacts (masked for roles without
personal data), its service plan, what other apps list (its projects), its timeline, and the time
of printing in local time; another unit's user gets a 404."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from investdesk.enterprises.models import Enterprise
from investdesk.enterprises.tests.factories import VALID, contact
from investdesk.projects.tests.conftest import make_project


@pytest.fixture
def company(people):
    client = people.client_for(people.agent)
    client.post(
        reverse("enterprises:create"),
        {"uscc": VALID, "name": "昆明呈贡打印科技有限公司", "origin": "local", "status": "operating",
         "archived_on": "2022-06-01", "legal_rep": "张三"},
    )  # fmt: skip
    made = Enterprise.objects.get()
    contact(made, "王经理", "13812345678")
    make_project(people.unit, made, actor=people.agent, name="打印科技研发楼项目")
    return made


def url(company) -> str:
    return reverse("enterprises:print", args=[company.pk])


def part(page: str, element_id: str, end: str = "</table>") -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index(end, start)]


@pytest.mark.parametrize("role", ["agent", "director", "finance", "viewer", "admin"])
def test_every_role_of_the_unit_prints_the_archive_page(people, company, role):
    response = people.client_for(getattr(people, role)).get(url(company))
    assert response.status_code == 200
    page = response.text
    assert re.search(r'id="print-unit">昆明市呈贡区投资服务中心<', page)
    assert "昆明呈贡打印科技有限公司" in part(page, "print-title", "</h1>")
    assert VALID in part(page, "print-enterprise-fields")
    assert "张三" in part(page, "print-enterprise-fields")
    assert "王经理" in part(page, "print-contacts")
    assert "打印科技研发楼项目" in page  # the projects section
    assert "建档" in part(page, "print-timeline")


def test_the_sheet_has_no_navigation(people, company):
    page = people.client_for(people.agent).get(url(company)).text
    assert 'id="main-nav"' not in page
    assert 'id="header-search"' not in page
    assert "investdesk/print.css" in page
    assert 'id="print-toolbar"' in page  # screen only (d-print-none); the browser test checks the rest


def test_phones_are_masked_for_roles_without_personal_data(people, company):
    assert "13812345678" in part(people.client_for(people.agent).get(url(company)).text, "print-contacts")
    for role in (people.viewer, people.finance):
        contacts = part(people.client_for(role).get(url(company)).text, "print-contacts")
        assert "138****5678" in contacts
        assert "13812345678" not in contacts


def test_the_time_of_printing_is_local_time(people, company, monkeypatch):
    client = people.client_for(people.viewer)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 12, 31, 16, 5, tzinfo=UTC))
    page = client.get(url(company)).text
    assert "2023-01-01 00:05" in page
    assert "2022-12-31 16:05" not in page


def test_the_enterprise_page_links_to_the_print_view(people, company):
    page = people.client_for(people.viewer).get(reverse("enterprises:detail", args=[company.pk])).text
    assert f'href="{url(company)}?dialog=1" target="_blank"' in page


def test_another_units_user_gets_a_404(people, company):
    assert people.client_for(people.outsider).get(url(company)).status_code == 404
