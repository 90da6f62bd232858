"""Spreadsheet import and export shared by the ledgers (STYLE.md habit 9).

An app describes its sheet as a list of `Column`s. `read_xlsx` maps the file's headers to the
columns (by header or alias, in any order), parses every cell and reports every bad cell with
its Excel row number and header — it never saves. The app then checks what needs the database
(duplicates, related rows by natural key), adds its own `RowError`s, and saves all rows in one
transaction only when there is no error at all. `template_xlsx` and `export_xlsx` write sheets
with the same headers, so an export can be imported again.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

MAX_ROWS = 50_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Callable[[str], Any] | None = None  # raises ValidationError or ValueError with a message
    export: Callable[[Any], Any] | None = None  # the cell value for one exported object
    width: int = 16
    help: str = ""
    kind: str = "text"  # "text" cells are formatted as text in the template, so 18-digit codes stay exact


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number (the header row is 1 in a plain sheet)
    column: str  # the header as the user sees it; "" for the whole row
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row}
        return f"{where}·{self.column}：{self.message}" if self.column else f"{where}：{self.message}"


@dataclass
class ReadResult:
    rows: list[dict] = field(default_factory=list)  # each with "_row": its Excel row number
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_key(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*＊:：()（）]", "", text).lower()


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: 100.0 → "100", dates as 2022-10-08, None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    # Text stays as typed (a reason's "，" is not turned into ","); the parsers of numbers, dates
    # and choices fold full-width forms themselves.
    return str(value).strip()


def _sheet_rows(data: bytes) -> list[list[Any]]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)


def read_xlsx(data: bytes, columns: list[Column]) -> ReadResult:
    """Read the first sheet; every problem becomes a RowError, nothing raises."""
    result = ReadResult()
    try:
        rows = _sheet_rows(data)
    except Exception:  # calamine raises its own error types for anything that is not a workbook
        result.errors.append(RowError(0, "", _("The file cannot be read as an Excel workbook (.xlsx).")))
        return result
    header_at = next((n for n, row in enumerate(rows) if any(cell_text(c) for c in row)), None)
    if header_at is None:
        result.errors.append(RowError(0, "", _("The sheet is empty.")))
        return result
    mapping = _map_headers(rows[header_at], columns, result)
    if result.errors:
        return result
    body = rows[header_at + 1 :]
    if len(body) > MAX_ROWS:
        result.errors.append(RowError(0, "", _("At most %(n)s rows can be imported at once.") % {"n": MAX_ROWS}))
        return result
    for offset, row in enumerate(body):
        number = header_at + offset + 2
        texts = {col.key: cell_text(row[i]) if i < len(row) else "" for i, col in mapping.items()}
        if not any(texts.values()):
            continue
        result.rows.append(_parse_row(number, texts, columns, result.errors))
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, "", _("The sheet has headers but no rows.")))
    return result


def _map_headers(header_row: list[Any], columns: list[Column], result: ReadResult) -> dict[int, Column]:
    names = {}
    for col in columns:
        for name in (col.header, *col.aliases):
            names[_header_key(name)] = col
    mapping: dict[int, Column] = {}
    for index, cell in enumerate(header_row):
        text = cell_text(cell)
        if not text:
            continue
        col = names.get(_header_key(text))
        if col is None:
            result.ignored_headers.append(text)
        elif col in mapping.values():
            result.errors.append(RowError(1, text, _("This column appears twice.")))
        else:
            mapping[index] = col
    present = set(mapping.values())
    for col in columns:
        if col.required and col not in present:
            result.errors.append(RowError(1, col.header, _("The required column is missing.")))
    return mapping


def _parse_row(number: int, texts: dict[str, str], columns: list[Column], errors: list[RowError]) -> dict:
    parsed: dict[str, Any] = {"_row": number}
    for col in columns:
        if col.key not in texts:
            continue
        text = texts[col.key]
        if not text:
            if col.required:
                errors.append(RowError(number, col.header, _("This field is required.")))
            parsed[col.key] = None
            continue
        try:
            parsed[col.key] = col.parse(text) if col.parse else text
        except ValidationError as exc:
            errors.append(RowError(number, col.header, "；".join(exc.messages)))
        except (ValueError, InvalidOperation) as exc:
            errors.append(RowError(number, col.header, str(exc) or _("The value cannot be read.")))
    return parsed


def model_row_errors(number: int, exc: ValidationError, headers: dict, renamed: dict | None = None) -> list[RowError]:
    """A model's or a service's ValidationError as row `number`'s errors, each under its column.

    `headers` maps a column key to its header; `renamed` maps a model field to the column that
    holds it (the `enterprise` field is read from the `enterprise_uscc` column, say).
    """
    renamed = renamed or {}
    errors = []
    for name, messages in exc.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else headers.get(renamed.get(name, name), name)
        errors.extend(RowError(number, column, message) for message in messages)
    return errors


# --- cell parsers shared by the ledgers -------------------------------------------------------


def _folded(text: str) -> str:
    """Full-width digits, letters and signs as their ASCII forms (１００ → 100)."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_decimal(text: str) -> Decimal:
    try:
        return Decimal(_folded(text).replace(",", ""))
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None


