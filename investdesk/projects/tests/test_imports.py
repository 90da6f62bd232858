"""Excel import (preview, every bad row named, all or nothing) and export that imports again."""

import io
from datetime import date
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from investdesk.core.models import ImportUpload
from investdesk.projects import imports
from investdesk.projects.models import ApprovalItem, EventKind, InvestmentProject, ProjectEvent, Status
from investdesk.projects.tests.conftest import code, make_enterprise, make_project, uscc

HEADERS = ["项目代码", "项目名称", "企业统一社会信用代码", "审批类型", "总投资（万元）", "重点级别", "行业", "状态",
           "签约日期", "拿地日期", "拿地依据", "施工许可日期", "开工日期"]  # fmt: skip


def sheet(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate([headers, *rows]):
        for c, value in enumerate(row):
            ws.write_string(r, c, str(value)) if value is not None else None
    book.close()
    return buffer.getvalue()


def good_row(n: int, enterprise_uscc: str, **overrides) -> list:
    values = {
        "项目代码": code(n), "项目名称": f"导入项目{n}", "企业统一社会信用代码": enterprise_uscc, "审批类型": "备案",
        "总投资（万元）": "1,200.5", "重点级别": "市重点", "行业": "制造业", "状态": "在建", "签约日期": "2022-03-01",
        "拿地日期": "2022年4月15日", "拿地依据": "出让合同", "施工许可日期": "2022/5/6", "开工日期": "2022-05-10",
    }  # fmt: skip
    values.update(overrides)
    return [values[h] for h in HEADERS]


def test_a_good_sheet_creates_projects_with_their_items(people, enterprise):
    result = imports.plan(people.unit, sheet([good_row(1, enterprise.uscc), good_row(2, enterprise.uscc, 重点级别="")]))
    assert result.ok and (result.created, result.updated) == (2, 0)
    assert InvestmentProject.objects.count() == 0  # the preview saves nothing
    assert imports.apply(people.unit, result, actor=people.agent) == (2, 0)
    project = InvestmentProject.objects.get(project_code=code(1))
    assert (project.name, project.status, project.key_level, project.industry) == (
        "导入项目1",
        Status.UNDER_CONSTRUCTION,
        "city",
        "C",
    )
    assert project.total_investment_yuan == Decimal("12005000.00")
    assert project.land_acquired_on == date(2022, 4, 15) and project.construction_permit_on == date(2022, 5, 6)
    assert project.approval_items.count() == 11
    assert ProjectEvent.objects.filter(project=project, kind=EventKind.IMPORTED, actor=people.agent).count() == 1


def test_bad_rows_save_nothing_and_every_one_is_named(people, enterprise):
    rows = [
        good_row(1, enterprise.uscc),
        good_row(2, enterprise.uscc, 项目代码="2022-530114-04-01-12345"),  # row 3: serial too short
        good_row(3, uscc(99)),  # row 4: not in the archive
        good_row(4, enterprise.uscc, 开工日期="2022-13-45"),  # row 5: not a date
        good_row(5, enterprise.uscc, 项目代码=code(5, region="530112")),  # row 6: another region
        good_row(6, enterprise.uscc, 施工许可日期="2022-04-01"),  # row 7: permit before the land
    ]
    result = imports.plan(people.unit, sheet(rows))
    assert not result.ok
    found = [str(e) for e in result.errors]
    assert [e.row for e in result.errors] == [3, 4, 5, 6, 7]
    assert found[0].startswith("第 3 行·项目代码：项目代码第5段（序号）")
    assert found[1] == f"第 4 行·企业统一社会信用代码：本单位一企一档中没有统一社会信用代码为 {uscc(99)} 的企业。"
    assert found[2] == "第 5 行·开工日期：“2022-13-45”不是日期（请写成 2022-10-08）。"
    assert found[3].startswith("第 6 行·项目代码：项目代码第2段（地区代码）530112")
    assert found[4] == "第 7 行·施工许可日期：施工许可日期（2022-04-01）不能早于拿地日期（2022-04-15）。"
    with pytest.raises(ValidationError):
        imports.apply(people.unit, result, actor=people.agent)
    assert InvestmentProject.objects.count() == 0 and ApprovalItem.objects.count() == 0


def test_a_code_twice_in_the_file_is_named_on_both_rows(people, enterprise):
    result = imports.plan(
        people.unit, sheet([good_row(1, enterprise.uscc), good_row(1, enterprise.uscc, 项目名称="重复")])
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "项目代码"), (3, "项目代码")]


def test_a_missing_required_column_is_reported(people):
    result = imports.plan(people.unit, sheet([["x"]], headers=["项目代码"]))
    assert {e.column for e in result.errors} == {"项目名称", "企业统一社会信用代码"}


