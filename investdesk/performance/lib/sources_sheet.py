"""The technical sheet (数据来源) of the exported workbooks: where each indicator's value comes from.

Staff pages name a ledger source in words; the metric codes (`metric:<name>`) belong here and in
the command-line output, for whoever checks the figures. Pure Python, no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .table_writers import _clean

SOURCE_COLUMNS = (("三级指标", 24), ("取值来源", 30), ("指标代码", 44), ("口径说明", 70))
SHEET_NAME = "数据来源"


@dataclass
class SourceRow:
    name: str
    source: str  # e.g. "台账：公开发放的宣传材料份数" or "手工填报"
    code: str  # "metric:publicity.materials_distributed" or "manual"
    definition: str = ""


def write_sources_sheet(workbook: Any, formats: dict[str, Any], sources: list[SourceRow]) -> None:
    sheet = workbook.add_worksheet(SHEET_NAME)
    for col, (name, width) in enumerate(SOURCE_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, name, formats["label"])
    for row, source in enumerate(sources, start=1):
        for col, value in enumerate((source.name, source.source, source.code, source.definition)):
            if value:
                sheet.write_string(row, col, _clean(value), formats["text"])
            else:
                sheet.write_blank(row, col, None, formats["text"])
