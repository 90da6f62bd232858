"""The projects pages, persona by persona: reading, editing, refusals that change nothing, query counts."""

import re
from datetime import UTC, date, datetime

import chinese_calendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investdesk.projects import services
from investdesk.projects.models import (
    ApprovalItem,
    CatalogueItem,
    FollowUp,
    InvestmentProject,
    ItemStatus,
    ProjectEvent,
    Status,
)
from investdesk.projects.tests.conftest import code, make_enterprise, make_project

FORM = {
    "name": "呈贡生物医药产业化基地项目",
    "project_code": "2022-530114-04-03-654321",
    "status": Status.PREPARING,
    "investor_type": "enterprise",
    "approval_type": "ratification",
    "total_investment_wan": "8000",
    "key_level": "province",
    "industry": "C",
    "location": "马金铺街道",
    "signed_on": "2022-02-10",
    "land_acquired_on": "",
    "land_document": "",
    "construction_permit_on": "",
    "started_on": "",
    "completed_on": "",
    "production_on": "",
    "note": "",
}


def detail(project) -> str:
    return reverse("projects:detail", args=[project.pk])


# --- reading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["projects:list", "projects:items", "projects:followups", "projects:catalogue", "projects:settings"]
)
def test_the_viewer_reads_every_page_without_edit_controls(people, project, name):
    response = people.client_for(people.viewer).get(reverse(name))
    assert response.status_code == 200
    assert 'data-nav="projects"' in response.text  # reachable from the navigation
    for control in (
        'id="new-project-link"',
        'data-action="edit-item"',
        'id="new-catalogue-item"',
        'id="save-settings"',
    ):
        assert control not in response.text


def test_the_viewer_reads_a_project_without_edit_controls(people, project):
    response = people.client_for(people.viewer).get(detail(project))
    assert response.status_code == 200
    assert 'id="project-title">呈贡智能制造产业园项目<' in response.text
    assert response.text.count('data-item="') == 11
    for control in ('id="edit-project"', 'id="status-form"', 'data-action="edit-item"', 'id="followup-form"'):
        assert control not in response.text


def test_the_project_page_shows_the_land_figures_and_the_threshold_flag(people, enterprise):
    project = make_project(
        people.unit,
        enterprise,
        status=Status.UNDER_CONSTRUCTION,
        land_acquired_on=date(2022, 9, 26),
        land_document="contract",
        construction_permit_on=date(2022, 9, 30),
        started_on=date(2022, 10, 12),
    )
    page = people.client_for(people.viewer).get(detail(project)).text
    assert 'id="land-to-permit">4<' in page and 'id="land-to-start">9<' in page
    assert 'data-reaches="yes"' in page and "实现“拿地即开工”" in page
    assert 'id="calendar-warning"' not in page
    services.update_settings(people.unit, actor=None, values={"land_to_start_threshold_workdays": 5})
    page = people.client_for(people.viewer).get(detail(project)).text
    assert 'data-reaches="no"' in page and "阈值：拿地后 5 个工作日内开工" in page


def test_a_year_the_calendar_does_not_know_shows_the_warning(people, project):
    unknown = max(day.year for day in chinese_calendar.holidays) + 1
    item = project.approval_items.get(name="施工许可证")
    ApprovalItem.objects.filter(pk=item.pk).update(  # written directly: the form refuses future dates
        status=ItemStatus.COMPLETED, accepted_on=date(unknown, 3, 2), completed_on=date(unknown, 3, 9)
    )
    page = people.client_for(people.viewer).get(detail(project)).text
    assert 'id="calendar-warning"' in page and f"尚无{unknown}年的法定节假日安排，暂按周末休息计算" in page
    assert 'id="calendar-warning"' not in people.client_for(people.viewer).get(reverse("projects:catalogue")).text


def test_the_page_switches_to_english(people, project):
    client = people.client_for(people.viewer)
    client.cookies["django_language"] = "en"
    page = client.get(detail(project)).text
    assert "Approval items" in page and "Land acquired, construction starts" in page and "preparatory work" in page


# --- search and lists ----------------------------------------------------------------------------------


