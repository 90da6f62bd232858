"""Writers for the official 项目支出绩效自评表 layout (财预〔2020〕10号), as .xlsx and .docx.

Like :mod:`investdesk.performance.lib.table_writers`, both formats are drawn from one
layout (a list of placed blocks) and share its fonts, borders, widths and merge rules.
Amounts, points and rates keep their exact value in the workbook and are only *shown*
with two decimals, so :func:`read_self_evaluation_xlsx` gives back what was written.
Pure Python, no Django import.
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from .sources_sheet import SourceRow, write_sources_sheet
from .table_writers import (
    FONT,
    Block,
    _clean,
    _docx_document,
    _docx_fill,
    _docx_widths,
    _level_blocks,
    _mark_header_row,
    _money_number,
    _row_heights,
    _set_font,
    _xlsx_formats,
    _xlsx_write,
)
from .tables_office import xlsx_sheets


@dataclass
class SelfEvaluationRow:
    """One 三级指标 row of the self-evaluation, values already formatted for display."""

    level1: str | None
    level2: str | None
    name: str
    target_text: str
    actual_text: str
    weight: Decimal | None
    score: Decimal | None
    reason: str = ""


@dataclass
class SelfEvaluationSheet:
    """Everything printed on one 项目支出绩效自评表 (or 运行监控表, by ``title``)."""

    year: int
    project_name: str
    department: str
    unit_name: str
    title: str = "项目支出绩效自评表"
    initial_budget_yuan: Decimal | None = None
    budget_yuan: Decimal | None = None
    spent_yuan: Decimal | None = None
    execution_points: Decimal = Decimal("10")
    execution_rate: Decimal | None = None
    execution_score: Decimal | None = None
    execution_reason: str = ""
    goal_expected: str = ""
    goal_actual: str = ""
    rows: list[SelfEvaluationRow] = field(default_factory=list)
    total: Decimal | None = None
    grade: str = ""
    problems: str = ""
    improvements: str = ""
    project_lead: str = ""
    finance_lead: str = ""
    status_note: str = ""
    sources: list[SourceRow] = field(default_factory=list)  # the technical sheet of the workbook


# (header, Excel column width in character units) of the indicator grid; every other
# block of the form is laid over these eight columns.
COLUMNS = (
    ("一级指标", 12),
    ("二级指标", 12),
    ("三级指标", 22),
    ("年度指标值", 16),
    ("实际完成值", 14),
    ("分值", 9),
    ("得分", 9),
    ("偏差原因分析及改进措施", 28),
)
FUNDS_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
LAST = len(COLUMNS) - 1
MIDDLE = 4  # column of the second label in rows holding two label/value pairs
REASON_LABEL = "偏差原因分析及改进措施"

# Rows of the fixed top part; the indicator rows follow, then the four footer rows.
TITLE_ROW, NOTE_ROW, NAME_ROW, UNIT_ROW = 0, 1, 2, 3
FUNDS_HEAD_ROW, FUNDS_ROW, FUNDS_REASON_ROW = 4, 5, 6
GOAL_HEAD_ROW, GOAL_ROW = 7, 8
GRID_HEAD_ROW = 9
FIRST_INDICATOR_ROW = 10
FOOTER_LABELS = ("总分", "存在问题", "改进措施", "项目负责人")

# Styles whose value is an exact decimal text, shown with two decimals.
NUMBER_FORMATS = {"amount": "0.00", "points": "0.00", "percent": "0.00%"}
_CENT = Decimal("0.01")
_TITLE_RE = re.compile(r"^(.*)（(-?\d+)年度）$", re.S)


# ---------------------------------------------------------------- layout


def _title(sheet: SelfEvaluationSheet) -> str:
    return f"{sheet.title}（{sheet.year}年度）"


def _decimal_text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _wan_text(amount: Decimal | None) -> str:
    """Yuan as the exact 万元 amount ("58000" -> "5.8"); blank when missing."""
    return "" if amount is None else format(amount / Decimal(10000), "f")


def _wide(row: int, label: str, value: str) -> list[Block]:
    """A label in the first column and its text over all the others."""
    return [Block(row, 0, row, 0, label, "label"), Block(row, 1, row, LAST, _clean(value), "text")]


def _pair(row: int, left: tuple[str, str, str], right: tuple[str, str, str]) -> list[Block]:
    """Two (label, value, value style) pairs side by side, as 主管部门 | … | 实施单位 | …."""
    (left_label, left_value, left_style), (right_label, right_value, right_style) = left, right
    return [
        Block(row, 0, row, 0, left_label, "label"),
        Block(row, 1, row, MIDDLE - 1, _clean(left_value), left_style),
        Block(row, MIDDLE, row, MIDDLE, right_label, "label"),
        Block(row, MIDDLE + 1, row, LAST, _clean(right_value), right_style),
    ]


def _header_blocks(sheet: SelfEvaluationSheet) -> list[Block]:
    """Title, status note, 项目名称, 主管部门/实施单位 (rows 0–3)."""
    return [
        Block(TITLE_ROW, 0, TITLE_ROW, LAST, _clean(_title(sheet)), "title"),
        Block(NOTE_ROW, 0, NOTE_ROW, LAST, _clean(sheet.status_note), "note"),
        *_wide(NAME_ROW, "项目名称", sheet.project_name),
        *_pair(UNIT_ROW, ("主管部门", sheet.department, "text"), ("实施单位", sheet.unit_name, "text")),
    ]


def _funds_blocks(sheet: SelfEvaluationSheet) -> list[Block]:
    """项目资金（万元）: column labels, the 年度资金总额 row and the execution reason."""
    values = (
        (_wan_text(sheet.initial_budget_yuan), "amount"),
        (_wan_text(sheet.budget_yuan), "amount"),
        (_wan_text(sheet.spent_yuan), "amount"),
        (_decimal_text(sheet.execution_points), "points"),
        (_decimal_text(sheet.execution_rate), "percent"),
        (_decimal_text(sheet.execution_score), "points"),
    )
    blocks = [
        Block(FUNDS_HEAD_ROW, 0, FUNDS_REASON_ROW, 0, "项目资金（万元）", "label"),
        Block(FUNDS_HEAD_ROW, 1, FUNDS_HEAD_ROW, 1, "", "label"),
        Block(FUNDS_ROW, 1, FUNDS_ROW, 1, "年度资金总额", "label"),
        Block(FUNDS_REASON_ROW, 1, FUNDS_REASON_ROW, 1, REASON_LABEL, "label"),
        Block(FUNDS_REASON_ROW, 2, FUNDS_REASON_ROW, LAST, _clean(sheet.execution_reason), "text"),
    ]
    for col, (label, (value, style)) in enumerate(zip(FUNDS_COLUMNS, values, strict=True), start=2):
        blocks.append(Block(FUNDS_HEAD_ROW, col, FUNDS_HEAD_ROW, col, label, "label"))
        blocks.append(Block(FUNDS_ROW, col, FUNDS_ROW, col, value, style))
    return blocks


def _goal_blocks(sheet: SelfEvaluationSheet) -> list[Block]:
    """年度总体目标: 预期目标 | 实际完成情况 over two rows."""
    return [
        Block(GOAL_HEAD_ROW, 0, GOAL_ROW, 0, "年度总体目标", "label"),
        Block(GOAL_HEAD_ROW, 1, GOAL_HEAD_ROW, MIDDLE - 1, "预期目标", "label"),
        Block(GOAL_HEAD_ROW, MIDDLE, GOAL_HEAD_ROW, LAST, "实际完成情况", "label"),
        Block(GOAL_ROW, 1, GOAL_ROW, MIDDLE - 1, _clean(sheet.goal_expected), "text"),
        Block(GOAL_ROW, MIDDLE, GOAL_ROW, LAST, _clean(sheet.goal_actual), "text"),
    ]


def _row_cells(row: SelfEvaluationRow) -> list[tuple[str, str]]:
    """The (value, style) cells of one indicator row after its 一级/二级 columns."""
    return [
        (_clean(row.name), "text"),
        (_clean(row.target_text), "center"),
        (_clean(row.actual_text), "center"),
        (_decimal_text(row.weight), "points"),
        (_decimal_text(row.score), "points"),
        (_clean(row.reason), "text"),
    ]


def _grid_blocks(rows: list[SelfEvaluationRow]) -> list[Block]:
    """The indicator header and rows, 一级/二级 merged as in the 绩效目标表."""
    blocks = [Block(GRID_HEAD_ROW, c, GRID_HEAD_ROW, c, name, "label") for c, (name, _) in enumerate(COLUMNS)]
    # _level_blocks only reads .level1 and .level2, which these rows share with ParsedIndicator.
    blocks += _level_blocks(rows, FIRST_INDICATOR_ROW)
    for offset, row in enumerate(rows):
        line = FIRST_INDICATOR_ROW + offset
        for col, (value, style) in enumerate(_row_cells(row), start=2):
            blocks.append(Block(line, col, line, col, value, style))
    return blocks


def _footer_blocks(sheet: SelfEvaluationSheet, first_row: int) -> list[Block]:
    """总分/自评等级, 存在问题, 改进措施, 项目负责人/财务负责人."""
    return [
        *_pair(first_row, ("总分", _decimal_text(sheet.total), "points"), ("自评等级", sheet.grade, "center")),
        *_wide(first_row + 1, "存在问题", sheet.problems),
        *_wide(first_row + 2, "改进措施", sheet.improvements),
        *_pair(
            first_row + 3, ("项目负责人", sheet.project_lead, "center"), ("财务负责人", sheet.finance_lead, "center")
        ),
    ]


def layout(sheet: SelfEvaluationSheet) -> tuple[list[Block], list[int]]:
    """Every block of the form and the column widths (Excel character units)."""
    blocks = _header_blocks(sheet) + _funds_blocks(sheet) + _goal_blocks(sheet)
    blocks += _grid_blocks(sheet.rows)
    blocks += _footer_blocks(sheet, FIRST_INDICATOR_ROW + len(sheet.rows))
    return blocks, [width for _, width in COLUMNS]


# ---------------------------------------------------------------- xlsx


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, Any]:
    """The target table's formats plus centred number formats and the small note."""
    formats = _xlsx_formats(workbook)
    base = {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "vcenter", "border": 1, "align": "center"}
    for style, number_format in NUMBER_FORMATS.items():
        formats[style] = workbook.add_format({**base, "num_format": number_format})
    formats["note"] = workbook.add_format({"font_name": FONT, "font_size": 9, "align": "center", "valign": "vcenter"})
    return formats


