"""Excel for the budget: templates, exports that import again, every bad row named, all or nothing."""

import io
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.forms.models import model_to_dict
from django.urls import reverse

from investdesk.budget import figures, sheets
from investdesk.budget.models import BudgetLine, Expenditure, Kind
from investdesk.budget.tests.conftest import book, make_project
from investdesk.core.models import ImportUpload
from investdesk.core.tabular import read_xlsx

HEADERS = ["日期", "预算科目", "类型", "金额（元）", "经济分类", "收款人", "凭证号", "原凭证号", "备注"]


def workbook(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book_ = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book_.add_worksheet()
    for col, header in enumerate(headers):
        sheet.write(0, col, header)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book_.close()
    return buffer.getvalue()


def test_the_templates_carry_the_headers_and_an_example(people):
    parsed = read_xlsx(sheets.expenditure_template(), sheets.expenditure_columns())
    assert parsed.ok and parsed.rows[0]["line"] == "印刷费" and parsed.rows[0]["category"] == "30202"
    parsed = read_xlsx(sheets.line_template(), sheets.line_columns())
    assert parsed.ok and parsed.rows[0]["initial_yuan"] == Decimal("20000")


def test_a_good_sheet_books_every_row(project, lines, people):
    hotel = book(project, lines["差旅费"], date(2022, 8, 23), "4480", "2022-08-002")
    data = workbook(
        HEADERS,
        [
            ["2022-03-15", "印刷费", "支出", 3600, "30202", "昆明呈印印务有限公司", "2022-03-015", "", "服务指南"],
            [
                "2022年9月6日",
                "差旅费",
                "退回",
                "320",
                "差旅费",
                "上海浦东陆家嘴商务酒店有限公司",
                "2022-09-R01",
                "2022-08-002",
                "",
            ],
            [
                "2022/12/30",
                "办公费",
                "",
                "1,234.50",
                "30207 邮电费",
                "中国电信股份有限公司昆明分公司",
                "2022-12-009",
                "",
                "",
            ],
        ],
    )
    result = sheets.plan_expenditures(project, data)
    assert result.errors == [] and len(result.rows) == 3 and result.total == Decimal("4514.50")
    assert sheets.apply_expenditures(project, result, actor=people.finance) == 3
    refund = Expenditure.objects.get(kind=Kind.REFUND)
    assert refund.refund_of == hotel and refund.category == "30211"
    assert figures.execution(project, figures.Period.year_of(2022)).spent == Decimal("8994.50")


def test_every_bad_row_is_named_and_nothing_is_saved(project, lines, people):
    book(project, lines["印刷费"], date(2022, 3, 1), "100", "2022-03-001")
    before = [model_to_dict(e) for e in Expenditure.objects.all()]
    data = workbook(
        HEADERS,
        [
            ["2022-03-15", "培训费", "支出", 100, "30216", "某公司", "A-1", "", ""],
            ["2022-13-01", "印刷费", "支出", 100, "30202", "某公司", "A-2", "", ""],
            ["2022-03-15", "印刷费", "支出", -5, "30202", "某公司", "A-3", "", ""],
            ["2022-03-15", "印刷费", "支出", 100, "99999", "某公司", "A-4", "", ""],
            ["2022-03-15", "印刷费", "支出", 100, "30202", "某公司", "2022-03-001", "", ""],
            ["2022-03-15", "印刷费", "退回", 100, "30202", "某公司", "A-6", "", ""],
            ["2022-03-15", "印刷费", "支出", 100, "30202", "某公司", "A-7", "", ""],
            ["2022-03-16", "印刷费", "支出", 100, "30202", "某公司", "A-7", "", ""],
            ["2022-03-15", "印刷费", "支出", 100, "30202", "", "A-9", "", ""],
            ["2022-03-15", "印刷费", "支出", 100, "30202", "某公司", "A-10", "", ""],
        ],
    )
    result = sheets.plan_expenditures(project, data)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (2, "预算科目"),
        (3, "日期"),
        (4, "金额（元）"),
        (5, "经济分类"),
        (6, "凭证号"),
        (7, "原支出凭证号"),
        (8, "凭证号"),
        (9, "凭证号"),
        (10, "收款人"),
    }
    assert not result.ok
    assert "本项目没有预算科目“培训费”" in str(result.errors[0])
    upload = ImportUpload.objects.create(
        unit=people.unit,
        kind=sheets.upload_kind(sheets.EXPENDITURES, project),
        created_by=people.finance,
        filename="支出.xlsx",
        data=data,
    )
    client = people.client_for(people.finance)
    response = client.post(reverse("budget:import_preview", args=[upload.pk]))
    assert (
        response.status_code == 200 and 'id="import-errors"' in response.text and 'data-row="11"' not in response.text
    )
    assert [model_to_dict(e) for e in Expenditure.objects.all()] == before