def test_search_by_pinyin_initials_code_and_enterprise_and_filters(people, enterprise):
    make_project(people.unit, enterprise, project_code=code(1), key_level="city", industry="C")
    make_project(
        people.unit, enterprise, name="斗南花卉交易中心项目", project_code=code(2), industry="F", status=Status.SIGNED
    )
    client = people.client_for(people.viewer)

    def names(**query) -> list[str]:
        page = client.get(reverse("projects:list"), query).text
        return [n for n in ("呈贡智能制造产业园项目", "斗南花卉交易中心项目") if f'class="project-link">{n}<' in page]

    assert names(q="cgzn") == ["呈贡智能制造产业园项目"]
    assert names(q="DNHH") == ["斗南花卉交易中心项目"]
    assert names(q="000002") == ["斗南花卉交易中心项目"]
    assert names(q="呈祥智能") == ["呈贡智能制造产业园项目", "斗南花卉交易中心项目"]  # the enterprise's name
    assert names(key_level="key") == ["呈贡智能制造产业园项目"]
    assert names(key_level="none") == ["斗南花卉交易中心项目"]
    assert names(status="signed") == ["斗南花卉交易中心项目"]
    assert names(industry="C") == ["呈贡智能制造产业园项目"]
    assert names(approval_type="ratification") == []
    assert names(status="nonsense") == ["呈贡智能制造产业园项目", "斗南花卉交易中心项目"]  # a bad filter is ignored


def _bulk_projects(unit, enterprise, start: int, count: int) -> None:
    InvestmentProject.objects.bulk_create(
        InvestmentProject(
            unit=unit,
            enterprise=enterprise,
            name=f"项目{n:05d}",
            name_initials=f"xm{n}",
            project_code=code(n),
            status=Status.UNDER_CONSTRUCTION if n % 2 else Status.PREPARING,
            key_level="city" if n % 3 else "",
            industry="C",
            signed_on=date(2022, 1, 4),
            land_acquired_on=date(2022, 3, 1),
            land_document="contract",
            construction_permit_on=date(2022, 3, 15),
            started_on=date(2022, 4, 1) if n % 2 else None,
        )
        for n in range(start, start + count)
    )
    for project in InvestmentProject.objects.filter(name__in=[f"项目{n:05d}" for n in range(start, start + 3)]):
        services.sync_items(project, actor=None)
        services.add_followup(
            project, actor=None, fields={"followed_on": date(2022, 5, 1), "content": "x", "staff": unit_member(unit)}
        )
    item = ApprovalItem.objects.filter(unit=unit).first()
    services.record_item(item, actor=None, fields={"status": ItemStatus.ACCEPTED, "accepted_on": date(2022, 3, 1)})


def unit_member(unit):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(memberships__unit=unit).first()


@pytest.mark.parametrize(
    "name, query",
    [
        ("projects:list", {}),
        ("projects:list", {"q": "xm", "key_level": "key", "status": "under_construction", "industry": "C"}),
        ("projects:items", {"state": "all"}),
        ("projects:items", {"state": "overdue"}),
        ("projects:followups", {"start": "2022-01-01", "end": "2022-12-31"}),
    ],
)
def test_list_pages_cost_the_same_queries_at_10_and_1000_rows(people, enterprise, name, query):
    client = people.client_for(people.viewer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(name), query)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _bulk_projects(people.unit, enterprise, 1, 10)
    at_10 = count()
    _bulk_projects(people.unit, enterprise, 100, 990)
    assert InvestmentProject.objects.count() == 1000
    assert count() == at_10


def test_the_list_shows_stage_progress_and_the_fast_start_flag(people, project):
    item = project.approval_items.get(name="项目备案")
    services.record_item(
        item,
        actor=people.agent,
        fields={"status": ItemStatus.COMPLETED, "accepted_on": date(2022, 3, 1), "completed_on": date(2022, 3, 2)},
    )
    page = people.client_for(people.viewer).get(reverse("projects:list")).text
    assert 'data-stage="land_planning" title="立项用地规划许可">1/4<' in page
    assert 'data-stage="acceptance" title="竣工验收">0/2<' in page


def test_the_items_page_flags_overdue_items(people, project):
    item = project.approval_items.get(name="施工许可证")
    services.record_item(
        item, actor=people.agent, fields={"status": ItemStatus.ACCEPTED, "accepted_on": date(2022, 9, 29)}
    )
    page = people.client_for(people.viewer).get(reverse("projects:items"), {"state": "overdue"}).text
    assert f'data-item="{item.pk}" class="table-danger"' in page
    page = people.client_for(people.viewer).get(reverse("projects:items"), {"state": "due_soon"}).text
    assert f'data-item="{item.pk}"' not in page


# --- editing ------------------------------------------------------------------------------------------------


