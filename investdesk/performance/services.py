"""Every write of the performance module, and the live scoring of a table."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.core.models import apply_changes
from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.performance.lib.rules import explain_rule, parse_rule, validate_rule
from investdesk.performance.lib.scoring import (
    EvaluationResult,
    ExecutionInput,
    IndicatorInput,
    ScoringSettings,
    evaluate_table,
)
from investdesk.performance.lib.tables import ParseResult
from investdesk.performance.models import (
    BudgetProject,
    EvaluationLine,
    EvaluationStatus,
    Indicator,
    SelfEvaluation,
    TableStatus,
    TargetTable,
)

log = logging.getLogger(__name__)


class Refused(Exception):
    """A write that breaks a rule; `messages` say why, each naming the field or row.

    `problems` keeps, when the refusal is about rows of a form, which row each message is about.
    """

    def __init__(self, messages: list[str], problems: list[Problem] | None = None):
        super().__init__("; ".join(messages))
        self.messages = messages
        self.problems = problems or []


@dataclass(frozen=True)
class Problem:
    """Something to write before submitting, and where: an indicator's row, or a part of the form."""

    message: str
    indicator_id: int | None = None
    field: str = ""


def problems_by_row(problems: list[Problem]) -> dict[int, list[str]]:
    rows: dict[int, list[str]] = {}
    for problem in problems:
        if problem.indicator_id is not None:
            rows.setdefault(problem.indicator_id, []).append(problem.message)
    return rows


# --- settings --------------------------------------------------------------------------------


def unit_settings(unit) -> ScoringSettings:
    """The unit's scoring settings; stored overrides are validated when saved, so a bad value
    here means the database was edited by hand: log it and score with the defaults."""
    try:
        return ScoringSettings.from_dict((unit.settings or {}).get("scoring") or {})
    except ValueError:
        log.exception("unit %s has invalid scoring settings; using the defaults", unit.code)
        return ScoringSettings()


def table_settings(table: TargetTable) -> ScoringSettings:
    settings = unit_settings(table.unit)
    if table.level1_weights:
        weights = {name: Decimal(str(points)) for name, points in table.level1_weights.items()}
        settings = dataclasses.replace(settings, level1_weights=weights)
    return settings


# --- rules -------------------------------------------------------------------------------------


def rule_fields(rule_text: str, operator: str, target: str, measure_unit: str) -> dict:
    parsed = parse_rule(rule_text or None, operator=operator, target=target or None, measure_unit=measure_unit or None)
    return {"rule": parsed.rule, "rule_understood": parsed.understood, "rule_warnings": parsed.warnings}


def rule_words(indicator: Indicator, lang: str = "zh") -> str:
    return explain_rule(indicator.rule or None, lang=lang, operator=indicator.operator)


# --- import --------------------------------------------------------------------------------------


def _project_fields(result: ParseResult) -> dict:
    p = result.project
    return {
        "department": p.department or "",
        "implementing_unit": p.unit_name or "",
        "basis": p.basis or "",
        "overview": p.overview or "",
        "content": p.content or "",
        "budget_yuan": p.budget_yuan,
        "initial_budget_yuan": p.budget_yuan,
        "funding_text": p.funding_text or "",
        "plan": p.plan or "",
        "effect": p.effect or "",
        "overall_goal": p.overall_goal or "",
        "goal_start_year": p.overall_goal_start_year,
        "goal_end_year": p.overall_goal_end_year,
        "annual_goal": p.annual_goal or "",
    }


