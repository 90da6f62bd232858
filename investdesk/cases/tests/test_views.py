"""The case pages, persona by persona: reading, the steps as POST forms, refusals that change
nothing, masking, query counts, the ids the browser test relies on."""

import re
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investdesk.accounts.models import Role as MemberRole
from investdesk.cases import services
from investdesk.cases.models import (
    TRANSITIONS,
    AgencyCase,
    Blocker,
    CaseEvent,
    CaseFile,
    CaseStatus,
    PlanItem,
    Rating,
    Rectification,
)
from investdesk.cases.tests.conftest import case_in, new_case
from investdesk.cases.tests.test_transitions import ARGS
from tests.personas import make_user

FORM = {
    "channel": "window",
    "scope": "full",
    "enterprise": "",
    "enterprise_name": "云南呈祥新材料有限公司",
    "uscc": "",
    "requester_name": "陈晓东",
    "requester_phone": "13888123456",
    "project": "",
    "project_name": "新材料生产线项目",
    "project_code": "",
    "help_needed": "代办施工许可",
    "applied_on": "2022-10-10",
}


def detail(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def step_url(case, name: str) -> str:
    return reverse("cases:transition", args=[case.pk, name])


def step_data(name: str, on: str = "2022-10-14") -> dict:
    return {f"{name}-on": on, **{f"{name}-{k}": v for k, v in ARGS.get(name, {}).items()}}


def state(case) -> tuple:
    return model_to_dict(AgencyCase.objects.get(pk=case.pk), exclude=["co_agents"]), CaseEvent.objects.count()


# --- reading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cases:list", "cases:ratings", "cases:settings"])
def test_the_viewer_reads_every_page_without_edit_controls(people, name):
    case_in(people, CaseStatus.COMPLETED)
    response = people.client_for(people.viewer).get(reverse(name))
    assert response.status_code == 200
    assert 'data-nav="cases"' in response.text and "代办帮办" in response.text
    for control in ('id="new-case-link"', 'id="save-settings"'):
        assert control not in response.text


def test_the_viewer_sees_the_case_without_steps_and_masked_phones(people):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    page = people.client_for(people.viewer).get(detail(case)).text
    assert f'id="case-number">{case.number}<' in page
    assert 'id="requester-phone">138****3456<' in page and "13888123456" not in page
    for control in ('data-transition="', 'id="assign-form"', 'id="edit-case"', 'id="add-blocker"', 'id="add-file"'):
        assert control not in page
    listed = people.client_for(people.viewer).get(reverse("cases:list")).text
    assert '<span class="requester-phone">138****3456</span>' in listed
    assert "13888123456" in people.client_for(people.agent).get(reverse("cases:list")).text


def test_the_director_sees_accept_reject_assign_and_terminate_on_a_request(people):
    case = new_case(people.unit)
    page = people.client_for(people.director).get(detail(case)).text
    markers = ('id="accept-case"', 'id="reject-case"', 'id="terminate-case"', 'id="assign-form"')
    for marker in (*markers, f'form method="post" action="/cases/{case.pk}/step/accept/"'):
        assert marker in page
    agent_page = people.client_for(people.agent).get(detail(case)).text
    assert 'data-transition="' not in agent_page and 'id="assign-form"' not in agent_page


def test_the_agent_of_the_case_sees_the_work_steps(people):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    page = people.client_for(people.agent).get(detail(case)).text
    assert 'data-transition="pause"' in page and 'id="complete-case"' in page and 'data-transition="terminate"' in page
    assert 'data-transition="accept"' not in page and 'id="assign-form"' not in page
    other = make_user("lina", "李娜", people.unit, MemberRole.AGENT)
    assert 'data-transition="' not in people.client_for(other).get(detail(case)).text


def test_the_page_switches_to_english(people):
    case = case_in(people, CaseStatus.PAUSED)
    client = people.client_for(people.viewer)
    client.cookies["django_language"] = "en"
    page = client.get(detail(case)).text
    assert "Deadlines (working days used / promised)" in page and ">paused<" in page


# --- the steps through the pages -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_roles_not_allowed_get_403_and_nothing_changes(people, name):
    case = case_in(people, TRANSITIONS[name].sources[-1])
    other = make_user("lina", "李娜", people.unit, MemberRole.AGENT)
    before = state(case)
    for user in (people.viewer, people.finance, people.admin, other):
        assert people.client_for(user).post(step_url(case, name), step_data(name)).status_code == 403
    if "agent" not in TRANSITIONS[name].roles:
        assert people.client_for(people.agent).post(step_url(case, name), step_data(name)).status_code == 403
    assert people.client_for(people.outsider).post(step_url(case, name), step_data(name)).status_code == 404
    assert state(case) == before
    allowed = people.director
    response = people.client_for(allowed).post(step_url(case, name), step_data(name))
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert AgencyCase.objects.get(pk=case.pk).status == TRANSITIONS[name].target


def test_a_refused_step_shows_why_and_changes_nothing(people):
    case = case_in(people, CaseStatus.APPLIED)
    before = state(case)
    client = people.client_for(people.director)
    page = client.post(step_url(case, "reject"), {"reject-reason": " "}, follow=True).text
    assert "原因：请说明原因（将告知申请人）。" in page
    page = client.post(step_url(case, "complete"), step_data("complete"), follow=True).text
    assert "“已申请”的代办件不能转为“已办结”。" in page
    page = client.post(step_url(case, "accept"), {"accept-on": "2022-13-40"}, follow=True).text
    assert "日期：" in page
    assert state(case) == before
    assert client.get(step_url(case, "accept")).status_code == 405
    assert client.post(step_url(case, "fly"), {}).status_code == 404


def test_the_browser_flow_accept_assign_start_complete(people):
    case = new_case(people.unit, scope="assist")
    director = people.client_for(people.director)
    assert director.post(step_url(case, "accept"), {}).status_code == 302
    response = director.post(reverse("cases:assign", args=[case.pk]), {"agent": people.agent.pk})
    assert response.status_code == 302
    agent = people.client_for(people.agent)
    assert agent.post(step_url(case, "start"), {}).status_code == 302
    agent.post(step_url(case, "complete"), {"complete-handover": "帮办材料清单"})
    case.refresh_from_db()
    assert (case.status, case.agent, case.handover_list) == ("completed", people.agent, "帮办材料清单")
    page = agent.get(detail(case)).text
    assert 'data-rated="no"' in page and 'id="rate-link"' in page


# --- creating and editing ------------------------------------------------------------------------------------


def test_a_case_is_created_from_the_form(people):
    response = people.client_for(people.agent).post(reverse("cases:create"), FORM)
    case = AgencyCase.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert (case.number, case.status, case.created_by) == ("CHENGGONG-2022-0001", "applied", people.agent)
    assert CaseEvent.objects.filter(case=case, kind="applied").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requester_phone", "12345", "“12345”不是有效的电话号码"),
        ("enterprise_name", "", "请填写企业名称。"),
        ("applied_on", "2099-01-01", "申请日期不能晚于今天。"),
        ("uscc", "ABC", "“ABC”不是有效的统一社会信用代码"),
        ("project_code", "2022-999999-04-03-000001", "530114"),
        ("help_needed", "", "这个字段是必填项。"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(people, field, value, message):
    response = people.client_for(people.agent).post(reverse("cases:create"), {**FORM, field: value})
    assert response.status_code == 200
    assert f'data-field-error="{field}"' in response.text and message in response.text
    assert not AgencyCase.objects.exists() and not CaseEvent.objects.exists()


def test_another_units_enterprise_cannot_be_chosen(people):
    from investdesk.projects.tests.conftest import make_enterprise

    foreign = make_enterprise(people.other_unit, "外单位企业", n=9)
    response = people.client_for(people.agent).post(reverse("cases:create"), {**FORM, "enterprise": foreign.pk})
    assert 'data-field-error="enterprise"' in response.text
    assert not AgencyCase.objects.exists()


def test_viewer_and_finance_cannot_create_or_edit(people):
    case = new_case(people.unit)
    for user in (people.viewer, people.finance):
        client = people.client_for(user)
        assert client.get(reverse("cases:create")).status_code == 403
        assert client.post(reverse("cases:edit", args=[case.pk]), FORM).status_code == 403
    assert AgencyCase.objects.count() == 1


def test_the_agent_edits_the_case_and_the_director_assigns(people):
    case = case_in(people, CaseStatus.ACCEPTED)
    response = people.client_for(people.agent).post(
        reverse("cases:edit", args=[case.pk]), {**FORM, "applied_on": "2022-09-26", "requester_phone": "0871-67483280"}
    )
    assert response.status_code == 302
    assert AgencyCase.objects.get(pk=case.pk).requester_phone == "0871-67483280"
    assert (
        people.client_for(people.agent)
        .post(reverse("cases:assign", args=[case.pk]), {"agent": people.agent.pk})
        .status_code
        == 403
    )
    other = make_user("lina", "李娜", people.unit, MemberRole.AGENT)
    data = {"agent": other.pk, "co_agents": [people.agent.pk]}
    assert people.client_for(people.director).post(reverse("cases:assign", args=[case.pk]), data).status_code == 302
    case.refresh_from_db()
    assert case.agent == other and list(case.co_agents.all()) == [people.agent]
    bad = people.client_for(people.director).post(reverse("cases:assign", args=[case.pk]), {"agent": people.viewer.pk})
    assert 'data-field-error="agent"' in bad.text
    assert AgencyCase.objects.get(pk=case.pk).agent == other


CO_AGENT_BOX = re.compile(
    r'<input type="checkbox" name="co_agents" value="(\d+)" id="[^"]+" class="form-check-input[^"]*"( checked)?>'
    r'\s*<label class="form-check-label" for="[^"]+">([^<]+)</label>'
)


def test_the_assign_form_lists_each_colleague_by_name_with_the_current_co_agents_ticked(people):
    """Defect 4: 协办人 was one nameless checkbox whose value was “on”."""
    lina = make_user("lina", "李娜", people.unit, MemberRole.AGENT)
    wujun = make_user("wujun", "吴军", people.unit, MemberRole.AGENT)
    case = case_in(people, CaseStatus.ACCEPTED, co_agents=[lina])
    for url in (reverse("cases:assign", args=[case.pk]), reverse("cases:detail", args=[case.pk])):
        page = people.client_for(people.director).get(url).text
        boxes = [(int(pk), bool(ticked), name) for pk, ticked, name in CO_AGENT_BOX.findall(page)]
        assert boxes == [
            (lina.pk, True, "李娜"),
            (people.director.pk, False, "李强"),
            (wujun.pk, False, "吴军"),
            (people.agent.pk, False, "张敏"),
        ]
        assert 'name="co_agents" id=' not in page  # the old single box without a value
        # The lead agent's box is hidden by the page's script, matched on data-choice.
        assert f'data-choice="{people.agent.pk}"' in page and "_assign_script" not in page


def test_the_director_assigns_two_co_agents_and_a_bad_id_changes_nothing(people):
    lina = make_user("lina", "李娜", people.unit, MemberRole.AGENT)
    wujun = make_user("wujun", "吴军", people.unit, MemberRole.AGENT)
    case = case_in(people, CaseStatus.ACCEPTED)
    url = reverse("cases:assign", args=[case.pk])
    director = people.client_for(people.director)
    response = director.post(url, {"agent": people.agent.pk, "co_agents": [lina.pk, wujun.pk]})
    assert response.status_code == 302
    assert sorted(case.co_agents.values_list("username", flat=True)) == ["lina", "wujun"]
    page = director.get(reverse("cases:detail", args=[case.pk])).text
    assert re.search(r'id="case-agent">张敏 · [^<]*李娜、吴军</dd>', page)
    # An id that is no colleague (the viewer, another unit's director, a number that is nobody, "on").
    for bad in (people.viewer.pk, people.outsider.pk, 999999, "on"):
        response = director.post(url, {"agent": people.agent.pk, "co_agents": [lina.pk, bad]})
        assert response.status_code == 200
        assert 'data-field-error="co_agents"' in response.text
        assert sorted(case.co_agents.values_list("username", flat=True)) == ["lina", "wujun"]
    # The lead agent ticked as a co-agent too (scripts off) is the lead only.
    assert director.post(url, {"agent": lina.pk, "co_agents": [lina.pk, people.agent.pk]}).status_code == 302
    case.refresh_from_db()
    assert case.agent == lina and list(case.co_agents.values_list("username", flat=True)) == ["zhangmin"]


def test_a_case_without_its_enterprise_archives_it_from_the_case(people):
    """建档 from a case: the enterprise's record from the case's data, linked to the case."""
    case = new_case(people.unit, uscc="91530114MA6K5U8X61")
    client = people.client_for(people.agent)
    page = client.get(detail(case)).text
    assert 'id="archive-button"' in page
    assert 'id="archive-button"' not in people.client_for(people.viewer).get(detail(case)).text
    url = reverse("cases:archive", args=[case.pk])
    form = client.get(url)
    data = {"contact-name": "陈晓东", "contact-phone": "13888123456", "contact-post": "", "contact-note": ""}
    data |= {"name": form.context["form"]["name"].value(), "uscc": form.context["form"]["uscc"].value()}
    data |= {"origin": "local", "status": "operating", "archived_on": form.context["form"]["archived_on"].value()}
    assert data["name"] == "昆明呈祥智能制造有限公司"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == detail(case)
    case.refresh_from_db()
    assert (case.enterprise.name, case.enterprise.uscc) == ("昆明呈祥智能制造有限公司", "91530114MA6K5U8X61")
    assert list(case.enterprise.contacts.values_list("name", flat=True)) == ["陈晓东"]
    assert CaseEvent.objects.filter(case=case, kind="edited", note="已关联一企一档：昆明呈祥智能制造有限公司").exists()
    page = client.get(detail(case)).text
    assert 'id="archive-button"' not in page and 'id="enterprise-link"' in page


def test_the_plan_page_saves_promised_days_and_refuses_bad_ones(people, project):
    case = new_case(people.unit, project=project)
    case = services.assign_case(case, actor=people.director, agent=people.agent, on=date(2022, 9, 26))
    services.change_status(case, "accept", actor=people.director, on=date(2022, 9, 27))
    item = project.approval_items.get(name="施工许可证")
    url = reverse("cases:plan", args=[case.pk])
    client = people.client_for(people.agent)
    page = client.get(url).text
    assert f'name="days_{item.pk}" value="7"' in page  # the legal limit by default
    bad = client.post(url, {f"in_{item.pk}": "1", f"days_{item.pk}": "abc"})
    assert bad.status_code == 400 and "施工许可证：承诺工作日请填写整数。" in bad.text
    bad = client.post(url, {f"in_{item.pk}": "1", f"days_{item.pk}": "0"})
    assert bad.status_code == 400 and "施工许可证：承诺工作日须为 1–1000。" in bad.text
    assert not PlanItem.objects.exists()
    assert (
        client.post(url, {f"in_{item.pk}": "1", f"days_{item.pk}": "5", f"note_{item.pk}": "加急"}).status_code == 302
    )
    entry = PlanItem.objects.get()
    assert (entry.approval_item, entry.promised_workdays, entry.note) == (item, 5, "加急")


def test_the_letter_of_authorisation_with_its_signed_file(people):
    case = case_in(people, CaseStatus.ACCEPTED)
    url = reverse("cases:mandate", args=[case.pk])
    client = people.client_for(people.agent)
    bad = client.post(url, {"mandate_number": "X-1", "mandate_signed_on": "2022-09-20"})
    assert 'data-field-error="mandate_signed_on"' in bad.text and "签订日期不能早于申请日期。" in bad.text
    upload = SimpleUploadedFile("委托书.pdf", b"%PDF-1.4 signed")
    response = client.post(
        url, {"mandate_number": "呈投代〔2022〕8号", "mandate_signed_on": "2022-09-27", "file": upload}
    )
    assert response.status_code == 302
    stored = CaseFile.objects.get(kind="mandate")
    assert stored.file.name.startswith(f"units/{people.unit.pk}/cases/{case.pk}/")
    download = people.client_for(people.viewer).get(reverse("cases:file_download", args=[stored.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 signed"


def test_a_file_that_is_not_what_its_name_says_is_refused(people):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    upload = SimpleUploadedFile("交接清单.pdf", b"MZ\x90\x00 not a pdf")
    response = people.client_for(people.agent).post(
        reverse("cases:file_create", args=[case.pk]), {"file": upload, "kind": "handover"}
    )
    assert (
        'data-field-error="file"' in response.text
        and "“交接清单.pdf”不是 PDF 文件：文件内容与扩展名不符。" in response.text
    )
    assert not CaseFile.objects.exists()


def test_blockers_with_their_coordination_and_resolution(people):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    client = people.client_for(people.agent)
    bad = client.post(
        reverse("cases:blocker_create", args=[case.pk]), {"department": "", "description": "图审意见反复"}
    )
    assert 'data-field-error="department"' in bad.text and not Blocker.objects.exists()
    client.post(reverse("cases:blocker_create", args=[case.pk]),
                {"department": "区住建局", "description": "图审意见反复", "raised_on": "2022-09-29"})  # fmt: skip
    blocker = Blocker.objects.get()
    action = {"kind": "supervision", "taken_on": "2022-09-30", "content": "报请分管领导督办", "result": "已明确意见"}
    client.post(reverse("cases:blocker_action", args=[blocker.pk]), action)
    client.post(
        reverse("cases:blocker_resolve", args=[blocker.pk]),
        {"resolved_on": "2022-10-08", "resolution": "已出具审查合格书"},
    )
    blocker.refresh_from_db()
    assert (blocker.resolved_on, blocker.actions.get().kind) == (date(2022, 10, 8), "supervision")
    page = client.get(detail(case)).text
    assert f'data-blocker="{blocker.pk}" data-open="no"' in page and "报请分管领导督办" in page


# --- ratings and rectifications -------------------------------------------------------------------------------


def test_the_agent_records_a_phone_rating_and_a_bad_one_opens_the_rectification(people):
    case = case_in(people, CaseStatus.COMPLETED)
    url = reverse("cases:rate", args=[case.pk])
    bad = people.client_for(people.agent).post(url, {"level": "dissatisfied", "on": "2022-10-20"})
    assert "评价期限已于 2022-10-17 截止" in bad.text and not Rating.objects.exists()
    assert people.client_for(people.viewer).post(url, {"level": "dissatisfied"}).status_code == 403
    response = people.client_for(people.agent).post(
        url, {"level": "dissatisfied", "comment": "太慢", "on": "2022-10-11"}
    )
    assert response.status_code == 302
    rectification = Rectification.objects.get()
    page = people.client_for(people.viewer).get(detail(case)).text
    assert 'id="rating-level" data-level="dissatisfied"' in page and 'id="rectification"' in page
    rect_page = people.client_for(people.director).get(reverse("cases:rectification", args=[rectification.pk])).text
    assert (
        'id="rectification-due" data-due="2022-10-18"' in rect_page and 'id="rectification-followup-form"' in rect_page
    )


def test_the_rectification_page_follows_up_and_closes(people):
    case = case_in(people, CaseStatus.COMPLETED)
    rating = services.rate_case(case, level="very_dissatisfied", source="portal", on=date(2022, 10, 11))
    url = reverse("cases:rectification", args=[rating.rectification.pk])
    client = people.client_for(people.agent)
    bad = client.post(url, {"step": "followup", "followup-followed_up_on": "2022-10-12", "followup-follow_up_note": ""})
    assert bad.status_code == 400 and 'data-field-error="follow_up_note"' in bad.text
    early = client.post(url, {"step": "close", "close-result": "整改", "close-requester_reply": "认可"})
    assert early.status_code == 400 and "请先登记对申请人的回访。" in early.text
    assert Rectification.objects.get().status == "open"
    client.post(url, {"step": "followup", "followup-followed_up_on": "2022-10-12", "followup-follow_up_note": "已致歉"})
    client.post(
        url, {"step": "close", "close-result": "整改", "close-requester_reply": "认可", "close-closed_on": "2022-10-13"}
    )
    done = Rectification.objects.get()
    assert (done.status, done.followed_up_on, done.closed_on) == ("done", date(2022, 10, 12), date(2022, 10, 13))
    assert people.client_for(people.viewer).post(url, {"step": "close"}).status_code == 403


def test_an_agent_not_on_the_case_is_not_offered_the_rectification_forms_until_named_responsible(people):
    case = case_in(people, CaseStatus.COMPLETED)
    rating = services.rate_case(case, level="dissatisfied", source="portal", on=date(2022, 10, 11))
    url = reverse("cases:rectification", args=[rating.rectification.pk])
    other = make_user("lina", "李娜", people.unit, MemberRole.AGENT)
    client = people.client_for(other)
    page = client.get(url).text
    assert 'id="rectification-plan-form"' not in page and 'id="rectification-not-yours"' in page
    followup = {"step": "followup", "followup-followed_up_on": "2022-10-12", "followup-follow_up_note": "已致歉"}
    assert client.post(url, followup).status_code == 403
    assert Rectification.objects.get().followed_up_on is None
    services.update_rectification(rating.rectification, actor=people.director, responsible=other, measures="致歉")
    assert 'id="rectification-followup-form"' in client.get(url).text
    assert client.post(url, followup).status_code == 302


def test_the_ratings_page_counts_levels_and_shows_both_rates(people):
    for level in ("very_satisfied", "dissatisfied"):
        services.rate_case(case_in(people, CaseStatus.COMPLETED), level=level, source="portal", on=date(2022, 10, 11))
    services.give_default_rating(case_in(people, CaseStatus.COMPLETED), today=date(2022, 10, 18))
    page = people.client_for(people.viewer).get(reverse("cases:ratings")).text
    assert 'id="total-own">2<' in page and 'id="total-default">1<' in page and 'id="total">3<' in page
    assert 'id="good-rating-rate">66.67%<' in page and 'id="good-rating-rate-own">50.00%<' in page
    filtered = people.client_for(people.viewer).get(reverse("cases:ratings"), {"start": "2022-10-12"}).text
    assert 'id="total">1<' in filtered


def test_the_settings_are_changed_by_the_administrator_only(people):
    url = reverse("cases:settings")
    data = {"acceptance_workdays": "2", "plan_workdays": "3", "visit_workdays": "5", "rating_window_workdays": "5",
            "rectification_workdays": "5", "due_soon_workdays": "2"}  # fmt: skip
    assert people.client_for(people.director).post(url, data).status_code == 403
    bad = people.client_for(people.admin).post(url, {**data, "visit_workdays": "0"})
    assert 'data-field-error="visit_workdays"' in bad.text
    assert people.client_for(people.admin).post(url, data).status_code == 302
    people.unit.refresh_from_db()
    assert people.unit.settings["cases"]["acceptance_workdays"] == 2


# --- the list ---------------------------------------------------------------------------------------------------


def test_search_and_filters(people):
    paused = case_in(people, CaseStatus.PAUSED, enterprise_name="呈贡花卉交易中心有限公司")
    other = new_case(people.unit, enterprise_name="斗南数据科技有限公司", channel="online")
    client = people.client_for(people.viewer)

    def numbers(**query) -> set:
        page = client.get(reverse("cases:list"), query).text
        return {c.number for c in AgencyCase.objects.all() if f'data-number="{c.number}"' in page}

    assert numbers(q="cghh") == {paused.number}  # pinyin initials of 呈贡花卉
    assert numbers(q="斗南") == {other.number}
    assert numbers(q=paused.number) == {paused.number}
    assert numbers(status="paused") == {paused.number}
    assert numbers(channel="online") == {other.number}
    assert numbers(agent=people.agent.pk) == {paused.number}
    assert numbers(year=2022) == {paused.number, other.number}
    assert numbers(mark="overdue") == {other.number}  # its acceptance is long overdue; the paused one waits


def _bulk_cases(unit, agent, start: int, count: int) -> None:
    statuses = ["applied", "in_progress", "paused", "completed", "visited"]
    cases = AgencyCase.objects.bulk_create(
        [
            AgencyCase(
                unit=unit,
                number=f"CHENGGONG-2022-{n:04d}",
                status=statuses[n % 5],
                channel="window",
                scope="full",
                enterprise_name=f"批量企业{n}",
                requester_name="陈晓东",
                requester_phone="13888123456",
                help_needed="代办",
                applied_on=date(2022, 9, 1),
                accepted_on=date(2022, 9, 2) if n % 5 else None,
                started_on=date(2022, 9, 5) if n % 5 else None,
                completed_on=date(2022, 10, 10) if n % 5 > 2 else None,
                agent=agent if n % 5 else None,
            )
            for n in range(start, start + count)
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                unit=unit, case=c, kind="status", from_status="in_progress", to_status="paused", on=date(2022, 9, 8)
            )
            for c in cases
            if c.status == "paused"
        ]
    )
    Rating.objects.bulk_create(
        [Rating(unit=unit, case=c, level="satisfied", source="portal") for c in cases if c.status == "visited"]
    )


@pytest.mark.parametrize("query", [{}, {"mark": "overdue"}, {"q": "批量", "status": "paused"}])
def test_the_list_costs_the_same_queries_at_10_and_1000_cases(people, query):
    client = people.client_for(people.viewer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("cases:list"), query)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _bulk_cases(people.unit, people.agent, 1, 10)
    at_10 = count()
    _bulk_cases(people.unit, people.agent, 100, 990)
    assert AgencyCase.objects.count() == 1000
    assert count() == at_10


NEXT_DEADLINE = re.compile(
    r'<tr data-case="(\d+)".*?data-next-deadline="([\d-]*)">(?:<span class="text-nowrap due-date">[\d-]+</span>\s*'
    r'<span class="badge [^"]*" data-countdown="(-?\d+)"[^>]*>([^<]+)</span>\s*<div class="text-muted">([^<]+)</div>|'
    r'<span class="text-muted">—</span>)',
    re.S,
)


def test_the_list_shows_each_cases_next_deadline_with_its_countdown(people, monkeypatch):
    """Defect 10: the list showed only a red or yellow mark, neither the due date nor what is due."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2022, 9, 29, 2, 0, tzinfo=UTC))  # Thu 10:00 Shanghai
    applied = new_case(people.unit, applied_on=date(2022, 9, 26))  # to accept by Tue 27 September
    accepted = case_in(people, CaseStatus.ACCEPTED)  # accepted 27 September: 3 working days to start the work
    rejected = case_in(people, CaseStatus.REJECTED)  # closed: no deadline runs
    page = people.client_for(people.viewer).get(reverse("cases:list")).text
    rows = {int(pk): rest for pk, *rest in NEXT_DEADLINE.findall(page)}
    assert rows == {
        applied.pk: ["2022-09-27", "-2", "逾期 2 个工作日", "受理"],
        accepted.pk: ["2022-09-30", "1", "还剩 1 个工作日", "委托书和代办方案"],
        rejected.pk: ["", "", "", ""],
    }


def test_the_export_masks_phones_for_the_viewer(people):
    case_in(people, CaseStatus.COMPLETED)
    from tests.test_isolation import response_text

    viewer = response_text(people.client_for(people.viewer).get(reverse("cases:export")))
    agent = response_text(people.client_for(people.agent).get(reverse("cases:export")))
    assert "138****3456" in viewer and "13888123456" not in viewer
    assert "13888123456" in agent


# --- the enterprise page ------------------------------------------------------------------------------------------


def test_the_enterprise_page_lists_its_cases_and_their_events(people, project):
    case = case_in(people, CaseStatus.ACCEPTED, project=project)
    page = people.client_for(people.viewer).get(reverse("enterprises:detail", args=[project.enterprise.pk])).text
    assert 'id="enterprise-cases"' in page and f'data-case="{case.pk}"' in page
    assert f"代办件 {case.number}：受理 → 已受理" in page


def test_the_case_page_costs_the_same_queries_at_10_and_1000_cases(people):
    """Regression: the page once evaluated its whole queryset (every case of the unit) to test it."""
    client = people.client_for(people.director)
    _bulk_cases(people.unit, people.agent, 1, 10)
    case = AgencyCase.objects.filter(status="paused").first()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(detail(case)).status_code == 200
        return len(ctx.captured_queries)

    at_10 = count()
    _bulk_cases(people.unit, people.agent, 100, 990)
    assert count() == at_10


def test_the_ratings_page_costs_the_same_queries_at_10_and_1000_cases(people):
    client = people.client_for(people.viewer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:ratings")).status_code == 200
        return len(ctx.captured_queries)

    _bulk_cases(people.unit, people.agent, 1, 10)
    at_10 = count()
    _bulk_cases(people.unit, people.agent, 100, 990)
    assert Rating.objects.count() == 200
    assert count() == at_10


def test_the_enterprise_page_marks_an_overdue_case(people, project):
    case = new_case(people.unit, project=project)  # applied 2022-09-26, never accepted
    page = people.client_for(people.viewer).get(reverse("enterprises:detail", args=[project.enterprise.pk])).text
    section = page[page.index('id="enterprise-cases"') :]
    assert f'data-case="{case.pk}"' in section and 'data-flag="overdue"' in section
