"""Every metric of the projects ledger for a period, with exact values worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.projects import services
from investdesk.projects.models import ItemStatus, Status
from investdesk.projects.tests.conftest import code, make_enterprise, make_project

YEAR = Period.year_of(2022)
LAND = {"land_document": "contract"}


@pytest.fixture
def ledger(people, enterprise):
    unit, agent = people.unit, people.agent
    # P1 (city key): land Mon 09-26 → permit Fri 09-30 = 4; → start Wed 10-12 = 9 (国庆 off, 调休 10-08/09 on).
    p1 = make_project(
        unit, enterprise, name="一号项目", project_code=code(1), key_level="city", status=Status.UNDER_CONSTRUCTION,
        land_acquired_on=date(2022, 9, 26), construction_permit_on=date(2022, 9, 30), started_on=date(2022, 10, 12),
        **LAND,
    )  # fmt: skip
    # P2 (district key): land Mon 06-06 → permit Fri 06-17 = 9; → start Fri 07-15 = 29 (June 7–30: 18, July 1–15: 11).
    p2 = make_project(
        unit, enterprise, name="二号项目", project_code=code(2), key_level="district", status=Status.IN_PRODUCTION,
        land_acquired_on=date(2022, 6, 6), construction_permit_on=date(2022, 6, 17), started_on=date(2022, 7, 15),
        completed_on=date(2022, 11, 30), production_on=date(2022, 12, 20), **LAND,
    )  # fmt: skip
    # P3 (not key): land Tue 11-01 → permit Tue 11-08 = 5; → start Thu 11-10 = 7.
    p3 = make_project(
        unit, enterprise, name="三号项目", project_code=code(3), status=Status.UNDER_CONSTRUCTION,
        land_acquired_on=date(2022, 11, 1), construction_permit_on=date(2022, 11, 8), started_on=date(2022, 11, 10),
        **LAND,
    )  # fmt: skip
    # P4 (province key) started in 2021: outside the year.
    make_project(
        unit, enterprise, name="四号项目", project_code=code(4), key_level="province", status=Status.UNDER_CONSTRUCTION,
        signed_on=date(2021, 9, 1), land_acquired_on=date(2021, 11, 1), construction_permit_on=date(2021, 11, 22),
        started_on=date(2021, 12, 1), **LAND,
    )  # fmt: skip
    p5 = make_project(
        unit, enterprise, name="五号项目", project_code="", key_level="province", status=Status.NEGOTIATING,
        signed_on=None,
    )  # fmt: skip
    for project, day in ((p1, date(2022, 2, 1)), (p1, date(2022, 8, 1)), (p2, date(2022, 3, 3)),
                         (p3, date(2022, 5, 5)), (p5, date(2021, 12, 30)), (p5, date(2023, 1, 5))):  # fmt: skip
        services.add_followup(project, actor=agent, fields={"followed_on": day, "content": "跟进"})
    items = {i.name: i for i in p1.approval_items.all()}

    def record(name, status, accepted, completed=None):
        fields = {"status": status, "accepted_on": accepted, "completed_on": completed}
        services.record_item(items[name], actor=agent, fields=fields)

    record("施工许可证", ItemStatus.COMPLETED, date(2022, 9, 29), date(2022, 10, 10))  # 4 of 7: on time
    record("施工图审查", ItemStatus.COMPLETED, date(2022, 9, 1), date(2022, 9, 20))  # 12 of 10 (中秋 09-12 off): late
    record("项目备案", ItemStatus.COMPLETED, date(2021, 12, 28), date(2022, 1, 5))  # 5 of 3 (元旦 01-03 off): late
    record("消防设计审查", ItemStatus.ACCEPTED, date(2022, 12, 20))  # open, 8 of 15 by 12-31
    record("建设工程规划许可证", ItemStatus.ACCEPTED, date(2022, 12, 1))  # open, 21 of 10 by 12-31: overdue
    record(
        "用地预审与选址意见书", ItemStatus.COMPLETED, date(2022, 12, 28), date(2023, 1, 10)
    )  # open at 12-31 (2 of 20)
    # Another unit's rows never count.
    other = make_project(people.other_unit, make_enterprise(people.other_unit), key_level="city", project_code=code(1))
    services.add_followup(other, actor=people.outsider, fields={"followed_on": date(2022, 4, 1), "content": "x"})
    return unit


@pytest.mark.parametrize(
    "name, period, expected",
    [
        ("projects.key_projects_followed", YEAR, Decimal("2")),
        ("projects.key_projects_followed", Period.quarter(2022, 1), Decimal("2")),
        ("projects.key_projects_followed", Period.quarter(2022, 2), Decimal("0")),
        ("projects.followups", YEAR, Decimal("4")),
        ("projects.followups", Period.half(2022, 1), Decimal("3")),
        ("projects.land_to_start_within_threshold", YEAR, Decimal("2")),
        ("projects.avg_land_to_permit_workdays", YEAR, Decimal("6.00")),
        ("projects.avg_land_to_permit_workdays", Period.quarter(2022, 2), Decimal("9.00")),
        ("projects.avg_land_to_permit_workdays", Period.year_of(2020), None),
        ("projects.avg_land_to_start_workdays", YEAR, Decimal("15.00")),
        ("projects.projects_started", YEAR, Decimal("3")),
        ("projects.projects_in_production", YEAR, Decimal("1")),
        ("projects.approval_items_completed", YEAR, Decimal("3")),
        ("projects.approval_items_completed", Period.year_of(2023), Decimal("1")),
        ("projects.avg_item_workdays", YEAR, Decimal("7.00")),
        ("projects.items_on_time_rate", YEAR, Decimal("33.33")),
        ("projects.items_on_time_rate", Period.year_of(2020), None),
        ("projects.overdue_items", YEAR, Decimal("1")),
        ("projects.overdue_items", Period.month(2022, 12), Decimal("1")),
        ("projects.overdue_items", Period.month(2022, 9), Decimal("0")),
    ],
)
def test_the_metric_for_the_period_is_exact(ledger, name, period, expected):
    assert metrics.compute(name, ledger, period).value == expected


def test_the_threshold_is_the_units_setting(ledger):
    services.update_settings(ledger, actor=None, values={"land_to_start_threshold_workdays": 8})
    ledger.refresh_from_db()
    assert metrics.compute("projects.land_to_start_within_threshold", ledger, YEAR).value == Decimal("1")  # P3 only


def test_a_project_that_stops_being_key_leaves_the_count(ledger):
    from investdesk.projects.models import InvestmentProject

    p2 = InvestmentProject.objects.get(name="二号项目")
    services.update_project(p2, actor=None, fields={"key_level": ""})
    assert metrics.compute("projects.key_projects_followed", ledger, YEAR).value == Decimal("1")


def test_every_projects_metric_is_registered_with_a_label():
    names = {m.name for m in metrics.all_metrics() if m.name.startswith("projects.")}
    assert names == {
        "projects.key_projects_followed", "projects.followups", "projects.land_to_start_within_threshold",
        "projects.avg_land_to_permit_workdays", "projects.avg_land_to_start_workdays", "projects.projects_started",
        "projects.projects_in_production", "projects.approval_items_completed", "projects.avg_item_workdays",
        "projects.items_on_time_rate", "projects.overdue_items",
    }  # fmt: skip
    assert str(metrics.get("projects.key_projects_followed").label) == "跟进的重点投资项目"
