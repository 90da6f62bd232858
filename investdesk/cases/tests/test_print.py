"""The print view of a case: every role of the unit reads it, one clean sheet with the unit's name,
the record, the plan, the blockers and the whole history in date order, phones masked for roles
without personal data, the time of printing in local time; another unit's user gets a 404."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from investdesk.cases import services
from investdesk.cases.models import CaseStatus
from investdesk.cases.tests.conftest import case_in, make_project


@pytest.fixture
def case(people):
    project = make_project(people.unit, actor=people.agent)
    case = case_in(people, CaseStatus.ACCEPTED, project=project, project_name="", help_needed="代办施工许可与联合审图")
    item = project.approval_items.order_by("pk").first()
    services.save_plan(case, actor=people.agent, promised={item.pk: 10})
    case = services.change_status(case, "start", actor=people.agent, on=date(2022, 9, 28))
    services.add_blocker(
        case,
        actor=people.agent,
        fields={"department": "区住建局", "description": "施工图审查意见未回复", "raised_on": date(2022, 9, 29)},
    )
    return case


def url(case) -> str:
    return reverse("cases:print", args=[case.pk])


def table(page: str, table_id: str) -> str:
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


@pytest.mark.parametrize("role", ["agent", "director", "finance", "viewer", "admin"])
def test_every_role_of_the_unit_prints_the_case(people, case, role):
    response = people.client_for(getattr(people, role)).get(url(case))
    assert response.status_code == 200
    page = response.text
    assert re.search(r'id="print-unit">昆明市呈贡区投资服务中心<', page)
    assert case.number in page
    assert "代办施工许可与联合审图" in page
    assert "呈投代〔2022〕7号" in page
    assert "区住建局" in table(page, "print-blockers")
    assert case.project.approval_items.order_by("pk").first().name in table(page, "print-plan")


def test_the_sheet_has_no_navigation_and_prints_on_a4(people, case):
    page = people.client_for(people.agent).get(url(case)).text
    assert 'id="main-nav"' not in page
    assert 'id="header-search"' not in page
    assert "investdesk/print.css" in page
    assert 'class="print-toolbar d-print-none"' in page


def test_the_history_is_printed_oldest_first(people, case):
    rows = re.findall(
        r'<tr data-event="(\w+)">', table(people.client_for(people.viewer).get(url(case)).text, "print-history")
    )
    assert rows[0] == "applied"
    assert rows == [e.kind for e in case.events.order_by("on", "at", "id")]
    assert len(rows) == case.events.count()


def test_phones_are_masked_for_roles_without_personal_data(people, case):
    assert 'id="print-requester-phone">13888123456<' in people.client_for(people.agent).get(url(case)).text
    for role in (people.viewer, people.finance):
        page = people.client_for(role).get(url(case)).text
        assert 'id="print-requester-phone">138****3456<' in page
        assert "13888123456" not in page


def test_the_time_of_printing_is_local_time(people, case, monkeypatch):
    client = people.client_for(people.viewer)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 10, 14, 18, 30, tzinfo=UTC))
    page = client.get(url(case)).text
    assert "2022-10-15 02:30" in page
    assert "2022-10-14 18:30" not in page


def test_the_case_page_links_to_the_print_view(people, case):
    page = people.client_for(people.viewer).get(reverse("cases:detail", args=[case.pk])).text
    assert f'href="{url(case)}?dialog=1" target="_blank"' in page


def test_another_units_user_gets_a_404(people, case):
    assert people.client_for(people.outsider).get(url(case)).status_code == 404


def test_a_signed_out_visitor_is_sent_to_the_login(client, case):
    response = client.get(url(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