def _import_checks(
    unit, result: ParseResult, year: int | None, name: str | None, replace: bool
) -> BudgetProject | None:
    problems = [str(issue) for issue in result.errors]
    if not result.indicators:
        problems.append(_("No indicator was found in the file."))
    if year is None:
        problems.append(_("The budget year is missing: it is not in the file, enter it."))
    if not name:
        problems.append(_("The project name is missing: it is not in the file, enter it."))
    if problems:
        raise Refused(problems)
    existing = BudgetProject.objects.for_unit(unit).filter(year=year, name=name).first()
    if existing is None:
        return None
    if not replace:
        raise Refused(
            [
                _("The project %(year)s %(name)s already exists; choose to replace its table.")
                % {"year": year, "name": name}
            ]
        )
    if (
        existing.pk
        and SelfEvaluation.objects.filter(table__project=existing).exclude(status=EvaluationStatus.DRAFT).exists()
    ):
        raise Refused(
            [_("The table of %(name)s has a submitted self-evaluation and cannot be replaced.") % {"name": name}]
        )
    return existing


@transaction.atomic
def import_table(
    unit,
    result: ParseResult,
    *,
    actor,
    year: int | None = None,
    name: str | None = None,
    replace: bool = False,
    source_name: str = "",
) -> BudgetProject:
    """Save a parsed table as a project of the unit: all of it, or nothing (Refused)."""
    year = year or result.project.year
    name = (name or result.project.name or "").strip()
    existing = _import_checks(unit, result, year, name, replace)
    fields = _project_fields(result)
    bindings = _bindings_before(unit, year, name, existing)
    if existing is not None:
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.save()
        project = existing
        TargetTable.objects.filter(project=project).delete()
    else:
        project = BudgetProject.objects.create(unit=unit, year=year, name=name, **fields)
    table = TargetTable.objects.create(unit=unit, project=project, source_name=source_name[:255])
    indicators = [_indicator(unit, table, n, parsed) for n, parsed in enumerate(result.indicators, 1)]
    for indicator in indicators:
        indicator.metric = bindings.get(indicator.name, "")
    Indicator.objects.bulk_create(indicators)
    log.info("unit %s imported %s (%d indicators) by %s", unit.code, project, len(result.indicators), actor)
    return project


def _bindings_before(unit, year: int, name: str, replaced: BudgetProject | None) -> dict[str, str]:
    """Ledger bindings to carry over by indicator name: those of the table being replaced, else
    those of the unit's latest earlier table (the same project's first)."""
    table = getattr(replaced, "table", None) if replaced is not None else None
    if table is None:
        earlier = TargetTable.objects.for_unit(unit).filter(project__year__lt=year)
        table = (
            earlier.filter(project__name=name).order_by("-project__year").first()
            or earlier.order_by("-project__year").first()
        )
    if table is None:
        return {}
    rows = table.indicators.exclude(metric="").values_list("name", "metric")
    return {indicator_name: metric for indicator_name, metric in rows if metrics.get(metric) is not None}


def _indicator(unit, table: TargetTable, position: int, parsed) -> Indicator:
    return Indicator(
        unit=unit,
        table=table,
        position=position,
        level1=parsed.level1 or "",
        level2=parsed.level2 or "",
        name=parsed.name,
        operator=parsed.operator,
        target=parsed.target or "",
        measure_unit=parsed.measure_unit or "",
        kind=parsed.kind,
        rule_text=parsed.rule_text or "",
        description=parsed.description or "",
        basis=parsed.basis or "",
        weight=parsed.weight,
        **rule_fields(parsed.rule_text or "", parsed.operator, parsed.target or "", parsed.measure_unit or ""),
    )


# --- the table in force: adopt, copy to next year ---------------------------------------------------


def in_force_year(unit) -> int | None:
    """The latest budget year with a table in force: what the dashboard and the pages show first."""
    years = (
        TargetTable.objects.for_unit(unit).filter(status=TableStatus.IN_FORCE).values_list("project__year", flat=True)
    )
    return max(years, default=None)


