"""Money with guard rails (issue 10, defect 7): a payment that takes its budget line or the project
above the budget warns and saves only with a reason; an overspent project is never green."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from investdesk.budget import figures, services, sheets
from investdesk.budget.models import Expenditure, Kind
from investdesk.budget.tests.conftest import book
from investdesk.budget.tests.test_sheets import HEADERS, workbook
from investdesk.core.periods import Period
from investdesk.performance.lib.scoring import ExecutionInput, execution_score

FORM = {
    "kind": Kind.PAYMENT,
    "refund_voucher": "",
    "spent_on": "2022-03-15",
    "category": "30215",
    "payee": "昆明呈贡七彩云南会务服务有限公司",
    "voucher_number": "2022-03-015",
    "note": "",
}


def test_a_payment_above_its_line_is_refused_without_a_reason_and_nothing_is_saved(project, lines):
    with pytest.raises(ValidationError) as refused:
        book(project, lines["会议费"], date(2022, 3, 15), "9000", "2022-03-015")
    assert refused.value.message_dict["overspend_reason"] == [
        "预算科目“会议费”将超支：预算 8,000.00 元，支出 9,000.00 元，超出 1,000.00 元。",
        "请填写超支原因后再保存。",
    ]
    assert Expenditure.objects.count() == 0


def test_with_its_reason_the_line_overspend_is_saved_and_kept(project, lines):
    fields = {
        "line": lines["会议费"],
        "kind": Kind.PAYMENT,
        "spent_on": date(2022, 3, 15),
        "amount_yuan": Decimal("9000"),
        "category": "30215",
        "payee": "会务公司",
        "voucher_number": "2022-03-015",
        "overspend_reason": " 全区招商推介会临时增加场次，已报主任办公会同意 ",
    }
    expenditure = services.add_expenditure(project, actor=None, fields=fields)
    expenditure.refresh_from_db()
    assert expenditure.overspend_reason == "全区招商推介会临时增加场次，已报主任办公会同意"
    rows, totals = figures.line_figures(project)
    assert [r.line.name for r in rows if r.overspent] == ["会议费"] and not totals.overspent


def test_a_payment_that_overspends_the_project_names_both(project, lines):
    with pytest.raises(ValidationError) as refused:
        book(project, lines["印刷费"], date(2022, 3, 15), "90000", "2022-03-015")
    assert refused.value.message_dict["overspend_reason"][:2] == [
        "预算科目“印刷费”将超支：预算 20,000.00 元，支出 90,000.00 元，超出 70,000.00 元。",
        "项目将超支：预算 58,000.00 元，支出 90,000.00 元，超出 32,000.00 元。",
    ]


def test_a_refund_or_a_payment_of_another_year_never_needs_a_reason(project, lines):
    payment = services.add_expenditure(
        project,
        actor=None,
        fields={
            "line": lines["会议费"],
            "kind": Kind.PAYMENT,
            "spent_on": date(2022, 3, 15),
            "amount_yuan": Decimal("8000"),
            "category": "30215",
            "payee": "会务公司",
            "voucher_number": "2022-03-015",
        },
    )
    book(project, lines["会议费"], date(2022, 3, 20), "500", "2022-03-R01", kind=Kind.REFUND, refund_of=payment)
    book(project, lines["会议费"], date(2023, 1, 5), "9000", "2023-01-001")  # the next year's accounts
    assert Expenditure.objects.filter(overspend_reason="").count() == 3


def test_lowering_the_amount_below_the_budget_drops_the_reason(project, lines):
    fields = {
        "line": lines["会议费"],
        "kind": Kind.PAYMENT,
        "spent_on": date(2022, 3, 15),
        "amount_yuan": Decimal("9000"),
        "category": "30215",
        "payee": "会务公司",
        "voucher_number": "2022-03-015",
        "overspend_reason": "临时增加场次",
    }
    expenditure = services.add_expenditure(project, actor=None, fields=fields)
    services.update_expenditure(expenditure, actor=None, fields={**fields, "amount_yuan": Decimal("7000")})
    expenditure.refresh_from_db()
    assert (expenditure.amount_yuan, expenditure.overspend_reason) == (Decimal("7000.00"), "")


def test_the_form_warns_asks_for_the_reason_and_saves_nothing_until_given(people, project, lines):
    client = people.client_for(people.finance)
    url = reverse("budget:expenditure_create", args=[project.pk])
    first = client.get(url).text
    assert 'type="hidden" name="overspend_reason"' in first  # not asked before it is needed

    form = {**FORM, "line": lines["印刷费"].pk, "amount_yuan": "90000"}
    response = client.post(url, form)
    assert response.status_code == 200
    assert "预算科目“印刷费”将超支" in response.text and "项目将超支" in response.text
    assert '<textarea name="overspend_reason"' in response.text
    assert 'data-field-error="overspend_reason"' in response.text
    assert Expenditure.objects.count() == 0

    response = client.post(url, {**form, "overspend_reason": "年度宣传品集中印制，预算调整在报批中"})
    assert response.status_code == 302
    page = client.get(reverse("budget:project", args=[project.pk])).text
    assert "年度宣传品集中印制，预算调整在报批中" in page and 'data-flag="overspend-reason"' in page
    assert 'id="execution-light" data-light="overspent"' in page  # 155.17 % of the budget: never green
    assert 'data-light="green"' not in page
    assert page.count('data-flag="overspent"') >= 2  # the line 印刷费 and the project's rate


def test_an_overspent_project_light_is_overspent_not_green(project, lines):
    fields = {
        "line": lines["印刷费"],
        "kind": Kind.PAYMENT,
        "spent_on": date(2022, 3, 15),
        "amount_yuan": Decimal("90000"),
        "category": "30202",
        "payee": "印务公司",
        "voucher_number": "2022-03-015",
        "overspend_reason": "集中印制",
    }
    services.add_expenditure(project, actor=None, fields=fields)
    months = figures.monthly(project)
    light = figures.execution_light(project, months, today=date(2022, 3, 31))
    assert (light.months, light.rate, light.colour) == (3, Decimal("155.17"), "overspent")
    found = figures.execution(project, Period.year_of(2022))
    result = execution_score(ExecutionInput(found.initial_budget, found.budget, found.spent))
    assert (result.rate, result.overspent) == (Decimal("155.17"), True)


def test_an_import_row_that_overspends_needs_its_reason(project, lines, people):
    headers = [*HEADERS, "超支原因"]
    rows = [
        ["2022-03-15", "会议费", "支出", 5000, "30215", "会务公司", "A-1", "", "", ""],
        ["2022-04-15", "会议费", "支出", 5000, "30215", "会务公司", "A-2", "", "", ""],
    ]
    result = sheets.plan_expenditures(project, workbook(headers, rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "超支原因")]
    assert "预算科目“会议费”将超支：预算 8,000.00 元，支出 10,000.00 元" in result.errors[0].message
    rows[1][-1] = "推介会加场"
    result = sheets.plan_expenditures(project, workbook(headers, rows))
    assert result.errors == []
    assert sheets.apply_expenditures(project, result, actor=people.finance) == 2
    assert list(Expenditure.objects.order_by("voucher_number").values_list("overspend_reason", flat=True)) == [
        "",
        "推介会加场",
    ]
