"""Data shapes shared by the 绩效目标表 parsers and writers.

Pure Python: no Django import, so the parser can be tested and fuzzed on its own.
The public names are re-exported from :mod:`investdesk.performance.lib.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

OPERATORS = (">=", "<=", ">", "<", "=", "qualitative")
KINDS = ("quantitative", "qualitative")


@dataclass
class ParseIssue:
    """One problem found while reading a table, with where it was found."""

    location: str
    message: str

    def __str__(self) -> str:
        if not self.location or self.message.startswith(self.location):
            return self.message
        return f"{self.location}：{self.message}"


@dataclass
class ParsedIndicator:
    """One 三级指标 row of a 绩效目标表, values kept as written."""

    level1: str | None
    level2: str | None
    name: str
    operator: str
    target: str | None
    measure_unit: str | None
    kind: str
    rule_text: str | None
    description: str | None
    basis: str | None
    weight: Decimal | None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; the weight becomes a string so no precision is lost."""
        return {
            "level1": self.level1,
            "level2": self.level2,
            "name": self.name,
            "operator": self.operator,
            "target": self.target,
            "measure_unit": self.measure_unit,
            "kind": self.kind,
            "rule_text": self.rule_text,
            "description": self.description,
            "basis": self.basis,
            "weight": None if self.weight is None else str(self.weight),
            "source": self.source,
        }


@dataclass
class ParsedProject:
    """The project header of a target table (项目名称, 实施单位, 资金, 目标 …)."""

    name: str | None = None
    unit_name: str | None = None
    department: str | None = None
    year: int | None = None
    budget_yuan: Decimal | None = None
    overall_goal: str | None = None
    overall_goal_start_year: int | None = None
    overall_goal_end_year: int | None = None
    annual_goal: str | None = None
    basis: str | None = None
    overview: str | None = None
    content: str | None = None
    funding_text: str | None = None
    plan: str | None = None
    effect: str | None = None
    unit_info: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in the shape printed by ``import_targets --json``."""
        years = None
        if self.overall_goal_start_year is not None or self.overall_goal_end_year is not None:
            years = [self.overall_goal_start_year, self.overall_goal_end_year]
        return {
            "name": self.name,
            "unit": self.unit_name,
            "year": self.year,
            "budget_yuan": None if self.budget_yuan is None else f"{self.budget_yuan:.2f}",
            "department": self.department,
            "overall_goal": self.overall_goal,
            "overall_goal_years": years,
            "annual_goal": self.annual_goal,
            "basis": self.basis,
            "overview": self.overview,
            "content": self.content,
            "funding_text": self.funding_text,
            "plan": self.plan,
            "effect": self.effect,
            "unit_info": dict(self.unit_info),
        }


@dataclass
class ParseResult:
    """Everything a parser found: the project, its indicators, and what went wrong."""

    project: ParsedProject
    indicators: list[ParsedIndicator]
    warnings: list[ParseIssue]
    errors: list[ParseIssue]

    @property
    def ok(self) -> bool:
        """True when nothing blocks an import: no errors and at least one indicator."""
        return not self.errors and bool(self.indicators)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; issues are rendered as "location：message" strings."""
        return {
            "project": self.project.to_dict(),
            "indicators": [indicator.to_dict() for indicator in self.indicators],
            "warnings": [str(issue) for issue in self.warnings],
            "errors": [str(issue) for issue in self.errors],
        }


@dataclass
class Cell:
    """One cell of an input grid, whatever the file format.

    ``hcont`` marks a cell covered by a horizontally merged cell to its left: it repeats
    that cell's text (so header labels spanning columns still read) but carries no value
    of its own in an indicator row.
    """

    text: str
    loc: str
    hcont: bool = False


@dataclass
class Row:
    """One row of an input grid.

    ``block`` identifies the table the row belongs to (Word documents hold several), so
    the indicator grid ends where its table ends. ``align`` is "right" for layouts that
    lose leading empty cells (PDF copies), where short rows are padded on the left.
    """

    cells: list[Cell]
    loc: str
    block: object = None
    align: str = "left"

    def texts(self) -> list[str]:
        """The cell texts, in order."""
        return [cell.text for cell in self.cells]


def error_result(message: str, location: str = "") -> ParseResult:
    """A result carrying a single error and nothing else (unreadable input)."""
    return ParseResult(ParsedProject(), [], [], [ParseIssue(location, message)])
