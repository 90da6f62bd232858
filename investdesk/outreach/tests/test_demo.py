"""The 2022 demo of chenggong: 47 key enterprises visited, 44 consultations for key projects,
appeals in every state; loading it twice changes nothing.

Only the loaders this demo builds on run (core → accounts → enterprises → projects → outreach),
in INSTALLED_APPS order, so the test does not depend on the other ledgers' demos.
"""

import importlib
from collections import Counter
from decimal import Decimal

from investdesk.core.demo_loader import DemoContext
from investdesk.core.models import Unit
from investdesk.core.periods import Period
from investdesk.outreach.models import Appeal, AppealEvent, AppealStatus, Consultation, Feedback, Visit
from investdesk.performance import metrics

CHAIN = ("core", "accounts", "enterprises", "projects", "outreach")


def load() -> None:
    ctx = DemoContext(write=lambda line: None)
    for app in CHAIN:
        importlib.import_module(f"investdesk.{app}.demo").load(ctx)


def snapshot():
    return (
        list(Visit.objects.order_by("id").values()),
        sorted(Visit.staff.through.objects.values_list("visit_id", "user_id")),
        list(Consultation.objects.order_by("id").values()),
        list(Appeal.objects.order_by("id").values()),
        AppealEvent.objects.count(),
    )


def test_the_demo_loads_twice_without_change_and_holds_the_seeds_figures(db):
    load()
    first = snapshot()
    load()
    assert snapshot() == first

    unit = Unit.objects.get(code="chenggong")
    year = Period.year_of(2022)

    def value(name):
        return metrics.compute(name, unit, year).value

    assert value("outreach.key_enterprises_visited") == Decimal(47)
    assert value("outreach.consultations_for_key_projects") == Decimal(44)
    assert value("outreach.visits") == Decimal(120)
    assert value("outreach.consultations") == Decimal(90)
    assert value("outreach.appeals_raised") == Decimal(40)
    assert value("outreach.enterprises_visited") > Decimal(47)  # some visits to enterprises that are not key

    visits = Visit.objects.for_unit(unit)
    assert {v.visited_on.year for v in visits} == {2022}
    assert {v.visited_on.month for v in visits} == set(range(1, 13))
    assert max(Counter(visits.values_list("enterprise_id", flat=True)).values()) > 1  # repeat visits
    assert {u.username for v in visits.prefetch_related("staff") for u in v.staff.all()} == {"agent", "director"}

    appeals = Appeal.objects.for_unit(unit)
    assert set(appeals.values_list("status", flat=True)) == set(AppealStatus.values)
    closed = appeals.filter(status=AppealStatus.CLOSED)
    assert all(a.feedback for a in closed) and set(closed.values_list("feedback", flat=True)) == set(Feedback.values)
    assert any(a.decided_on > a.due_on for a in appeals.exclude(decided_on=None))  # a few decided late
    assert AppealEvent.objects.filter(action="reopen").count() == 1
    assert set(appeals.values_list("source", flat=True)) == {"visit", "consultation", "portal", "other"}
    assert Visit.objects.exclude(unit=unit).count() == 0
