"""From rows of cells to a ParseResult: find the indicator grid, map its columns, read rows.

Every input format (text layouts, Word, Excel) is first turned into ``Row`` objects; this
module is the one place that knows what a 绩效目标表 grid looks like.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .tables_columns import FIELDS, column_field
from .tables_model import Cell, ParsedIndicator, ParseIssue, ParseResult, Row
from .tables_project import read_project
from .tables_values import clean_text, is_number, normalise_operator, parse_decimal, split_target

_LEVELS = ("level1", "level2")
# 一级指标 of the 2020 framework, plus 成本指标 which the 2021 framework made 一级 (RULES.md §2).
LEVEL1_NAMES = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标"})
_EXPECTED_WEIGHT_TOTALS = (Decimal(90), Decimal(100))


def _row_fields(row: Row) -> list[str | None]:
    return [None if cell.hcont else column_field(cell.text) for cell in row.cells]


def find_header(rows: list[Row]) -> int | None:
    """Index of the first row naming a 三级指标 column and at least one other column."""
    for index, row in enumerate(rows):
        fields = {f for f in _row_fields(row) if f}
        if "name" in fields and len(fields) >= 2:
            return index
    return None


def map_columns(rows: list[Row], index: int) -> dict[str, int]:
    """Field -> column index for the header row at ``index``.

    Official tables put 评（扣）分标准/指标内容/设定依据 in the row above the 一级…指标属性
    row (merged vertically, or in the seed simply listed there); header cells left empty
    take their names from that row — column by column when both rows have the same width,
    otherwise in order.
    """
    header = rows[index]
    mapping: dict[str, int] = {}
    unnamed: list[int] = []
    for col, name in enumerate(_row_fields(header)):
        if name and name not in mapping:
            mapping[name] = col
        elif not header.cells[col].hcont and not clean_text(header.cells[col].text):
            unnamed.append(col)
    if not unnamed or index == 0 or rows[index - 1].block != header.block:
        return mapping
    above = rows[index - 1]
    if len(above.cells) == len(header.cells):
        above_fields = _row_fields(above)
        for col in unnamed:
            name = above_fields[col]
            if name and name not in mapping:
                mapping[name] = col
        return mapping
    names = [f for f in dict.fromkeys(_row_fields(above)) if f and f not in mapping]
    for col, name in zip(unnamed, names, strict=False):
        mapping[name] = col
    return mapping


def grid_end(rows: list[Row], index: int) -> int:
    """Index just past the grid: the grid ends where the header's table ends."""
    end = index + 1
    while end < len(rows) and rows[end].block == rows[index].block:
        end += 1
    return end


