"""Word (.docx) and Excel (.xlsx) documents turned into rows of cells.

Merged cells are filled over their whole range, so a vertically merged 一级指标 cell reads
in every row it covers. Cells covered by a horizontal merge are marked ``hcont``: they
repeat the text for header labels but carry no value of their own.
Both readers raise on unreadable files; the public parsers turn that into an error.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from python_calamine import CalamineWorkbook

from .tables_model import Cell, Row
from .tables_values import render_spreadsheet_value

_MAX_SPAN = 200
# A sheet this large is not a target table; reading it would only exhaust memory.
_MAX_SHEET_CELLS = 2_000_000


def _int_attr(element: Any, tag: str, default: int, minimum: int = 1) -> int:
    """An integer ``w:val`` of a child element, clamped to a sane range."""
    if element is None:
        return default
    child = element.find(qn(tag))
    if child is None:
        return default
    try:
        return max(minimum, min(_MAX_SPAN, int(child.get(qn("w:val")) or default)))
    except (TypeError, ValueError):
        return default


def _merge_state(tc_pr: Any, tag: str) -> str | None:
    """'continue', 'restart' or None for a w:vMerge / w:hMerge property."""
    if tc_pr is None:
        return None
    child = tc_pr.find(qn(tag))
    if child is None:
        return None
    return child.get(qn("w:val")) or "continue"


def _paragraph_text(p: Any) -> str:
    text = getattr(p, "text", None)
    if isinstance(text, str):
        return text
    return "".join(node.text or "" for node in p.iter(qn("w:t")))


def _tc_text(tc: Any) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iterchildren(qn("w:p")))


def _docx_table_rows(tbl: Any, number: int) -> list[Row]:
    rows: list[Row] = []
    previous: list[Cell] = []
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr")), 1):

        def loc(col: int, r: int = r) -> str:
            return f"表{number} 第{r}行第{col + 1}列"

        tr_pr = tr.find(qn("w:trPr"))
        cells = [Cell("", loc(c)) for c in range(_int_attr(tr_pr, "w:gridBefore", 0, minimum=0))]
        for tc in tr.iterchildren(qn("w:tc")):
            col = len(cells)
            tc_pr = tc.find(qn("w:tcPr"))
            span = _int_attr(tc_pr, "w:gridSpan", 1)
            text = _tc_text(tc)
            if _merge_state(tc_pr, "w:vMerge") == "continue":
                text = previous[col].text if col < len(previous) else ""
            if _merge_state(tc_pr, "w:hMerge") == "continue" and cells:
                cells.append(Cell(cells[-1].text, loc(col), hcont=True))
                continue
            cells.append(Cell(text, loc(col)))
            cells.extend(Cell(text, loc(col + k), hcont=True) for k in range(1, span))
        rows.append(Row(cells, f"表{number} 第{r}行", block=("table", number)))
        previous = cells
    return rows


def docx_rows(data: bytes) -> list[Row]:
    """Paragraphs (one-cell rows) and table rows of a .docx, in document order."""
    document = Document(io.BytesIO(data))
    rows: list[Row] = []
    paragraphs = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraphs += 1
            loc = f"第{paragraphs}段"
            rows.append(Row([Cell(_paragraph_text(child), loc)], loc))
        elif child.tag == qn("w:tbl"):
            tables += 1
            rows.extend(_docx_table_rows(child, tables))
    return rows


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _fill_merges(grid: list[list[str]], merges: list[Any]) -> set[tuple[int, int]]:
    """Copy each merged range's top-left value over the range; return the hcont cells."""
    hcont: set[tuple[int, int]] = set()
    height = len(grid)
    width = len(grid[0]) if grid else 0
    for (r0, c0), (r1, c1) in merges:
        if r0 >= height or c0 >= width:
            continue
        top = grid[r0][c0]
        for r in range(r0, min(r1, height - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                if (r, c) != (r0, c0):
                    grid[r][c] = top
                if c != c0:
                    hcont.add((r, c))
    return hcont


def _sheet_rows(sheet: Any, name: str) -> list[Row]:
    end = sheet.end
    if end is None:
        return []
    if (end[0] + 1) * (end[1] + 1) > _MAX_SHEET_CELLS:
        raise ValueError(f"工作表“{name}”过大")
    values = sheet.to_python(skip_empty_area=False)
    width = max((len(r) for r in values), default=0)
    grid = [[render_spreadsheet_value(v) for v in r] + [""] * (width - len(r)) for r in values]
    hcont = _fill_merges(grid, sheet.merged_cell_ranges or [])
    letters = [column_letter(c) for c in range(width)]
    return [
        Row(
            [Cell(text, f"{name}!{letters[c]}{r + 1}", (r, c) in hcont) for c, text in enumerate(cells)],
            f"{name} 第{r + 1}行",
            block=("sheet", name),
        )
        for r, cells in enumerate(grid)
    ]


def xlsx_sheets(data: bytes) -> Iterator[list[Row]]:
    """The rows of each worksheet, in workbook order."""
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    for index, name in enumerate(workbook.sheet_names):
        yield _sheet_rows(workbook.get_sheet_by_index(index), name)