@transaction.atomic
def adopt_table(table: TargetTable, *, actor) -> TargetTable:
    """启用: the draft becomes the table in force of its year (it cannot go back to draft)."""
    if table.in_force:
        raise Refused([_("This table is already in force.")])
    if not table.indicators.exists():
        raise Refused([_("A table without indicators cannot be adopted.")])
    table.status = TableStatus.IN_FORCE
    table.adopted_by, table.adopted_at = actor, timezone.now()
    table.save(update_fields=["status", "adopted_by", "adopted_at"])
    log.info("unit %s adopted the table of %s by %s", table.unit.code, table.project, actor)
    return table


COPIED_PROJECT_FIELDS = (
    "name",
    "department",
    "implementing_unit",
    "basis",
    "overview",
    "content",
    "budget_yuan",
    "funding_text",
    "plan",
    "effect",
    "overall_goal",
    "goal_start_year",
    "goal_end_year",
)
COPIED_INDICATOR_FIELDS = (
    "position",
    "level1",
    "level2",
    "name",
    "operator",
    "target",
    "measure_unit",
    "kind",
    "rule_text",
    "rule",
    "rule_understood",
    "rule_warnings",
    "rule_set_by_hand",
    "description",
    "basis",
    "weight",
    "metric",
)


@transaction.atomic
def copy_table_to_next_year(table: TargetTable, *, actor) -> BudgetProject:
    """Next year's draft: the project, its indicators, rules, ledger bindings and weights; no
    actual values, evidence, budget figures or evaluations (they belong to the year done)."""
    source = table.project
    year = source.year + 1
    if BudgetProject.objects.for_unit(source.unit).filter(year=year, name=source.name).exists():
        raise Refused([_("The project %(year)s %(name)s already exists.") % {"year": year, "name": source.name}])
    fields = {name: getattr(source, name) for name in COPIED_PROJECT_FIELDS}
    project = BudgetProject.objects.create(unit=source.unit, year=year, **fields)
    copy = TargetTable.objects.create(
        unit=source.unit,
        project=project,
        source_name=(_("copied from the table of %(year)s") % {"year": source.year})[:255],
        level1_weights=dict(table.level1_weights or {}),
    )
    Indicator.objects.bulk_create(
        [
            Indicator(unit=source.unit, table=copy, **{name: getattr(ind, name) for name in COPIED_INDICATOR_FIELDS})
            for ind in table.indicators.all()
        ]
    )
    log.info("unit %s copied the table of %s to %s by %s", source.unit.code, source, project, actor)
    return project


# --- editing ---------------------------------------------------------------------------------------


@transaction.atomic
def update_project(project: BudgetProject, *, actor, fields: dict) -> BudgetProject:
    return apply_changes(project, fields)


@transaction.atomic
def update_indicator(indicator: Indicator, *, actor, fields: dict, rule_json: dict | None = None) -> Indicator:
    """Save an indicator. A rule given by hand is validated and kept; otherwise the sentence
    is parsed again whenever it, the operator, the target or the unit changed."""
    for key, value in fields.items():
        setattr(indicator, key, value)
    if rule_json is not None:
        problems = validate_rule(rule_json)
        if problems:
            raise Refused([_("Scoring rule: %(problem)s") % {"problem": p} for p in problems])
        indicator.rule, indicator.rule_understood, indicator.rule_warnings = rule_json, True, []
        indicator.rule_set_by_hand = True
    elif not indicator.rule_set_by_hand:
        for key, value in rule_fields(
            indicator.rule_text, indicator.operator, indicator.target, indicator.measure_unit
        ).items():
            setattr(indicator, key, value)
    indicator.full_clean(exclude=["evidence"])
    indicator.save()
    return indicator


@transaction.atomic
def reset_rule(indicator: Indicator, *, actor) -> Indicator:
    indicator.rule_set_by_hand = False
    return update_indicator(indicator, actor=actor, fields={})


@transaction.atomic
def set_actual(indicator: Indicator, *, actor, metric: str, manual_actual: str, note: str, evidence=None) -> Indicator:
    if metric and metrics.get(metric) is None:
        raise Refused([_("Metric: “%(name)s” is not a registered metric.") % {"name": metric}])
    indicator.metric = metric
    indicator.manual_actual = "" if metric else manual_actual.strip()
    indicator.actual_note = note
    if evidence is not None:
        indicator.evidence = evidence
    indicator.save()
    return indicator


