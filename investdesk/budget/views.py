"""The budget pages: thin views that parse input, call a service and render (STYLE.md habit 1).

Everyone of the unit reads; only BUDGET_EDIT (director, finance clerk) writes.
"""

from __future__ import annotations

import logging
import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, unit_view
from investdesk.accounts.permissions import BUDGET_EDIT
from investdesk.budget import figures, queries, services, sheets
from investdesk.budget.forms import AdjustmentForm, ExpenditureFilterForm, ExpenditureForm, ImportForm, LineForm
from investdesk.budget.models import Adjustment, BudgetLine, Category, Expenditure
from investdesk.core.models import ImportUpload
from investdesk.core.periods import Period
from investdesk.core.web import choice_order, form_errors, list_sort, xlsx_response
from investdesk.performance.models import BudgetProject

log = logging.getLogger(__name__)
PAGE_SIZE = 50


def _project(request, pk: int) -> BudgetProject:
    return get_for_unit(BudgetProject.objects.select_related("unit"), request, pk=pk)


def _project_url(project_id: int, anchor: str = "") -> str:
    return reverse("budget:project", args=[project_id]) + (f"#{anchor}" if anchor else "")


# --- the projects and one project's budget ------------------------------------------------------------


@unit_view()
def index(request):
    context = {"projects": queries.project_rows(request.unit), "can_edit": can(request, BUDGET_EDIT)}
    return render(request, "budget/index.html", context)


EXPENDITURE_SORT = {
    "date": "spent_on",
    "voucher": "voucher_number",
    "line": ("line__position", "line__name"),
    "category": choice_order("category", Category.choices),
    "payee": "payee",
    "amount": "amount_yuan",
}


@unit_view()
def project_detail(request, pk: int):
    project = _project(request, pk)
    rows, totals = figures.line_figures(project)
    months = figures.monthly(project)
    form = ExpenditureFilterForm(request.GET or None, project=project)
    sort = list_sort(request, EXPENDITURE_SORT)
    expenditures = sort.apply(queries.search_expenditures(project, form.filters()))
    page = Paginator(expenditures, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "rows": rows,
        "totals": totals,
        "adjustments": queries.adjustments(project),
        "months": months,
        "chart": figures.chart_data(months),
        "light": figures.execution_light(project, months),
        "form": form,
        "page": page,
        "filtered_total": queries.filtered_total(expenditures),
        "query": sort.query,
        "sort": sort,
        "sort_anchor": "#expenditures",
        "can_edit": can(request, BUDGET_EDIT),
        "year": Period.year_of(project.year),
    }
    return render(request, "budget/project.html", context)


# --- lines ------------------------------------------------------------------------------------------------


def _line_form(request, project: BudgetProject, line: BudgetLine | None):
    instance = BudgetLine.objects.get(pk=line.pk) if line else BudgetLine(unit=request.unit, project=project)
    form = LineForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_line(project, actor=request.user, fields=form.cleaned_data, line=line)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The budget line has been saved."))
            return redirect(_project_url(project.pk, "lines"))
    return render(request, "budget/form.html", {"form": form, "project": project, "title": _("Budget line")})


@unit_view(BUDGET_EDIT)
def line_create(request, pk: int):
    return _line_form(request, _project(request, pk), None)


def _line(request, pk: int) -> BudgetLine:
    return get_for_unit(BudgetLine.objects.select_related("project"), request, pk=pk)


@unit_view(BUDGET_EDIT)
def line_edit(request, pk: int):
    line = _line(request, pk)
    return _line_form(request, line.project, line)


