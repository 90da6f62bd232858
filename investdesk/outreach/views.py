"""The visit and consultation pages, the pickers, Excel, settings and the year's figures.

Thin views (STYLE.md habit 1): each starts with the unit- and role-checked decorator or getter,
parses input, calls a service and renders. The appeal pages are in `appeal_views.py`.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import LEDGER_EDIT, UNIT_MANAGE
from investdesk.core.models import ImportUpload
from investdesk.core.web import form_errors, list_sort, xlsx_response
from investdesk.enterprises.models import Enterprise
from investdesk.outreach import queries, services, sheets, summary
from investdesk.outreach.conf import OutreachSettings, settings_for
from investdesk.outreach.forms import (
    AppealRowFormSet,
    ConsultationFilterForm,
    ConsultationForm,
    ImportForm,
    PickerForm,
    SettingsForm,
    VisitFilterForm,
    VisitForm,
)
from investdesk.outreach.models import Consultation, Visit

log = logging.getLogger(__name__)
PAGE_SIZE = 25


def filtered_enterprise(request, form) -> Enterprise | None:
    """The enterprise a list is narrowed to (?enterprise=), when it is one of the unit's."""
    pk = form.filters().get("enterprise") if form.is_valid() else None
    return Enterprise.objects.for_unit(request.unit).filter(pk=pk).first() if pk else None


# --- visits ------------------------------------------------------------------------------------------


VISIT_SORT = {
    "date": "visited_on",
    "enterprise": ("enterprise__name_initials", "enterprise__name"),
    "project": ("project__name_initials", "project__name"),
    "appeals": "appeal_count",
}


@unit_view()
def visit_list(request):
    form = VisitFilterForm(request.GET or None, unit=request.unit)
    sort = list_sort(request, VISIT_SORT)
    visits = sort.apply(queries.search_visits(request.unit, form.filters()))
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": sort.query,
        "sort": sort,
        "enterprise": filtered_enterprise(request, form),
        "year": summary.year_figures(request.unit, summary.chosen_year(request)),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "outreach/visits.html", context)


def _visit(request, pk: int) -> Visit:
    return get_for_unit(Visit.objects.select_related("enterprise", "project", "created_by"), request, pk=pk)


@unit_view()
def visit_detail(request, pk: int):
    visit = _visit(request, pk)
    appeals = list(visit.appeals.select_related("handler").order_by("id"))
    summary.attach_appeal_figures(request.unit, appeals)
    context = {"visit": visit, "appeals": appeals, "can_edit": can(request, LEDGER_EDIT)}
    return render(request, "outreach/visit_detail.html", context)


def _initial_enterprise(request) -> int | None:
    raw = request.GET.get("enterprise", "")
    if raw.isdigit() and Enterprise.objects.for_unit(request.unit).filter(pk=int(raw)).exists():
        return int(raw)
    return None


@unit_view(LEDGER_EDIT)
def visit_create(request):
    initial = {
        "visited_on": timezone.localdate(),
        "staff": [request.user.pk],
        "enterprise": _initial_enterprise(request),
    }
    form = VisitForm(request.POST or None, instance=Visit(unit=request.unit), unit=request.unit, initial=initial)
    formset = AppealRowFormSet(request.POST or None, prefix="appeals", form_kwargs={"unit": request.unit})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [row.cleaned_data for row in formset if row.has_changed()]
        try:
            visit = services.create_visit(
                request.unit,
                actor=request.user,
                fields=form.service_fields(),
                staff=list(form.cleaned_data["staff"]),
                appeals=rows,
            )
        except ValidationError as exc:
            form_errors(form, exc, bare=("appeals",))
        else:
            messages.success(request, _("The visit has been logged with %(n)s appeals.") % {"n": len(rows)})
            return redirect("outreach:visit_detail", pk=visit.pk)
    context = {"form": form, "formset": formset, "visit": None, "departments": queries.departments(request.unit)}
    return render(request, "outreach/visit_form.html", context)


