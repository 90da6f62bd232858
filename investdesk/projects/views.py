"""The projects pages: thin views that parse input, call a service and render (STYLE.md habit 1)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import LEDGER_EDIT, REFERENCE_MANAGE, UNIT_MANAGE
from investdesk.core.models import ImportUpload
from investdesk.core.web import choice_order, form_errors, list_sort, query_without_page, xlsx_response
from investdesk.core.workdays import Calendar
from investdesk.enterprises.models import Enterprise
from investdesk.projects import departments, imports, queries, services
from investdesk.projects.conf import ProjectSettings, settings_for
from investdesk.projects.figures import land_figures, stage_progress, whole_process_workdays
from investdesk.projects.forms import (
    CatalogueItemForm,
    DepartmentForm,
    FollowUpFilterForm,
    FollowUpForm,
    ImportForm,
    ItemFilterForm,
    ItemForm,
    ProjectForm,
    SearchForm,
    SettingsForm,
    StatusForm,
)
from investdesk.projects.models import (
    STAGE_ORDER,
    ApprovalItem,
    CatalogueItem,
    Department,
    FollowUp,
    InvestmentProject,
    KeyLevel,
    Stage,
    Status,
)

log = logging.getLogger(__name__)
PAGE_SIZE = 25


# --- the project list, export and import ----------------------------------------------------------


def _sort(request):
    """The columns the project list may be sorted by (core.web.list_sort)."""
    return list_sort(
        request,
        {
            "name": ("name_initials", "name"),
            "enterprise": ("enterprise__name_initials", "enterprise__name"),
            "key": choice_order("key_level", KeyLevel.choices),
            "status": choice_order("status", Status.choices),
            "investment": "total_investment_yuan",
        },
    )


@unit_view()
def project_list(request):
    form = SearchForm(request.GET or None)
    sort = _sort(request)
    projects = sort.apply(queries.search_projects(request.unit, form.filters()))
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    calendar = Calendar.for_unit(request.unit)
    conf = settings_for(request.unit)
    queries.attach_figures(rows, calendar, conf)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": sort.query,
        "sort": sort,
        "conf": conf,
        "stages": Stage.choices,
        "calendar_warning": calendar.warning_text(),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "projects/list.html", context)


@unit_view()
def project_export(request):
    form = SearchForm(request.GET or None)
    projects = list(_sort(request).apply(queries.search_projects(request.unit, form.filters())))
    queries.attach_figures(projects, Calendar.for_unit(request.unit), settings_for(request.unit))
    day = timezone.localdate()
    return xlsx_response(imports.export(projects), _("investment projects %(day)s.xlsx") % {"day": day})


@unit_view()
def import_template(request):
    return xlsx_response(imports.template(), _("investment projects import template.xlsx"))


@unit_view(LEDGER_EDIT)
def project_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        draft = ImportUpload.objects.create(
            unit=request.unit,
            kind=imports.KIND,
            created_by=request.user,
            filename=upload.name[:255],
            data=upload.read(),
        )
        return redirect("projects:import_preview", pk=draft.pk)
    return render(request, "projects/import.html", {"form": form})


@unit_view(LEDGER_EDIT)
def import_preview(request, pk: int):
    draft = get_for_unit(ImportUpload, request, pk=pk, kind=imports.KIND, created_by=request.user)
    result = imports.plan(request.unit, bytes(draft.data))
    if request.method == "POST" and result.ok:
        try:
            created, updated = imports.apply(request.unit, result, actor=request.user)
        except ValidationError as exc:
            log.warning("import %s of unit %s refused at confirmation: %s", draft.pk, request.unit.code, exc.messages)
            for message in exc.messages:
                messages.error(request, message)
        else:
            draft.delete()
            messages.success(
                request,
                _("%(created)s projects created and %(updated)s updated.") % {"created": created, "updated": updated},
            )
            return redirect("projects:list")
    return render(request, "projects/import_preview.html", {"draft": draft, "result": result})


# --- one project ----------------------------------------------------------------------------------------------


def _project(request, pk: int) -> InvestmentProject:
    return get_for_unit(InvestmentProject.objects.select_related("enterprise", "unit", "created_by"), request, pk=pk)


@unit_view()
def project_detail(request, pk: int):
    project = _project(request, pk)
    calendar = Calendar.for_unit(request.unit)
    conf = settings_for(request.unit)
    today = timezone.localdate()
    items = queries.project_items(project)
    queries.attach_item_figures(items, calendar, conf)
    stages = stage_progress(items, calendar, today)
    status_form = StatusForm(project=project, allowed=services.allowed_statuses(project))
    context = {
        "project": project,
        "items": items,
        "stages": stages,
        "whole_process": whole_process_workdays(stages),
        "land": land_figures(project, calendar, conf.land_to_start_threshold_workdays),
        "conf": conf,
        "followups": project.followups.select_related("staff"),
        "events": project.events.select_related("item", "actor")[:50],
        "status_form": status_form,
        "back_steps": [
            (value, label, services.back_step_warning(project, value)) for value, label in status_form.back_choices
        ],
        "followup_form": FollowUpForm(unit=request.unit, initial={"followed_on": today, "staff": request.user.pk}),
        "calendar_warning": calendar.warning_text(),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "projects/detail.html", context)


@unit_view(LEDGER_EDIT)
def project_create(request):
    initial = {}
    enterprise_id = request.GET.get("enterprise", "")
    if enterprise_id.isdigit():
        enterprise = Enterprise.objects.for_unit(request.unit).filter(pk=int(enterprise_id)).first()
        if enterprise is not None:
            initial = {"enterprise": enterprise.pk, "key_level": enterprise.key_level}
    instance = InvestmentProject(unit=request.unit)
    form = ProjectForm(request.POST or None, instance=instance, unit=request.unit, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(request.unit, actor=request.user, fields=form.service_fields())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The project “%(name)s” has been registered.") % {"name": project.name})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": None})


@unit_view(LEDGER_EDIT)
def project_edit(request, pk: int):
    project = _project(request, pk)
    form = ProjectForm(
        request.POST or None, instance=InvestmentProject.objects.get(pk=project.pk), unit=request.unit, creating=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(project, actor=request.user, fields=form.service_fields())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})


@require_POST
@unit_view(LEDGER_EDIT)
def project_status(request, pk: int):
    project = _project(request, pk)
    form = StatusForm(request.POST, project=project, allowed=services.allowed_statuses(project))
    if not form.is_valid():
        for name, errors in form.errors.items():
            for message in errors:
                messages.error(request, f"{form.fields[name].label}：{message}" if name in form.fields else message)
        return redirect("projects:detail", pk=project.pk)
    try:
        services.change_status(
            project,
            actor=request.user,
            to=form.cleaned_data["to"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            confirm_back=form.cleaned_data["confirm_back"],
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            label = "" if name in (NON_FIELD_ERRORS, "status") else f"{project._meta.get_field(name).verbose_name}："
            for message in errors:
                messages.error(request, label + message)
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("projects:detail", pk=project.pk)


@unit_view(LEDGER_EDIT)
def project_delete(request, pk: int):
    project = _project(request, pk)
    if request.method == "POST":
        try:
            services.delete_project(project, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("projects:detail", pk=project.pk)
        messages.success(request, _("The project “%(name)s” has been deleted.") % {"name": project.name})
        return redirect("projects:list")
    return render(request, "projects/confirm_delete.html", {"project": project})


@require_POST
@unit_view(LEDGER_EDIT)
def sync_items(request, pk: int):
    project = _project(request, pk)
    added, removed = services.sync_items(project, actor=request.user)
    messages.success(
        request,
        _("Approval items brought in line with the catalogue: %(added)s added, %(removed)s removed.")
        % {"added": added, "removed": removed},
    )
    return redirect("projects:detail", pk=project.pk)


# --- approval items -------------------------------------------------------------------------------------------


@unit_view(LEDGER_EDIT)
def item_edit(request, pk: int):
    item = get_for_unit(ApprovalItem.objects.select_related("project__enterprise"), request, pk=pk)
    form = ItemForm(request.POST or None, instance=ApprovalItem.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields if name != "confirm_back"}
        try:
            confirm = form.cleaned_data.get("confirm_back", False)
            services.record_item(item, actor=request.user, fields=fields, confirm_back=confirm)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("%(item)s has been saved.") % {"item": item.name})
            return redirect(f"{_detail_url(item.project_id)}#item-{item.pk}")
    calendar = Calendar.for_unit(request.unit)
    queries.attach_item_figures([item], calendar, settings_for(request.unit))
    context = {"item": item, "form": form, "calendar_warning": calendar.warning_text()}
    return render(request, "projects/item_form.html", context)


def _detail_url(pk: int) -> str:
    return reverse("projects:detail", args=[pk])


@unit_view()
def item_list(request):
    form = ItemFilterForm(request.GET or None)
    calendar = Calendar.for_unit(request.unit)
    conf = settings_for(request.unit)
    items = queries.filter_items(request.unit, form.filters(), calendar, conf)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    queries.attach_item_figures(rows, calendar, conf)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query_without_page(request),
        "conf": conf,
        "calendar_warning": calendar.warning_text(),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "projects/items.html", context)


# --- follow-ups ------------------------------------------------------------------------------------------------


@unit_view()
def followup_list(request):
    form = FollowUpFilterForm(request.GET or None)
    page = Paginator(queries.search_followups(request.unit, form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    calendar = Calendar.for_unit(request.unit)
    queries.attach_followup_countdowns(page.object_list, calendar)
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "calendar_warning": calendar.warning_text(),
    }
    return render(request, "projects/followups.html", context)


@unit_view(LEDGER_EDIT)
def followup_create(request, pk: int):
    project = _project(request, pk)
    initial = {"followed_on": timezone.localdate(), "staff": request.user.pk}
    form = FollowUpForm(request.POST or None, unit=request.unit, initial=initial, instance=FollowUp(unit=request.unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_followup(project, actor=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect(f"{_detail_url(project.pk)}#followups")
    return render(request, "projects/followup_form.html", {"form": form, "project": project, "followup": None})


def _followup(request, pk: int) -> FollowUp:
    return get_for_unit(FollowUp.objects.select_related("project"), request, pk=pk)


@unit_view(LEDGER_EDIT)
def followup_edit(request, pk: int):
    followup = _followup(request, pk)
    form = FollowUpForm(request.POST or None, unit=request.unit, instance=FollowUp.objects.get(pk=followup.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_followup(followup, actor=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been saved."))
            return redirect(f"{_detail_url(followup.project_id)}#followups")
    context = {"form": form, "project": followup.project, "followup": followup}
    return render(request, "projects/followup_form.html", context)


@require_POST
@unit_view(LEDGER_EDIT)
def followup_delete(request, pk: int):
    followup = _followup(request, pk)
    services.delete_followup(followup, actor=request.user)
    messages.success(request, _("The follow-up has been deleted."))
    return redirect(f"{_detail_url(followup.project_id)}#followups")


# --- the approval catalogue ----------------------------------------------------------------------------------------


@unit_view()
def catalogue(request):
    services.ensure_catalogue(request.unit)
    items = list(CatalogueItem.objects.for_unit(request.unit))
    items.sort(key=lambda i: (STAGE_ORDER.index(i.stage), i.position, i.pk))
    labels = dict(Stage.choices)
    stages = [(key, labels[key], [i for i in items if i.stage == key]) for key in STAGE_ORDER]
    context = {"stages": stages, "conf": settings_for(request.unit), "can_edit": can(request, LEDGER_EDIT)}
    return render(request, "projects/catalogue.html", context)


def _catalogue_form(request, item: CatalogueItem | None):
    instance = CatalogueItem.objects.get(pk=item.pk) if item else CatalogueItem(unit=request.unit)
    form = CatalogueItemForm(request.POST or None, instance=instance, unit=request.unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_catalogue_item(request.unit, actor=request.user, fields=form.cleaned_data, item=item)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The catalogue item has been saved."))
            return redirect("projects:catalogue")
    return render(request, "projects/catalogue_form.html", {"form": form, "item": item})


@unit_view(LEDGER_EDIT)
def catalogue_create(request):
    return _catalogue_form(request, None)


@unit_view(LEDGER_EDIT)
def catalogue_edit(request, pk: int):
    return _catalogue_form(request, get_for_unit(CatalogueItem, request, pk=pk))


# --- the unit's department list ----------------------------------------------------------------------------------


@unit_view()
def department_list(request):
    manager = can(request, REFERENCE_MANAGE)
    form = DepartmentForm(request.POST or None, initial={"position": 0})
    if request.method == "POST":
        require(request, REFERENCE_MANAGE)
        if form.is_valid():
            try:
                saved = departments.save_department(request.unit, actor=request.user, fields=form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("%(name)s has been added.") % {"name": saved.name})
                return redirect("projects:departments")
    context = {"form": form, "departments": departments.for_unit(request.unit), "manager": manager}
    return render(request, "projects/departments.html", context)


@require_POST
@unit_view(REFERENCE_MANAGE)
def department_defaults(request):
    added = departments.add_defaults(request.unit, actor=request.user)
    messages.success(request, _("%(n)s usual departments have been added.") % {"n": added})
    return redirect("projects:departments")


@unit_view(REFERENCE_MANAGE)
def department_edit(request, pk: int):
    department = get_for_unit(Department, request, pk=pk)
    form = DepartmentForm(request.POST or None, instance=Department.objects.get(pk=department.pk))
    if request.method == "POST" and form.is_valid():
        try:
            departments.save_department(
                request.unit, actor=request.user, fields=form.cleaned_data, department=department
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": form.cleaned_data["name"]})
            return redirect("projects:departments")
    return render(request, "projects/department_form.html", {"form": form, "department": department})


@require_POST
@unit_view(REFERENCE_MANAGE)
def department_delete(request, pk: int):
    department = get_for_unit(Department, request, pk=pk)
    departments.delete_department(department, actor=request.user)
    messages.success(request, _("%(name)s has been removed from the list.") % {"name": department.name})
    return redirect("projects:departments")


# --- the unit's settings --------------------------------------------------------------------------------------------


@unit_view()
def project_settings(request):
    conf = settings_for(request.unit)
    editable = can(request, UNIT_MANAGE)
    initial = conf.to_dict() | {"accepted_region_codes": "、".join(conf.accepted_region_codes)}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request, UNIT_MANAGE)
        if form.is_valid():
            try:
                services.update_settings(request.unit, actor=request.user, values=form.cleaned_data)
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The project settings have been saved."))
                return redirect("projects:settings")
    defaults = ProjectSettings()
    return render(request, "projects/settings.html", {"form": form, "editable": editable, "defaults": defaults})