def test_the_agent_registers_a_project_from_the_enterprise(people, enterprise):
    client = people.client_for(people.agent)
    page = client.get(reverse("projects:create"), {"enterprise": enterprise.pk}).text
    assert f'<option value="{enterprise.pk}" selected>' in page
    response = client.post(reverse("projects:create"), {**FORM, "enterprise": enterprise.pk})
    project = InvestmentProject.objects.get()
    assert response["Location"] == detail(project)
    assert project.total_investment_yuan == 80000000 and project.created_by == people.agent
    assert project.approval_items.filter(name="项目核准").exists()


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"project_code": "2022-530114-04-03-65432"}, "project_code", "第5段（序号）"),
        ({"project_code": "2022-530101-04-03-654321"}, "project_code", "530101 不属于本单位所辖地区"),
        (
            {"land_acquired_on": "2022-05-01", "land_document": "contract", "construction_permit_on": "2022-04-01"},
            "construction_permit_on",
            "不能早于拿地日期",
        ),
        ({"total_investment_wan": "-5"}, "total_investment_wan", ""),
        ({"name": ""}, "name", ""),
    ],
)
def test_bad_input_is_named_on_its_field_and_nothing_is_saved(people, enterprise, changes, field, words):
    response = people.client_for(people.agent).post(
        reverse("projects:create"), {**FORM, "enterprise": enterprise.pk, **changes}
    )
    assert response.status_code == 200
    assert f'data-field-error="{field}">' in response.text and words in response.text
    assert InvestmentProject.objects.count() == 0 and ApprovalItem.objects.count() == 0


def test_a_duplicate_code_is_refused_in_the_form(people, project):
    response = people.client_for(people.agent).post(
        reverse("projects:create"), {**FORM, "enterprise": project.enterprise_id, "project_code": project.project_code}
    )
    assert 'data-field-error="project_code">' in response.text and "已被本单位的另一个项目使用" in response.text
    assert InvestmentProject.objects.count() == 1


def test_an_enterprise_of_another_unit_cannot_be_chosen(people):
    foreign = make_enterprise(people.other_unit)
    response = people.client_for(people.agent).post(reverse("projects:create"), {**FORM, "enterprise": foreign.pk})
    assert 'data-field-error="enterprise">' in response.text and InvestmentProject.objects.count() == 0


def test_the_agent_edits_a_project_and_the_status_is_not_in_the_form(people, project):
    client = people.client_for(people.agent)
    assert 'name="status"' not in client.get(reverse("projects:edit", args=[project.pk])).text
    data = {**FORM, "enterprise": project.enterprise_id, "project_code": project.project_code, "name": "改名项目"}
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response["Location"] == detail(project)
    project.refresh_from_db()
    assert (project.name, project.status, project.name_initials) == ("改名项目", Status.PREPARING, "gmxm")


def test_the_status_form_moves_one_step_and_refuses_a_jump(people, project):
    client = people.client_for(people.agent)
    client.post(reverse("projects:status", args=[project.pk]), {"to": Status.UNDER_CONSTRUCTION, "on": "2022-06-01"})
    project.refresh_from_db()
    assert (project.status, project.started_on) == (Status.UNDER_CONSTRUCTION, date(2022, 6, 1))
    response = client.post(reverse("projects:status", args=[project.pk]), {"to": Status.NEGOTIATING}, follow=True)
    assert "“在建”的项目不能变更为“在谈”。" in response.text
    project.refresh_from_db()
    assert project.status == Status.UNDER_CONSTRUCTION


