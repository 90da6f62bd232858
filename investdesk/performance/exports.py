"""The official layouts as files: the target table and the self-evaluation, .xlsx or .docx."""

from __future__ import annotations

from investdesk.performance import services
from investdesk.performance.lib.evaluation_writers import (
    SelfEvaluationRow,
    SelfEvaluationSheet,
    self_evaluation_docx,
    self_evaluation_xlsx,
)
from investdesk.performance.lib.table_writers import OPERATOR_TEXT, target_table_docx, target_table_xlsx
from investdesk.performance.lib.tables import ParsedIndicator, ParsedProject
from investdesk.performance.models import EvaluationPeriod, EvaluationStatus, SelfEvaluation, TargetTable


def parsed_project(table: TargetTable) -> ParsedProject:
    p = table.project
    return ParsedProject(
        name=p.name,
        unit_name=p.implementing_unit or p.unit.name,
        department=p.department or p.unit.department or None,
        year=p.year,
        budget_yuan=p.budget_yuan,
        overall_goal=p.overall_goal or None,
        overall_goal_start_year=p.goal_start_year,
        overall_goal_end_year=p.goal_end_year,
        annual_goal=p.annual_goal or None,
    )


def parsed_indicators(table: TargetTable) -> list[ParsedIndicator]:
    return [
        ParsedIndicator(
            level1=i.level1 or None,
            level2=i.level2 or None,
            name=i.name,
            operator=i.operator,
            target=i.target or None,
            measure_unit=i.measure_unit or None,
            kind=i.kind,
            rule_text=i.rule_text or None,
            description=i.description or None,
            basis=i.basis or None,
            weight=i.weight,
        )
        for i in table.indicators.all()
    ]


def target_table(table: TargetTable, fmt: str) -> bytes:
    writer = target_table_xlsx if fmt == "xlsx" else target_table_docx
    return writer(parsed_project(table), parsed_indicators(table))


def target_text(indicator) -> str:
    if indicator.operator == "qualitative":
        return indicator.target
    return f"{OPERATOR_TEXT.get(indicator.operator, indicator.operator)}{indicator.target}{indicator.measure_unit}"


def _status_note(evaluation: SelfEvaluation) -> str:
    if evaluation.status == EvaluationStatus.APPROVED:
        who = evaluation.approved_by.get_full_name() or evaluation.approved_by.username
        return f"已审核 {who} {evaluation.approved_at:%Y-%m-%d}"
    if evaluation.status == EvaluationStatus.SUBMITTED:
        return f"已提交 {evaluation.submitted_at:%Y-%m-%d}"
    return "草稿（实时计分）"


def evaluation_sheet(evaluation: SelfEvaluation) -> SelfEvaluationSheet:
    project = evaluation.table.project
    lines = list(evaluation.lines.select_related("indicator"))
    scored = services.score_evaluation(evaluation, lines)
    by_indicator = {line.indicator_id: line for line in lines}
    rows = []
    for ind, actual, result in scored.rows:
        line = by_indicator[ind.pk]
        reason = "；".join(part for part in (line.reason.strip(), line.measure.strip()) if part)
        rows.append(
            SelfEvaluationRow(
                level1=ind.level1 or None,
                level2=ind.level2 or None,
                name=ind.name,
                target_text=target_text(ind),
                actual_text=actual.value or "",
                weight=result.weight,
                score=result.score,
                reason=reason,
            )
        )
    ex = scored.result.execution
    midyear = evaluation.period == EvaluationPeriod.MIDYEAR
    return SelfEvaluationSheet(
        year=project.year,
        project_name=project.name,
        department=project.department or project.unit.department,
        unit_name=project.implementing_unit or project.unit.name,
        title="项目支出绩效运行监控表" if midyear else "项目支出绩效自评表",
        initial_budget_yuan=ex.initial_budget,
        budget_yuan=ex.budget,
        spent_yuan=ex.spent,
        execution_points=ex.points,
        execution_rate=ex.rate,
        execution_score=ex.score,
        execution_reason=evaluation.execution_reason,
        goal_expected=project.annual_goal,
        goal_actual=evaluation.goal_actual,
        rows=rows,
        total=scored.result.total,
        grade=scored.result.grade,
        problems=evaluation.problems,
        improvements=evaluation.improvements,
        project_lead=evaluation.project_lead,
        finance_lead=evaluation.finance_lead,
        status_note=_status_note(evaluation),
    )


def self_evaluation(evaluation: SelfEvaluation, fmt: str) -> bytes:
    writer = self_evaluation_xlsx if fmt == "xlsx" else self_evaluation_docx
    return writer(evaluation_sheet(evaluation))


__all__ = ["self_evaluation", "target_table"]