def test_an_export_imports_again_into_another_project(project, lines, people):
    book(project, lines["印刷费"], date(2022, 3, 1), "100.25", "E-1")
    book(project, lines["办公费"], date(2022, 4, 1), "50", "E-2")
    exported = sheets.expenditure_export(Expenditure.objects.order_by("pk"))
    other = make_project(people.unit, name="另一个项目")
    for name in ("印刷费", "办公费"):
        BudgetLine.objects.create(unit=people.unit, project=other, name=name, initial_yuan=Decimal("1000"))
    Expenditure.objects.all().delete()
    result = sheets.plan_expenditures(other, exported)
    assert result.errors == [] and "计入预算年度" in result.ignored_headers
    sheets.apply_expenditures(other, result, actor=people.finance)
    assert sorted(Expenditure.objects.values_list("voucher_number", "amount_yuan")) == [
        ("E-1", Decimal("100.25")),
        ("E-2", Decimal("50.00")),
    ]


def test_the_import_pages_preview_then_save_all(project, lines, people):
    client = people.client_for(people.finance)
    data = workbook(HEADERS, [["2022-03-15", "印刷费", "支出", 3600, "印刷费", "昆明呈印印务有限公司", "P-1", "", ""]])
    upload = io.BytesIO(data)
    upload.name = "支出.xlsx"
    response = client.post(reverse("budget:expenditure_import", args=[project.pk]), {"file": upload})
    preview = response["Location"]
    text = client.get(preview).text
    assert 'id="preview-total">3,600.00 元<' in text and not Expenditure.objects.exists()
    assert client.post(preview).status_code == 302
    assert Expenditure.objects.get().voucher_number == "P-1" and not ImportUpload.objects.exists()
    assert (
        people.client_for(people.agent).get(reverse("budget:expenditure_import", args=[project.pk])).status_code == 403
    )


def test_budget_lines_update_by_name_and_create_the_others(project, lines, people):
    data = workbook(
        ["预算科目", "年初预算数（元）", "排序", "备注"], [["印刷费", 21000, 1, "增印"], ["培训费", 2000, 5, ""]]
    )
    result = sheets.plan_lines(project, data)
    assert result.errors == []
    assert sheets.apply_lines(project, result, actor=people.finance) == (1, 1)
    assert dict(BudgetLine.objects.values_list("name", "initial_yuan"))["印刷费"] == Decimal("21000.00")
    assert BudgetLine.objects.count() == 5
    bad = workbook(["预算科目", "年初预算数（元）"], [["会议费", -1], ["会议费", 5], ["", 3]])
    errors = {(e.row, e.column) for e in sheets.plan_lines(project, bad).errors}
    assert errors == {(2, "年初预算数（元）"), (2, "预算科目"), (3, "预算科目"), (4, "预算科目")}
    exported = sheets.line_export(figures.line_figures(project)[0])
    assert read_xlsx(exported, sheets.line_columns()).rows[0]["name"] == "印刷费"
