"""Mid-year monitoring (绩效运行监控, RULES.md §3): every write, and the figures of a monitoring.

Monitoring is not scoring. For January to month N it shows each indicator's value from the
ledgers up to the end of that month, its progress against the elapsed part of the year with a
light, the forecast for the year and the likelihood of reaching the target; it asks for a cause
and a corrective measure only where the light is not green or the target may be missed. Budget
execution is the spending of those months against the budget in force at the end of month N.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.performance.lib.scoring import ExecutionInput, ExecutionProgress, IndicatorProgress, monitor
from investdesk.performance.models import (
    Cause,
    EvaluationStatus,
    Indicator,
    Likelihood,
    Monitoring,
    MonitoringLine,
    TargetTable,
)
from investdesk.performance.services import (
    Actual,
    Problem,
    Refused,
    actual_for,
    indicator_input,
    project_execution,
    source_metric,
    table_settings,
    unit_settings,
)

log = logging.getLogger(__name__)

GREEN = "green"
HUNDRED = Decimal(100)
EDITABLE_FIELDS = ("months", "budget_yuan", "spent_yuan", "execution_cause", "execution_measure")
EDITABLE_LINE_FIELDS = ("manual_actual", "forecast", "likelihood", "cause", "measure")


@dataclass
class MonitoringRow:
    indicator: Indicator
    line: MonitoringLine
    actual: Actual
    progress: IndicatorProgress
    metric: metrics.Metric | None
    forecast: str  # the unit's own forecast, else the pace so far extrapolated
    likelihood: str  # the one stated, else the one the light suggests
    needs_cause: bool
    problems: list[str] = field(default_factory=list)

    @property
    def likelihood_label(self) -> str:
        return Likelihood(self.likelihood).label if self.likelihood else ""

    @property
    def cause_label(self) -> str:
        return Cause(self.line.cause).label if self.line.cause else ""


@dataclass
class MonitoringFigures:
    monitoring: Monitoring
    period: Period
    execution: ExecutionProgress
    execution_source: str  # "budget" (the ledger), "typed" or "frozen"
    execution_needs_cause: bool
    rows: list[MonitoringRow]
    problems: list[Problem]


def monitoring_period(monitoring: Monitoring) -> Period:
    return Period.first_months(monitoring.table.project.year, monitoring.months)


def _execution(monitoring: Monitoring, period: Period) -> tuple[ExecutionInput, str]:
    """Frozen figures once submitted; the ledger's for the period when it keeps the project's
    budget; else those typed on the monitoring (the budget defaulting to the project's)."""
    if monitoring.is_frozen:
        return ExecutionInput(None, monitoring.budget_yuan, monitoring.spent_yuan), "frozen"
    project = monitoring.table.project
    ledger = metrics.execution_for(project, period)
    if ledger is not None:
        return ExecutionInput(ledger.initial_budget, ledger.budget, ledger.spent), "budget"
    budget = monitoring.budget_yuan if monitoring.budget_yuan is not None else project_execution(project).budget
    return ExecutionInput(None, budget, monitoring.spent_yuan), "typed"


def _actual(line: MonitoringLine, period: Period, table: TargetTable, frozen: bool) -> Actual:
    if frozen:
        return Actual(line.actual or None, line.source or "manual")
    if line.indicator.metric:
        return actual_for(line.indicator, period, table)
    return Actual(line.manual_actual.strip() or None, "manual")


def figures(monitoring: Monitoring, lines: list[MonitoringLine] | None = None) -> MonitoringFigures:
    """The monitoring as the page and the exports show it, with what is still to be written."""
    lines = lines if lines is not None else list(monitoring.lines.select_related("indicator"))
    table, period = monitoring.table, monitoring_period(monitoring)
    frozen = monitoring.is_frozen
    actuals = {line.pk: _actual(line, period, table, frozen) for line in lines}
    inputs = [indicator_input(line.indicator, actuals[line.pk].value) for line in lines]
    execution_input, source = _execution(monitoring, period)
    result = monitor(inputs, execution_input, months_elapsed=monitoring.months, settings=table_settings(table))
    rows = [_row(line, actuals[line.pk], progress) for line, progress in zip(lines, result.indicators, strict=True)]
    execution = result.execution
    needs_cause = execution.light != GREEN
    problems = _execution_problems(monitoring, execution, needs_cause, source)
    for row in rows:
        problems += [Problem(message, row.indicator.pk) for message in row.problems]
    return MonitoringFigures(monitoring, period, execution, source, needs_cause, rows, problems)


def suggested_likelihood(progress: IndicatorProgress) -> str:
    """确定能 for a row at or ahead of the pace (green, 100 % or more), else 有可能; never 不可能,
    which only the unit itself can state. Nothing before there is a value."""
    if progress.light is None:
        return ""
    on_pace = progress.light == GREEN and progress.progress is not None and progress.progress >= HUNDRED
    return Likelihood.CERTAIN if on_pace else Likelihood.POSSIBLE


def _row(line: MonitoringLine, actual: Actual, progress: IndicatorProgress) -> MonitoringRow:
    likelihood = line.likelihood or suggested_likelihood(progress)
    needs_cause = progress.light != GREEN or likelihood != Likelihood.CERTAIN
    row = MonitoringRow(
        indicator=line.indicator,
        line=line,
        actual=actual,
        progress=progress,
        metric=source_metric(actual),
        forecast=line.forecast.strip() or progress.forecast or "",
        likelihood=likelihood,
        needs_cause=needs_cause,
    )
    row.problems = _row_problems(row)
    return row


def _row_problems(row: MonitoringRow) -> list[str]:
    name, line = row.indicator.name, row.line
    problems = []
    if row.actual.error:
        problems.append(_("%(name)s: %(error)s") % {"name": name, "error": row.actual.error})
    elif row.progress.errors:
        problems.append(_("%(name)s: %(error)s") % {"name": name, "error": "；".join(row.progress.errors)})
    elif row.actual.value is None:
        if row.indicator.metric:
            problems.append(_("%(name)s: the ledger has no value for the period yet.") % {"name": name})
        else:
            problems.append(_("%(name)s: enter the value reached in the period.") % {"name": name})
    if not row.likelihood:
        problems.append(_("%(name)s: state the likelihood of reaching the target.") % {"name": name})
    if row.needs_cause and not (line.cause and line.measure.strip()):
        problems.append(
            _("%(name)s: not on track or at risk; choose the cause and write a corrective measure.") % {"name": name}
        )
    return problems


def _execution_problems(monitoring: Monitoring, execution: ExecutionProgress, needs_cause: bool, source: str):
    if execution.light is None:
        field_name = "spent_yuan" if source == "typed" else ""
        return [
            Problem(
                _("Budget: the budget and the spending of the period are needed for the execution light."),
                None,
                field_name,
            )
        ]
    if needs_cause and not (monitoring.execution_cause and monitoring.execution_measure.strip()):
        return [
            Problem(
                _("Budget: the execution light is not green; choose a cause and write a corrective measure."),
                None,
                "execution_measure",
            )
        ]
    return []


# --- writes -------------------------------------------------------------------------------------


@transaction.atomic
def create_monitoring(table: TargetTable, *, actor, months: int | None = None) -> Monitoring:
    """Start the monitoring of a table in force over January to month N (the unit's setting by default)."""
    if not table.in_force:
        raise Refused([_("Adopt the table before monitoring it: a draft table is not in force.")])
    if Monitoring.objects.filter(table=table).exists():
        raise Refused([_("This table already has a mid-year monitoring.")])
    months = unit_settings(table.unit).monitoring_months if months is None else months
    if not 1 <= months <= 12:
        raise Refused([_("Months covered: write a month from 1 to 12.")])
    monitoring = Monitoring.objects.create(unit=table.unit, table=table, months=months)
    MonitoringLine.objects.bulk_create(
        [MonitoringLine(unit=table.unit, monitoring=monitoring, indicator=ind) for ind in table.indicators.all()]
    )
    log.info("monitoring %s of table %s (months 1-%s) started by %s", monitoring.pk, table.pk, months, actor)
    return monitoring


@transaction.atomic
def update_monitoring(monitoring: Monitoring, *, actor, fields: dict, lines: dict[int, dict]) -> Monitoring:
    """Save what the unit writes: the period, typed figures, each line's statement."""
    if monitoring.is_frozen:
        raise Refused([_("A submitted monitoring cannot be changed; return it to draft first.")])
    for key in EDITABLE_FIELDS:
        if key in fields:
            setattr(monitoring, key, fields[key])
    monitoring.full_clean()
    monitoring.save()
    for line in monitoring.lines.all():
        changes = {k: v for k, v in lines.get(line.pk, {}).items() if k in EDITABLE_LINE_FIELDS}
        for key, value in changes.items():
            setattr(line, key, value.strip() if isinstance(value, str) else value)
        if changes:
            line.save()
    return monitoring


def _check_transition(monitoring: Monitoring, target: str) -> None:
    if target not in Monitoring.TRANSITIONS[monitoring.status]:
        raise Refused(
            [
                _("A %(status)s monitoring cannot become %(target)s.")
                % {"status": monitoring.get_status_display(), "target": EvaluationStatus(target).label}
            ]
        )


@transaction.atomic
def submit_monitoring(monitoring: Monitoring, *, actor) -> Monitoring:
    """Freeze the figures of the period into the monitoring and its lines, for the director."""
    _check_transition(monitoring, EvaluationStatus.SUBMITTED)
    found = figures(monitoring)
    if found.problems:
        raise Refused([p.message for p in found.problems], found.problems)
    for row in found.rows:
        line = row.line
        line.actual, line.source = row.actual.value or "", row.actual.source
        line.progress, line.light = row.progress.progress, row.progress.light or ""
        line.forecast, line.likelihood = row.forecast, row.likelihood
        line.save(update_fields=["actual", "source", "progress", "light", "forecast", "likelihood"])
    monitoring.budget_yuan, monitoring.spent_yuan = found.execution.budget, found.execution.spent
    monitoring.status = EvaluationStatus.SUBMITTED
    monitoring.submitted_by, monitoring.submitted_at = actor, timezone.now()
    monitoring.return_reason = ""
    monitoring.save()
    return monitoring


@transaction.atomic
def approve_monitoring(monitoring: Monitoring, *, actor) -> Monitoring:
    _check_transition(monitoring, EvaluationStatus.APPROVED)
    monitoring.status = EvaluationStatus.APPROVED
    monitoring.approved_by, monitoring.approved_at = actor, timezone.now()
    monitoring.save(update_fields=["status", "approved_by", "approved_at"])
    return monitoring


@transaction.atomic
def return_monitoring(monitoring: Monitoring, *, actor, reason: str) -> Monitoring:
    _check_transition(monitoring, EvaluationStatus.DRAFT)
    if not reason.strip():
        raise Refused([_("Reason for returning: write why the monitoring goes back to draft.")])
    monitoring.status = EvaluationStatus.DRAFT
    monitoring.return_reason = reason.strip()
    monitoring.submitted_by, monitoring.submitted_at = None, None
    monitoring.save()
    return monitoring