@dataclass
class _GridReader:
    """Reads indicator rows under one header, carrying 一级/二级 down."""

    mapping: dict[str, int]
    width: int
    level1: str | None = None
    level2: str | None = None
    indicators: list[ParsedIndicator] = field(default_factory=list)
    warnings: list[ParseIssue] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)

    def _align(self, row: Row) -> list[Cell | None] | None:
        """The row's cells placed under the header's columns (None: cannot be placed)."""
        cells: list[Cell | None] = list(row.cells)
        if row.align != "right" or len(cells) >= self.width:
            return cells + [None] * (self.width - len(cells))
        level_cols = sorted(self.mapping[f] for f in _LEVELS if f in self.mapping)
        texts = [clean_text(c.text) for c in row.cells]
        if len(cells) <= len(level_cols):
            if not all(t.endswith("指标") for t in texts if t):
                return None
            if len(cells) == 1 and len(level_cols) == 2 and not self._is_level1(texts[0]):
                level_cols = level_cols[1:]
            placed: list[Cell | None] = [None] * self.width
            for col, cell in zip(level_cols, cells, strict=False):
                placed[col] = cell
            return placed
        # A PDF copy drops the empty cells of merged 一级/二级 columns: pad on the left.
        return [None] * (self.width - len(cells)) + cells

    def _is_level1(self, text: str) -> bool:
        """Whether a lone category cell is a 一级指标 (else it is a 二级指标).

        成本指标 is 二级 under 产出指标 in the 2020 tree and 一级 in the 2021 tree.
        """
        if text == "成本指标":
            return self.level1 != "产出指标"
        return text in LEVEL1_NAMES

    def _values(self, row: Row, cells: list[Cell | None]) -> dict[str, tuple[str, str]]:
        values: dict[str, tuple[str, str]] = {}
        for name in FIELDS:
            col = self.mapping.get(name)
            cell = cells[col] if col is not None and col < len(cells) else None
            if cell is None or cell.hcont:
                values[name] = ("", row.loc)
            else:
                values[name] = (clean_text(cell.text), cell.loc)
        return values

    def read_row(self, row: Row) -> None:
        """One grid row: a category row, an indicator, or a row with an error."""
        cells = self._align(row)
        if cells is None:
            self.warnings.append(ParseIssue(row.loc, "这一行无法对应到表头各列，已跳过"))
            return
        values = self._values(row, cells)
        self._carry_levels(values)
        name = values["name"][0]
        if not name or column_field(name) == "name":
            # A category row (一级/二级 only), a blank row, or a header repeated per page.
            if not name and (values["target"][0] or values["operator"][0]):
                self.warnings.append(ParseIssue(row.loc, "这一行有指标值但没有三级指标名称，已跳过"))
            return
        indicator = self._indicator(row, values)
        if indicator is not None:
            self.indicators.append(indicator)

    def _carry_levels(self, values: dict[str, tuple[str, str]]) -> None:
        level1, level2 = values["level1"][0], values["level2"][0]
        if level1 and level1 != self.level1:
            self.level1, self.level2 = level1, None
        if level2:
            self.level2 = level2

    def _operator(self, values: dict[str, tuple[str, str]]) -> tuple[bool, str | None]:
        text, loc = values["operator"]
        if not text:
            return True, None
        operator = normalise_operator(text)
        if operator is None:
            self.errors.append(ParseIssue(loc, f"指标性质“{text}”无法识别"))
            return False, None
        return True, operator

    def _kind(self, values: dict[str, tuple[str, str]]) -> str | None:
        text, loc = values["kind"]
        if not text:
            return None
        if "定量" in text:
            return "quantitative"
        if "定性" in text:
            return "qualitative"
        self.warnings.append(ParseIssue(loc, f"指标属性“{text}”无法识别，按指标值判断"))
        return None

    def _indicator(self, row: Row, values: dict[str, tuple[str, str]]) -> ParsedIndicator | None:
        name = values["name"][0]
        readable, operator = self._operator(values)
        target_text, target_loc = values["target"]
        cell_operator, target, cell_unit = split_target(target_text)
        if operator is None:
            operator = cell_operator
        elif cell_operator and cell_operator != operator and operator != "qualitative":
            self.warnings.append(
                ParseIssue(target_loc, f"指标值“{target_text}”中的符号与指标性质不一致，按指标性质处理")
            )
        kind = self._kind(values)
        if kind is None:
            kind = "quantitative" if operator != "qualitative" and is_number(target) else "qualitative"
        weight_ok, weight = self._weight(values)
        target_ok = self._target_ok(name, kind, target, target_text, row, target_loc)
        if not (readable and weight_ok and target_ok):
            return None
        if operator is None:
            if kind == "qualitative" and not is_number(target):
                operator = "qualitative"
            else:
                operator = "="
                self.warnings.append(ParseIssue(row.loc, f"指标“{name}”没有指标性质，按“=”处理"))
        if not values["rule_text"][0]:
            self.warnings.append(ParseIssue(row.loc, f"指标“{name}”没有评（扣）分标准"))
        return ParsedIndicator(
            level1=self.level1,
            level2=self.level2,
            name=name,
            operator=operator,
            target=target,
            measure_unit=values["measure_unit"][0] or cell_unit,
            kind=kind,
            rule_text=values["rule_text"][0] or None,
            description=values["description"][0] or None,
            basis=values["basis"][0] or None,
            weight=weight,
            source=row.loc,
        )

    def _target_ok(self, name: str, kind: str, target: str | None, written: str, row: Row, loc: str) -> bool:
        if target is None:
            if kind == "quantitative":
                self.errors.append(ParseIssue(row.loc, f"定量指标“{name}”没有指标值"))
                return False
            self.warnings.append(ParseIssue(row.loc, f"指标“{name}”没有指标值"))
            return True
        if kind == "quantitative" and not is_number(target):
            self.errors.append(ParseIssue(loc, f"指标值“{written}”不是数字"))
            return False
        return True

    def _weight(self, values: dict[str, tuple[str, str]]) -> tuple[bool, Decimal | None]:
        text, loc = values["weight"]
        if not text:
            return True, None
        weight = parse_decimal(text)
        if weight is None:
            self.errors.append(ParseIssue(loc, f"分值“{text}”不是数字"))
            return False, None
        return True, weight


def _check_indicators(reader: _GridReader) -> None:
    """Table-wide warnings: repeated names and 分值 that do not add up."""
    seen: set[str] = set()
    for indicator in reader.indicators:
        if indicator.name in seen:
            reader.warnings.append(ParseIssue(indicator.source, f"指标“{indicator.name}”重复出现"))
        seen.add(indicator.name)
    if "weight" not in reader.mapping or not reader.indicators:
        return
    weights = [i.weight for i in reader.indicators]
    if any(w is None for w in weights):
        reader.warnings.append(ParseIssue("", "分值列中有指标未填分值"))
        return
    total = sum(w for w in weights if w is not None)
    if total not in _EXPECTED_WEIGHT_TOTALS:
        reader.warnings.append(ParseIssue("", f"分值合计为{total}，应为100（或扣除预算执行率10分后的90）"))


def parse_rows(rows: list[Row]) -> ParseResult:
    """The whole result for a document already split into rows."""
    index = find_header(rows)
    if index is None:
        project, warnings = read_project([rows])
        error = ParseIssue("", "未找到绩效指标表：没有“三级指标”表头行")
        return ParseResult(project, [], warnings, [error])
    mapping = map_columns(rows, index)
    end = grid_end(rows, index)
    reader = _GridReader(mapping, len(rows[index].cells))
    if "target" not in mapping:
        reader.errors.append(ParseIssue(rows[index].loc, "表头缺少“指标值”列"))
    for row in rows[index + 1 : end]:
        reader.read_row(row)
    _check_indicators(reader)
    project, project_warnings = read_project([rows[:index], rows[end:]])
    if not reader.indicators and not reader.errors:
        reader.errors.append(ParseIssue(rows[index].loc, "绩效指标表中没有可导入的指标"))
    return ParseResult(project, reader.indicators, project_warnings + reader.warnings, reader.errors)
