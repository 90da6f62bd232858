"""Writers for the 绩效运行监控表 (mid-year monitoring, RULES.md §3), as .xlsx and .docx.

Monitoring is not scoring: the sheet carries no points, total or grade. It holds, for January
to month N, budget execution against the budget with its light, and per indicator the annual
target, the value of the period, the progress against the elapsed part of the year with its
light, the forecast for the year, the likelihood of reaching the target, and the cause and the
corrective measure where one was asked for. The title names the period
("2022年1-7月绩效运行监控表"). The workbook adds a technical sheet (数据来源) with each
indicator's source and metric code. Pure Python, no Django import.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
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
    _row_heights,
    _set_font,
    _xlsx_formats,
    _xlsx_write,
)


@dataclass
class MonitoringRow:
    """One 三级指标 of the monitoring, values already formatted for display."""

    level1: str | None
    level2: str | None
    name: str
    target_text: str
    actual_text: str
    progress_text: str
    light_text: str
    forecast_text: str
    likelihood_text: str
    cause_text: str = ""
    measure: str = ""


@dataclass
class MonitoringSheet:
    year: int
    months: int
    project_name: str
    department: str
    unit_name: str
    status_note: str = ""
    budget_wan: str = ""
    spent_wan: str = ""
    execution_rate: str = ""
    schedule: str = ""
    execution_progress: str = ""
    execution_light: str = ""
    execution_cause: str = ""
    execution_measure: str = ""
    rows: list[MonitoringRow] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)


def period_text(months: int) -> str:
    return "1月" if months == 1 else f"1-{months}月"


def title(sheet: MonitoringSheet) -> str:
    return f"{sheet.year}年{period_text(sheet.months)}绩效运行监控表"


def columns(months: int) -> tuple[tuple[str, int], ...]:
    """(header, Excel width) of the indicator grid; every other block is laid over them."""
    return (
        ("一级指标", 10),
        ("二级指标", 10),
        ("三级指标", 20),
        ("年度指标值", 13),
        (f"{period_text(months)}完成值", 13),
        ("进度", 9),
        ("亮灯", 7),
        ("全年预计完成值", 13),
        ("完成目标可能性", 10),
        ("原因类型", 11),
        ("纠偏措施", 24),
    )


EXECUTION_LABELS = ("全年预算数（万元）", "执行数（万元）", "执行率", "序时进度", "执行进度", "亮灯")
TITLE_ROW, NOTE_ROW, NAME_ROW, UNIT_ROW = 0, 1, 2, 3
EXEC_HEAD_ROW, EXEC_ROW, GRID_HEAD_ROW, FIRST_INDICATOR_ROW = 4, 5, 6, 7
LAST = 10
MIDDLE = 5


def _header_blocks(sheet: MonitoringSheet) -> list[Block]:
    return [
        Block(TITLE_ROW, 0, TITLE_ROW, LAST, _clean(title(sheet)), "title"),
        Block(NOTE_ROW, 0, NOTE_ROW, LAST, _clean(sheet.status_note), "note"),
        Block(NAME_ROW, 0, NAME_ROW, 0, "项目名称", "label"),
        Block(NAME_ROW, 1, NAME_ROW, LAST, _clean(sheet.project_name), "text"),
        Block(UNIT_ROW, 0, UNIT_ROW, 0, "主管部门", "label"),
        Block(UNIT_ROW, 1, UNIT_ROW, MIDDLE - 1, _clean(sheet.department), "text"),
        Block(UNIT_ROW, MIDDLE, UNIT_ROW, MIDDLE, "实施单位", "label"),
        Block(UNIT_ROW, MIDDLE + 1, UNIT_ROW, LAST, _clean(sheet.unit_name), "text"),
    ]


def _execution_blocks(sheet: MonitoringSheet) -> list[Block]:
    """预算执行 over two rows: labels, then the figures of the period, cause and measure."""
    labels = list(EXECUTION_LABELS)
    labels[1] = f"{period_text(sheet.months)}执行数（万元）"
    values = (
        sheet.budget_wan,
        sheet.spent_wan,
        sheet.execution_rate,
        sheet.schedule,
        sheet.execution_progress,
        sheet.execution_light,
    )
    blocks = [Block(EXEC_HEAD_ROW, 0, EXEC_ROW, 0, "预算执行", "label")]
    for col, (label, value) in enumerate(zip(labels, values, strict=True), start=1):
        blocks.append(Block(EXEC_HEAD_ROW, col, EXEC_HEAD_ROW, col, label, "label"))
        blocks.append(Block(EXEC_ROW, col, EXEC_ROW, col, _clean(value), "center"))
    blocks += [
        Block(EXEC_HEAD_ROW, 7, EXEC_HEAD_ROW, 8, "原因类型", "label"),
        Block(EXEC_HEAD_ROW, 9, EXEC_HEAD_ROW, LAST, "纠偏措施", "label"),
        Block(EXEC_ROW, 7, EXEC_ROW, 8, _clean(sheet.execution_cause), "center"),
        Block(EXEC_ROW, 9, EXEC_ROW, LAST, _clean(sheet.execution_measure), "text"),
    ]
    return blocks


def _row_cells(row: MonitoringRow) -> list[tuple[str, str]]:
    return [
        (_clean(row.name), "text"),
        (_clean(row.target_text), "center"),
        (_clean(row.actual_text), "center"),
        (_clean(row.progress_text), "center"),
        (_clean(row.light_text), "center"),
        (_clean(row.forecast_text), "center"),
        (_clean(row.likelihood_text), "center"),
        (_clean(row.cause_text), "center"),
        (_clean(row.measure), "text"),
    ]


def layout(sheet: MonitoringSheet) -> tuple[list[Block], list[int]]:
    grid = columns(sheet.months)
    blocks = _header_blocks(sheet) + _execution_blocks(sheet)
    blocks += [Block(GRID_HEAD_ROW, c, GRID_HEAD_ROW, c, name, "label") for c, (name, _) in enumerate(grid)]
    blocks += _level_blocks(sheet.rows, FIRST_INDICATOR_ROW)
    for offset, row in enumerate(sheet.rows):
        line = FIRST_INDICATOR_ROW + offset
        for col, (value, style) in enumerate(_row_cells(row), start=2):
            blocks.append(Block(line, col, line, col, value, style))
    return blocks, [width for _, width in grid]


# ---------------------------------------------------------------- xlsx


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, Any]:
    formats = _xlsx_formats(workbook)
    formats["note"] = workbook.add_format({"font_name": FONT, "font_size": 9, "align": "center", "valign": "vcenter"})
    return formats


def _sheet_name(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\']", "", text)[:31] or "绩效运行监控表"


def monitoring_xlsx(sheet: MonitoringSheet) -> bytes:
    """The 绩效运行监控表 as an .xlsx workbook (A4 landscape, 宋体), with its 数据来源 sheet."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.formats[0].set_font_name(FONT)
    formats = _formats(workbook)
    worksheet = workbook.add_worksheet(_sheet_name(f"{period_text(sheet.months)}绩效运行监控表"))
    blocks, widths = layout(sheet)
    for col, width in enumerate(widths):
        worksheet.set_column(col, col, width)
    for row, height in _row_heights(blocks, widths, 13.5).items():
        worksheet.set_row(row, {TITLE_ROW: 30.0, NOTE_ROW: 16.0}.get(row, height))
    for block in blocks:
        _xlsx_write(worksheet, block, formats[block.style])
    worksheet.set_landscape()
    worksheet.set_paper(9)
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(GRID_HEAD_ROW)
    if sheet.sources:
        write_sources_sheet(workbook, formats, sheet.sources)
    workbook.close()
    return buffer.getvalue()


# ---------------------------------------------------------------- docx


def monitoring_docx(sheet: MonitoringSheet) -> bytes:
    """The 绩效运行监控表 as a .docx: title, status note, one bordered table (A4 landscape, 宋体)."""
    document = _docx_document()
    blocks, widths = layout(sheet)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(paragraph.add_run(blocks[TITLE_ROW].value), 16, bold=True)
    if blocks[NOTE_ROW].value:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(blocks[NOTE_ROW].value), 9)
    grid_blocks = [block for block in blocks if block.row >= NAME_ROW]
    rows = max(block.last_row for block in grid_blocks) - NAME_ROW + 1
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _docx_widths(table, widths)
    for block in grid_blocks:
        cell = table.cell(block.row - NAME_ROW, block.col)
        if (block.last_row, block.last_col) != (block.row, block.col):
            cell = cell.merge(table.cell(block.last_row - NAME_ROW, block.last_col))
        _docx_fill(cell, block)
    _mark_header_row(table.rows[GRID_HEAD_ROW - NAME_ROW])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
