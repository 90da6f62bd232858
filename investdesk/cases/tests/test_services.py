"""Registering cases (the portal's entry), numbers, linking to the archive, assigning, the plan."""

import inspect
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from investdesk.cases import services
from investdesk.cases.clock import Pause, deadline, used
from investdesk.cases.models import AgencyCase, CaseEvent, CaseSequence, PlanItem
from investdesk.cases.tests.conftest import new_case
from investdesk.core.models import Notification
from investdesk.core.workdays import Calendar
from investdesk.projects.tests.conftest import code, make_enterprise, make_project, uscc


def test_the_portal_facing_signatures_are_stable():
    create = inspect.signature(services.create_case)
    assert list(create.parameters)[:15] == [
        "unit", "actor", "channel", "scope", "requester_name", "requester_phone", "enterprise", "enterprise_name",
        "uscc", "project", "project_name", "project_code", "help_needed", "applied_on", "notify_staff",
    ]  # fmt: skip
    assert list(inspect.signature(services.rate_case).parameters)[:5] == ["case", "level", "comment", "source", "actor"]
    assert list(inspect.signature(services.public_progress).parameters) == ["case"]
    assert issubclass(services.NotAllowed, services.Refused)


def test_numbers_run_per_unit_and_year(people):
    numbers = [
        new_case(people.unit, applied_on=date(2022, 1, 4)).number,
        new_case(people.unit, applied_on=date(2022, 12, 30)).number,
        new_case(people.unit, applied_on=date(2023, 1, 3)).number,
        new_case(people.other_unit, applied_on=date(2022, 5, 5)).number,
    ]
    assert numbers == ["CHENGGONG-2022-0001", "CHENGGONG-2022-0002", "CHENGGONG-2023-0001", "OTHER-2022-0001"]
    assert CaseSequence.objects.get(unit=people.unit, year=2022).last == 2


def test_a_request_from_the_public_is_saved_with_its_event_and_tells_the_directors(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.create_case(
            people.unit,
            actor=None,
            channel="online",
            scope="assist",
            requester_name=" 陈晓东 ",
            requester_phone="138 8812 3456",
            enterprise_name="云南某新材料有限公司",
            help_needed="想了解施工许可的办理流程",
        )
    assert (case.status, case.requester_name, case.requester_phone, case.created_by) == (
        "applied", "陈晓东", "13888123456", None,
    )  # fmt: skip
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.to_status, event.public, event.actor) == ("applied", "applied", True, None)
    notice = Notification.objects.get()
    assert (notice.user, notice.kind, notice.title) == (people.director, "new_request", f"新的代办申请 {case.number}")


def test_bad_data_raises_per_field_and_saves_nothing(people):
    with pytest.raises(ValidationError) as refused:
        services.create_case(
            people.unit,
            actor=people.agent,
            channel="fax",
            scope="full",
            requester_name="",
            requester_phone="123",
            uscc="91350203M0001QAY9Z",
            help_needed="",
        )
    assert set(refused.value.message_dict) == {
        "channel",
        "requester_name",
        "requester_phone",
        "uscc",
        "enterprise_name",
        "help_needed",
    }
    assert not AgencyCase.objects.exists() and not CaseSequence.objects.exists() and not CaseEvent.objects.exists()


def test_a_known_credit_code_or_project_code_links_the_archive(people):
    enterprise = make_enterprise(people.unit, "昆明呈祥智能制造有限公司", n=3)
    project = make_project(people.unit, enterprise, project_code=code(77))
    by_uscc = new_case(people.unit, uscc=uscc(3), enterprise_name="呈祥智能")
    assert (by_uscc.enterprise, by_uscc.project) == (enterprise, None)
    by_code = new_case(people.unit, project_code=code(77), enterprise_name="")
    assert (by_code.project, by_code.enterprise, by_code.project_name) == (project, enterprise, project.name)
    assert by_code.search_initials == "kmcxznzzyxgs cgznzzcyyxm"