def _status_options(page: str) -> list[tuple[str, bool, str]]:
    select = re.search(r'<select name="to" id="id_to"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [
        (value, bool(chosen), label.strip())
        for value, chosen, label in re.findall(r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', select)
    ]


def test_the_status_form_of_a_project_under_construction_preselects_nothing(people, project):
    """Defect 6: 变更状态 preselected 前期工作 and one click on 修改 stepped the project back."""
    client = people.client_for(people.agent)
    services.change_status(project, actor=people.agent, to=Status.UNDER_CONSTRUCTION, on=date(2022, 6, 1))
    page = client.get(detail(project)).text
    assert _status_options(page) == [
        ("", True, "— 请选择新状态 —"),
        ("completed", False, "竣工"),
        ("preparing", False, "退回“前期”（更正）"),
    ]
    assert "从“在建”退回“前期”是更正误操作。将清除开工日期（2022-06-01）。" in page
    # The old one click: the form sent as it stands changes nothing.
    response = client.post(reverse("projects:status", args=[project.pk]), {"to": "", "on": "", "note": ""}, follow=True)
    assert "新状态：请选择新状态。" in response.text
    project.refresh_from_db()
    assert (project.status, project.started_on) == (Status.UNDER_CONSTRUCTION, date(2022, 6, 1))


def test_a_step_back_needs_the_confirmation_and_then_says_which_date_it_cleared(people, project):
    client = people.client_for(people.agent)
    services.change_status(project, actor=people.agent, to=Status.UNDER_CONSTRUCTION, on=date(2022, 6, 1))
    url = reverse("projects:status", args=[project.pk])
    response = client.post(url, {"to": Status.PREPARING}, follow=True)
    assert "勾选确认后才能退回。" in response.text
    project.refresh_from_db()
    assert (project.status, project.started_on) == (Status.UNDER_CONSTRUCTION, date(2022, 6, 1))
    assert ProjectEvent.objects.filter(project=project, kind="status", to_status=Status.PREPARING).count() == 0
    response = client.post(url, {"to": Status.PREPARING, "confirm_back": "on"}, follow=True)
    assert "状态已变更。" in response.text
    project.refresh_from_db()
    assert (project.status, project.started_on) == (Status.PREPARING, None)
    assert "已清除：开工日期 2022-06-01。" in response.text  # the timeline on the page says so


def test_an_item_step_back_needs_the_confirmation(people, project):
    item = project.approval_items.get(name="施工许可证")
    client = people.client_for(people.agent)
    url = reverse("projects:item_edit", args=[item.pk])
    data = {"status": "submitted", "submitted_on": "2022-09-28", "accepted_on": "", "completed_on": ""}
    data |= {"document_number": "", "note": ""}
    assert client.post(url, data).status_code == 302
    page = client.get(url).text
    assert '<option value="not_started">未开始（退回一步）</option>' in page and 'name="confirm_back"' in page
    back = {**data, "status": "not_started", "submitted_on": ""}
    response = client.post(url, back)
    assert response.status_code == 200 and 'data-field-error="confirm_back"' in response.text
    item.refresh_from_db()
    assert (item.status, item.submitted_on) == ("submitted", date(2022, 9, 28))
    assert client.post(url, {**back, "confirm_back": "on"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.submitted_on) == ("not_started", None)


def test_a_status_change_without_its_date_says_which_date(people, project):
    response = people.client_for(people.agent).post(
        reverse("projects:status", args=[project.pk]), {"to": Status.UNDER_CONSTRUCTION}, follow=True
    )
    assert "开工日期" in response.text
    project.refresh_from_db()
    assert project.status == Status.PREPARING


def test_the_agent_completes_an_item(people, project):
    item = project.approval_items.get(name="施工许可证")
    client = people.client_for(people.agent)
    data = {
        "status": "completed",
        "submitted_on": "2022-09-28",
        "accepted_on": "2022-09-29",
        "completed_on": "2022-10-10",
        "document_number": "530114202210100101",
        "note": "",
    }
    response = client.post(reverse("projects:item_edit", args=[item.pk]), data)
    assert response["Location"] == f"{detail(project)}#item-{item.pk}"
    page = client.get(detail(project)).text
    assert f'data-item="{item.pk}" id="item-{item.pk}" data-item-name="施工许可证" data-status="completed">' in page
    item.refresh_from_db()
    assert item.completed_on == date(2022, 10, 10)
    assert ProjectEvent.objects.filter(item=item, to_status="completed", actor=people.agent).count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"status": "completed", "accepted_on": "2022-09-29", "completed_on": ""}, "completed_on"),
        ({"status": "completed", "accepted_on": "2022-10-11", "completed_on": "2022-10-10"}, "completed_on"),
        ({"status": "accepted", "submitted_on": "2022-09-30", "accepted_on": "2022-09-29"}, "accepted_on"),
        ({"status": "accepted", "accepted_on": "2099-01-01"}, "accepted_on"),
    ],
)
def test_bad_item_input_is_named_and_changes_nothing(people, project, data, field):
    item = project.approval_items.get(name="施工许可证")
    response = people.client_for(people.agent).post(
        reverse("projects:item_edit", args=[item.pk]), {"submitted_on": "", "document_number": "", "note": "", **data}
    )
    assert response.status_code == 200 and f'data-field-error="{field}">' in response.text
    item.refresh_from_db()
    assert (item.status, item.accepted_on, item.completed_on) == (ItemStatus.NOT_STARTED, None, None)
    assert not ProjectEvent.objects.filter(item=item).exists()


