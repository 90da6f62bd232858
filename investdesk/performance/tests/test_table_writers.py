"""Tests of the 绩效目标表 writers: official layout, and read-back through the parsers."""

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

from investdesk.performance.lib.table_writers import target_table_docx, target_table_xlsx
from investdesk.performance.lib.tables import (
    ParsedIndicator,
    ParsedProject,
    parse_docx,
    parse_text,
    parse_xlsx,
)
from investdesk.performance.tests.fixtures.tables_seed import SEED_INDICATORS, SEED_PATH

HEADER_FIELDS = (
    "name",
    "unit_name",
    "department",
    "year",
    "budget_yuan",
    "overall_goal",
    "overall_goal_start_year",
    "overall_goal_end_year",
    "annual_goal",
)
GRID_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "指标属性",
    "评（扣）分标准",
    "指标内容",
    "设定依据及数据来源",
]


def seed_project() -> ParsedProject:
    project = parse_text(SEED_PATH.read_text(encoding="utf-8")).project
    return dataclasses.replace(project, department="昆明市呈贡区人民政府")


def without_source(indicators: list[ParsedIndicator]) -> list[ParsedIndicator]:
    return [dataclasses.replace(indicator, source="") for indicator in indicators]


def header_of(project: ParsedProject) -> dict[str, object]:
    return {name: getattr(project, name) for name in HEADER_FIELDS}


# ------------------------------------------------------------------ read back


def test_the_seed_exported_to_excel_reads_back_the_same() -> None:
    project = seed_project()

    result = parse_xlsx(target_table_xlsx(project, SEED_INDICATORS))

    assert result.errors == [] and result.warnings == []
    assert header_of(result.project) == header_of(project)
    assert result.project.budget_yuan == Decimal("58000.00")
    assert without_source(result.indicators) == without_source(SEED_INDICATORS)


def test_the_seed_exported_to_word_reads_back_the_same() -> None:
    project = seed_project()

    result = parse_docx(target_table_docx(project, SEED_INDICATORS))

    assert result.errors == [] and result.warnings == []
    assert header_of(result.project) == header_of(project)
    assert without_source(result.indicators) == without_source(SEED_INDICATORS)


def test_a_budget_that_is_not_whole_hundreds_survives_the_round_trip() -> None:
    project = ParsedProject(name="零头", year=2023, budget_yuan=Decimal("12345.67"))

    assert parse_xlsx(target_table_xlsx(project, SEED_INDICATORS)).project.budget_yuan == Decimal("12345.67")
    assert parse_docx(target_table_docx(project, SEED_INDICATORS)).project.budget_yuan == Decimal("12345.67")


# Alphabets without the characters of column names, labels, operators and digits, so a
# generated text can never be read as something else.
CELL_TEXT = st.text(
    alphabet="宣传材料企业走访服务满意知晓率稿件发布媒体关注审批效成本ABCxyz（）、，。!",
    min_size=1,
    max_size=12,
)
MULTILINE = st.lists(CELL_TEXT, min_size=1, max_size=3).map("\n".join)
OPTIONAL_TEXT = st.none() | MULTILINE
NUMBER = st.from_regex(r"\A(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?\Z")
UNITS = st.none() | st.sampled_from(["个", "%", "份（部、个、幅、条）", "篇（次）", "万元", "次"])
LEVEL1 = st.sampled_from(["产出指标", "效益指标", "满意度指标"])
LEVEL2 = st.sampled_from(["数量指标", "质量指标", "社会效益指标", "服务对象满意度指标"])