def test_rows_of_another_unit_or_a_mismatched_project_are_refused(people):
    foreign = make_project(people.other_unit, make_enterprise(people.other_unit, "外单位企业", n=4))
    with pytest.raises(ValidationError) as refused:
        new_case(people.unit, project=foreign)
    assert refused.value.message_dict == {"project": ["请选择本单位的项目。"]}
    mine = make_project(people.unit, make_enterprise(people.unit, "甲企业", n=5), project_code=code(2))
    other = make_enterprise(people.unit, "乙企业", n=6)
    with pytest.raises(ValidationError) as refused:
        new_case(people.unit, enterprise=other, project=mine)
    assert refused.value.message_dict == {"project": [f"项目“{mine.name}”属于甲企业，不是本代办件的企业。"]}
    assert not AgencyCase.objects.exists()


def test_only_the_director_assigns_and_only_staff_who_handle_cases(people):
    case = new_case(people.unit)
    with pytest.raises(services.NotAllowed):
        services.assign_case(case, actor=people.agent, agent=people.agent)
    for wrong in (people.viewer, people.outsider):
        with pytest.raises(ValidationError) as refused:
            services.assign_case(case, actor=people.director, agent=wrong)
        assert refused.value.message_dict == {"agent": ["请选择本单位的代办员或主任。"]}
    with pytest.raises(ValidationError) as refused:
        services.assign_case(case, actor=people.director, agent=people.agent, co_agents=[people.finance])
    assert refused.value.message_dict == {"co_agents": ["协办人须为本单位的代办员或主任。"]}
    assert AgencyCase.objects.get(pk=case.pk).agent is None and not case.co_agents.exists()


def test_the_plan_takes_only_the_projects_items_and_not_work_done_before(people, project):
    case = new_case(people.unit, project=project)
    case = services.assign_case(case, actor=people.director, agent=people.agent, on=date(2022, 9, 26))
    with pytest.raises(services.Refused):
        services.save_plan(case, actor=people.agent, promised={})
    services.change_status(case, "accept", actor=people.director, on=date(2022, 9, 27))
    other_project = make_project(people.unit, project.enterprise, project_code=code(3), name="二期")
    foreign_item = other_project.approval_items.first()
    with pytest.raises(services.Refused) as refused:
        services.save_plan(case, actor=people.agent, promised={foreign_item.pk: 5})
    assert refused.value.messages == ["提交了其他项目的审批事项。"]
    from investdesk.projects import services as project_services

    done = project.approval_items.get(name="项目备案")
    fields = {"status": "completed", "accepted_on": date(2022, 9, 1), "completed_on": date(2022, 9, 2)}
    project_services.record_item(done, actor=people.agent, fields=fields)
    with pytest.raises(services.Refused) as refused:
        services.save_plan(case, actor=people.agent, promised={done.pk: 5})
    assert refused.value.messages == ["项目备案 已于 2022-09-02 办结，早于代办件受理。"]
    with pytest.raises(services.NotAllowed):
        services.save_plan(case, actor=people.viewer, promised={})
    assert not PlanItem.objects.exists()


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=date(2022, 1, 1), max_value=date(2023, 12, 31)),
    days=st.integers(min_value=1, max_value=40),
    pause_at=st.integers(min_value=0, max_value=30),
    pause_len=st.integers(min_value=0, max_value=20),
)
def test_the_deadline_is_the_day_the_promised_working_days_are_used(start, days, pause_at, pause_len):
    calendar = Calendar()
    pauses = [Pause(calendar.add_workdays(start, pause_at), None)] if pause_len else []
    if pauses:
        pauses = [Pause(pauses[0].start, calendar.add_workdays(pauses[0].start, pause_len))]
    today = date(2024, 12, 31)
    due = deadline(calendar, start, days, pauses, today)
    assert used(calendar, start, due, pauses, today) == days
    assert calendar.is_workday(due)
    unpaused = deadline(calendar, start, days, [], today)
    paused_before_due = sum(1 for p in pauses if p.start < unpaused)
    assert (due > unpaused) == bool(paused_before_due and pause_len)
