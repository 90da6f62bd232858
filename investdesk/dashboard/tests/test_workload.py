"""The dashboard's to-do panel: exact counts, the user's own cases, a fixed number of queries."""

import re
from datetime import date
from decimal import Decimal

from django.urls import reverse

from investdesk.cases import services as cases
from investdesk.outreach.tests.conftest import make_appeal
from investdesk.performance.models import BudgetProject
from investdesk.plans import services as plans
from investdesk.projects.tests.conftest import make_enterprise


def open_case(people, agent=None, name="甲"):
    case = cases.create_case(
        people.unit,
        actor=people.director,
        channel="window",
        scope="assist",
        requester_name=name,
        requester_phone="13900001111",
        enterprise_name=f"{name}公司",
        help_needed="咨询",
    )
    if agent:
        cases.accept_case(case, actor=people.director)
        cases.assign_case(case, actor=people.director, agent=agent)
    return case


def counts_on_the_dashboard(client) -> dict[str, int]:
    """Each count's value; -1 marks a count shown only as a link."""
    page = client.get(reverse("dashboard:index")).text
    return {key: int(value) for key, value in re.findall(r'data-count="(\w+)" data-value="(-?\d+)"', page)}


def test_the_panel_counts_what_is_open_and_what_is_mine(people):
    open_case(people, agent=people.agent, name="甲")
    open_case(people, agent=people.director, name="乙")
    open_case(people, name="丙")
    open_case(people, name="外单位").__class__.objects.filter(requester_name="外单位").update(unit=people.other_unit)
    enterprise = make_enterprise(people.unit)
    make_appeal(people.unit, enterprise, date(2022, 3, 1), actor=people.agent)
    project = BudgetProject.objects.create(unit=people.unit, year=2022, name="经费", budget_yuan=Decimal("58000"))
    plans.create_milestone(project, actor=None, fields={"quarter": 1, "title": "印制服务指南"})
    values = counts_on_the_dashboard(people.client_for(people.agent))
    assert values == {
        "my_cases": 1,
        "open_cases": 3,
        "overdue_cases": 0,
        "open_appeals": 1,
        "open_items": 0,
        "late_milestones": 1,
    }


def test_the_overdue_card_counts_the_cases_past_a_deadline(people):
    """Defect 10: the card 已逾期的代办件 showed no number; it counts what the list's filter shows."""
    late = open_case(people, name="甲")  # applied long ago, never accepted: its acceptance is overdue
    late.__class__.objects.filter(pk=late.pk).update(applied_on=date(2022, 3, 1))
    open_case(people, name="乙")  # applied today: 1 working day to accept it
    client = people.client_for(people.director)
    assert counts_on_the_dashboard(client)["overdue_cases"] == 1
    listed = client.get(reverse("cases:list"), {"mark": "overdue"}).context["rows"]
    assert [c.pk for c in listed] == [late.pk]
    page = client.get(reverse("dashboard:index")).text
    assert re.search(
        r'data-count="overdue_cases" data-value="1">.*?<div class="stat-value text-danger">1</div>', page, re.S
    )


def test_the_dashboard_keeps_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    client = people.client_for(people.agent)
    for n in range(3):
        open_case(people, agent=people.agent, name=f"甲{n}")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("dashboard:index"))
    for n in range(30):
        open_case(people, agent=people.agent, name=f"乙{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard:index"))