def test_a_completed_item_offers_only_its_allowed_statuses(people, project):
    item = project.approval_items.get(name="施工许可证")
    services.record_item(
        item,
        actor=people.agent,
        fields={"status": "completed", "accepted_on": date(2022, 9, 29), "completed_on": date(2022, 10, 10)},
    )
    page = people.client_for(people.agent).get(reverse("projects:item_edit", args=[item.pk])).text
    assert 'value="completed"' in page and 'value="accepted"' in page and 'value="not_started"' not in page
    response = people.client_for(people.agent).post(
        reverse("projects:item_edit", args=[item.pk]), {"status": "not_started"}
    )
    assert 'data-field-error="status">' in response.text
    assert ApprovalItem.objects.get(pk=item.pk).status == ItemStatus.COMPLETED


def test_the_agent_adds_edits_and_deletes_a_followup(people, project):
    client = people.client_for(people.agent)
    response = client.post(
        reverse("projects:followup_create", args=[project.pk]),
        {
            "followed_on": "2022-06-02",
            "staff": people.director.pk,
            "content": "协调用电",
            "next_step": "",
            "next_on": "",
        },
    )
    assert response["Location"] == f"{detail(project)}#followups"
    followup = FollowUp.objects.get()
    assert (followup.staff, followup.created_by) == (people.director, people.agent)
    client.post(
        reverse("projects:followup_edit", args=[followup.pk]),
        {"followed_on": "2022-06-03", "staff": people.agent.pk, "content": "改", "next_step": "", "next_on": ""},
    )
    followup.refresh_from_db()
    assert (followup.followed_on, followup.content) == (date(2022, 6, 3), "改")
    client.post(reverse("projects:followup_delete", args=[followup.pk]))
    assert FollowUp.objects.count() == 0


def test_the_items_and_followups_lists_show_due_dates_with_countdowns(people, project, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 9, 29, 2, 0, tzinfo=UTC))  # Thu 10:00 Shanghai
    item = project.approval_items.get(name="施工许可证")  # 7 working days from acceptance
    fields = {"status": "accepted", "submitted_on": date(2022, 9, 26), "accepted_on": date(2022, 9, 27)}
    services.record_item(item, actor=people.agent, fields=fields)
    client = people.client_for(people.viewer)
    page = client.get(reverse("projects:items")).text
    assert re.search(
        rf'data-item="{item.pk}".*?data-deadline="2022-10-11"><span class="text-nowrap">2022-10-11</span>\s*'
        r'<span class="badge text-bg-light border countdown text-nowrap" data-countdown="5" data-state="left" '
        r'data-due="2022-10-11">还剩 5 个工作日</span>',
        page,
        re.S,
    )
    for on, next_on in ((date(2022, 9, 1), date(2022, 9, 15)), (date(2022, 9, 20), date(2022, 9, 28))):
        fields = {
            "followed_on": on,
            "staff": people.agent,
            "content": "协调用电",
            "next_step": "复核",
            "next_on": next_on,
        }
        services.add_followup(project, actor=people.agent, fields=fields)
    page = client.get(reverse("projects:followups")).text
    cells = re.findall(r'data-next-on="([\d-]+)">.*?</td>', page, re.S)
    assert len(cells) == 2
    latest, earlier = re.findall(r'data-next-on="[\d-]+">(.*?)</td>', page, re.S)
    assert 'data-countdown="-1"' in latest and "逾期 1 个工作日" in latest
    assert "data-countdown" not in earlier and "此后已再次跟进" in earlier


def test_a_followup_by_an_outsider_or_in_the_future_is_refused(people, project):
    client = people.client_for(people.agent)
    response = client.post(
        reverse("projects:followup_create", args=[project.pk]),
        {"followed_on": "2099-06-02", "staff": people.outsider.pk, "content": "x"},
    )
    assert 'data-field-error="staff">' in response.text and 'data-field-error="followed_on">' in response.text
    assert FollowUp.objects.count() == 0