@require_POST
@unit_view(BUDGET_EDIT)
def line_delete(request, pk: int):
    line = _line(request, pk)
    try:
        services.delete_line(line, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The budget line “%(name)s” has been deleted.") % {"name": line.name})
    return redirect(_project_url(line.project_id, "lines"))


# --- adjustments ------------------------------------------------------------------------------------------


@unit_view(BUDGET_EDIT)
def adjustment_create(request, pk: int):
    project = _project(request, pk)
    instance = Adjustment(unit=request.unit)
    initial = {"adjusted_on": min(timezone.localdate(), Period.year_of(project.year).end)}
    form = AdjustmentForm(request.POST or None, instance=instance, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_adjustment(data["line"], actor=request.user, fields=data, counterpart=data["counterpart"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The adjustment has been booked."))
            return redirect(_project_url(project.pk, "adjustments"))
    return render(request, "budget/form.html", {"form": form, "project": project, "title": _("Budget adjustment")})


@require_POST
@unit_view(BUDGET_EDIT)
def adjustment_delete(request, pk: int):
    adjustment = get_for_unit(Adjustment.objects.select_related("line__project", "pair__line"), request, pk=pk)
    try:
        services.delete_adjustment(adjustment, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The adjustment has been deleted."))
    return redirect(_project_url(adjustment.line.project_id, "adjustments"))


# --- expenditures -------------------------------------------------------------------------------------------


def _expenditure_form(request, project: BudgetProject, expenditure: Expenditure | None):
    if expenditure:
        instance = Expenditure.objects.select_related("refund_of").get(pk=expenditure.pk)
    else:
        instance = Expenditure(unit=request.unit, project=project)
    initial = {} if expenditure else {"spent_on": timezone.localdate()}
    form = ExpenditureForm(
        request.POST or None, request.FILES or None, instance=instance, project=project, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        options = {"actor": request.user, "fields": form.service_fields(), "refund_of": form.refund_of}
        options["upload"] = form.cleaned_data.get("file")
        try:
            if expenditure is None:
                services.add_expenditure(project, **options)
            else:
                remove = form.cleaned_data.get("remove_attachment", False)
                services.update_expenditure(expenditure, remove_attachment=remove, **options)
        except ValidationError as exc:
            form_errors(form, exc)
            if "overspend_reason" in form.errors:
                form.ask_for_overspend_reason()
                messages.warning(request, _("This payment overspends the budget: write the reason to save it."))
        else:
            messages.success(request, _("The expenditure has been saved."))
            return redirect(_project_url(project.pk, "expenditures"))
    context = {"form": form, "project": project, "title": _("Expenditure"), "multipart": True}
    return render(request, "budget/form.html", context)


@unit_view(BUDGET_EDIT)
def expenditure_create(request, pk: int):
    return _expenditure_form(request, _project(request, pk), None)


def _expenditure(request, pk: int) -> Expenditure:
    return get_for_unit(Expenditure.objects.select_related("project", "line"), request, pk=pk)


@unit_view(BUDGET_EDIT)
def expenditure_edit(request, pk: int):
    expenditure = _expenditure(request, pk)
    return _expenditure_form(request, expenditure.project, expenditure)


@require_POST
@unit_view(BUDGET_EDIT)
def expenditure_delete(request, pk: int):
    expenditure = _expenditure(request, pk)
    try:
        services.delete_expenditure(expenditure, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The expenditure %(number)s has been deleted.") % {"number": expenditure.voucher_number}
        )
    return redirect(_project_url(expenditure.project_id, "expenditures"))


@unit_view()
def expenditure_file(request, pk: int):
    expenditure = _expenditure(request, pk)
    if not expenditure.attachment:
        raise Http404("no attachment")
    try:
        handle = expenditure.attachment.open("rb")
    except FileNotFoundError:
        log.error("the file of expenditure %s is missing: %s", expenditure.pk, expenditure.attachment.name)
        raise Http404("file missing") from None
    name = expenditure.attachment_name or expenditure.attachment.name.rsplit("/", 1)[-1]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=kind)


# --- Excel ------------------------------------------------------------------------------------------------------


@unit_view()
def expenditure_export(request, pk: int):
    project = _project(request, pk)
    form = ExpenditureFilterForm(request.GET or None, project=project)
    rows = queries.search_expenditures(project, form.filters()).order_by("spent_on", "pk")
    filename = _("expenditures %(project)s %(day)s.xlsx") % {"project": project, "day": timezone.localdate()}
    return xlsx_response(sheets.expenditure_export(rows.iterator(chunk_size=500)), filename)


@unit_view()
def expenditure_template(request):
    return xlsx_response(sheets.expenditure_template(), _("expenditures import template.xlsx"))


@unit_view()
def line_export(request, pk: int):
    project = _project(request, pk)
    rows, _totals = figures.line_figures(project)
    filename = _("budget lines %(project)s %(day)s.xlsx") % {"project": project, "day": timezone.localdate()}
    return xlsx_response(sheets.line_export(rows), filename)


@unit_view()
def line_template(request):
    return xlsx_response(sheets.line_template(), _("budget lines import template.xlsx"))


@unit_view()
def adjustment_export(request, pk: int):
    project = _project(request, pk)
    filename = _("budget adjustments %(project)s %(day)s.xlsx") % {"project": project, "day": timezone.localdate()}
    return xlsx_response(sheets.adjustment_export(queries.adjustments(project)), filename)


@unit_view()
def adjustment_template(request):
    return xlsx_response(sheets.adjustment_template(), _("budget adjustments import template.xlsx"))


IMPORTS = {
    sheets.EXPENDITURES: (sheets.plan_expenditures, "expenditures"),
    sheets.LINES: (sheets.plan_lines, "lines"),
    sheets.ADJUSTMENTS: (sheets.plan_adjustments, "adjustments"),
}


def _import_upload(request, pk: int, prefix: str):
    project = _project(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        draft = ImportUpload.objects.create(
            unit=request.unit,
            kind=sheets.upload_kind(prefix, project),
            created_by=request.user,
            filename=upload.name[:255],
            data=upload.read(),
        )
        return redirect("budget:import_preview", pk=draft.pk)
    context = {"form": form, "project": project, "ledger": IMPORTS[prefix][1]}
    return render(request, "budget/import.html", context)


@unit_view(BUDGET_EDIT)
def expenditure_import(request, pk: int):
    return _import_upload(request, pk, sheets.EXPENDITURES)


@unit_view(BUDGET_EDIT)
def line_import(request, pk: int):
    return _import_upload(request, pk, sheets.LINES)


@unit_view(BUDGET_EDIT)
def adjustment_import(request, pk: int):
    return _import_upload(request, pk, sheets.ADJUSTMENTS)


@unit_view(BUDGET_EDIT)
def import_preview(request, pk: int):
    draft = get_for_unit(ImportUpload, request, pk=pk, kind__startswith="budget.", created_by=request.user)
    prefix, _dot, project_id = draft.kind.rpartition(".")
    if prefix not in IMPORTS or not project_id.isdigit():
        raise Http404("not a budget import")
    project = _project(request, int(project_id))
    result = IMPORTS[prefix][0](project, bytes(draft.data))
    if request.method == "POST" and result.ok:
        try:
            message = _apply(prefix, project, result, request.user)
        except ValidationError as exc:
            log.warning(
                "budget import %s of unit %s refused at confirmation: %s", draft.pk, request.unit.code, exc.messages
            )
            for text in exc.messages:
                messages.error(request, text)
        else:
            draft.delete()
            messages.success(request, message)
            return redirect(_project_url(project.pk, IMPORTS[prefix][1]))
    context = {"draft": draft, "result": result, "project": project, "ledger": IMPORTS[prefix][1]}
    return render(request, "budget/import_preview.html", context)


def _apply(prefix: str, project, result, actor) -> str:
    if prefix == sheets.EXPENDITURES:
        count = sheets.apply_expenditures(project, result, actor=actor)
        return _("%(n)s expenditures booked.") % {"n": count}
    if prefix == sheets.ADJUSTMENTS:
        count = sheets.apply_adjustments(project, result, actor=actor)
        return _("%(n)s budget adjustments booked.") % {"n": count}
    created, updated = sheets.apply_lines(project, result, actor=actor)
    return _("%(created)s budget lines created and %(updated)s updated.") % {"created": created, "updated": updated}
