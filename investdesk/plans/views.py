"""The plans pages: thin views (STYLE.md habit 1).

Everyone of the unit reads. The plan is kept by the staff who carry it out and by the finance
clerk who reports on the project: LEDGER_EDIT (director, agents) or BUDGET_EDIT (finance) writes.
"""

from __future__ import annotations

import logging
import mimetypes

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, unit_view
from investdesk.accounts.permissions import BUDGET_EDIT, LEDGER_EDIT
from investdesk.core.models import ImportUpload
from investdesk.core.web import choice_order, form_errors, list_sort, query_without_page, xlsx_response
from investdesk.performance.models import BudgetProject
from investdesk.plans import queries, services, sheets
from investdesk.plans.forms import (
    ImportForm,
    MilestoneFilterForm,
    MilestoneForm,
    StatusForm,
    TripFilterForm,
    TripForm,
)
from investdesk.plans.models import Milestone, Status, StudyTrip

log = logging.getLogger(__name__)
PAGE_SIZE = 50


def can_edit(request) -> bool:
    return can(request, LEDGER_EDIT) or can(request, BUDGET_EDIT)


def _require_edit(request) -> None:
    if not can_edit(request):
        raise PermissionDenied(f"role {request.membership.role} may not edit the plan")


# --- milestones -------------------------------------------------------------------------------------------


MILESTONE_SORT = {
    "project": ("project__year", "project__name"),
    "quarter": ("quarter", "due_on"),
    "title": "title",
    "owner": ("owner__first_name", "owner__username"),
    "due": "due_on",
    "status": choice_order("status", Status.choices),
}


@unit_view()
def index(request):
    form = MilestoneFilterForm(request.GET or None, unit=request.unit)
    sort = list_sort(request, MILESTONE_SORT)
    milestones = sort.apply(queries.search_milestones(request.unit, form.filters()))
    page = Paginator(milestones, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "form": form,
        "page": page,
        "rows": [(m, m.is_overdue(today)) for m in page.object_list],
        "query": sort.query,
        "sort": sort,
        "can_edit": can_edit(request),
    }
    return render(request, "plans/index.html", context)


@unit_view()
def milestone_export(request):
    form = MilestoneFilterForm(request.GET or None, unit=request.unit)
    rows = list_sort(request, MILESTONE_SORT).apply(queries.search_milestones(request.unit, form.filters()))
    return xlsx_response(sheets.export(rows), _("milestones %(day)s.xlsx") % {"day": timezone.localdate()})


@unit_view()
def milestone_template(request):
    return xlsx_response(sheets.template(), _("milestones import template.xlsx"))


def _milestone(request, pk: int) -> Milestone:
    return get_for_unit(Milestone.objects.select_related("project", "owner"), request, pk=pk)