def _stored_number_text(block: Block) -> str:
    """The exact number kept in the cell: a percent is stored as a fraction (96.55 -> 0.9655)."""
    if block.style == "percent" and block.value:
        return format(Decimal(block.value) / 100, "f")
    return block.value


def _xlsx_write_number(worksheet: Any, block: Block, fmt: Any) -> None:
    row, col = block.row, block.col
    if (block.last_row, block.last_col) != (row, col):
        worksheet.merge_range(row, col, block.last_row, block.last_col, "", fmt)
    text = _stored_number_text(block)
    number = _money_number(text) if text else None
    if number is not None:
        worksheet.write_number(row, col, number, fmt)
    elif text:
        # A value a float cannot hold exactly stays exact as text; the reader takes both.
        worksheet.write_string(row, col, text, fmt)
    else:
        worksheet.write_blank(row, col, None, fmt)


def _sheet_name(title: str) -> str:
    name = re.sub(r"[\[\]:*?/\\']", "", title.removeprefix("项目支出"))[:31]
    return name or "绩效自评表"


def self_evaluation_xlsx(sheet: SelfEvaluationSheet) -> bytes:
    """The 项目支出绩效自评表 as an .xlsx workbook (one sheet, A4 landscape, 宋体)."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.formats[0].set_font_name(FONT)  # the default font of untouched cells
    formats = _formats(workbook)
    worksheet = workbook.add_worksheet(_sheet_name(_clean(sheet.title)))
    blocks, widths = layout(sheet)
    for col, width in enumerate(widths):
        worksheet.set_column(col, col, width)
    for row, height in _row_heights(blocks, widths, 13.5).items():
        worksheet.set_row(row, {TITLE_ROW: 30.0, NOTE_ROW: 16.0}.get(row, height))
    for block in blocks:
        if block.style in NUMBER_FORMATS:
            _xlsx_write_number(worksheet, block, formats[block.style])
        else:
            _xlsx_write(worksheet, block, formats[block.style])
    worksheet.set_landscape()
    worksheet.set_paper(9)  # A4
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(GRID_HEAD_ROW)
    if sheet.sources:
        write_sources_sheet(workbook, formats, sheet.sources)
    workbook.close()
    return buffer.getvalue()


# ---------------------------------------------------------------- docx


def _two_decimals(text: str) -> str:
    return format(Decimal(text).quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def _docx_display(block: Block) -> Block:
    """Number blocks as printed: two decimals, a percent sign for the rate, centred."""
    if block.style not in NUMBER_FORMATS or not block.value:
        return block
    suffix = "%" if block.style == "percent" else ""
    return dataclasses.replace(block, value=_two_decimals(block.value) + suffix, style="number")


def _docx_heading(document: Any, title: Block, note: Block) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(paragraph.add_run(title.value), 16, bold=True)
    if note.value:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(note.value), 9)


def self_evaluation_docx(sheet: SelfEvaluationSheet) -> bytes:
    """The 项目支出绩效自评表 as a .docx (title, note, one bordered table; A4 landscape, 宋体)."""
    document = _docx_document()
    blocks, widths = layout(sheet)
    _docx_heading(document, blocks[TITLE_ROW], blocks[NOTE_ROW])
    grid_blocks = [block for block in blocks if block.row >= NAME_ROW]
    rows = max(block.last_row for block in grid_blocks) - NAME_ROW + 1
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _docx_widths(table, widths)
    for block in grid_blocks:
        # Title and note sit above the table, so table rows start at NAME_ROW.
        cell = table.cell(block.row - NAME_ROW, block.col)
        if (block.last_row, block.last_col) != (block.row, block.col):
            cell = cell.merge(table.cell(block.last_row - NAME_ROW, block.last_col))
        _docx_fill(cell, _docx_display(block))
    _mark_header_row(table.rows[GRID_HEAD_ROW - NAME_ROW])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- read back


def _grid(data: bytes) -> list[list[str]]:
    """The first sheet as text, merged ranges filled with their top-left value."""
    for rows in xlsx_sheets(bytes(data)):
        return [[cell.text for cell in row.cells] for row in rows]
    raise ValueError("Excel文件中没有工作表")


def _at(grid: list[list[str]], row: int, col: int) -> str:
    return grid[row][col] if row < len(grid) and col < len(grid[row]) else ""


def _number(text: str, scale: int = 0) -> Decimal | None:
    """A written number moved ``scale`` places left (万元 -> 元 is 4); None when blank."""
    if not text:
        return None
    try:
        value = Decimal(text).scaleb(scale)
    except InvalidOperation as exc:
        raise ValueError(f"不是数字：{text}") from exc
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _amount(text: str) -> Decimal | None:
    value = _number(text, 4)
    return None if value is None else value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _points_or_default(text: str) -> Decimal:
    """The 预算执行率 分值; a blank cell means the form's default of 10."""
    value = _number(text)
    return Decimal("10") if value is None else value


