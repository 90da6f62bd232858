"""The outreach services: a visit with its appeals in one transaction, the appeal pipeline as a
table (every pair walked), deadlines on the working-day calendar, refusals that change nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from investdesk.accounts.models import Membership
from investdesk.core.models import CalendarDay
from investdesk.enterprises.models import KeyLevel
from investdesk.outreach import services
from investdesk.outreach.models import (
    TRANSITIONS,
    Action,
    Appeal,
    AppealEvent,
    AppealStatus,
    Consultation,
    EventKind,
    Feedback,
    Outcome,
    Purpose,
    Source,
    Visit,
    transition_for,
)
from investdesk.outreach.tests.conftest import (
    code,
    key_enterprise,
    local,
    make_appeal,
    make_consultation,
    make_project,
    make_visit,
)
from tests.personas import make_user

APPEAL_ROW = {"category": "utilities", "title": "施工临时用电报装进度慢", "department": "供电局"}


# --- visits -------------------------------------------------------------------------------------------


def test_a_visit_and_its_appeals_are_saved_together(people, key_ent):
    suggestion = {"kind": "suggestion", "category": "policy", "title": "建议汇编惠企政策", "department": "区投资促进局"}
    visit = make_visit(
        people.unit,
        key_ent,
        date(2022, 9, 30),
        staff=[people.agent, people.director],
        purposes=[Purpose.PROJECTS, Purpose.POLICY],
        appeals=[APPEAL_ROW, {**suggestion, "deadline_workdays": 5}],
    )
    assert visit.purposes == "policy,projects"
    assert sorted(visit.staff_names()) == ["张敏", "李强"]
    first, second = visit.appeals.order_by("id")
    assert (first.source, first.enterprise, first.raised_on, first.status) == (
        Source.VISIT,
        key_ent,
        date(2022, 9, 30),
        AppealStatus.PENDING,
    )
    # 10 working days from Friday 30 September 2022 across 国庆 (1–7 October; 8 and 9 October were 调休 workdays)
    assert first.deadline_workdays == 10 and first.due_on == date(2022, 10, 19)
    assert second.kind == "suggestion" and second.due_on == date(2022, 10, 12)
    assert list(first.events.values_list("kind", "to_status")) == [(EventKind.RAISED, AppealStatus.PENDING)]


def test_a_bad_appeal_row_saves_nothing_of_the_visit(people, key_ent):
    with pytest.raises(ValidationError) as caught:
        make_visit(people.unit, key_ent, date(2022, 5, 6), staff=[people.agent], appeals=[APPEAL_ROW, {"title": ""}])
    assert all(m.startswith(("第 2 条诉求", "Appeal 2")) for m in caught.value.message_dict["appeals"])
    assert Visit.objects.count() == 0 and Appeal.objects.count() == 0


def test_a_visit_needs_staff_of_the_unit_and_at_least_one_purpose(people, key_ent):
    with pytest.raises(ValidationError) as caught:
        make_visit(people.unit, key_ent, date(2022, 5, 6), staff=[], actor=people.agent)
    assert "staff" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_visit(people.unit, key_ent, date(2022, 5, 6), staff=[people.outsider], actor=people.agent)
    assert "孙丽" in caught.value.message_dict["staff"][0]
    with pytest.raises(ValidationError) as caught:
        make_visit(people.unit, key_ent, date(2022, 5, 6), staff=[people.agent], purposes=[])
    assert "purposes" in caught.value.message_dict
    assert Visit.objects.count() == 0


def test_a_visit_in_the_future_or_with_another_enterprises_project_is_refused(people, key_ent, plain_ent):
    other_project = make_project(people.unit, plain_ent, name="彩云商贸物流中心项目", project_code=code(2))
    with pytest.raises(ValidationError) as caught:
        make_visit(people.unit, key_ent, date(2022, 5, 6), staff=[people.agent], project=other_project)
    assert "project" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_visit(people.unit, key_ent, date(2099, 1, 1), staff=[people.agent])
    assert "visited_on" in caught.value.message_dict
    assert Visit.objects.count() == 0


def test_an_enterprise_of_another_unit_is_refused(people):
    foreign = key_enterprise(people.other_unit, "外单位重点企业有限公司", 9)
    with pytest.raises(ValidationError) as caught:
        make_visit(people.unit, foreign, date(2022, 5, 6), staff=[people.agent])
    assert "enterprise" in caught.value.message_dict


def test_a_visit_with_appeals_cannot_be_deleted_or_moved_to_another_enterprise(people, key_ent, plain_ent):
    visit = make_visit(people.unit, key_ent, date(2022, 5, 6), staff=[people.agent], appeals=[APPEAL_ROW])
    with pytest.raises(ValidationError):
        services.delete_visit(visit, actor=people.agent)
    with pytest.raises(ValidationError) as caught:
        services.update_visit(visit, actor=people.agent, fields={"enterprise": plain_ent})
    assert "enterprise" in caught.value.message_dict
    visit.refresh_from_db()
    assert visit.enterprise == key_ent and Visit.objects.count() == 1


def test_a_visit_without_appeals_is_edited_and_deleted(people, key_ent, plain_ent):
    visit = make_visit(people.unit, key_ent, date(2022, 5, 6), staff=[people.agent])
    services.update_visit(visit, actor=people.agent, fields={"enterprise": plain_ent}, staff=[people.director])
    visit.refresh_from_db()
    assert visit.enterprise == plain_ent and visit.staff_names() == ["李强"]
    services.delete_visit(visit, actor=people.agent)
    assert Visit.objects.count() == 0


# --- consultations ------------------------------------------------------------------------------------


def test_a_consultation_takes_its_enterprise_from_its_project(people, key_ent):
    project = make_project(people.unit, key_ent, key_level=KeyLevel.CITY)
    consultation = make_consultation(people.unit, local(2022, 6, 1, 9, 30), staff=people.agent, project=project)
    assert consultation.enterprise == key_ent and consultation.for_key_project


def test_a_consultation_with_another_enterprises_project_or_an_outsider_is_refused(people, key_ent, plain_ent):
    project = make_project(people.unit, key_ent)
    with pytest.raises(ValidationError) as caught:
        make_consultation(
            people.unit, local(2022, 6, 1, 9, 30), staff=people.agent, project=project, enterprise=plain_ent
        )
    assert "project" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_consultation(people.unit, local(2022, 6, 1, 9, 30), staff=people.outsider)
    assert "staff" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_consultation(people.unit, local(2022, 6, 1, 9, 30), staff=people.agent, duration_minutes=0)
    assert "duration_minutes" in caught.value.message_dict
    assert Consultation.objects.count() == 0


# --- the appeal pipeline -------------------------------------------------------------------------------

STEP_INPUT = {
    Action.COORDINATE: {},
    Action.RESOLVE: {"text": "已办结"},
    Action.UNRESOLVABLE: {"text": "涉及上级权限"},
    Action.CLOSE: {"feedback": Feedback.SATISFIED},
    Action.REOPEN: {"text": "问题复发", "confirm_back": True},
}
# How to bring a new appeal to each status, step by step.
PATHS = {
    AppealStatus.PENDING: [],
    AppealStatus.COORDINATING: [Action.COORDINATE],
    AppealStatus.RESOLVED: [Action.RESOLVE],
    AppealStatus.UNRESOLVABLE: [Action.UNRESOLVABLE],
    AppealStatus.CLOSED: [Action.RESOLVE, Action.CLOSE],
}


def _at(people, enterprise, status):
    appeal = make_appeal(people.unit, enterprise, date(2022, 3, 1), actor=people.agent)
    for action in PATHS[status]:
        appeal = services.change_appeal(
            appeal, actor=people.agent, action=action, on=date(2022, 3, 8), **STEP_INPUT[action]
        )
    assert appeal.status == status
    return appeal


@pytest.mark.parametrize("status", AppealStatus.values)
@pytest.mark.parametrize("action", Action.values)
def test_every_step_from_every_status_is_allowed_exactly_as_the_table_says(people, key_ent, status, action):
    appeal = _at(people, key_ent, status)
    events = AppealEvent.objects.count()
    step = transition_for(status, action)
    if step is None:
        with pytest.raises(ValidationError) as caught:
            services.change_appeal(appeal, actor=people.agent, action=action, on=date(2022, 3, 9), **STEP_INPUT[action])
        assert "status" in caught.value.message_dict
        appeal.refresh_from_db()
        assert appeal.status == status and AppealEvent.objects.count() == events
    else:
        changed = services.change_appeal(
            appeal, actor=people.agent, action=action, on=date(2022, 3, 9), **STEP_INPUT[action]
        )
        assert changed.status == step.target
        event = changed.events.first()
        assert (event.action, event.from_status, event.to_status, event.actor) == (
            action,
            status,
            step.target,
            people.agent,
        )


def test_the_table_covers_the_pipeline_named_in_the_rules():
    pairs = {(t.source, t.target) for t in TRANSITIONS}
    assert (AppealStatus.PENDING, AppealStatus.COORDINATING) in pairs
    assert (AppealStatus.COORDINATING, AppealStatus.RESOLVED) in pairs
    assert (AppealStatus.COORDINATING, AppealStatus.UNRESOLVABLE) in pairs
    assert (AppealStatus.RESOLVED, AppealStatus.CLOSED) in pairs
    assert (AppealStatus.UNRESOLVABLE, AppealStatus.CLOSED) in pairs
    assert (AppealStatus.CLOSED, AppealStatus.COORDINATING) in pairs
    assert not any(t.target == AppealStatus.PENDING for t in TRANSITIONS)


@pytest.mark.parametrize(
    ("action", "field"),
    [(Action.RESOLVE, "resolution"), (Action.UNRESOLVABLE, "unresolvable_reason"), (Action.REOPEN, "note")],
)
def test_a_step_without_its_text_is_refused_and_changes_nothing(people, key_ent, action, field):
    appeal = _at(people, key_ent, AppealStatus.CLOSED if action == Action.REOPEN else AppealStatus.COORDINATING)
    before = Appeal.objects.filter(pk=appeal.pk).values().get()
    with pytest.raises(ValidationError) as caught:
        services.change_appeal(appeal, actor=people.agent, action=action, text="  ")
    assert field in caught.value.message_dict
    assert Appeal.objects.filter(pk=appeal.pk).values().get() == before


def test_closing_needs_the_enterprises_feedback(people, key_ent):
    appeal = _at(people, key_ent, AppealStatus.RESOLVED)
    with pytest.raises(ValidationError) as caught:
        services.change_appeal(appeal, actor=people.agent, action=Action.CLOSE, feedback="")
    assert "feedback" in caught.value.message_dict
    closed = services.change_appeal(
        appeal, actor=people.agent, action=Action.CLOSE, on=date(2022, 3, 20), feedback="basically", text="基本满意"
    )
    assert (closed.feedback, closed.feedback_comment, closed.closed_on, closed.outcome) == (
        Feedback.BASICALLY,
        "基本满意",
        date(2022, 3, 20),
        Outcome.RESOLVED,
    )
    assert (closed.events.first().feedback, closed.events.first().note) == (Feedback.BASICALLY, "基本满意")


def test_a_decision_before_the_appeal_was_raised_is_refused(people, key_ent):
    appeal = _at(people, key_ent, AppealStatus.COORDINATING)
    with pytest.raises(ValidationError) as caught:
        services.change_appeal(appeal, actor=people.agent, action=Action.RESOLVE, on=date(2022, 2, 1), text="已办结")
    assert "decided_on" in caught.value.message_dict
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.COORDINATING


def test_reopening_is_a_step_back_that_must_be_confirmed_and_changes_nothing_until_then(people, key_ent):
    appeal = _at(people, key_ent, AppealStatus.CLOSED)
    before = Appeal.objects.filter(pk=appeal.pk).values().get()
    with pytest.raises(ValidationError) as caught:
        services.change_appeal(appeal, actor=people.director, action=Action.REOPEN, text="企业反映问题复发")
    assert caught.value.message_dict["confirm_back"] == [
        "重新打开将撤回处理结论（“已销号”）和企业反馈。将清除办结日期（2022-03-08）。将清除销号日期（2022-03-08）。"
        "勾选确认后才能重新打开。"
    ]
    assert Appeal.objects.filter(pk=appeal.pk).values().get() == before
    assert appeal.events.count() == 3


def test_reopening_clears_the_decision_and_the_feedback_but_keeps_the_history(people, key_ent):
    appeal = _at(people, key_ent, AppealStatus.CLOSED)
    reopened = services.change_appeal(
        appeal, actor=people.director, action=Action.REOPEN, text="企业反映问题复发", confirm_back=True
    )
    assert (reopened.status, reopened.outcome, reopened.decided_on, reopened.feedback, reopened.closed_on) == (
        AppealStatus.COORDINATING,
        "",
        None,
        "",
        None,
    )
    assert [e.action for e in reopened.events.order_by("id")] == ["", Action.RESOLVE, Action.CLOSE, Action.REOPEN]
    assert reopened.events.first().note == "企业反映问题复发 已清除：办结日期 2022-03-08、销号日期 2022-03-08。"


@pytest.mark.parametrize("role", ["viewer", "finance", "admin"])
def test_roles_without_ledger_rights_cannot_change_an_appeal(people, key_ent, role):
    appeal = _at(people, key_ent, AppealStatus.PENDING)
    with pytest.raises(PermissionDenied):
        services.change_appeal(appeal, actor=getattr(people, role), action=Action.COORDINATE)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING and appeal.events.count() == 1


def test_a_former_member_cannot_change_an_appeal(people, key_ent):
    appeal = _at(people, key_ent, AppealStatus.PENDING)
    Membership.objects.filter(user=people.agent).update(is_active=False)
    with pytest.raises(PermissionDenied):
        services.change_appeal(appeal, actor=people.agent, action=Action.COORDINATE)


# --- deadlines, edits and deletion ---------------------------------------------------------------------


def test_the_deadline_follows_the_units_setting_and_its_own_calendar(people, key_ent):
    services.update_settings(people.unit, actor=people.admin, values={"appeal_deadline_workdays": "3"})
    CalendarDay.objects.create(unit=people.unit, date=date(2022, 3, 3), is_workday=False, note="local holiday")
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)  # Tuesday
    assert appeal.deadline_workdays == 3 and appeal.due_on == date(2022, 3, 7)


def test_settings_out_of_range_are_refused_and_keep_the_old_values(people):
    with pytest.raises(ValueError, match="appeal_deadline_workdays"):
        services.update_settings(people.unit, actor=people.admin, values={"appeal_deadline_workdays": 0})
    people.unit.refresh_from_db()
    assert "outreach" not in people.unit.settings


def test_editing_an_appeal_recomputes_its_deadline_and_notes_what_changed(people, key_ent):
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)
    changed = services.update_appeal(
        appeal, actor=people.agent, fields={"deadline_workdays": 5, "department": "区自然资源局"}
    )
    assert changed.due_on == date(2022, 3, 8)
    event = changed.events.first()
    assert event.kind == EventKind.EDITED
    assert str(Appeal._meta.get_field("department").verbose_name) in event.note


def test_only_a_pending_appeal_can_be_deleted(people, key_ent):
    appeal = _at(people, key_ent, AppealStatus.COORDINATING)
    with pytest.raises(ValidationError):
        services.delete_appeal(appeal, actor=people.agent)
    assert Appeal.objects.count() == 1
    services.delete_appeal(_at(people, key_ent, AppealStatus.PENDING), actor=people.agent)
    assert Appeal.objects.count() == 1


def test_a_handler_from_another_unit_is_refused(people, key_ent):
    stranger = make_user("stranger", "陌生人", people.other_unit, "agent")
    with pytest.raises(ValidationError) as caught:
        make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent, handler=stranger)
    assert "handler" in caught.value.message_dict
    assert Appeal.objects.count() == 0


def test_recording_a_state_after_the_fact_must_be_reachable(people, key_ent):
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)
    values = {"status": AppealStatus.CLOSED, "decided_on": date(2022, 3, 5), "resolution": "已解决",
              "feedback": Feedback.SATISFIED, "closed_on": date(2022, 3, 6)}  # fmt: skip
    closed = services.record_state(appeal, actor=people.agent, values=values, note="导入")
    assert (closed.status, closed.outcome) == (AppealStatus.CLOSED, Outcome.RESOLVED)
    with pytest.raises(ValidationError):
        services.record_state(closed, actor=people.agent, values={"status": AppealStatus.PENDING})
    closed.refresh_from_db()
    assert closed.status == AppealStatus.CLOSED
    assert services.reachable(AppealStatus.PENDING, AppealStatus.CLOSED)
    assert not services.reachable(AppealStatus.COORDINATING, AppealStatus.PENDING)
