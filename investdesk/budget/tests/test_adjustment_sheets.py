"""Budget adjustments to and from Excel: template, every bad row named, all or nothing, transfers as pairs."""

import io
from datetime import date
from decimal import Decimal

from django.forms.models import model_to_dict
from django.urls import reverse
from python_calamine import CalamineWorkbook

from investdesk.budget import services, sheets
from investdesk.budget.models import Adjustment
from investdesk.budget.tests.conftest import make_project
from investdesk.budget.tests.test_sheets import workbook
from investdesk.core.models import ImportUpload

HEADERS = ["年度", "项目", "日期", "预算科目", "调出科目", "调整金额（元）", "原因"]


def header_row(data: bytes) -> list[str]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[0]


def booked(project) -> list[tuple]:
    """(line, date, amount, reason, the other half's line) of every adjustment of the project."""
    return sorted(
        (a.line.name, a.adjusted_on, a.amount_yuan, a.reason, a.pair.line.name if a.pair_id else "")
        for a in Adjustment.objects.filter(line__project=project).select_related("line", "pair__line")
    )


def upload(client, project, data: bytes):
    file = io.BytesIO(data)
    file.name = "预算调整.xlsx"
    return client.post(reverse("budget:adjustment_import", args=[project.pk]), {"file": file})


def test_the_template_has_the_headers_with_the_required_ones_marked(people):
    data = sheets.adjustment_template()
    assert header_row(data) == ["年度", "项目", "日期*", "预算科目*", "调出科目", "调整金额（元）*", "原因*"]
    example = sheets.read_xlsx(data, sheets.adjustment_columns()).rows[0]
    assert (example["line"], example["source"], example["amount_yuan"]) == ("差旅费", "会议费", Decimal("2000"))
    response = people.client_for(people.viewer).get(reverse("budget:adjustment_template"))
    assert response.status_code == 200 and header_row(response.content) == header_row(data)


def test_a_good_sheet_books_every_row_and_a_transfer_as_its_pair(project, lines, people):
    data = workbook(
        HEADERS,
        [
            ["", "", "2022-07-15", "差旅费", "会议费", 2000, "经主任办公会研究调剂用于学习考察"],
            [2022, "投资服务中心经费", "2022/9/1", "印刷费", "", "-1,500.50", "印刷单价下降"],
            ["", "", "2022年11月3日", "办公费", "", 800, "增加打印耗材"],
        ],
    )
    result = sheets.plan_adjustments(project, data)
    assert result.errors == [] and result.warnings == [] and [n for n, _a in result.rows] == [2, 3, 4]
    assert sheets.apply_adjustments(project, result, actor=people.finance) == 3
    assert booked(project) == [
        ("会议费", date(2022, 7, 15), Decimal("-2000.00"), "经主任办公会研究调剂用于学习考察", "差旅费"),
        ("办公费", date(2022, 11, 3), Decimal("800.00"), "增加打印耗材", ""),
        ("印刷费", date(2022, 9, 1), Decimal("-1500.50"), "印刷单价下降", ""),
        ("差旅费", date(2022, 7, 15), Decimal("2000.00"), "经主任办公会研究调剂用于学习考察", "会议费"),
    ]
    assert set(Adjustment.objects.values_list("created_by", flat=True)) == {people.finance.pk}


def test_three_bad_rows_are_named_and_nothing_is_saved(project, lines, people):
    services.add_adjustment(
        lines["印刷费"],
        actor=people.finance,
        fields={"adjusted_on": date(2022, 4, 1), "amount_yuan": Decimal("500"), "reason": "增印"},
    )
    before = [model_to_dict(a) for a in Adjustment.objects.order_by("pk")]
    data = workbook(
        HEADERS,
        [
            ["", "", "2022-05-01", "印刷费", "", 100, "追加"],
            ["", "", "2022-05-01", "培训费", "", 100, "新增培训"],
            ["", "", "2023-01-05", "办公费", "", 100, "次年补记"],
            ["", "", "2022-06-01", "会议费", "", -100, ""],
        ],
    )
    result = sheets.plan_adjustments(project, data)
    assert [str(e) for e in result.errors] == [
        "第 3 行·预算科目：本项目没有预算科目“培训费”。",
        "第 4 行·日期：调整日期须在预算年度 2022 年内。",
        "第 5 行·原因：这个字段是必填项。",
    ]
    assert not result.ok and [n for n, _a in result.rows] == [2]
    draft = ImportUpload.objects.create(
        unit=people.unit,
        kind=sheets.upload_kind(sheets.ADJUSTMENTS, project),
        created_by=people.finance,
        filename="预算调整.xlsx",
        data=data,
    )
    response = people.client_for(people.finance).post(reverse("budget:import_preview", args=[draft.pk]))
    assert response.status_code == 200 and 'id="import-errors"' in response.text
    assert [f'data-row="{n}"' in response.text for n in (2, 3, 4, 5)] == [False, True, True, True]
    assert [model_to_dict(a) for a in Adjustment.objects.order_by("pk")] == before


