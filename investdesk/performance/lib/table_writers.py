"""Writers for the official 项目支出绩效目标表 layout, as .xlsx (XlsxWriter) and .docx.

Both formats are drawn from one layout (a list of placed blocks), so they cannot drift
apart, and both read back through :mod:`investdesk.performance.lib.tables` to the same
project header and indicators. Pure Python, no Django import.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import xlsxwriter
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .tables_model import ParsedIndicator, ParsedProject
from .tables_values import number_roundtrips, yuan_to_wan_text

FONT = "宋体"
OPERATOR_TEXT = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "qualitative": "定性"}
KIND_TEXT = {"quantitative": "定量指标", "qualitative": "定性指标"}

# (header, Excel column width in character units); 分值 is added when any weight is set.
GRID_COLUMNS = (
    ("一级指标", 14),
    ("二级指标", 12),
    ("三级指标", 20),
    ("指标性质", 10),
    ("指标值", 8),
    ("度量单位", 11),
    ("指标属性", 10),
    ("评（扣）分标准", 24),
    ("指标内容", 24),
    ("设定依据及数据来源", 18),
)
WEIGHT_COLUMN = ("分值", 6)

# Characters XML 1.0 cannot hold; both file formats are XML inside.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Block:
    """A value placed over a rectangle of the sheet (a merged cell when larger than 1×1).

    ``style`` is one of: title, label, text, center, number, money.
    """

    row: int
    col: int
    last_row: int
    last_col: int
    value: str
    style: str


def _clean(text: object) -> str:
    return _XML_ILLEGAL.sub("", "" if text is None else str(text))


def _columns(indicators: list[ParsedIndicator]) -> list[tuple[str, int]]:
    columns = list(GRID_COLUMNS)
    if any(indicator.weight is not None for indicator in indicators):
        columns.append(WEIGHT_COLUMN)
    return columns


def _title(project: ParsedProject) -> str:
    if project.year is None:
        return "项目支出绩效目标表"
    return f"项目支出绩效目标表（{project.year}年度）"


def _overall_goal_label(project: ParsedProject) -> str:
    start, end = project.overall_goal_start_year, project.overall_goal_end_year
    if start is None or end is None:
        return "总体目标"
    return f"总体目标（{start}年-{end}年）"


def _header_blocks(project: ParsedProject, width: int) -> list[Block]:
    """Title, 项目名称, 主管部门/实施单位, 项目资金, 总体目标, 年度目标 (rows 0–5)."""
    last = width - 1
    middle = max(2, width // 2)
    budget = "" if project.budget_yuan is None else yuan_to_wan_text(project.budget_yuan)
    return [
        Block(0, 0, 0, last, _title(project), "title"),
        Block(1, 0, 1, 0, "项目名称", "label"),
        Block(1, 1, 1, last, _clean(project.name), "text"),
        Block(2, 0, 2, 0, "主管部门", "label"),
        Block(2, 1, 2, middle - 1, _clean(project.department), "text"),
        Block(2, middle, 2, middle, "实施单位", "label"),
        Block(2, middle + 1, 2, last, _clean(project.unit_name), "text"),
        Block(3, 0, 3, 0, "项目资金（万元）", "label"),
        Block(3, 1, 3, 2, "年度资金总额", "label"),
        Block(3, 3, 3, last, budget, "money"),
        Block(4, 0, 4, 0, _overall_goal_label(project), "label"),
        Block(4, 1, 4, last, _clean(project.overall_goal), "text"),
        Block(5, 0, 5, 0, "年度目标", "label"),
        Block(5, 1, 5, last, _clean(project.annual_goal), "text"),
    ]


def _runs(values: list[str | None]) -> list[tuple[int, int]]:
    """(first, last) index ranges of equal consecutive values — the vertical merges."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            runs.append((start, index - 1))
            start = index
    return runs


def _level_blocks(indicators: list[ParsedIndicator], first_row: int) -> list[Block]:
    """一级 merged over its rows, 二级 merged over its rows within the same 一级."""
    blocks: list[Block] = []
    level1 = [i.level1 for i in indicators]
    for start, end in _runs(level1):
        blocks.append(Block(first_row + start, 0, first_row + end, 0, _clean(level1[start]), "center"))
        level2 = [i.level2 for i in indicators[start : end + 1]]
        for start2, end2 in _runs(level2):
            row = first_row + start + start2
            blocks.append(Block(row, 1, row + end2 - start2, 1, _clean(level2[start2]), "center"))
    return blocks


def _indicator_cells(indicator: ParsedIndicator, with_weight: bool) -> list[tuple[str, str]]:
    cells = [
        (_clean(indicator.name), "text"),
        (OPERATOR_TEXT.get(indicator.operator, _clean(indicator.operator)), "center"),
        (_clean(indicator.target), "number"),
        (_clean(indicator.measure_unit), "center"),
        (KIND_TEXT.get(indicator.kind, _clean(indicator.kind)), "center"),
        (_clean(indicator.rule_text), "text"),
        (_clean(indicator.description), "text"),
        (_clean(indicator.basis), "text"),
    ]
    if with_weight:
        cells.append(("" if indicator.weight is None else str(indicator.weight), "number"))
    return cells