@transaction.atomic
def set_level1_weights(table: TargetTable, *, actor, weights: dict[str, Decimal]) -> TargetTable:
    settings = unit_settings(table.unit)
    total = sum(weights.values(), Decimal(0)) + settings.execution_points
    if weights and total != Decimal(100):
        raise Refused([_("The weights total %(total)s with budget execution; they must total 100.") % {"total": total}])
    table.level1_weights = {name: str(points) for name, points in weights.items()}
    table.save(update_fields=["level1_weights"])
    return table


# --- live scoring ----------------------------------------------------------------------------------------


@dataclass
class Actual:
    value: str | None
    source: str  # "metric:<name>" or "manual"
    error: str | None = None


def source_metric(actual: Actual) -> metrics.Metric | None:
    """The registered metric an actual was read from (None for a value entered by hand)."""
    if not actual.source.startswith("metric:"):
        return None
    return metrics.get(actual.source.removeprefix("metric:"))


def actual_for(indicator: Indicator, period: Period, table: TargetTable) -> Actual:
    """The indicator's actual for the period: its metric's value, or the value entered by hand."""
    if indicator.metric:
        computed = metrics.compute(indicator.metric, table.unit, period, table.project)
        value = None if computed.value is None else format(computed.value.normalize(), "f")
        return Actual(value, f"metric:{indicator.metric}", computed.error)
    return Actual(indicator.manual_actual or None, "manual")


def indicator_input(indicator: Indicator, actual: str | None) -> IndicatorInput:
    return IndicatorInput(
        key=str(indicator.pk),
        level1=indicator.level1,
        level2=indicator.level2,
        name=indicator.name,
        operator=indicator.operator,
        target=indicator.target or None,
        kind=indicator.kind,
        rule=indicator.rule or None,
        weight=indicator.weight,
        actual=actual,
        measure_unit=indicator.measure_unit or None,
        cumulative=_cumulative(indicator),
    )


def _cumulative(indicator: Indicator) -> bool | None:
    metric = metrics.get(indicator.metric) if indicator.metric else None
    return None if metric is None else metric.cumulative


@dataclass
class Scored:
    """A table scored: the evaluator's result with each indicator's model row and source."""

    result: EvaluationResult
    rows: list[tuple[Indicator, Actual, object]]  # (indicator, actual, IndicatorResult)
    settings: ScoringSettings


def project_execution(project: BudgetProject) -> ExecutionInput:
    """The budget ledger's figures when it keeps the project's budget, else those typed on the project."""
    ledger = metrics.execution_for(project, Period.year_of(project.year))
    if ledger is not None:
        return ExecutionInput(initial_budget=ledger.initial_budget, budget=ledger.budget, spent=ledger.spent)
    initial = project.initial_budget_yuan if project.initial_budget_yuan is not None else project.budget_yuan
    budget = project.adjusted_budget_yuan if project.adjusted_budget_yuan is not None else initial
    return ExecutionInput(initial_budget=initial, budget=budget, spent=project.spent_yuan)


def score_table(
    table: TargetTable,
    *,
    period: Period | None = None,
    execution: ExecutionInput | None = None,
    actuals: dict[int, Actual] | None = None,
) -> Scored:
    """Score a table live: actuals from metrics or manual entries, for the budget year by default."""
    period = period or Period.year_of(table.project.year)
    indicators = list(table.indicators.all())
    actuals = actuals or {ind.pk: actual_for(ind, period, table) for ind in indicators}
    settings = table_settings(table)
    inputs = [indicator_input(ind, actuals[ind.pk].value) for ind in indicators]
    result = evaluate_table(inputs, execution or project_execution(table.project), settings)
    by_key = {r.key: r for r in result.indicators}
    rows = [(ind, actuals[ind.pk], by_key[str(ind.pk)]) for ind in indicators]
    return Scored(result, rows, settings)


