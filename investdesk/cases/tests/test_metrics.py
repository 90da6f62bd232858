"""The cases metrics, with exact values for a period; default ratings counted apart."""

from datetime import date
from decimal import Decimal

import pytest

from investdesk.cases import services
from investdesk.cases.models import CaseStatus
from investdesk.cases.tests.conftest import case_in
from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.projects import services as project_services

Q3, Q4 = Period.quarter(2022, 3), Period.quarter(2022, 4)


def value(name: str, unit, period: Period):
    result = metrics.compute(name, unit, period)
    assert result.error is None
    return result.value


def test_the_metrics_are_registered_with_labels_and_units():
    names = {m.name: m.measure_unit for m in metrics.all_metrics() if m.name.startswith("cases.")}
    assert names == {
        "cases.accepted": "件",
        "cases.item_completion_rate": "%",
        "cases.avg_item_workdays": "个工作日",
        "cases.overdue_items": "项",
        "cases.good_rating_rate": "%",
        "cases.good_rating_rate_excluding_default": "%",
        "cases.ratings": "条",
        "cases.default_ratings": "条",
        "cases.bad_ratings": "条",
        "cases.bad_ratings_followed_up_rate": "%",
    }


@pytest.fixture
def plan_items(people, planned_item_case):
    """施工许可证 (10 promised) and 建设工程规划许可证 (5 promised) completed in November, 施工图审查
    (20 promised) still running, 消防设计审查 not needed; the case paused 11-03 → 11-08 (3 working days)."""
    case, project = planned_item_case, planned_item_case.project
    items = {i.name: i for i in project.approval_items.all()}
    promised = {items["建设工程规划许可证"].pk: 5, items["施工图审查"].pk: 20, items["消防设计审查"].pk: 3}
    services.save_plan(case, actor=people.agent, promised={items["施工许可证"].pk: 10, **promised})
    services.change_status(case, "pause", actor=people.agent, on=date(2022, 11, 3), reason="等待企业补充图纸")
    services.change_status(case, "resume", actor=people.agent, on=date(2022, 11, 8))
    done = {"status": "completed", "submitted_on": date(2022, 10, 31), "accepted_on": date(2022, 11, 1)}
    project_services.record_item(
        items["施工许可证"], actor=people.agent, fields={**done, "completed_on": date(2022, 11, 15)}
    )
    project_services.record_item(
        items["建设工程规划许可证"], actor=people.agent, fields={**done, "completed_on": date(2022, 11, 14)}
    )
    running = {"status": "accepted", "submitted_on": date(2022, 10, 31), "accepted_on": date(2022, 11, 1)}
    project_services.record_item(items["施工图审查"], actor=people.agent, fields=running)
    project_services.record_item(items["消防设计审查"], actor=people.agent, fields={"status": "not_needed"})
    return case


def test_plan_item_metrics_for_a_quarter(people, plan_items):
    unit = people.unit
    assert value("cases.accepted", unit, Q4) == Decimal(1)
    assert value("cases.item_completion_rate", unit, Q4) == Decimal("66.67")  # 2 of 3 applicable items
    # 施工许可证 10 − 3 paused = 7, 建设工程规划许可证 9 − 3 = 6
    assert value("cases.avg_item_workdays", unit, Q4) == Decimal("6.50")
    # 建设工程规划许可证 (6 > 5) and 施工图审查 (still running, 40 > 20 at the end of 2022)
    assert value("cases.overdue_items", unit, Q4) == Decimal(2)
    assert value("cases.overdue_items", unit, Q3) == Decimal(0)
    assert value("cases.item_completion_rate", unit, Q3) is None
    assert value("cases.avg_item_workdays", unit, Q3) is None
    assert value("cases.item_completion_rate", people.other_unit, Q4) is None


def test_rating_metrics_with_and_without_default_ratings(people):
    rated = []
    for level, source in (
        ("very_satisfied", "portal"),
        ("satisfied", "phone"),
        ("dissatisfied", "portal"),
        ("very_dissatisfied", "portal"),
    ):
        case = case_in(people, CaseStatus.COMPLETED)
        actor = people.agent if source == "phone" else None
        rated.append(services.rate_case(case, level=level, source=source, actor=actor, on=date(2022, 10, 11)))
    for _ in range(2):
        services.give_default_rating(case_in(people, CaseStatus.COMPLETED), today=date(2022, 10, 18))
    services.record_rectification_followup(
        rated[2].rectification, actor=people.agent, followed_up_on=date(2022, 10, 12), follow_up_note="已致歉"
    )
    earlier = case_in(people, CaseStatus.IN_PROGRESS)
    earlier = services.change_status(earlier, "complete", actor=people.agent, on=date(2022, 9, 29), handover="备案")
    services.rate_case(earlier, level="very_dissatisfied", source="portal", on=date(2022, 9, 30))

    unit = people.unit
    assert value("cases.ratings", unit, Q4) == Decimal(6)
    assert value("cases.default_ratings", unit, Q4) == Decimal(2)
    assert value("cases.bad_ratings", unit, Q4) == Decimal(2)
    assert value("cases.good_rating_rate", unit, Q4) == Decimal("66.67")  # (1 + 1 + 2 default) ÷ 6
    assert value("cases.good_rating_rate_excluding_default", unit, Q4) == Decimal("50.00")  # 2 ÷ 4
    assert value("cases.bad_ratings_followed_up_rate", unit, Q4) == Decimal("50.00")
    assert value("cases.good_rating_rate", unit, Q3) == Decimal("0.00")
    assert value("cases.bad_ratings_followed_up_rate", unit, Q3) == Decimal("0.00")
    assert value("cases.accepted", unit, Q3) == Decimal(7)
    assert value("cases.good_rating_rate", people.other_unit, Q4) is None
    assert value("cases.ratings", people.other_unit, Q4) == Decimal(0)


def test_the_good_rating_rate_changes_with_a_bad_rating(people):
    good = case_in(people, CaseStatus.COMPLETED)
    services.rate_case(good, level="satisfied", source="portal", on=date(2022, 10, 11))
    assert value("cases.good_rating_rate", people.unit, Q4) == Decimal("100.00")
    bad = case_in(people, CaseStatus.COMPLETED)
    services.rate_case(bad, level="dissatisfied", source="portal", on=date(2022, 10, 11))
    assert value("cases.good_rating_rate", people.unit, Q4) == Decimal("50.00")
