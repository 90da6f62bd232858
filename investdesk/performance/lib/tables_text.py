"""Plain-text 绩效目标表 layouts turned into rows of cells.

Tables reach us as text in five shapes; the line that holds the 三级指标 header cell tells
which one (the first such line that splits cleanly under some layout wins):

* ``tab-cells`` — the seed: one cell per line, each starting with a TAB, a blank line
  between rows, a line without a leading TAB continuing the cell above. Lines before the
  first TAB line are the free-text project header.
* ``pipe`` — ``| a | b |`` rows (markdown too); ``---`` separator lines are skipped.
* ``tab-rows`` — one row per line, cells separated by TABs (a spreadsheet copy; Excel
  quotes cells holding line breaks, so the rows are read as TSV).
* ``spaces`` — cells separated by two or more spaces or a full-width space (PDF copy).
* ``cell-lines`` — one cell per line without TABs, rows separated by blank lines.

The last two lose empty cells, so their rows are right-aligned against the header
(a merged 一级/二级 cell appears only in the first row of its group).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from .tables_columns import column_field
from .tables_model import Cell, Row

_SPACES_RE = re.compile(r"[ \t]{2,}|\u3000+")
_SEPARATOR_CELL_RE = re.compile(r"^\s*:?-{2,}:?\s*$")
_BR_RE = re.compile(r"<br\s*/?>", re.I)


def _loc(number: int) -> str:
    return f"第{number}行"


def _is_name_cell(text: str) -> bool:
    return column_field(text) == "name"


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    parts = re.split(r"(?<!\\)\|", body)
    return [_BR_RE.sub("\n", part).replace("\\|", "|").strip() for part in parts]


def _space_cells(line: str) -> list[str]:
    return [part for part in _SPACES_RE.split(line.strip()) if part]


def _layout_of_line(line: str) -> str | None:
    """The layout under which this line is a header row holding a 三级指标 cell."""
    stripped = line.rstrip()
    if stripped.startswith("\t") and stripped.count("\t") == 1 and _is_name_cell(stripped[1:]):
        return "tab-cells"
    if "|" in stripped and any(_is_name_cell(c) for c in _pipe_cells(stripped)):
        return "pipe"
    if "\t" in stripped.strip() and any(_is_name_cell(c) for c in stripped.split("\t")):
        return "tab-rows"
    cells = _space_cells(stripped)
    if len(cells) > 1 and any(_is_name_cell(c) for c in cells):
        return "spaces"
    if _is_name_cell(stripped.strip()):
        return "cell-lines"
    return None


def detect_layout(lines: list[str]) -> str | None:
    """Name the text layout from the first line that reads as an indicator header row."""
    for line in lines:
        if "三级" not in line and "指标名称" not in line:
            continue
        layout = _layout_of_line(line)
        if layout:
            return layout
    return None


def _tab_cell_rows(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    current: Row | None = None
    in_table = False
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if raw.startswith("\t"):
            in_table = True
            if current is None:
                current = Row([], _loc(number))
                rows.append(current)
            current.cells.append(Cell(line[1:], _loc(number)))
        elif not line.strip():
            current = None
        elif in_table and current is not None and current.cells:
            # A line without a leading TAB continues the cell above it.
            current.cells[-1].text += "\n" + line
        else:
            rows.append(Row([Cell(line, _loc(number))], _loc(number)))
    return rows


def _line_rows(lines: list[str], split: Callable[[str], list[str]], align: str) -> list[Row]:
    rows: list[Row] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        cells = split(raw)
        if any(cells) and all(not c or _SEPARATOR_CELL_RE.match(c) for c in cells):
            continue  # a markdown |---|---| line
        rows.append(Row([Cell(c, _loc(number)) for c in cells], _loc(number), align=align))
    return rows


def _pipe_split(line: str) -> list[str]:
    return _pipe_cells(line) if "|" in line else [line.strip()]


def _tsv_rows(text: str) -> list[Row]:
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=False)
    first = 1
    try:
        for record in reader:
            number, first = first, reader.line_num + 1
            if any(cell.strip() for cell in record):
                rows.append(Row([Cell(c, _loc(number)) for c in record], _loc(number)))
    except csv.Error:
        # An unbalanced quote swallowed too much text: read the lines as they are.
        return _line_rows(text.split("\n"), lambda line: line.split("\t"), "left")
    return rows


def _cell_line_rows(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    current: Row | None = None
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            current = None
            continue
        if current is None:
            current = Row([], _loc(number), align="right")
            rows.append(current)
        current.cells.append(Cell(raw.strip(), _loc(number)))
    return rows


def normalise_newlines(text: str) -> str:
    """One newline convention, no BOM, no NUL characters."""
    text = text.lstrip("\ufeff").replace("\x00", "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_rows(text: str) -> tuple[list[Row], str | None]:
    """Rows of cells from a text table, and the layout detected (None: no header row)."""
    text = normalise_newlines(text)
    lines = text.split("\n")
    layout = detect_layout(lines)
    if layout == "tab-cells":
        rows = _tab_cell_rows(lines)
    elif layout == "pipe":
        rows = _line_rows(lines, _pipe_split, "left")
    elif layout == "tab-rows":
        rows = _tsv_rows(text)
    elif layout == "spaces":
        rows = _line_rows(lines, _space_cells, "right")
    else:
        # cell-lines, and the fallback for text with no header: blocks of lines.
        rows = _cell_line_rows(lines)
    return rows, layout