# --- self-evaluations ------------------------------------------------------------------------------------------


def _check_transition(evaluation: SelfEvaluation, target: str) -> None:
    if target not in SelfEvaluation.TRANSITIONS[evaluation.status]:
        raise Refused(
            [
                _("A %(status)s self-evaluation cannot become %(target)s.")
                % {"status": evaluation.get_status_display(), "target": EvaluationStatus(target).label}
            ]
        )


@transaction.atomic
def create_evaluation(table: TargetTable, *, actor) -> SelfEvaluation:
    """Start the year-end self-evaluation of a table in force, with the budget figures of the year."""
    if not table.in_force:
        raise Refused([_("Adopt the table before evaluating it: a draft table is not in force.")])
    if SelfEvaluation.objects.filter(table=table).exists():
        raise Refused([_("This table already has a year-end self-evaluation.")])
    project = table.project
    execution = project_execution(project)
    evaluation = SelfEvaluation.objects.create(
        unit=table.unit,
        table=table,
        initial_budget_yuan=execution.initial_budget,
        budget_yuan=execution.budget,
        spent_yuan=execution.spent,
    )
    EvaluationLine.objects.bulk_create(
        [EvaluationLine(unit=table.unit, evaluation=evaluation, indicator=ind) for ind in table.indicators.all()]
    )
    return evaluation


def evaluation_execution(evaluation: SelfEvaluation) -> ExecutionInput:
    return ExecutionInput(evaluation.initial_budget_yuan, evaluation.budget_yuan, evaluation.spent_yuan)


def evaluation_period(evaluation: SelfEvaluation) -> Period:
    return Period.year_of(evaluation.table.project.year)


def score_evaluation(evaluation: SelfEvaluation, lines: list[EvaluationLine] | None = None) -> Scored:
    """A draft is scored live; a submitted or approved one from the figures frozen in its lines."""
    lines = lines if lines is not None else list(evaluation.lines.select_related("indicator"))
    actuals = None
    if evaluation.is_frozen:
        actuals = {line.indicator_id: Actual(line.actual or None, line.source) for line in lines}
    return score_table(
        evaluation.table,
        period=evaluation_period(evaluation),
        execution=evaluation_execution(evaluation),
        actuals=actuals,
    )


EDITABLE_EVALUATION_FIELDS = (
    "initial_budget_yuan",
    "budget_yuan",
    "spent_yuan",
    "execution_reason",
    "goal_actual",
    "problems",
    "improvements",
    "project_lead",
    "finance_lead",
)
EDITABLE_LINE_FIELDS = ("reason", "measure")


@transaction.atomic
def update_evaluation(evaluation: SelfEvaluation, *, actor, fields: dict, lines: dict[int, dict]) -> SelfEvaluation:
    """Save the written parts of a draft: its figures and texts, and each line's reasons."""
    if evaluation.is_frozen:
        raise Refused([_("A submitted self-evaluation cannot be changed; return it to draft first.")])
    for key in EDITABLE_EVALUATION_FIELDS:
        if key in fields:
            setattr(evaluation, key, fields[key])
    evaluation.full_clean()
    evaluation.save()
    for line in evaluation.lines.all():
        for key, value in lines.get(line.pk, {}).items():
            if key in EDITABLE_LINE_FIELDS:
                setattr(line, key, value)
        line.save()
    return evaluation


