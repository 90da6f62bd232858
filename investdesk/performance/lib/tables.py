"""Parser for 绩效目标表 (performance target tables) from text, Word and Excel.

Pure Python, no Django import. Every parser returns a :class:`ParseResult` and never
raises on bad input: unreadable files, wrong encodings and broken rows become errors
naming the line or cell. The work is split over ``tables_*`` modules:

* ``tables_text``   — text layouts (seed, pipe, tab rows, multi-space, one cell per line)
* ``tables_office`` — .docx and .xlsx into the same rows, merged cells filled
* ``tables_grid``   — the indicator grid: header mapping, carry-down, indicators
* ``tables_project`` — the project header (名称, 单位, 年度, 资金, 目标, free text)
* ``tables_values`` — operators, targets, numbers, money
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from .tables_grid import find_header, parse_rows
from .tables_model import (
    ParsedIndicator,
    ParsedProject,
    ParseIssue,
    ParseResult,
    Row,
    error_result,
)
from .tables_office import docx_rows, xlsx_sheets
from .tables_text import text_rows
from .tables_values import normalise_operator, split_target

__all__ = [
    "ParseIssue",
    "ParseResult",
    "ParsedIndicator",
    "ParsedProject",
    "normalise_operator",
    "parse_docx",
    "parse_table_file",
    "parse_text",
    "parse_xlsx",
    "split_target",
]

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "解析时发生内部错误，请把文件发给管理员"


def _guarded(parse: Callable[[], ParseResult]) -> ParseResult:
    """Run a parser; a bug in it becomes an error in the result, never an exception.

    The readers already turn unreadable input into errors; this is the last net so one
    odd file cannot break an import page.
    """
    try:
        return parse()
    except Exception:
        logger.exception("target table parser failed")
        return error_result(INTERNAL_ERROR)


def parse_text(text: str) -> ParseResult:
    """Parse a target table pasted or saved as text (layout detected automatically)."""

    def run() -> ParseResult:
        rows, _layout = text_rows(text if isinstance(text, str) else str(text))
        return parse_rows(rows)

    return _guarded(run)


def parse_docx(data: bytes) -> ParseResult:
    """Parse a Word .docx: paragraphs before the table and the table(s), merged cells too."""

    def run() -> ParseResult:
        try:
            rows = docx_rows(bytes(data))
        except Exception:
            return error_result("无法读取Word文件：文件已损坏或不是 .docx 格式")
        return parse_rows(rows)

    return _guarded(run)


def _read_sheets(data: bytes) -> list[list[Row]] | str:
    try:
        return list(xlsx_sheets(bytes(data)))
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: B036 - calamine reports Rust panics as BaseException
        if isinstance(exc, ValueError) and "过大" in str(exc):
            return f"无法读取Excel文件：{exc}"
        return "无法读取Excel文件：文件已损坏或不是 .xlsx 格式"


def parse_xlsx(data: bytes) -> ParseResult:
    """Parse an Excel .xlsx: the first sheet holding an indicator grid is used."""

    def run() -> ParseResult:
        sheets = _read_sheets(data)
        if isinstance(sheets, str):
            return error_result(sheets)
        if not sheets:
            return error_result("Excel文件中没有工作表")
        for rows in sheets:
            if find_header(rows) is not None:
                return parse_rows(rows)
        return parse_rows(sheets[0])

    return _guarded(run)


def decode_text(data: bytes) -> str | None:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _extension(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def parse_table_file(filename: str, data: bytes) -> ParseResult:
    """Dispatch on the file extension (.txt, .docx, .xlsx, any case)."""
    extension = _extension(filename)
    if extension == ".txt":
        text = decode_text(bytes(data))
        if text is None:
            return error_result(f"无法识别文件“{filename}”的文字编码（应为 UTF-8 或 GB18030）")
        return parse_text(text)
    if extension == ".docx":
        return parse_docx(data)
    if extension == ".xlsx":
        return parse_xlsx(data)
    shown = extension or "无扩展名"
    return error_result(f"不支持的文件类型“{shown}”（{filename}），请使用 .txt、.docx 或 .xlsx")