@unit_view(LEDGER_EDIT)
def visit_edit(request, pk: int):
    visit = _visit(request, pk)
    form = VisitForm(request.POST or None, instance=Visit.objects.get(pk=visit.pk), unit=request.unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_visit(
                visit, actor=request.user, fields=form.service_fields(), staff=list(form.cleaned_data["staff"])
            )
        except ValidationError as exc:
            form_errors(form, exc, bare=("appeals",))
        else:
            messages.success(request, _("The visit has been saved."))
            return redirect("outreach:visit_detail", pk=visit.pk)
    return render(request, "outreach/visit_form.html", {"form": form, "formset": None, "visit": visit})


@require_POST
@unit_view(LEDGER_EDIT)
def visit_delete(request, pk: int):
    visit = _visit(request, pk)
    try:
        services.delete_visit(visit, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("outreach:visit_detail", pk=visit.pk)
    messages.success(request, _("The visit has been deleted."))
    return redirect("outreach:visits")


# --- the pickers (HTMX) -------------------------------------------------------------------------------------


@require_GET
@unit_view()
def enterprise_search(request):
    """The enterprise select narrowed to the search text, keeping the current choice (and, when the
    form has a project field, the project select of the chosen enterprise, out of band)."""
    with_project = request.GET.get("with_project") == "1"
    text = request.GET.get("enterprise_q", "").strip()
    data = {"enterprise": request.GET.get("enterprise", "")}
    form = PickerForm(data, unit=request.unit, with_project=with_project, text=text)
    context = {"form": form, "with_project": with_project}
    return render(request, "outreach/_enterprise_picker.html", context)


@require_GET
@unit_view()
def enterprise_projects(request):
    form = PickerForm({"enterprise": request.GET.get("enterprise", "")}, unit=request.unit, with_project=True)
    return render(request, "outreach/_project_picker.html", {"form": form})


# --- consultations -------------------------------------------------------------------------------------------


CONSULTATION_SORT = {
    "time": "consulted_at",
    "channel": "channel",
    "topic": "topic",
    "enterprise": ("enterprise__name_initials", "enterprise__name", "inquirer"),
    "project": ("project__name_initials", "project__name"),
    "minutes": "duration_minutes",
    "staff": ("staff__first_name", "staff__username"),
}


@unit_view()
def consultation_list(request):
    form = ConsultationFilterForm(request.GET or None)
    sort = list_sort(request, CONSULTATION_SORT)
    consultations = sort.apply(queries.search_consultations(request.unit, form.filters()))
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": sort.query,
        "sort": sort,
        "enterprise": filtered_enterprise(request, form),
        "year": summary.year_figures(request.unit, summary.chosen_year(request)),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "outreach/consultations.html", context)


def _consultation_form(request, consultation: Consultation | None):
    if consultation is None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        initial = {"consulted_at": now, "staff": request.user.pk, "enterprise": _initial_enterprise(request)}
        instance = Consultation(unit=request.unit)
    else:
        initial, instance = {}, Consultation.objects.get(pk=consultation.pk)
    form = ConsultationForm(request.POST or None, instance=instance, unit=request.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if consultation is None:
                services.create_consultation(request.unit, actor=request.user, fields=form.service_fields())
            else:
                services.update_consultation(consultation, actor=request.user, fields=form.service_fields())
        except ValidationError as exc:
            form_errors(form, exc, bare=("appeals",))
        else:
            messages.success(request, _("The consultation has been saved."))
            return redirect("outreach:consultations")
    return render(request, "outreach/consultation_form.html", {"form": form, "consultation": consultation})


@unit_view(LEDGER_EDIT)
def consultation_create(request):
    return _consultation_form(request, None)


def _consultation(request, pk: int) -> Consultation:
    return get_for_unit(Consultation.objects.select_related("enterprise", "project", "staff"), request, pk=pk)


@unit_view()
def consultation_detail(request, pk: int):
    consultation = _consultation(request, pk)
    appeals = list(consultation.appeals.order_by("id"))
    context = {"consultation": consultation, "appeals": appeals, "can_edit": can(request, LEDGER_EDIT)}
    return render(request, "outreach/consultation_detail.html", context)


@unit_view(LEDGER_EDIT)
def consultation_edit(request, pk: int):
    return _consultation_form(request, _consultation(request, pk))


@require_POST
@unit_view(LEDGER_EDIT)
def consultation_delete(request, pk: int):
    consultation = _consultation(request, pk)
    try:
        services.delete_consultation(consultation, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("outreach:consultation_detail", pk=consultation.pk)
    messages.success(request, _("The consultation has been deleted."))
    return redirect("outreach:consultations")


# --- Excel ------------------------------------------------------------------------------------------------------


def _ledger(kind: str):
    if kind not in sheets.LEDGERS:
        raise Http404("no such ledger")
    return sheets.LEDGERS[kind]


@unit_view()
def sheet_export(request, kind: str):
    ledger = _ledger(kind)
    rows = summary.export_rows(request, kind)
    day = timezone.localdate()
    return xlsx_response(sheets.export(kind, rows), f"{ledger.title()}_{day:%Y%m%d}.xlsx")


@unit_view()
def sheet_template(request, kind: str):
    ledger = _ledger(kind)
    return xlsx_response(sheets.template(kind), _("%(ledger)s import template.xlsx") % {"ledger": ledger.title()})


@unit_view(LEDGER_EDIT)
def sheet_import(request, kind: str):
    ledger = _ledger(kind)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        draft = ImportUpload.objects.create(
            unit=request.unit,
            kind=f"outreach.{kind}",
            created_by=request.user,
            filename=upload.name[:255],
            data=upload.read(),
        )
        return redirect(f"outreach:{kind}_import_preview", pk=draft.pk)
    return render(request, "outreach/import.html", {"form": form, "kind": kind, "ledger": ledger})


@unit_view(LEDGER_EDIT)
def import_preview(request, kind: str, pk: int):
    ledger = _ledger(kind)
    draft = get_for_unit(ImportUpload, request, pk=pk, kind=f"outreach.{kind}", created_by=request.user)
    result = sheets.plan(request.unit, kind, bytes(draft.data), actor=request.user)
    if request.method == "POST" and result.ok:
        try:
            created, updated = sheets.apply(request.unit, kind, result, actor=request.user)
        except ValidationError as exc:
            log.warning("import %s of unit %s refused at confirmation: %s", draft.pk, request.unit.code, exc.messages)
            for message in exc.messages:
                messages.error(request, message)
        else:
            draft.delete()
            messages.success(
                request,
                _("%(created)s rows created and %(updated)s updated.") % {"created": created, "updated": updated},
            )
            return redirect(summary.LIST_URLS[kind])
    context = {"draft": draft, "result": result, "kind": kind, "ledger": ledger}
    return render(request, "outreach/import_preview.html", context)


# --- the unit's settings and the year's figures ---------------------------------------------------------------------


@unit_view()
def outreach_settings(request):
    conf = settings_for(request.unit)
    form = SettingsForm(request.POST or None, initial=conf.to_dict())
    if request.method == "POST":
        require(request, UNIT_MANAGE)
        if form.is_valid():
            try:
                services.update_settings(request.unit, actor=request.user, values=form.cleaned_data)
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The settings have been saved."))
                return redirect("outreach:settings")
    context = {"form": form, "editable": can(request, UNIT_MANAGE), "defaults": OutreachSettings()}
    return render(request, "outreach/settings.html", context)


@unit_view()
def figures(request):
    year = summary.chosen_year(request)
    context = {
        "year": year,
        "years": summary.year_choices(request.unit),
        "rows": summary.metric_rows(request.unit, year),
        "chart": summary.monthly_chart(request.unit, year),
    }
    return render(request, "outreach/figures.html", context)