@st.composite
def indicators(draw: st.DrawFn, weight: st.SearchStrategy[Decimal | None]) -> ParsedIndicator:
    kind = draw(st.sampled_from(["quantitative", "qualitative"]))
    if kind == "quantitative":
        operator, target = draw(st.sampled_from([">=", "<=", ">", "<", "="])), draw(NUMBER)
    else:
        operator = draw(st.sampled_from([">=", "<=", ">", "<", "=", "qualitative"]))
        target = draw(st.none() | NUMBER | CELL_TEXT)
    return ParsedIndicator(
        level1=draw(LEVEL1),
        level2=draw(LEVEL2),
        name=draw(CELL_TEXT),
        operator=operator,
        target=target,
        measure_unit=draw(UNITS),
        kind=kind,
        rule_text=draw(OPTIONAL_TEXT),
        description=draw(OPTIONAL_TEXT),
        basis=draw(OPTIONAL_TEXT),
        weight=draw(weight),
    )


WEIGHTS = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
INDICATOR_LISTS = st.lists(indicators(st.none()), min_size=1, max_size=8) | st.lists(
    indicators(WEIGHTS), min_size=1, max_size=8
)
CENTS = st.integers(min_value=0, max_value=10**11)
PROJECT_TEXT = st.text(alphabet="呈贡区投资服务中心经费昆明市人民政府ABC（）", min_size=1, max_size=15)


@st.composite
def projects(draw: st.DrawFn) -> ParsedProject:
    start = draw(st.integers(min_value=2000, max_value=2090))
    return ParsedProject(
        name=draw(st.none() | PROJECT_TEXT),
        unit_name=draw(st.none() | PROJECT_TEXT),
        department=draw(st.none() | PROJECT_TEXT),
        year=draw(st.none() | st.integers(min_value=2000, max_value=2099)),
        budget_yuan=draw(st.none() | CENTS.map(lambda cents: Decimal(cents) / 100)),
        overall_goal=draw(st.none() | MULTILINE),
        overall_goal_start_year=start,
        overall_goal_end_year=start + draw(st.integers(min_value=0, max_value=5)),
        annual_goal=draw(st.none() | MULTILINE),
    )


ROUND_TRIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIP
@given(projects(), INDICATOR_LISTS)
def test_any_table_exported_to_excel_reads_back_field_by_field(
    project: ParsedProject, items: list[ParsedIndicator]
) -> None:
    result = parse_xlsx(target_table_xlsx(project, items))

    assert result.errors == []
    assert header_of(result.project) == header_of(project)
    assert without_source(result.indicators) == items


@ROUND_TRIP
@given(projects(), INDICATOR_LISTS)
def test_any_table_exported_to_word_reads_back_field_by_field(
    project: ParsedProject, items: list[ParsedIndicator]
) -> None:
    result = parse_docx(target_table_docx(project, items))

    assert result.errors == []
    assert header_of(result.project) == header_of(project)
    assert without_source(result.indicators) == items


def test_an_empty_table_can_still_be_written() -> None:
    for data, parse in (
        (target_table_xlsx(ParsedProject(), []), parse_xlsx),
        (target_table_docx(ParsedProject(), []), parse_docx),
    ):
        result = parse(data)
        assert [str(e) for e in result.errors][0].endswith("绩效指标表中没有可导入的指标")


def test_characters_xml_cannot_hold_are_dropped_not_fatal() -> None:
    item = dataclasses.replace(SEED_INDICATORS[0], name="宣传\x01材料", rule_text="=SUM(A1)")

    for data, parse in (
        (target_table_xlsx(ParsedProject(), [item]), parse_xlsx),
        (target_table_docx(ParsedProject(), [item]), parse_docx),
    ):
        parsed = parse(data).indicators[0]
        assert (parsed.name, parsed.rule_text) == ("宣传材料", "=SUM(A1)")


# ------------------------------------------------------------------ the official layout


