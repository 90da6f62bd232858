"""The status pipeline: every (status, status) pair, every step by every role, the conditions of
each step; a refused step raises and changes nothing (STYLE.md habit 3)."""

from datetime import date

import pytest
from django.forms.models import model_to_dict

from investdesk.accounts.models import Role as MemberRole
from investdesk.cases import services
from investdesk.cases.models import (
    STATUS_CATEGORY,
    TRANSITIONS,
    AgencyCase,
    CaseEvent,
    CaseStatus,
    Role,
    transition_between,
)
from investdesk.cases.tests.conftest import PATH, case_in, new_case
from tests.personas import make_user

ALLOWED = {
    (CaseStatus.APPLIED, CaseStatus.ACCEPTED),
    (CaseStatus.APPLIED, CaseStatus.REJECTED),
    (CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS),
    (CaseStatus.IN_PROGRESS, CaseStatus.PAUSED),
    (CaseStatus.PAUSED, CaseStatus.IN_PROGRESS),
    (CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED),
    (CaseStatus.COMPLETED, CaseStatus.VISITED),
    (CaseStatus.VISITED, CaseStatus.ARCHIVED),
    (CaseStatus.APPLIED, CaseStatus.TERMINATED),
    (CaseStatus.ACCEPTED, CaseStatus.TERMINATED),
    (CaseStatus.IN_PROGRESS, CaseStatus.TERMINATED),
    (CaseStatus.PAUSED, CaseStatus.TERMINATED),
}
# What each step needs besides its date (the rest of PATH's kwargs).
ARGS = {
    "reject": {"reason": "不属于代办范围"},
    "pause": {"reason": "等待企业补充材料"},
    "terminate": {"reason": "企业撤回申请"},
    "complete": {"handover": "施工许可证"},
    "visit": {"note": "企业满意"},
}
STEP_DAY = date(2022, 10, 14)  # after every date of the fixed path


def state(case) -> tuple:
    fresh = AgencyCase.objects.get(pk=case.pk)
    return model_to_dict(fresh, exclude=["co_agents"]), CaseEvent.objects.filter(case=case).count()


def test_the_table_allows_exactly_the_documented_pairs():
    pairs = {(s, t.target) for t in TRANSITIONS.values() for s in t.sources}
    assert pairs == ALLOWED
    for source in CaseStatus.values:
        for target in CaseStatus.values:
            assert (transition_between(source, target) is not None) == ((source, target) in ALLOWED)


def test_every_status_has_a_category():
    assert set(STATUS_CATEGORY) == set(CaseStatus.values)
    assert {s for s, c in STATUS_CATEGORY.items() if c == "closed"} == {"archived", "rejected", "terminated"}


@pytest.mark.parametrize("source", CaseStatus.values)
@pytest.mark.parametrize("target", CaseStatus.values)
def test_every_pair_of_statuses(people, source, target):
    """The allowed pair succeeds for the director; every step from a status it does not leave
    from raises and changes nothing."""
    case = case_in(people, source)
    step = transition_between(source, target)
    if step is not None:
        moved = services.change_status(case, step.name, actor=people.director, on=STEP_DAY, **ARGS.get(step.name, {}))
        assert moved.status == target == AgencyCase.objects.get(pk=case.pk).status
        event = CaseEvent.objects.filter(case=case, kind="status").last()
        assert (event.from_status, event.to_status, event.transition, event.on) == (source, target, step.name, STEP_DAY)
        return
    before = state(case)
    for name, transition in TRANSITIONS.items():
        if transition.target == target and source not in transition.sources:
            with pytest.raises(services.Refused) as refused:
                services.change_status(case, name, actor=people.director, on=STEP_DAY, **ARGS.get(name, {}))
            assert not isinstance(refused.value, services.NotAllowed)
            assert state(case) == before


@pytest.fixture
def colleague(people):
    """A second agent of the unit, not on the case."""
    return make_user("lina", "李娜", people.unit, MemberRole.AGENT)


def _holders(people, colleague, co_agent):
    return {
        Role.DIRECTOR: [people.director],
        Role.AGENT: [people.agent],
        Role.CO_AGENT: [co_agent],
        "nobody": [colleague, people.finance, people.viewer, people.admin, people.outsider, None],
    }


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_step_is_taken_only_by_the_roles_of_the_table(people, colleague, name):
    transition = TRANSITIONS[name]
    source = transition.sources[-1]
    co_agent = make_user("wujun", "吴军", people.unit, MemberRole.AGENT)
    case = case_in(people, source, co_agents=[co_agent])
    holders = _holders(people, colleague, co_agent)
    before = state(case)
    for role, users in holders.items():
        if role in transition.roles:
            continue
        for user in users:
            with pytest.raises(services.NotAllowed):
                services.change_status(case, name, actor=user, on=STEP_DAY, **ARGS.get(name, {}))
            assert state(case) == before
    allowed_user = holders[transition.roles[-1]][0]
    moved = services.change_status(case, name, actor=allowed_user, on=STEP_DAY, **ARGS.get(name, {}))
    assert moved.status == transition.target


