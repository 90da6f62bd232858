"""Tests of the 项目支出绩效自评表 writers: the official layout, and read-back of the .xlsx."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from investdesk.performance.lib.evaluation_writers import (
    SelfEvaluationRow,
    SelfEvaluationSheet,
    read_self_evaluation_xlsx,
    self_evaluation_docx,
    self_evaluation_xlsx,
)
from investdesk.performance.lib.table_writers import target_table_xlsx
from investdesk.performance.lib.tables import ParsedProject

D = Decimal
OUTPUT, BENEFIT, SATISFACTION = "产出指标", "效益指标", "满意度指标"
GRID_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]

# The seed's eleven indicators (shared/seeds/000_82a9b2ebbd693ac0.txt) with made-up results.
SEED_ROWS = [
    SelfEvaluationRow(
        OUTPUT,
        "数量指标",
        "公开发放的宣传材料数量",
        "≥100份（部、个、幅、条）",
        "120份（部、个、幅、条）",
        D("8"),
        D("8"),
    ),
    SelfEvaluationRow(
        OUTPUT,
        "数量指标",
        "发布稿件数量",
        "≥50篇（次）",
        "46篇（次）",
        D("8"),
        D("7.36"),
        "下半年宣传渠道调整，稿件减少；明年按季度排定发布计划",
    ),
    SelfEvaluationRow(OUTPUT, "数量指标", "实际走访的重点企业", "≥45个", "52个", D("8"), D("8")),
    SelfEvaluationRow(OUTPUT, "数量指标", "每年跟进重点投资项目", "≥40个", "40个", D("8"), D("8")),
    SelfEvaluationRow(OUTPUT, "数量指标", "每年为重点投资项目提供咨询服务", "≥50次", "61次", D("8"), D("8")),
    SelfEvaluationRow(OUTPUT, "成本指标", "严格按照厉行节约，控制支出成本", "=100%", "96.55%", D("10"), D("10")),
    SelfEvaluationRow(BENEFIT, "经济效益指标", "提高投资项目审批及服务效率", ">90%", "95%", D("10"), D("10")),
    SelfEvaluationRow(
        BENEFIT,
        "社会效益指标",
        "媒体关注量",
        "≥600次",
        "1250次",
        D("10"),
        D("10"),
        "完成值超过目标130%：年初目标偏低；明年按上年实际调高",
    ),
    SelfEvaluationRow(BENEFIT, "社会效益指标", "宣传内容知晓率", "≥80%", "达成年度指标", D("10"), D("10")),
    SelfEvaluationRow(SATISFACTION, "服务对象满意度指标", "社会公众满意度", "=100%", "98%", D("5"), D("4.9")),
    SelfEvaluationRow(SATISFACTION, "服务对象满意度指标", "办事群众、投资客商满意度", "=100%", "100%", D("5"), D("5")),
]
GOAL_EXPECTED = (
    "保障区投资服务中心日常工作的正常开展，提高投资项目审批及服务效率，改进审批及服务方式，"
    "开展一对一全程代办服务，全程跟进及加强事前、事中、事后服务。"
)
GOAL_ACTUAL = "全年走访重点企业52家，跟进重点投资项目40个。\n“拿地即开工”通道已建立。"


def seed_sheet(**changes: object) -> SelfEvaluationSheet:
    sheet = SelfEvaluationSheet(
        year=2022,
        project_name="投资服务中心经费",
        department="昆明市呈贡区政务服务管理局",
        unit_name="昆明市呈贡区投资服务中心",
        initial_budget_yuan=D("58000"),
        budget_yuan=D("58000"),
        spent_yuan=D("56000"),
        execution_rate=D("96.55"),
        execution_score=D("9.66"),
        goal_expected=GOAL_EXPECTED,
        goal_actual=GOAL_ACTUAL,
        rows=list(SEED_ROWS),
        total=D("98.92"),
        grade="优",
        problems="宣传稿件发布不均衡。",
        improvements="按季度排定发布计划。",
        project_lead="张敏",
        finance_lead="王芳",
        status_note="已审核 李强 2023-01-15",
    )
    return dataclasses.replace(sheet, **changes)


def blank_sheet(**changes: object) -> SelfEvaluationSheet:
    """Every optional value missing, one row with no actual, weight or score."""
    row = SelfEvaluationRow(None, None, "社会公众满意度", "=100%", "", None, None)
    sheet = SelfEvaluationSheet(year=2023, project_name="零头", department="", unit_name="", rows=[row])
    return dataclasses.replace(sheet, **changes)


def worksheet(sheet: SelfEvaluationSheet) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(self_evaluation_xlsx(sheet))).active


def word_table(sheet: SelfEvaluationSheet) -> list[list[str]]:
    table = Document(io.BytesIO(self_evaluation_docx(sheet))).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


# ------------------------------------------------------------------ read back


def test_the_seed_evaluation_reads_back_field_by_field() -> None:
    sheet = seed_sheet()

    result = read_self_evaluation_xlsx(self_evaluation_xlsx(sheet))

    assert result == sheet
    assert result.budget_yuan == D("58000.00") and result.execution_rate == D("96.55")
    assert [row.score for row in result.rows][:2] == [D("8"), D("7.36")]


def test_an_amount_that_is_not_whole_hundreds_keeps_its_value_but_shows_two_decimals() -> None:
    sheet = seed_sheet(budget_yuan=D("12345.67"), execution_rate=D("45.3611"))

    ws = worksheet(sheet)

    assert read_self_evaluation_xlsx(self_evaluation_xlsx(sheet)) == sheet
    assert (ws["D6"].value, ws["D6"].number_format) == (1.234567, "0.00")
    assert word_table(sheet)[3][3:7] == ["1.23", "5.60", "10.00", "45.36%"]


def test_the_monitoring_title_is_written_and_read_back() -> None:
    sheet = seed_sheet(title="项目支出绩效运行监控表")
    data = self_evaluation_xlsx(sheet)
    book = openpyxl.load_workbook(io.BytesIO(data))

    assert read_self_evaluation_xlsx(data).title == "项目支出绩效运行监控表"
    assert book.active["A1"].value == "项目支出绩效运行监控表（2022年度）"
    assert book.sheetnames == ["绩效运行监控表"]
    document = Document(io.BytesIO(self_evaluation_docx(sheet)))
    assert document.paragraphs[0].text == "项目支出绩效运行监控表（2022年度）"


def test_a_workbook_in_another_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="不是项目支出绩效自评表的格式"):
        read_self_evaluation_xlsx(target_table_xlsx(ParsedProject(name="投资服务中心经费", year=2022), []))


TEXT = st.text(alphabet="宣传材料企业走访服务满意知晓率（）、，。%≥=<ABCxyz0123 \n", max_size=12)
LEVEL = st.none() | st.text(alphabet="产出效益满意度指标数量质量", min_size=1, max_size=6)
DECIMAL = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
POINTS = st.none() | DECIMAL
YUAN = st.none() | st.integers(min_value=0, max_value=10**11).map(lambda cents: D(cents) / 100)


@st.composite
def evaluation_rows(draw: st.DrawFn) -> SelfEvaluationRow:
    return SelfEvaluationRow(
        level1=draw(LEVEL),
        level2=draw(LEVEL),
        name=draw(TEXT),
        target_text=draw(TEXT),
        actual_text=draw(TEXT),
        weight=draw(POINTS),
        score=draw(POINTS),
        reason=draw(TEXT),
    )


@st.composite
def sheets(draw: st.DrawFn) -> SelfEvaluationSheet:
    return SelfEvaluationSheet(
        year=draw(st.integers(min_value=2000, max_value=2099)),
        project_name=draw(TEXT),
        department=draw(TEXT),
        unit_name=draw(TEXT),
        title=draw(st.sampled_from(["项目支出绩效自评表", "项目支出绩效运行监控表"])),
        initial_budget_yuan=draw(YUAN),
        budget_yuan=draw(YUAN),
        spent_yuan=draw(YUAN),
        execution_points=draw(DECIMAL),
        execution_rate=draw(POINTS),
        execution_score=draw(POINTS),
        execution_reason=draw(TEXT),
        goal_expected=draw(TEXT),
        goal_actual=draw(TEXT),
        rows=draw(st.lists(evaluation_rows(), max_size=6)),
        total=draw(POINTS),
        grade=draw(st.sampled_from(["", "优", "良", "中", "差"])),
        problems=draw(TEXT),
        improvements=draw(TEXT),
        project_lead=draw(TEXT),
        finance_lead=draw(TEXT),
        status_note=draw(TEXT),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_any_sheet_written_to_excel_reads_back_field_by_field(sheet: SelfEvaluationSheet) -> None:
    assert read_self_evaluation_xlsx(self_evaluation_xlsx(sheet)) == sheet


# ------------------------------------------------------------------ the official layout in Excel


def test_the_excel_sheet_has_the_official_blocks() -> None:
    ws = worksheet(seed_sheet())

    assert (ws["A1"].value, ws["A2"].value) == ("项目支出绩效自评表（2022年度）", "已审核 李强 2023-01-15")
    assert [ws[f"A{r}"].value for r in (3, 4, 5, 8, 10)] == [
        "项目名称",
        "主管部门",
        "项目资金（万元）",
        "年度总体目标",
        "一级指标",
    ]
    assert (ws["B3"].value, ws["B4"].value, ws["E4"].value, ws["F4"].value) == (
        "投资服务中心经费",
        "昆明市呈贡区政务服务管理局",
        "实施单位",
        "昆明市呈贡区投资服务中心",
    )
    assert [c.value for c in ws[5]] == [
        "项目资金（万元）",
        None,
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    assert [c.value for c in ws[6]] == [None, "年度资金总额", 5.8, 5.8, 5.6, 10, 0.9655, 9.66]
    assert [ws[f"{col}6"].number_format for col in "CFG"] == ["0.00", "0.00", "0.00%"]
    assert (ws["B7"].value, ws["C7"].value) == ("偏差原因分析及改进措施", None)
    assert [ws[f"{col}8"].value for col in "BE"] == ["预期目标", "实际完成情况"]
    assert (ws["B9"].value, ws["E9"].value) == (GOAL_EXPECTED, GOAL_ACTUAL)
    assert [c.value for c in ws[10]] == GRID_HEADER


def test_the_excel_grid_holds_every_indicator_and_the_footer() -> None:
    ws = worksheet(seed_sheet())

    assert [c.value for c in ws[11]] == [
        OUTPUT,
        "数量指标",
        "公开发放的宣传材料数量",
        "≥100份（部、个、幅、条）",
        "120份（部、个、幅、条）",
        8,
        8,
        None,
    ]
    assert [c.value for c in ws[12]][2:] == [
        "发布稿件数量",
        "≥50篇（次）",
        "46篇（次）",
        8,
        7.36,
        "下半年宣传渠道调整，稿件减少；明年按季度排定发布计划",
    ]
    assert [ws[f"C{r}"].value for r in range(11, 22)] == [row.name for row in SEED_ROWS]
    assert [ws[f"D{r}"].value for r in range(11, 22)] == [row.target_text for row in SEED_ROWS]
    assert [ws[f"A{r}"].value for r in range(22, 26)] == ["总分", "存在问题", "改进措施", "项目负责人"]
    assert (ws["B22"].value, ws["B22"].number_format, ws["E22"].value, ws["F22"].value) == (
        98.92,
        "0.00",
        "自评等级",
        "优",
    )
    assert (ws["B23"].value, ws["B24"].value) == ("宣传稿件发布不均衡。", "按季度排定发布计划。")
    assert (ws["B25"].value, ws["E25"].value, ws["F25"].value) == ("张敏", "财务负责人", "王芳")
    assert ws.max_row == 25 and ws.max_column == 8


def test_the_excel_sheet_merges_levels_like_the_target_table() -> None:
    merged = {str(r) for r in worksheet(seed_sheet()).merged_cells.ranges}

    assert {"A11:A16", "B11:B15", "A17:A19", "B18:B19", "A20:A21", "B20:B21"} <= merged
    assert not {"B16:B16", "B17:B17"} & merged
    assert {
        "A1:H1",
        "A2:H2",
        "B3:H3",
        "B4:D4",
        "F4:H4",
        "A5:A7",
        "C7:H7",
        "A8:A9",
        "B8:D8",
        "E8:H8",
        "B22:D22",
        "F22:H22",
        "B23:H23",
        "B24:H24",
        "B25:D25",
        "F25:H25",
    } <= merged


def test_the_excel_sheet_uses_simsun_borders_wraps_and_prints_a4_landscape() -> None:
    ws = worksheet(seed_sheet())

    for ref in ("A1", "A2", "A10", "C11", "F6", "G6", "H12", "B22"):
        assert ws[ref].font.name == "宋体"
    assert ws["A2"].font.size == 9
    for ref in ("A10", "C11", "G6", "H12", "B22"):
        assert ws[ref].border.left.style == "thin"
        assert ws[ref].alignment.wrap_text is True
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    widths = {col: ws.column_dimensions[col].width for col in "CDFH"}
    assert widths["H"] > widths["C"] > widths["D"] > widths["F"]


# ------------------------------------------------------------------ the official layout in Word


def test_the_word_document_prints_the_whole_form() -> None:
    document = Document(io.BytesIO(self_evaluation_docx(seed_sheet())))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]

    assert [p.text for p in document.paragraphs[:2]] == ["项目支出绩效自评表（2022年度）", "已审核 李强 2023-01-15"]
    assert rows[0] == ["项目名称"] + ["投资服务中心经费"] * 7
    department, unit = "昆明市呈贡区政务服务管理局", "昆明市呈贡区投资服务中心"
    assert rows[1] == ["主管部门", department, department, department, "实施单位", unit, unit, unit]
    assert rows[2][2:] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert rows[3] == ["项目资金（万元）", "年度资金总额", "5.80", "5.80", "5.60", "10.00", "96.55%", "9.66"]
    assert rows[6] == ["年度总体目标"] + [GOAL_EXPECTED] * 3 + [GOAL_ACTUAL] * 4
    assert rows[7] == GRID_HEADER
    assert rows[8] == [
        OUTPUT,
        "数量指标",
        "公开发放的宣传材料数量",
        "≥100份（部、个、幅、条）",
        "120份（部、个、幅、条）",
        "8.00",
        "8.00",
        "",
    ]
    for row, printed in zip(SEED_ROWS, rows[8:19], strict=True):
        assert printed == [
            row.level1,
            row.level2,
            row.name,
            row.target_text,
            row.actual_text,
            f"{row.weight:.2f}",
            f"{row.score:.2f}",
            row.reason,
        ]
    assert rows[19] == ["总分", "98.92", "98.92", "98.92", "自评等级", "优", "优", "优"]
    assert [r[:2] for r in rows[20:22]] == [["存在问题", "宣传稿件发布不均衡。"], ["改进措施", "按季度排定发布计划。"]]
    assert rows[22] == ["项目负责人", "张敏", "张敏", "张敏", "财务负责人", "王芳", "王芳", "王芳"]
    assert len(rows) == 23


def test_the_word_table_merges_levels_vertically() -> None:
    table = Document(io.BytesIO(self_evaluation_docx(seed_sheet()))).tables[0]

    merged = [tc for tc in table._tbl.iter(qn("w:tc")) if tc.tcPr is not None and tc.tcPr.vMerge is not None]
    # 项目资金 (3 rows), 年度总体目标 (2), 一级 runs 6+3+2, 二级 runs longer than one row 5+2+2.
    assert len(merged) == 3 + 2 + (6 + 3 + 2) + (5 + 2 + 2)
    assert table.cell(8, 0).text == table.cell(13, 0).text == OUTPUT
    assert table.cell(13, 1).text == "成本指标"


def test_the_word_document_is_a4_landscape_in_simsun() -> None:
    document = Document(io.BytesIO(self_evaluation_docx(seed_sheet())))
    section = document.sections[0]

    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert document.tables[0].style.name == "Table Grid"
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    runs = [run for p in document.paragraphs for run in p.runs]
    cells = [cell for row in document.tables[0].rows for cell in row.cells]
    runs += [run for cell in cells for p in cell.paragraphs for run in p.runs]
    assert len(runs) > 100
    for run in runs:
        assert run.font.name == "宋体"
        assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


# ------------------------------------------------------------------ missing and odd values


def test_missing_values_render_blank_not_none() -> None:
    sheet = blank_sheet()
    ws = worksheet(sheet)
    rows = word_table(sheet)

    assert read_self_evaluation_xlsx(self_evaluation_xlsx(sheet)) == sheet
    assert [c.value for c in ws[6]] == [None, "年度资金总额", None, None, None, 10, None, None]
    assert [c.value for c in ws[11]] == [None, None, "社会公众满意度", "=100%", None, None, None, None]
    assert ws["B12"].value is None and ws["F12"].value is None
    assert rows[3] == ["项目资金（万元）", "年度资金总额", "", "", "", "10.00", "", ""]
    assert rows[8] == ["", "", "社会公众满意度", "=100%", "", "", "", ""]
    assert rows[9] == ["总分", "", "", "", "自评等级", "", "", ""]
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any("None" in text for text in values + [t for r in rows for t in r])


def test_no_status_note_leaves_the_title_alone_above_the_table() -> None:
    document = Document(io.BytesIO(self_evaluation_docx(blank_sheet())))

    assert [p.text for p in document.paragraphs] == ["项目支出绩效自评表（2023年度）"]


def test_a_sheet_without_rows_still_writes_valid_files() -> None:
    sheet = blank_sheet(rows=[])
    data = self_evaluation_xlsx(sheet)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = word_table(sheet)

    assert read_self_evaluation_xlsx(data) == sheet
    assert [c.value for c in ws[10]] == GRID_HEADER and ws["A11"].value == "总分"
    assert rows[7] == GRID_HEADER and rows[8][0] == "总分" and len(rows) == 12


def test_characters_xml_cannot_hold_are_dropped_and_formulas_stay_text() -> None:
    row = dataclasses.replace(SEED_ROWS[0], name="宣传\x01材料", target_text="=SUM(A1)")
    sheet = seed_sheet(rows=[row], problems="问题\x0b")

    back = read_self_evaluation_xlsx(self_evaluation_xlsx(sheet))

    assert (back.rows[0].name, back.rows[0].target_text, back.problems) == ("宣传材料", "=SUM(A1)", "问题")
    assert word_table(sheet)[8][2:4] == ["宣传材料", "=SUM(A1)"]