def submission_problems(evaluation: SelfEvaluation, scored: Scored, lines: list[EvaluationLine]) -> list[Problem]:
    """What must be written before the evaluation can go to the director (RULES.md §1), each
    problem with the row it is about so the page shows it next to that row."""
    problems = []
    execution = scored.result.execution
    if execution.rate is None:
        problems.append(
            Problem(
                _("Budget: the full-year budget and the execution are needed for the execution rate."),
                None,
                "spent_yuan",
            )
        )
    elif execution.needs_reason and not evaluation.execution_reason.strip():
        problems.append(
            Problem(
                _("Budget: the execution rate is %(rate)s%%, below %(limit)s%%; write the reason.")
                % {"rate": execution.rate, "limit": scored.settings.execution_reason_below},
                None,
                "execution_reason",
            )
        )
    by_indicator = {line.indicator_id: line for line in lines}
    for indicator, _actual, result in scored.rows:
        line = by_indicator[indicator.pk]
        if result.score is None:
            problems.append(
                Problem(_("%(name)s: the actual value is missing.") % {"name": indicator.name}, indicator.pk)
            )
        if result.errors:
            message = _("%(name)s: %(error)s") % {"name": indicator.name, "error": "；".join(result.errors)}
            problems.append(Problem(message, indicator.pk))
        if result.needs_reason and not line.reason.strip():
            kind = _("not met") if result.reason_kind == "unmet" else _("far above the target")
            message = _("%(name)s: the target is %(kind)s; write the cause and the measure.") % {
                "name": indicator.name,
                "kind": kind,
            }
            problems.append(Problem(message, indicator.pk))
    return problems


@transaction.atomic
def submit_evaluation(evaluation: SelfEvaluation, *, actor) -> SelfEvaluation:
    """Freeze every figure into the lines and hand the evaluation to the director."""
    _check_transition(evaluation, EvaluationStatus.SUBMITTED)
    lines = list(evaluation.lines.select_related("indicator"))
    scored = score_evaluation(evaluation, lines)
    problems = submission_problems(evaluation, scored, lines)
    if problems:
        raise Refused([p.message for p in problems], problems)
    by_indicator = {line.indicator_id: line for line in lines}
    for indicator, actual, result in scored.rows:
        line = by_indicator[indicator.pk]
        line.actual, line.source = actual.value or "", actual.source
        line.weight, line.score = result.weight, result.score
        line.save(update_fields=["actual", "source", "weight", "score"])
    evaluation.total, evaluation.grade = scored.result.total, scored.result.grade
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_by, evaluation.submitted_at = actor, timezone.now()
    evaluation.return_reason = ""
    evaluation.save()
    return evaluation


@transaction.atomic
def approve_evaluation(evaluation: SelfEvaluation, *, actor) -> SelfEvaluation:
    _check_transition(evaluation, EvaluationStatus.APPROVED)
    evaluation.status = EvaluationStatus.APPROVED
    evaluation.approved_by, evaluation.approved_at = actor, timezone.now()
    evaluation.save(update_fields=["status", "approved_by", "approved_at"])
    return evaluation


@transaction.atomic
def return_evaluation(evaluation: SelfEvaluation, *, actor, reason: str) -> SelfEvaluation:
    _check_transition(evaluation, EvaluationStatus.DRAFT)
    if not reason.strip():
        raise Refused([_("Reason for returning: write why the evaluation goes back to draft.")])
    evaluation.status = EvaluationStatus.DRAFT
    evaluation.return_reason = reason.strip()
    evaluation.total, evaluation.grade = None, ""
    evaluation.submitted_by, evaluation.submitted_at = None, None
    evaluation.save()
    return evaluation


def validation_message(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{field}: {'；'.join(msgs)}" for field, msgs in exc.message_dict.items()]
    return list(exc.messages)


@transaction.atomic
def update_scoring_settings(unit, *, actor, overrides: dict) -> ScoringSettings:
    """Store a unit's scoring overrides after the evaluator itself has accepted them."""
    try:
        settings = ScoringSettings.from_dict(overrides)
    except ValueError as exc:
        raise Refused([str(exc)]) from None
    unit.settings = {**(unit.settings or {}), "scoring": overrides}
    unit.save(update_fields=["settings"])
    log.info("unit %s scoring settings changed by %s", unit.code, actor)
    return settings