@pytest.mark.parametrize("name", ["reject", "terminate", "pause"])
def test_a_step_with_a_reason_refuses_an_empty_one(people, name):
    case = case_in(people, TRANSITIONS[name].sources[-1])
    before = state(case)
    for reason in ("", "   "):
        with pytest.raises(services.Refused) as refused:
            services.change_status(case, name, actor=people.director, on=STEP_DAY, reason=reason)
        assert refused.value.messages == ["原因：请说明原因（将告知申请人）。"]
        assert state(case) == before
    moved = services.change_status(case, name, actor=people.director, on=STEP_DAY, reason="企业撤回")
    if name != "pause":
        assert moved.reason == "企业撤回" and moved.closed_on == STEP_DAY


def test_start_needs_an_agent_the_letter_and_the_plan(people, project):
    case = new_case(people.unit, project=project)
    services.change_status(case, "accept", actor=people.director, on=date(2022, 9, 27))
    before = state(case)
    with pytest.raises(services.Refused) as refused:
        services.change_status(case, "start", actor=people.director, on=date(2022, 9, 28))
    assert refused.value.messages == [
        "开始代办前请先指派代办员。",
        "代办须先签订委托书（填写编号和日期）才能开始。",
        "请制定代办方案：选择由中心代办的项目审批事项。",
    ]
    assert state(case) == before


def test_assistance_starts_without_a_letter(people):
    case = new_case(people.unit, scope="assist")
    case = services.assign_case(case, actor=people.director, agent=people.agent, on=date(2022, 9, 26))
    services.change_status(case, "accept", actor=people.director, on=date(2022, 9, 27))
    assert services.change_status(case, "start", actor=people.agent, on=date(2022, 9, 28)).status == "in_progress"


def test_complete_needs_the_hand_over_list_finished_items_and_no_open_blocker(people, project):
    case = new_case(people.unit, project=project)
    case = services.assign_case(case, actor=people.director, agent=people.agent, on=date(2022, 9, 26))
    services.set_mandate(case, actor=people.agent, number="呈投代〔2022〕1号", signed_on=date(2022, 9, 26))
    item = project.approval_items.get(name="施工许可证")
    services.change_status(case, "accept", actor=people.director, on=date(2022, 9, 27))
    services.save_plan(case, actor=people.agent, promised={item.pk: 7})
    services.change_status(case, "start", actor=people.agent, on=date(2022, 9, 28))
    services.add_blocker(case, actor=people.agent, fields={"department": "区住建局", "description": "图审意见反复"})
    before = state(case)
    with pytest.raises(services.Refused) as refused:
        services.change_status(case, "complete", actor=people.agent, on=STEP_DAY, handover="")
    assert refused.value.messages == ["移交清单：请列出移交给企业的材料。"]
    with pytest.raises(services.Refused) as refused:
        services.change_status(case, "complete", actor=people.agent, on=STEP_DAY, handover="施工许可证")
    assert refused.value.messages == [
        "审批事项“施工许可证”尚未办结（未开始）。",
        "请先解决未解决的卡点（1 个）。",
    ]
    assert state(case) == before


def test_archive_waits_for_the_rectification(people):
    case = case_in(people, CaseStatus.VISITED)
    services.rate_case(case, level="dissatisfied", source="phone", actor=people.agent, on=date(2022, 10, 12))
    before = state(case)
    with pytest.raises(services.Refused) as refused:
        services.change_status(case, "archive", actor=people.director, on=STEP_DAY)
    assert refused.value.messages == ["差评的整改尚未完成。"]
    assert state(case) == before


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2099, 1, 1), "日期：2099-01-01 晚于今天。"),
        (date(2022, 9, 26), "日期：不能早于该件上一步骤的日期（2022-09-28）。"),
    ],
)
def test_a_step_is_dated_between_the_last_step_and_today(people, on, message):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    before = state(case)
    with pytest.raises(services.Refused) as refused:
        services.change_status(case, "pause", actor=people.agent, on=on, reason="等材料")
    assert refused.value.messages == [message]
    assert state(case) == before


def test_the_fixed_path_reaches_every_status(people):
    for status in CaseStatus.values:
        assert case_in(people, status).status == status
    assert set(PATH) == set(CaseStatus.values) - {CaseStatus.APPLIED}
