from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import PERFORMANCE_APPROVE, PERFORMANCE_EDIT, UNIT_MANAGE
from investdesk.performance import exports, metrics, services
from investdesk.performance.forms import (
    ActualForm,
    ConfirmImportForm,
    EvaluationForm,
    ImportForm,
    IndicatorForm,
    LineForm,
    ProjectForm,
    ReturnForm,
    ScoringSettingsForm,
    WeightsForm,
)
from investdesk.performance.lib.rules import explain_rule, parse_rule
from investdesk.performance.lib.tables import parse_table_file
from investdesk.performance.models import (
    BudgetProject,
    ImportDraft,
    Indicator,
    SelfEvaluation,
    TableStatus,
    TargetTable,
)

log = logging.getLogger(__name__)


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


def _refused(request, exc: services.Refused) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- projects --------------------------------------------------------------------------------


@unit_view()
def index(request):
    """The projects of the year in force by default (the latest adopted table), any year with
    ?year=, every year with ?year= empty; drafts waiting to be adopted are listed on top."""
    evaluations = SelfEvaluation.objects.order_by("pk")
    unit_projects = BudgetProject.objects.for_unit(request.unit)
    projects = (
        unit_projects.select_related("table")
        .annotate(indicator_count=Count("table__indicators"))
        .prefetch_related(Prefetch("table__evaluations", queryset=evaluations), "table__monitorings")
    )
    year = request.GET.get("year")
    if year is None:
        in_force = services.in_force_year(request.unit)
        year = "" if in_force is None else str(in_force)
    if year.isdigit():
        projects = projects.filter(year=int(year))
    years = unit_projects.values_list("year", flat=True).distinct().order_by("-year")
    drafts = unit_projects.filter(table__status=TableStatus.DRAFT).order_by("-year", "name")
    context = {"projects": projects, "years": years, "year": year, "drafts": drafts}
    return render(request, "performance/index.html", context)


def _project(request, pk: int) -> BudgetProject:
    return get_for_unit(BudgetProject.objects.select_related("table", "unit"), request, pk=pk)


def _goal_years(project: BudgetProject) -> list[BudgetProject]:
    """The projects carrying the same multi-year overall goal, one per year of its range."""
    if not project.goal_start_year or not project.goal_end_year:
        return []
    same = Q(name=project.name) | Q(overall_goal=project.overall_goal) if project.overall_goal else Q(name=project.name)
    return list(
        BudgetProject.objects.for_unit(project.unit)
        .filter(same, year__gte=project.goal_start_year, year__lte=project.goal_end_year)
        .select_related("table")
        .prefetch_related("table__evaluations")
        .order_by("year")
    )


def _spans(rows: list[dict]) -> list[dict]:
    """Rowspans for the merged 一级/二级 cells of the official layout (0: covered by the row above)."""
    for level in ("level1", "level2"):
        start = None
        for n, row in enumerate(rows):
            key = (row["indicator"].level1, row["indicator"].level2) if level == "level2" else row["indicator"].level1
            if start is not None and key == rows[start]["key_" + level]:
                rows[start][level + "_span"] += 1
                row[level + "_span"] = 0
            else:
                start = n
                row[level + "_span"] = 1
            row["key_" + level] = key
    return rows


def table_rows(scored: services.Scored) -> list[dict]:
    rows = [
        {
            "indicator": ind,
            "actual": actual,
            "result": result,
            "words": explain_rule(ind.rule or None, lang=_lang(), operator=ind.operator),
            "metric": services.source_metric(actual),
        }
        for ind, actual, result in scored.rows
    ]
    return _spans(rows)


@unit_view()
def project_detail(request, pk: int):
    project = _project(request, pk)
    table = getattr(project, "table", None)
    scored = services.score_table(table) if table else None
    context = {
        "project": project,
        "table": table,
        "scored": scored,
        "rows": table_rows(scored) if scored else [],
        "goal_years": _goal_years(project),
        "evaluations": list(table.evaluations.all()) if table else [],
        "monitorings": list(table.monitorings.all()) if table else [],
        "monitoring_months": services.unit_settings(request.unit).monitoring_months,
        "next_year_exists": BudgetProject.objects.for_unit(request.unit)
        .filter(year=project.year + 1, name=project.name)
        .first(),
        "can_edit": can(request, PERFORMANCE_EDIT),
    }
    return render(request, "performance/project_detail.html", context)