def test_a_project_in_negotiation_can_be_deleted_others_cannot(people, enterprise, project):
    client = people.client_for(people.agent)
    client.post(reverse("projects:delete", args=[project.pk]))
    assert InvestmentProject.objects.filter(pk=project.pk).exists()
    talk = make_project(
        people.unit, enterprise, name="在谈", project_code="", status=Status.NEGOTIATING, signed_on=None
    )
    assert client.post(reverse("projects:delete", args=[talk.pk]))["Location"] == reverse("projects:list")
    assert not InvestmentProject.objects.filter(pk=talk.pk).exists()


@pytest.mark.parametrize(
    "name, data",
    [
        ("projects:edit", {**FORM, "name": "viewer"}),
        ("projects:status", {"to": Status.UNDER_CONSTRUCTION, "on": "2022-06-01"}),
        ("projects:delete", {}),
        ("projects:sync_items", {}),
        ("projects:followup_create", {"followed_on": "2022-06-02", "content": "x"}),
    ],
)
@pytest.mark.parametrize("persona", ["viewer", "finance", "admin"])
def test_personas_without_ledger_edit_change_nothing(people, project, name, data, persona):
    before = InvestmentProject.objects.filter(pk=project.pk).values().get()
    response = people.client_for(getattr(people, persona)).post(reverse(name, args=[project.pk]), data)
    assert response.status_code == 403
    assert InvestmentProject.objects.filter(pk=project.pk).values().get() == before
    assert FollowUp.objects.count() == 0


def test_the_viewer_cannot_record_an_item(people, project):
    item = project.approval_items.first()
    response = people.client_for(people.viewer).post(
        reverse("projects:item_edit", args=[item.pk]), {"status": "submitted"}
    )
    assert response.status_code == 403 and ApprovalItem.objects.get(pk=item.pk).status == ItemStatus.NOT_STARTED


def test_the_director_registers_projects_too(people, enterprise):
    response = people.client_for(people.director).post(
        reverse("projects:create"), {**FORM, "enterprise": enterprise.pk}
    )
    assert response.status_code == 302 and InvestmentProject.objects.count() == 1


# --- catalogue and settings -------------------------------------------------------------------------------------


def test_the_catalogue_is_seeded_for_reading_and_edited_by_the_agent(people):
    client = people.client_for(people.viewer)
    page = client.get(reverse("projects:catalogue")).text
    assert "项目核准" in page and "20 (+10)" in page and "仅核准类项目" in page
    item = CatalogueItem.objects.for_unit(people.unit).get(name="施工许可证")
    data = {
        "stage": "construction",
        "name": "施工许可证",
        "department": "区住房和城乡建设局",
        "time_limit_workdays": "5",
        "extension_workdays": "0",
        "applies_to": "all",
        "position": "330",
        "is_active": "on",
        "basis": "",
    }
    assert client.post(reverse("projects:catalogue_edit", args=[item.pk]), data).status_code == 403
    people.client_for(people.agent).post(reverse("projects:catalogue_edit", args=[item.pk]), data)
    item.refresh_from_db()
    assert item.time_limit_workdays == 5
    response = people.client_for(people.agent).post(
        reverse("projects:catalogue_create"), {**data, "time_limit_workdays": "3"}
    )
    assert 'data-field-error="name">' in response.text and "该阶段已有同名事项" in response.text
    assert CatalogueItem.objects.for_unit(people.unit).filter(name="施工许可证").count() == 1


def test_the_administrator_changes_the_settings_others_only_read_them(people):
    data = {
        "region_code": "530114",
        "accepted_region_codes": "530100，530000",
        "land_to_start_threshold_workdays": "15",
        "due_soon_workdays": "2",
        "whole_process_target_workdays": "100",
    }
    assert people.client_for(people.director).post(reverse("projects:settings"), data).status_code == 403
    assert "projects" not in (people.unit.settings or {})
    people.client_for(people.admin).post(reverse("projects:settings"), data)
    people.unit.refresh_from_db()
    assert people.unit.settings["projects"]["accepted_region_codes"] == ["530100", "530000"]
    assert people.unit.settings["projects"]["land_to_start_threshold_workdays"] == 15
    response = people.client_for(people.admin).post(
        reverse("projects:settings"), {**data, "accepted_region_codes": "5301"}
    )
    assert 'data-field-error="accepted_region_codes">' in response.text


def test_the_outsider_reaches_no_project(people, project):
    client = people.client_for(people.outsider)
    assert client.get(detail(project)).status_code == 404
    assert "呈贡智能制造产业园项目" not in client.get(reverse("projects:list")).text
    assert "呈贡智能制造产业园项目" not in client.get(reverse("projects:export")).content.decode("utf-8", "ignore")