def layout(project: ParsedProject, indicators: list[ParsedIndicator]) -> tuple[list[Block], list[int]]:
    """Every block of the table and the column widths (Excel character units)."""
    columns = _columns(indicators)
    width = len(columns)
    blocks = _header_blocks(project, width)
    header_row = 6
    blocks += [Block(header_row, c, header_row, c, name, "label") for c, (name, _) in enumerate(columns)]
    first_row = header_row + 1
    blocks += _level_blocks(indicators, first_row)
    with_weight = width > len(GRID_COLUMNS)
    for offset, indicator in enumerate(indicators):
        row = first_row + offset
        for col, (value, style) in enumerate(_indicator_cells(indicator, with_weight), start=2):
            blocks.append(Block(row, col, row, col, value, style))
    return blocks, [w for _, w in columns]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_heights(blocks: list[Block], widths: list[int], line_height: float) -> dict[int, float]:
    """Estimated row heights: Excel does not grow rows for wrapped text in merged cells."""
    lines: dict[int, int] = {}
    for block in blocks:
        chars = max(1, sum(widths[block.col : block.last_col + 1]) - 1)
        count = sum(max(1, math.ceil(_display_width(line) / chars)) for line in block.value.split("\n"))
        span = block.last_row - block.row + 1
        lines[block.row] = max(lines.get(block.row, 1), math.ceil(count / span))
    return {row: min(409.0, max(1, n) * line_height + 4) for row, n in lines.items()}


# ---------------------------------------------------------------- xlsx


def _xlsx_formats(workbook: xlsxwriter.Workbook) -> dict[str, object]:
    base = {"font_name": FONT, "font_size": 10, "text_wrap": True, "valign": "vcenter", "border": 1}
    return {
        "title": workbook.add_format(
            {"font_name": FONT, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}
        ),
        "label": workbook.add_format({**base, "bold": True, "align": "center"}),
        "text": workbook.add_format({**base, "align": "left"}),
        "center": workbook.add_format({**base, "align": "center"}),
        "number": workbook.add_format({**base, "align": "center"}),
        "money": workbook.add_format({**base, "align": "left", "num_format": "0.00"}),
    }


def _money_number(text: str) -> float | None:
    """The 万元 amount as a float when the float reads back as exactly the same amount."""
    try:
        number = float(text)
        return number if Decimal(repr(number)) == Decimal(text) else None
    except (ValueError, InvalidOperation):
        return None


def _xlsx_write(sheet: object, block: Block, fmt: object) -> None:
    row, col = block.row, block.col
    if (block.last_row, block.last_col) != (row, col):
        # merge_range guesses the value's type (a leading "=" would become a formula),
        # so merge empty and write the value explicitly.
        sheet.merge_range(row, col, block.last_row, block.last_col, "", fmt)
    money = _money_number(block.value) if block.style == "money" and block.value else None
    if money is not None:
        sheet.write_number(row, col, money, fmt)
    elif block.style == "number" and number_roundtrips(block.value):
        sheet.write_number(row, col, float(block.value), fmt)
    elif block.value:
        sheet.write_string(row, col, block.value, fmt)
    else:
        sheet.write_blank(row, col, None, fmt)


def target_table_xlsx(project: ParsedProject, indicators: list[ParsedIndicator]) -> bytes:
    """The 绩效目标表 as an .xlsx workbook (one sheet, A4 landscape, 宋体)."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.formats[0].set_font_name(FONT)  # the default font of untouched cells
    formats = _xlsx_formats(workbook)
    sheet = workbook.add_worksheet("绩效目标表")
    blocks, widths = layout(project, indicators)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for row, height in _row_heights(blocks, widths, 13.5).items():
        sheet.set_row(row, 30 if row == 0 else height)
    for block in blocks:
        _xlsx_write(sheet, block, formats[block.style])
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(6)
    workbook.close()
    return buffer.getvalue()


# ---------------------------------------------------------------- docx


def _set_font(run: object, size: float, bold: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word picks the font for Chinese characters from w:eastAsia, not from w:ascii.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _docx_document() -> object:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    return document


def _docx_fill(cell: object, block: Block) -> None:
    paragraph = cell.paragraphs[0]
    centered = block.style in ("label", "center", "number", "title")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT
    _set_font(paragraph.add_run(block.value), 9, bold=block.style == "label")
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _docx_widths(table: object, widths: list[int]) -> None:
    usable = 267  # mm: A4 landscape less two 15 mm margins
    total = sum(widths)
    for col, width in enumerate(widths):
        size = Mm(usable * width / total)
        table.columns[col].width = size
        for cell in table.columns[col].cells:
            cell.width = size


def _mark_header_row(row: object) -> None:
    """Repeat the indicator header row on every printed page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def target_table_docx(project: ParsedProject, indicators: list[ParsedIndicator]) -> bytes:
    """The 绩效目标表 as a .docx (title paragraph + one bordered table, A4 landscape, 宋体)."""
    document = _docx_document()
    blocks, widths = layout(project, indicators)
    title_block, grid_blocks = blocks[0], blocks[1:]
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(title_block.value), 16, bold=True)
    rows = max(b.last_row for b in grid_blocks)
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _docx_widths(table, widths)
    for block in grid_blocks:
        # The title sits above the table, so table rows are shifted up by one.
        cell = table.cell(block.row - 1, block.col)
        if (block.last_row, block.last_col) != (block.row, block.col):
            cell = cell.merge(table.cell(block.last_row - 1, block.last_col))
        _docx_fill(cell, block)
    _mark_header_row(table.rows[5])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