@unit_view(PERFORMANCE_EDIT)
def project_edit(request, pk: int):
    project = _project(request, pk)
    form = ProjectForm(request.POST or None, instance=BudgetProject.objects.get(pk=project.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProjectForm.Meta.fields}
        try:
            services.update_project(project, actor=request.user, fields=fields)
        except services.ValidationError as exc:
            for message in services.validation_message(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("performance:project", pk=project.pk)
    return render(request, "performance/project_edit.html", {"project": project, "form": form})


# --- import ------------------------------------------------------------------------------------


@unit_view(PERFORMANCE_EDIT)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.content()
        result = parse_table_file(filename, data)
        if result.errors or not result.indicators:
            return render(request, "performance/import.html", {"form": form, "result": result}, status=200)
        draft = ImportDraft.objects.create(
            unit=request.unit,
            created_by=request.user,
            filename=filename[:255],
            data=data,
            year=form.cleaned_data["year"],
        )
        request.session[f"import_name_{draft.pk}"] = form.cleaned_data["name"]
        return redirect("performance:import_preview", pk=draft.pk)
    return render(request, "performance/import.html", {"form": form})


@unit_view(PERFORMANCE_EDIT)
def import_preview(request, pk: int):
    draft = get_for_unit(ImportDraft, request, pk=pk, created_by=request.user)
    result = parse_table_file(draft.filename, bytes(draft.data))
    name = request.session.get(f"import_name_{draft.pk}") or result.project.name
    year = draft.year or result.project.year
    form = ConfirmImportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.import_table(
                request.unit,
                result,
                actor=request.user,
                year=year,
                name=name,
                replace=form.cleaned_data["replace"],
                source_name=draft.filename,
            )
        except services.Refused as exc:
            _refused(request, exc)
        else:
            draft.delete()
            bound = project.table.indicators.exclude(metric="").count()
            messages.success(
                request,
                _(
                    "%(count)s indicators imported as a draft; %(bound)s take their values from the ledgers as in the "
                    "previous table. Check it, then adopt it: until then the table in force stays."
                )
                % {"count": len(result.indicators), "bound": bound},
            )
            return redirect("performance:project", pk=project.pk)
    rules = [
        parse_rule(i.rule_text, operator=i.operator, target=i.target, measure_unit=i.measure_unit)
        for i in result.indicators
    ]
    rows = [
        (ind, rule, explain_rule(rule.rule, lang=_lang(), operator=ind.operator))
        for ind, rule in zip(result.indicators, rules, strict=True)
    ]
    exists = BudgetProject.objects.for_unit(request.unit).filter(year=year, name=name).exists()
    context = {
        "draft": draft,
        "result": result,
        "rows": rows,
        "form": form,
        "name": name,
        "year": year,
        "exists": exists,
    }
    return render(request, "performance/import_preview.html", context)


@unit_view(PERFORMANCE_EDIT)
def rule_preview(request):
    """HTMX: the scoring sentence in plain words while it is typed."""
    parsed = parse_rule(
        request.POST.get("rule_text") or None,
        operator=request.POST.get("operator") or None,
        target=request.POST.get("target") or None,
        measure_unit=request.POST.get("measure_unit") or None,
    )
    words = explain_rule(parsed.rule, lang=_lang(), operator=request.POST.get("operator") or None)
    return render(request, "performance/_rule_words.html", {"parsed": parsed, "words": words})


# --- indicators --------------------------------------------------------------------------------------


def _indicator(request, pk: int) -> Indicator:
    return get_for_unit(Indicator.objects.select_related("table__project"), request, pk=pk)


@unit_view(PERFORMANCE_EDIT)
def indicator_edit(request, pk: int):
    indicator = _indicator(request, pk)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in IndicatorForm.Meta.fields}
        try:
            if request.POST.get("reset_rule"):
                indicator.rule_set_by_hand = False
            services.update_indicator(
                indicator, actor=request.user, fields=fields, rule_json=form.cleaned_data["rule_json"]
            )
        except services.Refused as exc:
            for message in exc.messages:
                form.add_error("rule_json", message)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("performance:project", pk=indicator.table.project_id)
    words = explain_rule(indicator.rule or None, lang=_lang(), operator=indicator.operator)
    return render(request, "performance/indicator_edit.html", {"indicator": indicator, "form": form, "words": words})


@unit_view(PERFORMANCE_EDIT)
def indicator_actual(request, pk: int):
    indicator = _indicator(request, pk)
    initial = {"metric": indicator.metric, "manual_actual": indicator.manual_actual, "note": indicator.actual_note}
    form = ActualForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_actual(
                indicator,
                actor=request.user,
                metric=data["metric"],
                manual_actual=data["manual_actual"],
                note=data["note"],
                evidence=data["evidence"],
            )
        except services.Refused as exc:
            for message in exc.messages:
                form.add_error("metric", message)
        else:
            messages.success(request, _("The actual value of %(name)s has been saved.") % {"name": indicator.name})
            return redirect("performance:project", pk=indicator.table.project_id)
    definitions = {m.name: str(m.description) for m in metrics.all_metrics()}
    context = {
        "indicator": indicator,
        "form": form,
        "suggestions": metrics.suggest(indicator.name),
        "definitions": definitions,
        "definition": definitions.get(form["metric"].value() or "", ""),
    }
    return render(request, "performance/indicator_actual.html", context)


@unit_view()
def indicator_evidence(request, pk: int):
    indicator = _indicator(request, pk)
    if not indicator.evidence:
        raise Http404("no evidence")
    try:
        handle = indicator.evidence.open("rb")
    except FileNotFoundError:
        log.error("evidence file of indicator %s is missing: %s", indicator.pk, indicator.evidence.name)
        raise Http404("evidence file missing") from None
    name = Path(indicator.evidence.name).name
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=kind)


