"""The official layouts as files: the target table and the self-evaluation, .xlsx or .docx."""

from __future__ import annotations

from django.utils import timezone

from investdesk.core.money import yuan_to_wan
from investdesk.performance import monitoring as monitoring_service
from investdesk.performance import services
from investdesk.performance.lib.evaluation_writers import (
    SelfEvaluationRow,
    SelfEvaluationSheet,
    self_evaluation_docx,
    self_evaluation_xlsx,
)
from investdesk.performance.lib.monitoring_writers import (
    MonitoringRow,
    MonitoringSheet,
    monitoring_docx,
    monitoring_xlsx,
)
from investdesk.performance.lib.sources_sheet import SourceRow
from investdesk.performance.lib.table_writers import OPERATOR_TEXT, target_table_docx, target_table_xlsx
from investdesk.performance.lib.tables import ParsedIndicator, ParsedProject
from investdesk.performance.models import EvaluationStatus, Monitoring, SelfEvaluation, TargetTable

# The official forms are Chinese whatever the interface language.
LIGHT_TEXT = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "overspent": "超支"}
LIKELIHOOD_TEXT = {"certain": "确定能", "possible": "有可能", "impossible": "不可能"}
CAUSE_TEXT = {
    "funding": "经费保障",
    "rules": "制度保障",
    "staff": "人员保障",
    "hardware": "硬件条件保障",
    "other": "其他",
}


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


def _day(moment) -> str:
    """The local (Asia/Shanghai) date of a stored time: a 20:00 UTC approval is the next day here."""
    return f"{timezone.localtime(moment):%Y-%m-%d}"


def _status_note(evaluation: SelfEvaluation | Monitoring, draft_note: str = "草稿（实时计分）") -> str:
    if evaluation.status == EvaluationStatus.APPROVED:
        who = evaluation.approved_by.get_full_name() or evaluation.approved_by.username
        return f"已审核 {who} {_day(evaluation.approved_at)}"
    if evaluation.status == EvaluationStatus.SUBMITTED:
        return f"已提交 {_day(evaluation.submitted_at)}"
    return draft_note


def source_row(name: str, actual: services.Actual) -> SourceRow:
    metric = services.source_metric(actual)
    if metric is not None:
        return SourceRow(name, f"台账：{metric.label}", actual.source, str(metric.description))
    if actual.source.startswith("metric:"):
        return SourceRow(name, "台账（已不可用）", actual.source)
    return SourceRow(name, "手工填报", "manual")


def evaluation_sheet(evaluation: SelfEvaluation) -> SelfEvaluationSheet:
    project = evaluation.table.project
    lines = list(evaluation.lines.select_related("indicator"))
    scored = services.score_evaluation(evaluation, lines)
    by_indicator = {line.indicator_id: line for line in lines}
    rows, sources = [], []
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
        sources.append(source_row(ind.name, actual))
    ex = scored.result.execution
    return SelfEvaluationSheet(
        year=project.year,
        project_name=project.name,
        department=project.department or project.unit.department,
        unit_name=project.implementing_unit or project.unit.name,
        title="项目支出绩效自评表",
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
        sources=sources,
    )


def self_evaluation(evaluation: SelfEvaluation, fmt: str) -> bytes:
    writer = self_evaluation_xlsx if fmt == "xlsx" else self_evaluation_docx
    return writer(evaluation_sheet(evaluation))


def _wan(amount) -> str:
    return "" if amount is None else f"{yuan_to_wan(amount):.2f}"


def _pct(value) -> str:
    return "" if value is None else f"{value:.2f}%"


def monitoring_sheet(item: Monitoring) -> MonitoringSheet:
    project = item.table.project
    found = monitoring_service.figures(item)
    rows = []
    for row in found.rows:
        ind, asked = row.indicator, row.needs_cause
        rows.append(
            MonitoringRow(
                level1=ind.level1 or None,
                level2=ind.level2 or None,
                name=ind.name,
                target_text=target_text(ind),
                actual_text=row.actual.value or "",
                progress_text=_pct(row.progress.progress),
                light_text=LIGHT_TEXT.get(row.progress.light or "", ""),
                forecast_text=row.forecast,
                likelihood_text=LIKELIHOOD_TEXT.get(row.likelihood, ""),
                cause_text=CAUSE_TEXT.get(row.line.cause, "") if asked else "",
                measure=row.line.measure if asked else "",
            )
        )
    ex = found.execution
    return MonitoringSheet(
        year=project.year,
        months=item.months,
        project_name=project.name,
        department=project.department or project.unit.department,
        unit_name=project.implementing_unit or project.unit.name,
        status_note=_status_note(item, "草稿（实时数据）"),
        budget_wan=_wan(ex.budget),
        spent_wan=_wan(ex.spent),
        execution_rate=_pct(ex.rate),
        schedule=_pct(ex.schedule),
        execution_progress=_pct(ex.progress),
        execution_light=LIGHT_TEXT.get(ex.light or "", ""),
        execution_cause=CAUSE_TEXT.get(item.execution_cause, "") if found.execution_needs_cause else "",
        execution_measure=item.execution_measure if found.execution_needs_cause else "",
        rows=rows,
        sources=[source_row(row.indicator.name, row.actual) for row in found.rows],
    )


def monitoring_table(item: Monitoring, fmt: str) -> bytes:
    writer = monitoring_xlsx if fmt == "xlsx" else monitoring_docx
    return writer(monitoring_sheet(item))


__all__ = ["monitoring_table", "self_evaluation", "target_table"]