def parse_date(text: str) -> date:
    cleaned = re.sub(r"[年月./]", "-", _folded(text).replace("日", "")).strip("-")
    try:
        return date.fromisoformat("-".join(part.zfill(2) for part in cleaned.split("-")))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (write 2022-10-08).") % {"value": text}) from None


def parse_choice(choices) -> Callable[[str], str]:
    """Accept a choice by its label (中文) or by its stored value."""
    by_text = {}
    for value, label in choices:
        by_text[str(value)] = value
        by_text[str(label)] = value

    def parse(text: str) -> str:
        for candidate in (text, _folded(text)):
            if candidate in by_text:
                return by_text[candidate]
        allowed = "、".join(str(label) for _value, label in choices)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})

    return parse


def parse_bool(text: str) -> bool:
    text = _folded(text)
    if text.lower() in ("是", "y", "yes", "true", "1", "√"):
        return True
    if text.lower() in ("否", "n", "no", "false", "0", "×"):
        return False
    raise ValueError(_("Write 是 or 否."))


# --- writing -------------------------------------------------------------------------------------


def _formats(book: xlsxwriter.Workbook) -> dict:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    return {
        "header": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
        "cell": book.add_format({**base, "text_wrap": False}),
        "date": book.add_format({**base, "num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({**base, "num_format": "yyyy-mm-dd hh:mm"}),
        "text": book.add_format({**base, "num_format": "@"}),
    }


def _write_header(sheet, columns: list[Column], fmt: dict, *, mark_required: bool) -> None:
    for index, col in enumerate(columns):
        title = f"{col.header}*" if mark_required and col.required else col.header
        sheet.write_string(0, index, title, fmt["header"])
        sheet.set_column(index, index, col.width, fmt["text"] if col.kind == "text" else None)
        if col.help and mark_required:
            sheet.write_comment(0, index, col.help, {"x_scale": 2, "y_scale": 1.5})
    sheet.freeze_panes(1, 0)


def template_xlsx(columns: list[Column], sheet_name: str, example: dict | None = None) -> bytes:
    """An empty sheet with the headers (required ones marked *), help as comments, one example row."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(sheet_name[:31])
    fmt = _formats(book)
    _write_header(sheet, columns, fmt, mark_required=True)
    for index, col in enumerate(columns):
        if example and col.key in example:
            sheet.write(1, index, example[col.key], fmt["cell"])
    book.close()
    return buffer.getvalue()


def export_xlsx(columns: list[Column], objects: Iterable[Any], sheet_name: str) -> bytes:
    """One row per object; streamed (constant memory) so 10,000 rows stay cheap."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet(sheet_name[:31])
    fmt = _formats(book)
    _write_header(sheet, columns, fmt, mark_required=False)
    for row, obj in enumerate(objects, start=1):
        for index, col in enumerate(columns):
            value = col.export(obj) if col.export else getattr(obj, col.key, "")
            _write_cell(sheet, row, index, value, fmt)
    book.close()
    return buffer.getvalue()


def _write_cell(sheet, row: int, col: int, value: Any, fmt: dict) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否", fmt["cell"])
    elif isinstance(value, datetime):
        # A stored time is UTC: the sheet shows it in local time (Asia/Shanghai), like the pages.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        sheet.write_datetime(row, col, local.replace(tzinfo=None, microsecond=0), fmt["datetime"])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt["date"])
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value), fmt["cell"])
    else:
        sheet.write_string(row, col, str(value), fmt["cell"])