@unit_view(PERFORMANCE_EDIT)
def weights(request, pk: int):
    project = _project(request, pk)
    table = _table_of(project)
    names = list(dict.fromkeys(table.indicators.values_list("level1", flat=True)))
    settings = services.unit_settings(request.unit)
    data = request.POST if request.method == "POST" else None
    form = WeightsForm(data, level1_names=names, initial_weights=table.level1_weights)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_level1_weights(table, actor=request.user, weights=form.weights())
        except services.Refused as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The weights have been saved."))
            return redirect("performance:project", pk=project.pk)
    context = {
        "project": project,
        "form": form,
        "defaults": settings.level1_weights,
        "execution_points": settings.execution_points,
    }
    return render(request, "performance/weights.html", context)


@require_POST
@unit_view(PERFORMANCE_EDIT)
def table_adopt(request, pk: int):
    project = _project(request, pk)
    try:
        services.adopt_table(_table_of(project), actor=request.user)
    except services.Refused as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("The table of %(year)s is in force: the dashboard and the performance pages show it.")
            % {"year": project.year},
        )
    return redirect("performance:project", pk=project.pk)


@require_POST
@unit_view(PERFORMANCE_EDIT)
def table_copy(request, pk: int):
    project = _project(request, pk)
    try:
        copy = services.copy_table_to_next_year(_table_of(project), actor=request.user)
    except services.Refused as exc:
        _refused(request, exc)
        return redirect("performance:project", pk=project.pk)
    messages.success(
        request,
        _(
            "The table of %(year)s has been copied as a draft with its indicators, rules, ledger sources and "
            "weights; check the targets, then adopt it."
        )
        % {"year": copy.year},
    )
    return redirect("performance:project", pk=copy.pk)


def _table_of(project: BudgetProject) -> TargetTable:
    table = getattr(project, "table", None)
    if table is None:
        raise Http404("this project has no target table")
    return table


# --- evaluations -------------------------------------------------------------------------------------------


@require_POST
@unit_view(PERFORMANCE_EDIT)
def evaluation_create(request, pk: int):
    project = _project(request, pk)
    table = _table_of(project)
    try:
        evaluation = services.create_evaluation(table, actor=request.user)
    except services.Refused as exc:
        _refused(request, exc)
        return redirect("performance:project", pk=project.pk)
    return redirect("performance:evaluation", pk=evaluation.pk)


def _evaluation(request, pk: int) -> SelfEvaluation:
    return get_for_unit(
        SelfEvaluation.objects.select_related("table__project__unit", "submitted_by", "approved_by"), request, pk=pk
    )


@unit_view()
def evaluation_detail(request, pk: int):
    """One form for everything a draft holds: 保存 and 提交主任审核 send the same fields, so a
    refused submission comes back with what was typed, saved as a draft, each problem at its row."""
    evaluation = _evaluation(request, pk)
    lines = list(evaluation.lines.select_related("indicator"))
    data = request.POST if request.method == "POST" else None
    form = EvaluationForm(data, instance=SelfEvaluation.objects.get(pk=evaluation.pk))
    line_forms = {line.pk: LineForm(data, prefix=f"l{line.pk}", initial=_line_initial(line)) for line in lines}
    if request.method == "POST":
        require(request, PERFORMANCE_EDIT)
        done = _save_evaluation(request, evaluation, form, line_forms)
        if done:
            return redirect("performance:evaluation", pk=evaluation.pk)
        lines = list(evaluation.lines.select_related("indicator"))
    return render(
        request, "performance/evaluation_detail.html", _evaluation_context(request, evaluation, lines, form, line_forms)
    )