def test_the_upload_preview_and_confirm_pages(people, enterprise):
    client = people.client_for(people.agent)
    bad = sheet([good_row(1, enterprise.uscc), good_row(2, uscc(99))])
    response = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("p.xlsx", bad)})
    preview = client.get(response["Location"])
    assert 'id="import-errors"' in preview.text and 'data-row="3"' in preview.text
    assert "import-confirm-button" not in preview.text
    client.post(response["Location"])
    assert InvestmentProject.objects.count() == 0
    good = sheet([good_row(1, enterprise.uscc)])
    response = client.post(reverse("projects:import"), {"file": SimpleUploadedFile("p.xlsx", good)})
    assert "import-confirm-button" in client.get(response["Location"]).text
    done = client.post(response["Location"])
    assert done["Location"] == reverse("projects:list")
    assert (
        InvestmentProject.objects.count() == 1 and ImportUpload.objects.count() == 1
    )  # the bad draft stays its owner's


@pytest.mark.parametrize("name, content", [("p.csv", b"a,b"), ("big.xlsx", b"x" * (5 * 1024 * 1024 + 1))])
def test_wrong_files_are_refused_naming_the_file(people, name, content):
    response = people.client_for(people.agent).post(
        reverse("projects:import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200 and 'data-field-error="file"' in response.text
    assert ImportUpload.objects.count() == 0


def test_the_viewer_cannot_import(people, enterprise):
    response = people.client_for(people.viewer).post(
        reverse("projects:import"), {"file": SimpleUploadedFile("p.xlsx", sheet([good_row(1, enterprise.uscc)]))}
    )
    assert response.status_code == 403 and ImportUpload.objects.count() == 0


def test_the_template_has_the_headers_and_an_example(people):
    response = people.client_for(people.viewer).get(reverse("projects:import_template"))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["项目代码", "项目名称*", "企业统一社会信用代码*"]
    assert rows[1][0] == "2022-530114-04-01-123456"


def _values(projects):
    return [
        (p.project_code, p.name, p.enterprise_id, p.status, p.key_level, p.industry, p.total_investment_yuan,
         p.land_acquired_on, p.land_document, p.started_on, p.approval_type, p.investor_type, p.location)
        for p in projects
    ]  # fmt: skip


def test_the_export_imports_again_unchanged_and_into_another_unit(people, enterprise):
    make_project(
        people.unit, enterprise, project_code=code(1), key_level="province", industry="I", location="吴家营街道",
        total_investment_yuan=Decimal("123456789.00"), status=Status.UNDER_CONSTRUCTION,
        land_acquired_on=date(2022, 4, 1), land_document="certificate", construction_permit_on=date(2022, 4, 8),
        started_on=date(2022, 4, 12),
    )  # fmt: skip
    make_project(people.unit, enterprise, name="在谈项目", project_code="", status=Status.NEGOTIATING, signed_on=None)
    before = _values(InvestmentProject.objects.order_by("id"))
    exported = people.client_for(people.viewer).get(reverse("projects:export")).content
    result = imports.plan(people.unit, exported)
    assert result.ok and (result.created, result.updated) == (0, 2)
    assert "拿地至开工（工作日）" in result.ignored_headers  # as typed: the header is shown unchanged
    imports.apply(people.unit, result, actor=people.agent)
    assert _values(InvestmentProject.objects.order_by("id")) == before
    make_enterprise(people.other_unit, enterprise.name, n=1)  # the same enterprise archived in another unit
    result = imports.plan(people.other_unit, exported)
    assert result.ok and result.created == 2
    imports.apply(people.other_unit, result, actor=None)
    assert InvestmentProject.objects.for_unit(people.other_unit).count() == 2


def test_the_export_follows_the_filters(people, enterprise):
    make_project(people.unit, enterprise, project_code=code(1), key_level="city")
    make_project(people.unit, enterprise, name="非重点", project_code=code(2))
    exported = people.client_for(people.viewer).get(reverse("projects:export"), {"key_level": "key"}).content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported)).get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows[1:]] == ["呈贡智能制造产业园项目"]


def test_an_empty_status_cell_keeps_the_projects_status(people, enterprise):
    project = make_project(people.unit, enterprise, project_code=code(1), status=Status.SIGNED)
    result = imports.plan(
        people.unit,
        sheet([[code(1), project.name, enterprise.uscc]], headers=["项目代码", "项目名称", "企业统一社会信用代码"]),
    )
    imports.apply(people.unit, result, actor=None)
    project.refresh_from_db()
    assert project.status == Status.SIGNED
