"""load_demo: about 60 projects (45 key) in 2022 for chenggong, every status and stage; idempotent."""

import io
from collections import Counter
from decimal import Decimal

from django.core.management import call_command

from investdesk.core.models import Unit
from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.projects.models import (
    ApprovalItem,
    FollowUp,
    InvestmentProject,
    ItemStatus,
    ProjectEvent,
    Stage,
    Status,
)


def snapshot():
    return (
        list(InvestmentProject.objects.order_by("id").values()),
        list(ApprovalItem.objects.order_by("id").values()),
        list(FollowUp.objects.order_by("id").values()),
        ProjectEvent.objects.count(),
    )


def test_load_demo_twice_changes_nothing_of_the_projects(db):
    call_command("load_demo", force=True, stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert snapshot() == first

    unit = Unit.objects.get(code="chenggong")
    projects = InvestmentProject.objects.for_unit(unit)
    assert projects.count() == 60 and projects.exclude(key_level="").count() == 45
    assert set(projects.values_list("status", flat=True)) == set(Status.values)
    assert all(p.project_code.startswith("2022-530114-") for p in projects.exclude(status=Status.NEGOTIATING))
    assert InvestmentProject.objects.exclude(unit=unit).count() == 0
    items = ApprovalItem.objects.for_unit(unit)
    assert {i.stage for i in items.filter(status=ItemStatus.COMPLETED)} == set(Stage.values)
    assert Counter(items.values_list("status", flat=True)).keys() == set(ItemStatus.values)
    followups = FollowUp.objects.for_unit(unit)
    assert {f.followed_on.month for f in followups} == set(range(1, 13))
    assert {f.followed_on.year for f in followups} == {2022}
    assert {f.staff.username for f in followups} == {"agent", "director"}
    year = Period.year_of(2022)
    assert metrics.compute("projects.key_projects_followed", unit, year).value == Decimal("42")
    assert metrics.compute("projects.overdue_items", unit, year).value > 0
    assert metrics.compute("projects.land_to_start_within_threshold", unit, year).value > 0
