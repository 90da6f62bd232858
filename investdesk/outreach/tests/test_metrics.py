"""The outreach metrics, exact values: distinct key enterprises, key-project consultations,
the two appeal rates, and the period boundary at local midnight (Asia/Shanghai)."""

from datetime import date
from decimal import Decimal

import pytest

from investdesk.core.periods import Period
from investdesk.enterprises.models import KeyLevel
from investdesk.outreach import services
from investdesk.outreach.models import Action, Feedback
from investdesk.outreach.tests.conftest import (
    code,
    key_enterprise,
    local,
    make_appeal,
    make_consultation,
    make_project,
    make_visit,
)
from investdesk.performance import metrics

Y2022, Y2023 = Period.year_of(2022), Period.year_of(2023)
NAMES = [
    "outreach.key_enterprises_visited",
    "outreach.visits",
    "outreach.enterprises_visited",
    "outreach.consultations",
    "outreach.consultations_for_key_projects",
    "outreach.appeals_raised",
    "outreach.appeals_resolved",
    "outreach.appeals_resolved_rate",
    "outreach.appeal_satisfaction_rate",
]


def value(name, unit, period=Y2022):
    computed = metrics.compute(name, unit, period)
    assert computed.error is None
    return computed.value


def test_every_metric_is_registered_with_its_label_and_unit():
    registered = {m.name: m for m in metrics.all_metrics()}
    assert all(name in registered for name in NAMES)
    assert registered["outreach.key_enterprises_visited"].measure_unit == "个"
    assert registered["outreach.consultations_for_key_projects"].measure_unit == "次"
    assert registered["outreach.appeals_resolved_rate"].measure_unit == "%"


def test_the_seed_indicators_are_suggested_for_their_metrics():
    assert metrics.suggest("实际走访的重点企业")[0][0].name == "outreach.key_enterprises_visited"
    assert metrics.suggest("每年为重点投资项目提供咨询服务")[0][0].name == "outreach.consultations_for_key_projects"


def test_a_key_enterprise_visited_twice_counts_once_and_a_non_key_one_not_at_all(people, key_ent, plain_ent):
    other_key = key_enterprise(people.unit, "云南春城生物医药有限公司", 3, KeyLevel.CITY)
    make_visit(people.unit, key_ent, date(2022, 3, 1), staff=[people.agent])
    make_visit(people.unit, key_ent, date(2022, 9, 1), staff=[people.agent, people.director])
    make_visit(people.unit, plain_ent, date(2022, 4, 1), staff=[people.director])
    make_visit(people.unit, other_key, date(2021, 12, 30), staff=[people.agent])  # last year
    assert value("outreach.key_enterprises_visited", people.unit) == Decimal(1)
    assert value("outreach.visits", people.unit) == Decimal(3)
    assert value("outreach.enterprises_visited", people.unit) == Decimal(2)
    assert value("outreach.key_enterprises_visited", people.unit, Period.year_of(2021)) == Decimal(1)


def test_visits_on_the_last_and_first_day_fall_in_their_own_years(people, key_ent):
    other_key = key_enterprise(people.unit, "云南春城生物医药有限公司", 3)
    make_visit(people.unit, key_ent, date(2022, 12, 31), staff=[people.agent])
    make_visit(people.unit, other_key, date(2023, 1, 1), staff=[people.agent])
    assert value("outreach.key_enterprises_visited", people.unit, Y2022) == Decimal(1)
    assert value("outreach.key_enterprises_visited", people.unit, Y2023) == Decimal(1)
    assert value("outreach.visits", people.unit, Period.quarter(2022, 4)) == Decimal(1)


def test_consultations_at_2359_and_0000_shanghai_time_fall_in_their_own_years(people, key_ent):
    key_project = make_project(people.unit, key_ent, key_level=KeyLevel.PROVINCE)
    # 2023-01-01 00:00 in Shanghai is still 2022-12-31 16:00 in UTC: the period is local.
    make_consultation(people.unit, local(2022, 12, 31, 23, 59), staff=people.agent, project=key_project)
    make_consultation(people.unit, local(2023, 1, 1, 0, 0), staff=people.agent, project=key_project)
    make_consultation(people.unit, local(2023, 1, 1, 0, 0), staff=people.agent, topic="另一次咨询")
    assert value("outreach.consultations", people.unit, Y2022) == Decimal(1)
    assert value("outreach.consultations", people.unit, Y2023) == Decimal(2)
    assert value("outreach.consultations_for_key_projects", people.unit, Y2022) == Decimal(1)
    assert value("outreach.consultations_for_key_projects", people.unit, Y2023) == Decimal(1)