@pytest.fixture(scope="module")
def seed_sheet() -> openpyxl.worksheet.worksheet.Worksheet:
    data = target_table_xlsx(seed_project(), SEED_INDICATORS)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_the_excel_sheet_has_the_official_header_block(seed_sheet) -> None:
    sheet = seed_sheet
    assert sheet["A1"].value == "项目支出绩效目标表（2022年度）"
    assert [sheet[f"A{r}"].value for r in range(2, 7)] == [
        "项目名称",
        "主管部门",
        "项目资金（万元）",
        "总体目标（2022年-2024年）",
        "年度目标",
    ]
    assert (sheet["B2"].value, sheet["F3"].value, sheet["G3"].value) == (
        "投资服务中心经费",
        "实施单位",
        "昆明市呈贡区投资服务中心",
    )
    assert (sheet["B4"].value, sheet["D4"].value, sheet["D4"].number_format) == ("年度资金总额", 5.8, "0.00")
    assert [cell.value for cell in sheet[7]] == GRID_HEADER


def test_the_excel_grid_merges_levels_and_writes_official_words(seed_sheet) -> None:
    sheet = seed_sheet
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:J1", "B2:J2", "A8:A13", "B8:B12", "A14:A16", "B15:B16", "A17:A18", "B17:B18"} <= merged
    assert "B13:B13" not in merged and sheet["B13"].value == "成本指标"
    assert [sheet[f"D{r}"].value for r in range(8, 19)] == ["≥"] * 5 + ["=", ">", "≥", "≥", "=", "="]
    assert sheet["E8"].value == 100 and sheet["F8"].value == "份（部、个、幅、条）"
    assert [sheet[f"G{r}"].value for r in (8, 13)] == ["定量指标", "定性指标"]
    assert sheet.max_column == 10


def test_the_excel_sheet_uses_simsun_wraps_and_prints_a4_landscape(seed_sheet) -> None:
    sheet = seed_sheet
    for ref in ("A1", "A2", "C8", "H8", "I15"):
        assert sheet[ref].font.name == "宋体"
    assert sheet["H8"].alignment.wrap_text is True
    assert sheet["H8"].border.left.style == "thin"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width


def test_a_weight_column_is_added_only_when_an_indicator_has_a_weight() -> None:
    weighted = [dataclasses.replace(item, weight=Decimal("10")) for item in SEED_INDICATORS[:3]]
    sheet = openpyxl.load_workbook(io.BytesIO(target_table_xlsx(ParsedProject(), weighted))).active

    assert [cell.value for cell in sheet[7]] == [*GRID_HEADER, "分值"]
    assert sheet["K8"].value == 10


def test_the_word_document_is_a4_landscape_in_simsun() -> None:
    document = Document(io.BytesIO(target_table_docx(seed_project(), SEED_INDICATORS)))
    section = document.sections[0]

    assert section.orientation == WD_ORIENT.LANDSCAPE
    # Word stores twips, so millimetres come back rounded to the twip.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert document.paragraphs[0].text == "项目支出绩效目标表（2022年度）"
    normal_fonts = document.styles["Normal"].element.rPr.rFonts
    assert normal_fonts.get(qn("w:eastAsia")) == "宋体"
    runs = [run for p in document.paragraphs for run in p.runs]
    cells = [cell for row in document.tables[0].rows for cell in row.cells]
    runs += [run for cell in cells for p in cell.paragraphs for run in p.runs]
    assert runs
    for run in runs:
        assert run.font.name == "宋体"
        assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_the_word_table_has_borders_merged_levels_and_official_words() -> None:
    table = Document(io.BytesIO(target_table_docx(seed_project(), SEED_INDICATORS))).tables[0]

    assert table.style.name == "Table Grid"
    assert [table.cell(5, c).text for c in range(10)] == GRID_HEADER
    assert [table.cell(r, 3).text for r in range(6, 17)] == ["≥"] * 5 + ["=", ">", "≥", "≥", "=", "="]
    assert table.cell(6, 6).text == "定量指标" and table.cell(11, 6).text == "定性指标"
    merged = [tc for tc in table._tbl.iter(qn("w:tc")) if tc.tcPr is not None and tc.tcPr.vMerge is not None]
    assert len(merged) == (6 + 3 + 2) + (5 + 2 + 2)  # 一级 runs; 二级 runs longer than one row
    assert table.cell(6, 0).text == table.cell(11, 0).text == "产出指标"
