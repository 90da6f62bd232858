"""The outreach pages, persona by persona: reading, logging, refusals that change nothing,
errors named on their fields, the pickers, and query counts that do not grow with the rows."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investdesk.enterprises.models import Enterprise, KeyLevel
from investdesk.outreach import services
from investdesk.outreach.models import Action, Appeal, AppealEvent, AppealStatus, Consultation, Source, Visit
from investdesk.outreach.tests.conftest import (
    code,
    key_enterprise,
    local,
    make_appeal,
    make_consultation,
    make_project,
    make_visit,
    uscc,
)

ROW_DEFAULTS = {"kind": "problem", "category": "approval", "title": "", "department": "", "deadline_workdays": "",
                "description": ""}  # fmt: skip
PAGES = ["outreach:visits", "outreach:consultations", "outreach:appeals", "outreach:figures", "outreach:settings"]


def visit_form(chosen, **extra) -> dict:
    data = {
        "visited_on": "2022-06-08",
        "enterprise": chosen.pk,
        "project": "",
        "purposes": ["policy", "problems"],
        "staff": [],
        "findings": "企业反映施工临时用电报装进度较慢",
        "appeals-TOTAL_FORMS": "2",
        "appeals-INITIAL_FORMS": "0",
        "appeals-MIN_NUM_FORMS": "0",
        "appeals-MAX_NUM_FORMS": "20",
    }
    for n in range(2):
        for name, value in ROW_DEFAULTS.items():
            data[f"appeals-{n}-{name}"] = value
    data.update(extra)
    return data


# --- reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_viewer_reads_every_page_without_edit_controls(people, key_ent, name):
    make_visit(people.unit, key_ent, date(2022, 6, 1), staff=[people.agent])
    response = people.client_for(people.viewer).get(reverse(name))
    assert response.status_code == 200
    assert 'data-nav="outreach"' in response.text  # reachable from the navigation
    for control in ('id="new-link"', 'id="import-link"', 'id="save-settings"'):
        assert control not in response.text


def test_the_visit_list_shows_the_visit_and_the_years_figures(people, key_ent):
    make_visit(people.unit, key_ent, date(2022, 6, 1), staff=[people.agent, people.director])
    response = people.client_for(people.viewer).get(reverse("outreach:visits"), {"year": "2022"})
    assert "昆明呈祥智能制造有限公司" in response.text and "张敏、李强" in response.text
    assert 'id="strip-key-enterprises">1<' in response.text


def test_the_pages_open_on_the_year_with_records_not_an_empty_year(people, key_ent):
    this_year = timezone.localdate().year
    for day in (date(2022, 6, 1), date(2022, 7, 1)):
        make_visit(people.unit, key_ent, day, staff=[people.agent])
    make_visit(people.unit, key_ent, date(2021, 6, 1), staff=[people.agent])
    client = people.client_for(people.viewer)
    for name in ("outreach:visits", "outreach:figures"):
        page = client.get(reverse(name)).text
        assert 'data-year="2022"' in page or '<option value="2022" selected' in page, name
    assert 'id="strip-visits">2<' in client.get(reverse("outreach:visits")).text
    asked = client.get(reverse("outreach:visits"), {"year": "2021"}).text
    assert 'data-year="2021"' in asked
    make_visit(people.unit, key_ent, date(this_year, 1, 5), staff=[people.agent])
    assert f'data-year="{this_year}"' in client.get(reverse("outreach:visits")).text


def test_the_pages_speak_english_when_asked(people, key_ent):
    client = people.client_for(people.agent)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("outreach:visits"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Log a visit" in response.text
    response = people.client_for(people.agent).get(reverse("outreach:visits"))
    assert "登记走访" in response.text


# --- logging a visit --------------------------------------------------------------------------------


def test_the_agent_logs_a_visit_with_two_appeals_in_one_form(people, key_ent):
    data = visit_form(key_ent, staff=[people.agent.pk, people.director.pk])
    data |= {
        "appeals-0-title": "施工临时用电报装进度慢",
        "appeals-0-department": "供电局",
        "appeals-0-category": "utilities",
        "appeals-1-kind": "suggestion",
        "appeals-1-title": "建议汇编惠企政策",
        "appeals-1-department": "区投资促进局",
        "appeals-1-deadline_workdays": "5",
    }
    response = people.client_for(people.agent).post(reverse("outreach:visit_create"), data)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("outreach:visit_detail", args=[visit.pk])
    assert (visit.purposes, sorted(visit.staff_names())) == ("policy,problems", ["张敏", "李强"])
    first, second = visit.appeals.order_by("id")
    assert (first.title, first.source, first.deadline_workdays, first.handler) == (
        "施工临时用电报装进度慢",
        Source.VISIT,
        10,
        people.agent,
    )
    assert (second.kind, second.deadline_workdays, second.due_on) == ("suggestion", 5, date(2022, 6, 15))
    page = people.client_for(people.viewer).get(reverse("outreach:visit_detail", args=[visit.pk]))
    assert "施工临时用电报装进度慢" in page.text and "建议汇编惠企政策" in page.text


def test_the_visit_form_names_every_missing_field_and_saves_nothing(people, key_ent):
    data = visit_form(key_ent, enterprise="", purposes=[], staff=[], findings="", visited_on="2099-01-01")
    data |= {"appeals-0-title": "有诉求没有部门"}
    response = people.client_for(people.agent).post(reverse("outreach:visit_create"), data)
    assert response.status_code == 200
    for field in ("enterprise", "purposes", "staff", "findings", "visited_on", "appeals-0-department"):
        assert f'data-field-error="{field}"' in response.text, field
    assert Visit.objects.count() == 0 and Appeal.objects.count() == 0


def test_a_project_of_another_enterprise_is_refused_on_its_field(people, key_ent, plain_ent):
    other = make_project(people.unit, plain_ent, name="彩云商贸物流中心项目", project_code=code(2))
    data = visit_form(key_ent, staff=[people.agent.pk], project=other.pk)
    response = people.client_for(people.agent).post(reverse("outreach:visit_create"), data)
    assert 'data-field-error="project"' in response.text
    assert Visit.objects.count() == 0


def test_the_new_visit_form_starts_from_the_enterprise_page(people, key_ent):
    project = make_project(people.unit, key_ent, key_level=KeyLevel.CITY)
    response = people.client_for(people.agent).get(reverse("outreach:visit_create"), {"enterprise": key_ent.pk})
    assert f'<option value="{key_ent.pk}" selected>' in response.text
    assert f"★ {project.name}" in response.text


@pytest.mark.parametrize("role", ["viewer", "finance", "admin"])
def test_roles_without_ledger_rights_cannot_log_or_change_anything(people, key_ent, role):
    visit = make_visit(people.unit, key_ent, date(2022, 6, 1), staff=[people.agent], appeals=[
        {"category": "other", "title": "诉求", "department": "部门"}])  # fmt: skip
    appeal = visit.appeals.get()
    client = people.client_for(getattr(people, role))
    posts = [
        (reverse("outreach:visit_create"), visit_form(key_ent, staff=[people.agent.pk])),
        (reverse("outreach:visit_edit", args=[visit.pk]), visit_form(key_ent, staff=[people.agent.pk])),
        (reverse("outreach:consultation_create"), {"topic": "x"}),
        (reverse("outreach:appeal_step", args=[appeal.pk]), {"action": Action.COORDINATE}),
        (reverse("outreach:appeal_delete", args=[appeal.pk]), {}),
        (reverse("outreach:visits_import"), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    appeal.refresh_from_db()
    assert Visit.objects.count() == 1 and appeal.status == AppealStatus.PENDING and AppealEvent.objects.count() == 1


def test_a_visit_with_appeals_is_not_deleted_and_the_page_says_why(people, key_ent):
    visit = make_visit(people.unit, key_ent, date(2022, 6, 1), staff=[people.agent], appeals=[
        {"category": "other", "title": "诉求", "department": "部门"}])  # fmt: skip
    response = people.client_for(people.agent).post(reverse("outreach:visit_delete", args=[visit.pk]), follow=True)
    assert "不能删除" in response.text and Visit.objects.count() == 1


# --- consultations ----------------------------------------------------------------------------------


def test_a_consultation_at_2359_on_new_years_eve_is_stored_in_local_time(people, key_ent):
    project = make_project(people.unit, key_ent, key_level=KeyLevel.DISTRICT)
    data = {
        "consulted_at": "2022-12-31T23:59",
        "channel": "phone",
        "enterprise": key_ent.pk,
        "project": project.pk,
        "inquirer": "王先生",
        "topic": "施工许可办理材料",
        "answer": "告知材料清单",
        "duration_minutes": "15",
        "staff": people.agent.pk,
    }
    response = people.client_for(people.agent).post(reverse("outreach:consultation_create"), data)
    assert response.status_code == 302
    assert Consultation.objects.get().consulted_at == local(2022, 12, 31, 23, 59)
    page = people.client_for(people.viewer).get(reverse("outreach:consultations"), {"key_projects": "on"})
    assert "2022-12-31 23:59" in page.text and 'data-flag="key-project"' in page.text


def test_a_consultation_without_topic_or_duration_names_the_fields(people):
    data = {"consulted_at": "2022-06-01T10:00", "channel": "online", "staff": people.agent.pk, "duration_minutes": "0"}
    response = people.client_for(people.agent).post(reverse("outreach:consultation_create"), data)
    for field in ("topic", "answer", "duration_minutes"):
        assert f'data-field-error="{field}"' in response.text
    assert Consultation.objects.count() == 0


# --- appeals --------------------------------------------------------------------------------------------


def test_the_agent_records_a_portal_appeal_and_takes_it_to_signed_off(people, key_ent):
    client = people.client_for(people.agent)
    data = {"source": "portal", "reference": "TZ20220308-0012", "enterprise": key_ent.pk, "raised_on": "2022-03-08",
            "kind": "problem", "category": "approval", "title": "网上备案提示材料不全", "description": "",
            "department": "区发展和改革局", "deadline_workdays": "", "handler": people.agent.pk}  # fmt: skip
    response = client.post(reverse("outreach:appeal_create"), data)
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and (appeal.source, appeal.reference, appeal.deadline_workdays) == (
        "portal",
        "TZ20220308-0012",
        10,
    )
    step = reverse("outreach:appeal_step", args=[appeal.pk])
    refused = client.post(step, {"action": "resolve", "on": "2022-03-15", "text": ""}, follow=True)
    assert "请填写解决情况" in refused.text
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING
    client.post(step, {"action": "resolve", "on": "2022-03-15", "text": "指导企业补齐材料"})
    client.post(step, {"action": "close", "on": "2022-03-16", "feedback": "satisfied", "text": "感谢"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.feedback, appeal.closed_on) == (AppealStatus.CLOSED, "satisfied", date(2022, 3, 16))
    page = client.get(reverse("outreach:appeal_detail", args=[appeal.pk]))
    assert 'data-step="reopen"' in page.text and 'data-step="close"' not in page.text
    assert page.text.count('data-event="status"') == 2


def test_closing_preselects_no_feedback_and_reopening_asks_to_confirm(people, key_ent):
    """Defect 6, appeals: the close step preselected 满意; reopening cleared dates in one click."""
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)
    client = people.client_for(people.agent)
    step = reverse("outreach:appeal_step", args=[appeal.pk])
    client.post(step, {"action": "resolve", "on": "2022-03-15", "text": "指导企业补齐材料"})
    page = client.get(reverse("outreach:appeal_detail", args=[appeal.pk])).text
    assert '<option value="" selected>— 请选择 —</option><option value="satisfied">满意</option>' in page
    refused = client.post(step, {"action": "close", "on": "2022-03-16", "feedback": "", "text": ""}, follow=True)
    assert "销号前须登记企业反馈。" in refused.text
    client.post(step, {"action": "close", "on": "2022-03-16", "feedback": "satisfied", "text": ""})
    page = client.get(reverse("outreach:appeal_detail", args=[appeal.pk])).text
    assert "将清除办结日期（2022-03-15）。将清除销号日期（2022-03-16）。" in page
    response = client.post(step, {"action": "reopen", "text": "问题复发"}, follow=True)
    assert "勾选确认后才能重新打开。" in response.text
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_on, appeal.closed_on) == ("closed", date(2022, 3, 15), date(2022, 3, 16))
    client.post(step, {"action": "reopen", "text": "问题复发", "confirm_back": "on"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_on, appeal.closed_on) == ("coordinating", None, None)


def test_the_appeal_list_shows_the_due_date_with_a_countdown_while_open(people, key_ent, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 9, 29, 2, 0, tzinfo=UTC))  # Thu 10:00 Shanghai
    running = make_appeal(people.unit, key_ent, date(2022, 9, 26), actor=people.agent)  # 10 working days
    late = make_appeal(people.unit, key_ent, date(2022, 9, 1), actor=people.agent, title="道路未接通")
    done = make_appeal(people.unit, key_ent, date(2022, 9, 1), actor=people.agent, title="已解决事项")
    services.change_appeal(done, actor=people.agent, action=Action.RESOLVE, on=date(2022, 9, 5), text="已协调")
    page = people.client_for(people.viewer).get(reverse("outreach:appeals")).text
    cells = dict(
        re.findall(
            r'data-appeal="(\d+)".*?data-due="[\d-]+">[\d-]+(?:<div><span class="badge [^"]*" data-countdown="-?\d+"'
            r"[^>]*>([^<]+)</span>|</td>)",
            page,
            re.S,
        )
    )
    assert {int(pk): label for pk, label in cells.items()} == {
        running.pk: "还剩 7 个工作日",  # due 13 October: 30 September, then 8–13 October after National Day
        late.pk: "逾期 9 个工作日",  # due 16 September (12 September is 中秋)
        done.pk: "",
    }


def test_a_forbidden_step_is_refused_with_a_message(people, key_ent):
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)
    step = reverse("outreach:appeal_step", args=[appeal.pk])
    response = people.client_for(people.agent).post(step, {"action": "close", "feedback": "satisfied"}, follow=True)
    assert "不能执行" in response.text
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING


def test_an_appeal_raised_from_a_visits_page_keeps_the_visit(people, key_ent):
    visit = make_visit(people.unit, key_ent, date(2022, 6, 1), staff=[people.agent])
    url = reverse("outreach:appeal_create") + f"?visit={visit.pk}"
    form = people.client_for(people.agent).get(url)
    assert 'id="linked-source"' in form.text and 'name="source"' not in form.text
    data = {
        "enterprise": key_ent.pk,
        "raised_on": "2022-06-01",
        "kind": "problem",
        "category": "land",
        "title": "二期用地规划条件未明确",
        "department": "区自然资源局",
        "deadline_workdays": "",
        "handler": "",
    }
    people.client_for(people.agent).post(url, data)
    appeal = Appeal.objects.get()
    assert (appeal.visit, appeal.source) == (visit, Source.VISIT)


def test_the_appeal_list_marks_overdue_and_due_soon_rows(people, key_ent):
    today = date.today()
    overdue = make_appeal(people.unit, key_ent, today - timedelta(days=40), actor=people.agent, title="早就该办完")
    soon = make_appeal(people.unit, key_ent, today, actor=people.agent, title="马上到期", deadline_workdays=1)
    response = people.client_for(people.viewer).get(reverse("outreach:appeals"), {"state": "overdue"})
    assert "早就该办完" in response.text and "马上到期" not in response.text
    assert f'data-appeal="{overdue.pk}" class="table-danger"' in response.text
    response = people.client_for(people.viewer).get(reverse("outreach:appeals"), {"state": "due_soon"})
    assert f'data-appeal="{soon.pk}" class="table-warning"' in response.text and "早就该办完" not in response.text


# --- the pickers ---------------------------------------------------------------------------------------


def test_the_enterprise_search_finds_by_pinyin_initials_and_never_another_units(people, key_ent, plain_ent):
    key_enterprise(people.other_unit, "昆明呈祥外单位有限公司", 9)
    response = people.client_for(people.agent).get(
        reverse("outreach:enterprise_search"), {"enterprise_q": "kmcx", "with_project": "1"}
    )
    assert f'<option value="{key_ent.pk}" selected>' in response.text  # the only match is chosen
    assert "彩云" not in response.text and "外单位" not in response.text
    assert 'id="project-picker" hx-swap-oob="true"' in response.text


def test_the_project_picker_lists_the_enterprises_projects_only(people, key_ent, plain_ent):
    mine = make_project(people.unit, key_ent)
    other = make_project(people.unit, plain_ent, name="彩云商贸物流中心项目", project_code=code(2))
    response = people.client_for(people.agent).get(reverse("outreach:enterprise_projects"), {"enterprise": key_ent.pk})
    assert mine.name in response.text and other.name not in response.text


# --- the enterprise page -----------------------------------------------------------------------------------


def test_the_enterprise_page_shows_visits_open_appeals_and_the_timeline(people, key_ent):
    visit = make_visit(people.unit, key_ent, date(2022, 6, 1), staff=[people.agent], appeals=[
        {"category": "utilities", "title": "天然气接入方案待批复", "department": "区住建局"},
        {"category": "finance", "title": "希望对接银行融资", "department": "区财政局"}])  # fmt: skip
    done = visit.appeals.get(title="希望对接银行融资")
    services.change_appeal(done, actor=people.agent, action=Action.RESOLVE, on=date(2022, 6, 9), text="已对接三家银行")
    make_consultation(people.unit, local(2022, 6, 2, 10, 0), staff=people.agent, enterprise=key_ent)
    response = people.client_for(people.viewer).get(reverse("enterprises:detail", args=[key_ent.pk]))
    assert 'id="enterprise-outreach"' in response.text
    section = response.text.split('id="enterprise-appeals"')[1].split("</ul>")[0]
    assert "天然气接入方案待批复" in section and "希望对接银行融资" not in section
    timeline = response.text.split('id="timeline"')[1]
    for kind in ("outreach.visit", "outreach.consultation", "outreach.appeal", "outreach.appeal_step"):
        assert f'data-kind="{kind}"' in timeline, kind


# --- settings -------------------------------------------------------------------------------------------


def test_only_the_administrator_changes_the_deadline_setting(people):
    url = reverse("outreach:settings")
    data = {"appeal_deadline_workdays": "15", "appeal_due_soon_workdays": "2"}
    assert people.client_for(people.director).post(url, data).status_code == 403
    people.unit.refresh_from_db()
    assert "outreach" not in people.unit.settings
    bad = people.client_for(people.admin).post(url, {"appeal_deadline_workdays": "0", "appeal_due_soon_workdays": "2"})
    assert 'data-field-error="appeal_deadline_workdays"' in bad.text
    assert people.client_for(people.admin).post(url, data).status_code == 302
    people.unit.refresh_from_db()
    assert people.unit.settings["outreach"] == {"appeal_deadline_workdays": 15, "appeal_due_soon_workdays": 2}


def test_the_figures_page_shows_the_years_metrics(people, key_ent):
    make_visit(people.unit, key_ent, date(2022, 6, 1), staff=[people.agent])
    response = people.client_for(people.viewer).get(reverse("outreach:figures"), {"year": "2022"})
    row = response.text.split('data-metric="outreach.key_enterprises_visited"')[1].split("</tr>")[0]
    assert "1 个" in row


# --- query counts -------------------------------------------------------------------------------------------


def _bulk(unit, people, start: int, count: int) -> None:
    enterprises = Enterprise.objects.bulk_create(_enterprise(unit, n) for n in range(start, start + count))
    visits = Visit.objects.bulk_create(
        Visit(
            unit=unit,
            visited_on=date(2022, 1, 3) + timedelta(days=n % 300),
            enterprise=e,
            purposes="policy",
            findings="走访",
        )
        for n, e in enumerate(enterprises)  # fmt: skip
    )
    Visit.staff.through.objects.bulk_create(Visit.staff.through(visit=v, user=people.agent) for v in visits)
    Consultation.objects.bulk_create(
        Consultation(
            unit=unit,
            consulted_at=local(2022, 3, 1, 10, 0),
            channel="phone",
            enterprise=e,
            topic="咨询",
            answer="答复",
            duration_minutes=10,
            staff=people.agent,
        )
        for e in enterprises  # fmt: skip
    )
    Appeal.objects.bulk_create(
        Appeal(
            unit=unit,
            enterprise=e,
            raised_on=date(2022, 3, 1),
            category="other",
            title="诉求",
            department="部门",
            deadline_workdays=10,
            due_on=date(2022, 3, 15),
            handler=people.agent,
            visit=v,
            source="visit",
        )
        for e, v in zip(enterprises, visits, strict=True)  # fmt: skip
    )


def _enterprise(unit, n: int) -> Enterprise:
    return Enterprise(unit=unit, uscc=uscc(n), name=f"企业{n}", name_key=f"企业{n}", name_initials=f"qy{n}")


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("outreach:visits", {}),
        ("outreach:visits", {"q": "企业", "key_only": ""}),
        ("outreach:consultations", {}),
        ("outreach:appeals", {}),
        ("outreach:appeals", {"state": "overdue"}),
    ],
)
def test_list_pages_cost_the_same_queries_at_10_and_1000_rows(people, name, query, django_assert_max_num_queries):
    client = people.client_for(people.viewer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(name), query)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _bulk(people.unit, people, 1000, 10)
    at_10 = count()
    _bulk(people.unit, people, 2000, 990)
    assert Visit.objects.count() == 1000
    with django_assert_max_num_queries(at_10):
        client.get(reverse(name), query)
    assert count() == at_10


def test_the_pickers_and_forms_ignore_another_units_ids(people, key_ent):
    foreign = key_enterprise(people.other_unit, "外单位重点企业有限公司", 9)
    foreign_project = make_project(people.other_unit, foreign, name="外单位项目", project_code=code(9))
    foreign_visit = make_visit(people.other_unit, foreign, date(2022, 6, 1), staff=[people.outsider])
    client = people.client_for(people.agent)
    picked = client.get(reverse("outreach:enterprise_projects"), {"enterprise": foreign.pk})
    assert foreign_project.name not in picked.text
    searched = client.get(reverse("outreach:enterprise_search"), {"enterprise": foreign.pk, "enterprise_q": "外单位"})
    assert "外单位" not in searched.text
    form = client.get(reverse("outreach:visit_create"), {"enterprise": foreign.pk})
    assert f'value="{foreign.pk}" selected' not in form.text and "外单位重点企业" not in form.text
    assert client.get(reverse("outreach:appeal_create"), {"visit": foreign_visit.pk}).status_code == 404
    posted = client.post(reverse("outreach:visit_create"), visit_form(foreign, staff=[people.agent.pk]))
    assert 'data-field-error="enterprise"' in posted.text
    assert Visit.objects.filter(unit=people.unit).count() == 0