def test_only_consultations_linked_to_a_key_project_count_for_key_projects(people, key_ent, plain_ent):
    key_project = make_project(people.unit, key_ent, key_level=KeyLevel.DISTRICT)
    plain_project = make_project(people.unit, plain_ent, name="彩云商贸物流中心项目", project_code=code(2))
    for n in range(3):
        make_consultation(people.unit, local(2022, 5, 6, 10, n), staff=people.agent, project=key_project)
    make_consultation(people.unit, local(2022, 5, 7, 10, 0), staff=people.agent, project=plain_project)
    make_consultation(people.unit, local(2022, 5, 8, 10, 0), staff=people.agent, enterprise=key_ent)
    make_consultation(people.unit, local(2022, 5, 9, 10, 0), staff=people.agent, inquirer="王先生")
    assert value("outreach.consultations", people.unit) == Decimal(6)
    assert value("outreach.consultations_for_key_projects", people.unit) == Decimal(3)


def test_another_units_rows_are_not_counted(people, key_ent):
    make_visit(people.unit, key_ent, date(2022, 3, 1), staff=[people.agent])
    assert value("outreach.key_enterprises_visited", people.other_unit) == Decimal(0)
    assert value("outreach.visits", people.other_unit) == Decimal(0)


def _decide(appeal, actor, action, on, feedback=None, closed=None):
    appeal = services.change_appeal(appeal, actor=actor, action=action, on=on, text="已协调")
    if feedback:
        appeal = services.change_appeal(appeal, actor=actor, action=Action.CLOSE, on=closed or on, feedback=feedback)
    return appeal


def test_the_resolution_and_satisfaction_rates_count_decisions_by_the_periods_end(people, key_ent):
    a = people.agent
    raised = [make_appeal(people.unit, key_ent, date(2022, 3, n), actor=a, title=f"诉求{n}") for n in range(1, 8)]
    _decide(raised[0], a, Action.RESOLVE, date(2022, 3, 10), Feedback.SATISFIED)
    _decide(raised[1], a, Action.RESOLVE, date(2022, 3, 10), Feedback.BASICALLY)
    _decide(raised[2], a, Action.RESOLVE, date(2022, 3, 10), Feedback.DISSATISFIED)
    _decide(raised[3], a, Action.UNRESOLVABLE, date(2022, 3, 10), Feedback.SATISFIED)
    _decide(raised[4], a, Action.RESOLVE, date(2022, 4, 1))  # resolved, not closed
    _decide(raised[5], a, Action.RESOLVE, date(2023, 1, 1))  # decided after the period
    services.change_appeal(raised[6], actor=a, action=Action.COORDINATE)  # still open
    make_appeal(people.unit, key_ent, date(2023, 1, 1), actor=a, title="明年的诉求")
    assert value("outreach.appeals_raised", people.unit) == Decimal(7)
    assert value("outreach.appeals_resolved", people.unit) == Decimal(4)
    # resolved 4 of decided 5 (the one decided in 2023 and the open one are not decided in 2022)
    assert value("outreach.appeals_resolved_rate", people.unit) == Decimal("80.00")
    # closed 4: satisfied, basically satisfied, dissatisfied, satisfied → 3 of 4
    assert value("outreach.appeal_satisfaction_rate", people.unit) == Decimal("75.00")
    assert value("outreach.appeals_raised", people.unit, Y2023) == Decimal(1)


def test_a_decision_on_31_december_counts_and_one_on_1_january_does_not(people, key_ent):
    a = people.agent
    first = make_appeal(people.unit, key_ent, date(2022, 12, 1), actor=a, title="诉求一")
    second = make_appeal(people.unit, key_ent, date(2022, 12, 2), actor=a, title="诉求二")
    _decide(first, a, Action.RESOLVE, date(2022, 12, 31), Feedback.SATISFIED, closed=date(2022, 12, 31))
    _decide(second, a, Action.UNRESOLVABLE, date(2023, 1, 1), Feedback.DISSATISFIED, closed=date(2023, 1, 1))
    assert value("outreach.appeals_resolved_rate", people.unit) == Decimal("100.00")
    assert value("outreach.appeal_satisfaction_rate", people.unit) == Decimal("100.00")


def test_rates_without_decisions_are_no_data_not_zero(people, key_ent):
    make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)
    assert value("outreach.appeals_resolved_rate", people.unit) is None
    assert value("outreach.appeal_satisfaction_rate", people.unit) is None


def test_a_reopened_appeal_leaves_the_rates_until_it_is_decided_again(people, key_ent):
    a = people.agent
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=a)
    appeal = _decide(appeal, a, Action.RESOLVE, date(2022, 3, 5), Feedback.SATISFIED)
    assert value("outreach.appeals_resolved_rate", people.unit) == Decimal("100.00")
    appeal = services.change_appeal(appeal, actor=a, action=Action.REOPEN, text="企业反映问题复发", confirm_back=True)
    assert value("outreach.appeals_resolved_rate", people.unit) is None
    _decide(appeal, a, Action.UNRESOLVABLE, date(2022, 4, 5))
    assert value("outreach.appeals_resolved_rate", people.unit) == Decimal("0.00")


@pytest.mark.parametrize("name", NAMES)
def test_every_metric_answers_for_an_empty_unit(people, name):
    computed = metrics.compute(name, people.unit, Y2022)
    assert computed.error is None