def _check_layout(grid: list[list[str]]) -> int:
    """The first footer row; raises ValueError when the sheet is not this layout."""
    footer = len(grid) - len(FOOTER_LABELS)
    header = [_at(grid, GRID_HEAD_ROW, c) for c in range(len(COLUMNS))]
    labels = tuple(_at(grid, footer + k, 0) for k in range(len(FOOTER_LABELS)))
    if footer < FIRST_INDICATOR_ROW or header != [name for name, _ in COLUMNS] or labels != FOOTER_LABELS:
        raise ValueError("不是项目支出绩效自评表的格式")
    return footer


def _read_header(grid: list[list[str]]) -> dict[str, Any]:
    match = _TITLE_RE.match(_at(grid, TITLE_ROW, 0))
    if match is None:
        raise ValueError("标题中没有年度")
    return {
        "title": match.group(1),
        "year": int(match.group(2)),
        "status_note": _at(grid, NOTE_ROW, 0),
        "project_name": _at(grid, NAME_ROW, 1),
        "department": _at(grid, UNIT_ROW, 1),
        "unit_name": _at(grid, UNIT_ROW, MIDDLE + 1),
    }


def _read_funds_and_goals(grid: list[list[str]]) -> dict[str, Any]:
    funds = [_at(grid, FUNDS_ROW, col) for col in range(2, 2 + len(FUNDS_COLUMNS))]
    return {
        "initial_budget_yuan": _amount(funds[0]),
        "budget_yuan": _amount(funds[1]),
        "spent_yuan": _amount(funds[2]),
        "execution_points": _points_or_default(funds[3]),
        "execution_rate": _number(funds[4], 2),
        "execution_score": _number(funds[5]),
        "execution_reason": _at(grid, FUNDS_REASON_ROW, 2),
        "goal_expected": _at(grid, GOAL_ROW, 1),
        "goal_actual": _at(grid, GOAL_ROW, MIDDLE),
    }