def _save_evaluation(request, evaluation: SelfEvaluation, form, line_forms: dict) -> bool:
    """Save the draft, then submit it when asked; False when the page must come back."""
    if not (form.is_valid() and all(f.is_valid() for f in line_forms.values())):
        messages.error(request, _("Some values are not valid; nothing was saved. See the fields marked below."))
        return False
    try:
        services.update_evaluation(
            evaluation,
            actor=request.user,
            fields=form.cleaned_data,
            lines={pk: f.cleaned_data for pk, f in line_forms.items()},
        )
    except services.Refused as exc:
        _refused(request, exc)
        return False
    if request.POST.get("action") != "submit":
        messages.success(request, _("The self-evaluation has been saved."))
        return True
    try:
        services.submit_evaluation(evaluation, actor=request.user)
    except services.Refused:
        messages.error(
            request, _("Saved as a draft, but it cannot be submitted yet: complete the points marked below.")
        )
        evaluation.refresh_from_db()
        return False
    messages.success(request, _("Submitted to the director for approval."))
    return True


def _evaluation_context(request, evaluation: SelfEvaluation, lines: list, form, line_forms: dict) -> dict:
    scored = services.score_evaluation(evaluation, lines)
    problems = services.submission_problems(evaluation, scored, lines) if not evaluation.is_frozen else []
    by_row = services.problems_by_row(problems)
    by_indicator = {line.indicator_id: line for line in lines}
    rows = [
        {
            "indicator": ind,
            "actual": actual,
            "result": result,
            "line": by_indicator[ind.pk],
            "form": line_forms[by_indicator[ind.pk].pk],
            "metric": services.source_metric(actual),
            "problems": by_row.get(ind.pk, []),
        }
        for ind, actual, result in scored.rows
    ]
    return {
        "evaluation": evaluation,
        "project": evaluation.table.project,
        "form": form,
        "rows": rows,
        "scored": scored,
        "editable": not evaluation.is_frozen and can(request, PERFORMANCE_EDIT),
        "problems": problems,
        "fields": [(field, [p.message for p in problems if p.field == field.name]) for field in form],
        "can_edit": can(request, PERFORMANCE_EDIT),
        "can_approve": can(request, PERFORMANCE_APPROVE),
        "return_form": ReturnForm(),
    }


def _line_initial(line) -> dict:
    return {"reason": line.reason, "measure": line.measure}


@require_POST
@unit_view(PERFORMANCE_EDIT)
def evaluation_transition(request, pk: int, action: str):
    evaluation = _evaluation(request, pk)
    try:
        if action == "submit":
            services.submit_evaluation(evaluation, actor=request.user)
            messages.success(request, _("Submitted to the director for approval."))
        elif action == "approve":
            require(request, PERFORMANCE_APPROVE)
            services.approve_evaluation(evaluation, actor=request.user)
            messages.success(request, _("The self-evaluation has been approved."))
        elif action == "return":
            require(request, PERFORMANCE_APPROVE)
            form = ReturnForm(request.POST)
            services.return_evaluation(evaluation, actor=request.user, reason=form.data.get("reason", ""))
            messages.success(request, _("Returned to draft."))
        else:
            raise Http404("unknown action")
    except services.Refused as exc:
        _refused(request, exc)
    return redirect("performance:evaluation", pk=evaluation.pk)


# --- exports ------------------------------------------------------------------------------------------------

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@unit_view()
def table_export(request, pk: int, fmt: str):
    project = _project(request, pk)
    table = _table_of(project)
    data = exports.target_table(table, fmt)
    return _download(data, f"{project.year}年{project.name}绩效目标表.{fmt}", fmt)


@unit_view()
def evaluation_export(request, pk: int, fmt: str):
    evaluation = _evaluation(request, pk)
    project = evaluation.table.project
    data = exports.self_evaluation(evaluation, fmt)
    return _download(data, f"{project.year}年{project.name}绩效自评表.{fmt}", fmt)


# --- the unit's scoring settings ----------------------------------------------------------------


@unit_view()
def scoring_settings(request):
    settings = services.unit_settings(request.unit)
    editable = can(request, UNIT_MANAGE)
    form = ScoringSettingsForm(request.POST or None, initial=ScoringSettingsForm.initial_from(settings))
    if request.method == "POST":
        require(request, UNIT_MANAGE)
        if form.is_valid():
            current = (request.unit.settings or {}).get("scoring") or {}
            try:
                services.update_scoring_settings(request.unit, actor=request.user, overrides=form.overrides(current))
            except services.Refused as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The scoring settings have been saved."))
                return redirect("performance:settings")
    return render(request, "performance/settings.html", {"form": form, "editable": editable, "settings": settings})