@unit_view()
def milestone_create(request):
    _require_edit(request)
    initial = {}
    project_id = request.GET.get("project", "")
    if project_id.isdigit():
        initial["project"] = BudgetProject.objects.for_unit(request.unit).filter(pk=int(project_id)).first()
    form = MilestoneForm(
        request.POST or None,
        request.FILES or None,
        instance=Milestone(unit=request.unit),
        unit=request.unit,
        creating=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        project = fields.pop("project")
        try:
            services.create_milestone(project, actor=request.user, fields=fields, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The milestone has been added."))
            return redirect("plans:index")
    return render(request, "plans/milestone_form.html", {"form": form, "milestone": None})


@unit_view()
def milestone_edit(request, pk: int):
    milestone = _milestone(request, pk)
    _require_edit(request)
    instance = Milestone.objects.select_related("project").get(pk=milestone.pk)
    form = MilestoneForm(
        request.POST or None, request.FILES or None, instance=instance, unit=request.unit, creating=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_milestone(
                milestone, actor=request.user, fields=form.service_fields(), upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The milestone has been saved."))
            return redirect("plans:index")
    context = {
        "form": form,
        "milestone": milestone,
        "events": milestone.events.select_related("actor"),
        "status_form": StatusForm(allowed=services.allowed_statuses(milestone), current=milestone.status),
    }
    return render(request, "plans/milestone_form.html", context)


@require_POST
@unit_view()
def milestone_status(request, pk: int):
    milestone = _milestone(request, pk)
    _require_edit(request)
    allowed = services.allowed_statuses(milestone)
    form = StatusForm(request.POST, request.FILES, allowed=allowed, current=milestone.status)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for message in errors:
                messages.error(request, f"{form.fields[name].label}：{message}" if name in form.fields else message)
        return redirect("plans:milestone_edit", pk=milestone.pk)
    data = form.cleaned_data
    try:
        services.change_status(
            milestone,
            actor=request.user,
            to=data["to"],
            on=data["on"],
            note=data["note"],
            evidence_note=data["evidence_note"],
            upload=data["file"],
            confirm_back=data.get("confirm_back", False),
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            label = "" if name in (NON_FIELD_ERRORS, "status") else f"{Milestone._meta.get_field(name).verbose_name}："
            for message in errors:
                messages.error(request, label + message)
        return redirect("plans:milestone_edit", pk=milestone.pk)
    messages.success(request, _("The status has been changed."))
    return redirect("plans:index")


@require_POST
@unit_view()
def milestone_delete(request, pk: int):
    milestone = _milestone(request, pk)
    _require_edit(request)
    services.delete_milestone(milestone, actor=request.user)
    messages.success(request, _("The milestone “%(title)s” has been deleted.") % {"title": milestone.title})
    return redirect("plans:index")


@unit_view()
def milestone_evidence(request, pk: int):
    milestone = _milestone(request, pk)
    if not milestone.evidence:
        raise Http404("no evidence file")
    try:
        handle = milestone.evidence.open("rb")
    except FileNotFoundError:
        log.error("the evidence file of milestone %s is missing: %s", milestone.pk, milestone.evidence.name)
        raise Http404("file missing") from None
    name = milestone.evidence_name or milestone.evidence.name.rsplit("/", 1)[-1]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=kind)


@unit_view()
def milestone_import(request):
    return _import_upload(request, sheets.KIND)


@unit_view()
def import_preview(request, pk: int):
    return _import_preview(request, pk, sheets.KIND)


# --- Excel imports: upload, then preview and confirm ---------------------------------------------------------

IMPORTS = {  # kind: (ledger, read and check, save, preview URL, list URL)
    sheets.KIND: ("milestones", sheets.plan, sheets.apply, "plans:import_preview", "plans:index"),
    sheets.TRIPS: ("trips", sheets.plan_trips, sheets.apply_trips, "plans:trip_import_preview", "plans:trips"),
}


def _import_upload(request, kind: str):
    _require_edit(request)
    ledger, _plan, _apply, preview, _done = IMPORTS[kind]
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        draft = ImportUpload.objects.create(
            unit=request.unit,
            kind=kind,
            created_by=request.user,
            filename=upload.name[:255],
            data=upload.read(),
        )
        return redirect(preview, pk=draft.pk)
    return render(request, "plans/import.html", {"form": form, "ledger": ledger})


def _import_preview(request, pk: int, kind: str):
    draft = get_for_unit(ImportUpload, request, pk=pk, kind=kind, created_by=request.user)
    _require_edit(request)
    ledger, plan, apply, _preview, done = IMPORTS[kind]
    result = plan(request.unit, bytes(draft.data))
    if request.method == "POST" and result.ok:
        try:
            created, updated = apply(request.unit, result, actor=request.user)
        except ValidationError as exc:
            log.warning(
                "%s import %s of unit %s refused at confirmation: %s", ledger, draft.pk, request.unit.code, exc.messages
            )
            for message in exc.messages:
                messages.error(request, message)
        else:
            draft.delete()
            saved = (
                _("%(created)s milestones created and %(updated)s updated.")
                if kind == sheets.KIND
                else _("%(created)s study trips created and %(updated)s updated.")
            )
            messages.success(request, saved % {"created": created, "updated": updated})
            return redirect(done)
    return render(request, "plans/import_preview.html", {"draft": draft, "result": result, "ledger": ledger})


# --- study trips ------------------------------------------------------------------------------------------


@unit_view()
def trips(request):
    form = TripFilterForm(request.GET or None)
    page = Paginator(queries.search_trips(request.unit, form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    queries.attach_costs(rows)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query_without_page(request),
        "can_edit": can_edit(request),
    }
    return render(request, "plans/trips.html", context)


@unit_view()
def trip_template(request):
    return xlsx_response(sheets.trip_template(), _("study trips import template.xlsx"))


@unit_view()
def trip_import(request):
    return _import_upload(request, sheets.TRIPS)


@unit_view()
def trip_import_preview(request, pk: int):
    return _import_preview(request, pk, sheets.TRIPS)


@unit_view()
def trip_export(request):
    form = TripFilterForm(request.GET or None)
    rows = list(queries.search_trips(request.unit, form.filters()))
    queries.attach_costs(rows)
    return xlsx_response(sheets.trip_export(rows), _("study trips %(day)s.xlsx") % {"day": timezone.localdate()})


def _trip_form(request, trip: StudyTrip | None):
    instance = StudyTrip.objects.get(pk=trip.pk) if trip else StudyTrip(unit=request.unit)
    form = TripForm(request.POST or None, instance=instance, unit=request.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_trip(
                request.unit,
                actor=request.user,
                fields=form.service_fields(),
                participants=data["participants"],
                expenditures=data["expenditures"],
                trip=trip,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The study trip has been saved."))
            return redirect("plans:trips")
    return render(request, "plans/trip_form.html", {"form": form, "trip": trip})


@unit_view()
def trip_create(request):
    _require_edit(request)
    return _trip_form(request, None)


@unit_view()
def trip_edit(request, pk: int):
    trip = get_for_unit(StudyTrip, request, pk=pk)
    _require_edit(request)
    return _trip_form(request, trip)


@require_POST
@unit_view()
def trip_delete(request, pk: int):
    trip = get_for_unit(StudyTrip, request, pk=pk)
    _require_edit(request)
    services.delete_trip(trip, actor=request.user)
    messages.success(request, _("The study trip to %(place)s has been deleted.") % {"place": trip.destination})
    return redirect("plans:trips")