def _read_row(cells: list[str]) -> SelfEvaluationRow:
    cells = cells + [""] * (len(COLUMNS) - len(cells))
    return SelfEvaluationRow(
        level1=cells[0] or None,
        level2=cells[1] or None,
        name=cells[2],
        target_text=cells[3],
        actual_text=cells[4],
        weight=_number(cells[5]),
        score=_number(cells[6]),
        reason=cells[7],
    )


def _read_footer(grid: list[list[str]], footer: int) -> dict[str, Any]:
    return {
        "total": _number(_at(grid, footer, 1)),
        "grade": _at(grid, footer, MIDDLE + 1),
        "problems": _at(grid, footer + 1, 1),
        "improvements": _at(grid, footer + 2, 1),
        "project_lead": _at(grid, footer + 3, 1),
        "finance_lead": _at(grid, footer + 3, MIDDLE + 1),
    }


def read_self_evaluation_xlsx(data: bytes) -> SelfEvaluationSheet:
    """Read back a workbook written by :func:`self_evaluation_xlsx`.

    Blank cells read as None (numbers, 一级/二级) or "" (texts). Raises ValueError when the
    first sheet is not in this layout.
    """
    grid = _grid(data)
    footer = _check_layout(grid)
    rows = [_read_row(grid[r]) for r in range(FIRST_INDICATOR_ROW, footer)]
    return SelfEvaluationSheet(
        **_read_header(grid), **_read_funds_and_goals(grid), rows=rows, **_read_footer(grid, footer)
    )
