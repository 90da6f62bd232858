"""Helpers for the budget tests: a project with lines, bookings made through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from investdesk.budget import services
from investdesk.budget.models import Category, Kind
from investdesk.performance.models import BudgetProject


def make_project(unit, year: int = 2022, name: str = "投资服务中心经费") -> BudgetProject:
    return BudgetProject.objects.create(unit=unit, year=year, name=name, budget_yuan=Decimal("58000"))


def make_lines(project, actor=None) -> dict:
    amounts = {"印刷费": "20000", "差旅费": "18000", "会议费": "8000", "办公费": "12000"}
    return {
        name: services.save_line(
            project, actor=actor, fields={"name": name, "initial_yuan": Decimal(amount), "position": n}
        )
        for n, (name, amount) in enumerate(amounts.items(), 1)
    }


def book(
    project,
    line,
    day: date,
    amount: str,
    voucher: str,
    *,
    actor=None,
    kind=Kind.PAYMENT,
    refund_of=None,
    payee: str = "昆明呈印印务有限公司",
    category=Category.PRINTING,
    upload=None,
):
    fields = {
        "line": line,
        "kind": kind,
        "spent_on": day,
        "amount_yuan": Decimal(amount),
        "category": category,
        "payee": payee,
        "voucher_number": voucher,
        "note": "",
    }
    return services.add_expenditure(project, actor=actor, fields=fields, refund_of=refund_of, upload=upload)


@pytest.fixture
def project(people):
    return make_project(people.unit)


@pytest.fixture
def lines(project, people):
    return make_lines(project, people.finance)