def test_rows_count_the_earlier_rows_and_name_their_project(project, lines, people):
    later = make_project(people.unit, year=2023)
    services.save_line(later, actor=None, fields={"name": "会议费", "initial_yuan": Decimal("3000")})
    data = workbook(
        HEADERS,
        [
            ["", "", "2022-03-01", "会议费", "", -5000, "压减会议"],
            ["", "", "2022-04-01", "印刷费", "会议费", 5000, "调剂到印刷费"],
            [2023, "投资服务中心经费", "2023-02-01", "会议费", "", -1000, "压减会议"],
            [2023, "", "2023-02-01", "会议费", "", -1000, "压减会议"],
            [2022, "印刷项目", "2022-02-01", "印刷费", "", 10, "追加"],
        ],
    )
    result = sheets.plan_adjustments(project, data)
    assert [str(e) for e in result.errors] == [
        "第 3 行·调出科目：预算科目“会议费”只有 3000.00 元预算，不能调减更多。",
        "第 5 行·年度：请同时填写项目名称：本页项目的年度为 2022。",
        "第 6 行·项目：本单位 2022 年没有项目“印刷项目”。",
    ]
    assert [(n, a.line.project.year) for n, a in result.rows] == [(2, 2022), (4, 2023)]


def test_an_export_imports_again_and_warns_of_adjustments_already_booked(project, lines, people):
    services.add_adjustment(
        lines["会议费"],
        actor=people.finance,
        fields={"adjusted_on": date(2022, 7, 15), "amount_yuan": Decimal("-2000"), "reason": "调剂差旅费"},
        counterpart=lines["差旅费"],
    )
    services.add_adjustment(
        lines["印刷费"],
        actor=people.finance,
        fields={"adjusted_on": date(2022, 9, 1), "amount_yuan": Decimal("1234.56"), "reason": "增印指南"},
    )
    original = booked(project)
    response = people.client_for(people.viewer).get(reverse("budget:adjustment_export", args=[project.pk]))
    exported = response.content
    assert header_row(exported) == HEADERS
    again = sheets.plan_adjustments(project, exported)
    assert again.errors == [] and [str(w) for w in again.warnings] == [
        "第 2 行：已有相同的预算调整（科目、日期、金额、原因均相同），保存后将再记一笔。",
        "第 3 行：已有相同的预算调整（科目、日期、金额、原因均相同），保存后将再记一笔。",
    ]
    for adjustment in Adjustment.objects.filter(amount_yuan__gt=0):
        services.delete_adjustment(adjustment, actor=people.finance)
    assert not Adjustment.objects.exists()
    result = sheets.plan_adjustments(project, exported)
    assert result.errors == [] and result.warnings == []
    assert sheets.apply_adjustments(project, result, actor=people.finance) == 2
    assert booked(project) == original


def test_the_finance_clerk_imports_with_a_preview_and_the_viewer_cannot(project, lines, people):
    data = workbook(HEADERS, [["", "", "2022-07-15", "差旅费", "会议费", 2000, "调剂"]])
    viewer = people.client_for(people.viewer)
    page = viewer.get(reverse("budget:project", args=[project.pk])).text
    assert 'id="adjustment-export-link"' in page and 'id="adjustment-import-link"' not in page
    for persona in (people.viewer, people.agent):
        client = people.client_for(persona)
        assert client.get(reverse("budget:adjustment_import", args=[project.pk])).status_code == 403
        assert upload(client, project, data).status_code == 403
    assert not ImportUpload.objects.exists()
    client = people.client_for(people.finance)
    assert 'id="adjustment-import-link"' in client.get(reverse("budget:project", args=[project.pk])).text
    form = client.get(reverse("budget:adjustment_import", args=[project.pk])).text
    assert f'href="{reverse("budget:adjustment_template")}" id="template-link"' in form
    preview = upload(client, project, data)["Location"]
    text = client.get(preview).text
    assert 'data-flag="transfer"' in text and "从会议费调入" in text and not Adjustment.objects.exists()
    assert viewer.post(preview).status_code == 403 and not Adjustment.objects.exists()
    response = client.post(preview)
    assert response.status_code == 302 and response["Location"].endswith("#adjustments")
    assert Adjustment.objects.count() == 2 and not ImportUpload.objects.exists()
