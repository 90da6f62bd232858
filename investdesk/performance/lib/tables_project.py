"""The project header of a 绩效目标表: 项目名称, 实施单位, 年度, 资金, 目标 and the free text.

Two shapes are read. Free text (the seed, Word paragraphs, "项目名称：xxx" lines) goes
line by line through a small state machine: a label alone on a line opens a section whose
text follows; "label：value" sets a field at once. Grid rows (Word/Excel tables, pipe
rows) are scanned for label cells whose value is the next non-label cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .tables_columns import normalise_label
from .tables_model import Cell, ParsedProject, ParseIssue, Row
from .tables_values import clean_text, parse_amount, parse_year

_TEXT_FIELDS = frozenset(
    {
        "basis",
        "overview",
        "content",
        "funding_text",
        "plan",
        "effect",
        "profile",
        "overall_goal",
        "annual_goal",
    }
)
_UNIT_INFO_FIELDS = ("uscc", "address", "phone", "legal_rep", "funding_source")

_LABELS = {
    "项目名称": "name",
    "主管部门": "department",
    "主管部门及代码": "department",
    "主管单位": "department",
    "实施单位": "unit_name",
    "单位名称": "unit_name",
    "预算单位": "unit_name",
    "项目单位": "unit_name",
    "项目实施单位": "_unit_block",
    "年度": "year",
    "预算年度": "year",
    "项目年度": "year",
    "年份": "year",
    "立项依据": "basis",
    "项目立项依据": "basis",
    "项目基本概况": "overview",
    "项目概况": "overview",
    "基本概况": "overview",
    "项目实施内容": "content",
    "实施内容": "content",
    "项目内容": "content",
    "资金安排情况": "funding_text",
    "资金安排": "funding_text",
    "项目实施计划": "plan",
    "实施计划": "plan",
    "项目实施成效": "effect",
    "实施成效": "effect",
    "预期成效": "effect",
    "项目成效": "effect",
    "组织机构代码": "uscc",
    "统一社会信用代码": "uscc",
    "社会信用代码": "uscc",
    "组织机构代码/统一社会信用代码": "uscc",
    "地址": "address",
    "单位地址": "address",
    "通讯地址": "address",
    "联系电话": "phone",
    "电话": "phone",
    "法人代表": "legal_rep",
    "法定代表人": "legal_rep",
    "经费来源": "funding_source",
    "资金来源": "funding_source",
    "单位概况": "profile",
    "单位简介": "profile",
    "项目绩效目标表": "_stop",
    "绩效目标表": "_stop",
}
_BUDGET_LABELS = frozenset(
    {
        "资金总额",
        "预算资金",
        "项目资金",
        "年度资金总额",
        "全年安排资金",
        "预算金额",
        "项目预算",
        "预算总额",
        "项目总预算",
        "年度预算",
        "年度预算资金",
        "项目资金总额",
        "资金",
        "预算",
    }
)
_GOAL_YEARS_RE = re.compile(r"(\d{4})\s*年?\s*[-－—–~～至到]+\s*(\d{4})")
_OVERALL_RE = re.compile(r"^(项目)?(总体目标|中长期目标|绩效总目标|长期目标)")
_KV_RE = re.compile(r"^([^：:\n]{1,24}?)\s*[：:]\s*(.*)$", re.S)
_PROJECT_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年.*项目")


@dataclass
class Label:
    """What a label cell means, with what the label itself carries (years, 万元)."""

    field: str
    wan: bool = False
    start: int | None = None
    end: int | None = None
    year: int | None = None


def _goal_label(label: str) -> Label | None:
    if "年度" in label and "中长期" not in label:
        return Label("annual_goal", year=parse_year(label))
    if _OVERALL_RE.match(label):
        years = _GOAL_YEARS_RE.search(label)
        if years:
            return Label("overall_goal", start=int(years.group(1)), end=int(years.group(2)))
        return Label("overall_goal")
    return None


def label_of(text: str) -> Label | None:
    """The project field a label cell/line names ("项目名称", "总体目标(2022年-2024年)" …)."""
    label = normalise_label(text)
    if not label or len(label) > 40:
        return None
    if "目标" in label and "目标表" not in label:
        return _goal_label(label)
    unit = re.search(r"\((万元|元)\)$", label)
    base = label[: unit.start()] if unit else label
    if base in _BUDGET_LABELS:
        return Label("budget", wan=bool(unit and unit.group(1) == "万元"))
    field = _LABELS.get(label)
    return Label(field) if field else None


class ProjectReader:
    """Collects project fields from rows outside the indicator grid."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.texts: dict[str, list[str]] = {}
        self.years: dict[int, int] = {}  # priority -> year; the highest priority wins
        self.goal_years: tuple[int | None, int | None] = (None, None)
        self.budget: Decimal | None = None
        self.current: Label | None = None
        self.warnings: list[ParseIssue] = []

    def _note_label(self, label: Label) -> None:
        if label.start is not None and self.goal_years == (None, None):
            self.goal_years = (label.start, label.end)
        if label.year is not None:
            self.years.setdefault(3, label.year)

    def assign(self, label: Label, value: str, loc: str, *, wan: bool = False) -> None:
        """Store one value under the label's field; the first value of a scalar wins."""
        self._note_label(label)
        value = clean_text(value)
        if not value:
            return
        field = label.field
        if field == "year":
            year = parse_year(value)
            if year is None:
                self.warnings.append(ParseIssue(loc, f"年度“{value}”无法识别"))
            else:
                self.years.setdefault(4, year)
        elif field == "budget":
            amount = parse_amount(value, default_wan=label.wan or wan)
            if amount is None:
                self.warnings.append(ParseIssue(loc, f"项目资金“{value}”无法识别"))
            elif self.budget is None:
                self.budget = amount
        elif field in _TEXT_FIELDS:
            self.texts.setdefault(field, []).append(value)
        else:
            self.values.setdefault(field, value)

    def feed_line(self, line: str, loc: str) -> None:
        """One line of free text: a section label, a "label：value" line, or section text."""
        text = line.strip()
        if not text:
            return
        label = label_of(text)
        if label is not None:
            self._note_label(label)
            self.current = None if label.field == "_stop" else label
            return
        if self._feed_key_value(text, loc):
            return
        if "绩效目标表" in text:
            year = parse_year(text)
            if year is not None:
                self.years.setdefault(2, year)
            self.current = None
            return
        self._feed_section_text(text, loc)

    def _feed_key_value(self, text: str, loc: str) -> bool:
        match = _KV_RE.match(text)
        label = label_of(match.group(1)) if match else None
        if match is None or label is None or label.field == "_stop":
            return False
        if label.field == "_unit_block":
            label = Label("unit_name")
        self.assign(label, match.group(2), loc)
        self.current = label if label.field in _TEXT_FIELDS else None
        return True

    def _feed_section_text(self, text: str, loc: str) -> None:
        current = self.current
        if current is None:
            year = _PROJECT_YEAR_RE.search(text)
            if year:
                self.years.setdefault(1, int(year.group(1)))
            return
        if current.field == "_unit_block":
            # A bare line under 项目实施单位 is the unit's name.
            self.values.setdefault("unit_name", text)
            return
        self.assign(current, text, loc)
        if current.field not in _TEXT_FIELDS:
            self.current = None

    def scan_cells(self, cells: list[Cell]) -> None:
        """A grid row: each label cell takes the next non-label cell as its value."""
        filled = [(clean_text(c.text), c.loc) for c in cells if not c.hcont]
        filled = [(text, loc) for text, loc in filled if text]
        for index, (text, loc) in enumerate(filled):
            match = _KV_RE.match(text)
            if match and label_of(match.group(1)) is not None and label_of(text) is None:
                self._feed_key_value(text, loc)
                continue
            label = label_of(text)
            if label is None or label.field == "_stop":
                continue
            if label.field == "_unit_block":
                label = Label("unit_name")
            rest = filled[index + 1 :]
            if label.field == "budget":
                self._scan_budget(label, rest, any("万" in t for t, _ in filled[:index]))
                continue
            self._note_label(label)
            if rest and label_of(rest[0][0]) is None:
                self.assign(label, rest[0][0], rest[0][1])

    def _scan_budget(self, label: Label, rest: list[tuple[str, str]], wan: bool) -> None:
        # "项目资金（万元） | 年度资金总额 | 5.80": skip further budget labels to the amount.
        for text, loc in rest:
            other = label_of(text)
            if other is not None:
                if other.field != "budget":
                    return
                wan = wan or other.wan
                continue
            self.assign(label, text, loc, wan=wan)
            return

    def read_row(self, row: Row) -> None:
        """Route a row to the free-text machine or the grid scanner."""
        cells = [c for c in row.cells if not c.hcont and clean_text(c.text)]
        if len(cells) == 1 or (cells and row.align == "right"):
            for cell in cells:
                for line in clean_text(cell.text).split("\n"):
                    self.feed_line(line, cell.loc)
        elif cells:
            self.current = None
            self.scan_cells(cells)

    def build(self) -> ParsedProject:
        """The ParsedProject for everything read so far."""
        text = {field: "\n".join(parts) for field, parts in self.texts.items()}
        budget = self.budget
        if budget is None and text.get("funding_text"):
            budget = parse_amount(text["funding_text"])
        unit_info = {key: self.values[key] for key in _UNIT_INFO_FIELDS if key in self.values}
        if "profile" in text:
            unit_info["profile"] = text["profile"]
        if "department" in self.values:
            unit_info["department"] = self.values["department"]
        year = self.years[max(self.years)] if self.years else None
        return ParsedProject(
            name=self.values.get("name"),
            unit_name=self.values.get("unit_name"),
            department=self.values.get("department"),
            year=year,
            budget_yuan=budget,
            overall_goal=text.get("overall_goal"),
            overall_goal_start_year=self.goal_years[0],
            overall_goal_end_year=self.goal_years[1],
            annual_goal=text.get("annual_goal"),
            basis=text.get("basis"),
            overview=text.get("overview"),
            content=text.get("content"),
            funding_text=text.get("funding_text"),
            plan=text.get("plan"),
            effect=text.get("effect"),
            unit_info=unit_info,
        )


def read_project(segments: list[list[Row]]) -> tuple[ParsedProject, list[ParseIssue]]:
    """The project header found in the rows outside the indicator grid.

    ``segments`` are runs of consecutive rows (before the grid, after it); an open text
    section never continues across the grid.
    """
    reader = ProjectReader()
    for rows in segments:
        reader.current = None
        for row in rows:
            reader.read_row(row)
    return reader.build(), reader.warnings
