"""Helpers for the cases tests: cases made through the services, walked to any status."""

from __future__ import annotations

from datetime import date

import pytest

from investdesk.cases import services
from investdesk.cases.models import CaseStatus, Channel, Scope
from investdesk.projects.tests.conftest import make_enterprise, make_project  # noqa: F401 - re-exported


def new_case(unit, *, actor=None, applied_on=date(2022, 9, 26), **extra):
    values = {
        "channel": Channel.WINDOW,
        "scope": Scope.FULL,
        "requester_name": "陈晓东",
        "requester_phone": "13888123456",
        "enterprise_name": "昆明呈祥智能制造有限公司",
        "help_needed": "全程代办项目审批手续",
        "applied_on": applied_on,
    }
    values.update(extra)
    return services.create_case(unit, actor=actor, **values)


# The step that reaches each status from the one before it, on a fixed path (dates in 2022).
PATH = {
    CaseStatus.ACCEPTED: ("accept", date(2022, 9, 27), {}),
    CaseStatus.IN_PROGRESS: ("start", date(2022, 9, 28), {}),
    CaseStatus.PAUSED: ("pause", date(2022, 9, 29), {"reason": "等待企业补充土地证明材料"}),
    CaseStatus.COMPLETED: ("complete", date(2022, 10, 10), {"handover": "备案证明\n施工许可证"}),
    CaseStatus.VISITED: ("visit", date(2022, 10, 11), {"note": "企业表示满意"}),
    CaseStatus.ARCHIVED: ("archive", date(2022, 10, 12), {}),
    CaseStatus.REJECTED: ("reject", date(2022, 9, 27), {"reason": "不属于代办范围"}),
    CaseStatus.TERMINATED: ("terminate", date(2022, 9, 29), {"reason": "企业撤回申请"}),
}
ROUTE = {
    CaseStatus.APPLIED: [],
    CaseStatus.ACCEPTED: [CaseStatus.ACCEPTED],
    CaseStatus.REJECTED: [CaseStatus.REJECTED],
    CaseStatus.IN_PROGRESS: [CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS],
    CaseStatus.PAUSED: [CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.PAUSED],
    CaseStatus.COMPLETED: [CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED],
    CaseStatus.VISITED: [CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.COMPLETED, CaseStatus.VISITED],
    CaseStatus.ARCHIVED: [
        CaseStatus.ACCEPTED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.COMPLETED,
        CaseStatus.VISITED,
        CaseStatus.ARCHIVED,
    ],
    CaseStatus.TERMINATED: [CaseStatus.ACCEPTED, CaseStatus.TERMINATED],
}


def case_in(people, status: str, co_agents=(), **extra):
    """A case of the persona unit in `status`, assigned to the agent 张敏, with its 委托书."""
    case = new_case(people.unit, **extra)
    case = services.assign_case(
        case, actor=people.director, agent=people.agent, co_agents=co_agents, on=case.applied_on
    )
    case = services.set_mandate(case, actor=people.agent, number="呈投代〔2022〕7号", signed_on=date(2022, 9, 26))
    for target in ROUTE[status]:
        name, on, kwargs = PATH[target]
        case = services.change_status(case, name, actor=people.director, on=on, **kwargs)
    return case


@pytest.fixture
def applied(people):
    return new_case(people.unit)


@pytest.fixture
def project(people):
    return make_project(people.unit, actor=people.agent)


@pytest.fixture
def planned_item_case(people, project):
    """In progress since 2022-10-26 with 施工许可证 planned at 10 working days, accepted by the
    department on 2022-11-01 (so due 2022-11-15 without a pause)."""
    from investdesk.projects import services as project_services

    case = new_case(people.unit, project=project, applied_on=date(2022, 10, 24))
    case = services.assign_case(case, actor=people.director, agent=people.agent, on=date(2022, 10, 24))
    services.set_mandate(case, actor=people.agent, number="呈投代〔2022〕9号", signed_on=date(2022, 10, 24))
    services.change_status(case, "accept", actor=people.director, on=date(2022, 10, 25))
    item = project.approval_items.get(name="施工许可证")
    services.save_plan(case, actor=people.agent, promised={item.pk: 10})
    case = services.change_status(case, "start", actor=people.agent, on=date(2022, 10, 26))
    fields = {"status": "accepted", "submitted_on": date(2022, 10, 31), "accepted_on": date(2022, 11, 1)}
    project_services.record_item(item, actor=people.agent, fields=fields)
    return case
