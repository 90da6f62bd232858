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

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import LEDGER_EDIT, PERSONAL_DATA_VIEW, REFERENCE_MANAGE
from investdesk.core.middleware import client_ip
from investdesk.core.models import ImportUpload
from investdesk.core.web import choice_order, form_errors, list_sort, xlsx_response
from investdesk.enterprises import queries, sections, services, sheet
from investdesk.enterprises.forms import (
    AreaForm,
    AttachmentForm,
    ContactForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    ImportForm,
    PlanItemForm,
)
from investdesk.enterprises.models import Area, Attachment, Contact, Enterprise, KeyLevel, Origin, ServicePlanItem
from investdesk.enterprises.timeline import entries_for

log = logging.getLogger(__name__)

PAGE_SIZE = 50
PREVIEW_ROWS = 100
IMPORT_KIND = "enterprises"


def _enterprise(request, pk: int) -> Enterprise:
    return get_for_unit(Enterprise.objects.select_related("area", "liaison_leader", "service_officer"), request, pk=pk)


def _show_phones(request) -> bool:
    return can(request, PERSONAL_DATA_VIEW)


# --- list, search, export ----------------------------------------------------------------------------


def _sort(request):
    """The columns the list may be sorted by; names by their pinyin initials, as staff look them up."""
    return list_sort(
        request,
        {
            "name": ("name_initials", "name"),
            "uscc": "uscc",
            "origin": choice_order("origin", Origin.choices),
            "key": choice_order("key_level", KeyLevel.choices),
            "area": ("area__kind", "area__position", "area__name"),
            "industry": "industry_section",
            "officer": ("service_officer__first_name", "service_officer__username"),
        },
    )


@unit_view()
def enterprise_list(request):
    form = EnterpriseFilterForm(request.GET or None, unit=request.unit)
    sort = _sort(request)
    enterprises = sort.apply(queries.filter_enterprises(queries.base_queryset(request.unit), form.filters()))
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": sort.query,
        "sort": sort,
        "show_phones": _show_phones(request),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "enterprises/list.html", context)


@unit_view()
def enterprise_export(request):
    form = EnterpriseFilterForm(request.GET or None, unit=request.unit)
    enterprises = _sort(request).apply(queries.filter_enterprises(queries.base_queryset(request.unit), form.filters()))
    data = sheet.export(enterprises.iterator(chunk_size=2000), show_phones=_show_phones(request))
    return xlsx_response(data, f"一企一档_{timezone.localdate():%Y%m%d}.xlsx")


@unit_view()
def import_template(request):
    return xlsx_response(sheet.template(), "一企一档导入模板.xlsx")


# --- one enterprise ------------------------------------------------------------------------------------


@unit_view()
def enterprise_detail(request, pk: int):
    enterprise = get_for_unit(queries.base_queryset(request.unit), request, pk=pk)
    today = timezone.localdate()
    plan_items = list(enterprise.plan_items.select_related("owner"))
    context = {
        "enterprise": enterprise,
        "contacts": enterprise.contacts.all(),
        "attachments": enterprise.attachments.select_related("uploaded_by"),
        "plan_items": [(item, item.is_overdue(today)) for item in plan_items],
        "timeline": entries_for(enterprise),
        "sections": sections.render_sections(request, enterprise),
        "show_phones": _show_phones(request),
        "can_edit": can(request, LEDGER_EDIT),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "enterprises/detail.html", context)


def _save_enterprise(request, form: EnterpriseForm, enterprise: Enterprise | None) -> tuple[Enterprise | None, list]:
    """Run the service: (the saved enterprise, []) or (None, similar enterprises) with the form
    showing what to correct or confirm."""
    options = {
        "actor": request.user,
        "fields": form.model_fields(),
        "tags": form.tags(),
        "confirm_similar": form.cleaned_data["confirm_similar"],
    }
    try:
        if enterprise is None:
            return services.create_enterprise(request.unit, **options), []
        return services.update_enterprise(enterprise, **options), []
    except services.SimilarNames as exc:
        form.ask("confirm_similar")
        return None, exc.matches
    except ValidationError as exc:
        form_errors(form, exc, renamed={"registered_capital": "registered_capital_wan"})
        return None, []


def _enterprise_form(request, enterprise: Enterprise | None):
    instance = Enterprise.objects.get(pk=enterprise.pk) if enterprise else Enterprise(unit=request.unit)
    form = EnterpriseForm(request.POST or None, instance=instance, unit=request.unit)
    similar = []
    if request.method == "POST":
        if form.is_valid():
            saved, similar = _save_enterprise(request, form, enterprise)
            if saved is not None:
                messages.success(request, _("%(name)s has been saved.") % {"name": saved.name})
                return redirect("enterprises:detail", pk=saved.pk)
        form.after_validation()
    context = {"form": form, "enterprise": enterprise, "similar": similar}
    return render(request, "enterprises/form.html", context)


@unit_view(LEDGER_EDIT)
def enterprise_create(request):
    return _enterprise_form(request, None)


@unit_view(LEDGER_EDIT)
def enterprise_edit(request, pk: int):
    return _enterprise_form(request, _enterprise(request, pk))


# --- contacts --------------------------------------------------------------------------------------------


def _contact_form(request, enterprise: Enterprise, contact: Contact | None):
    instance = Contact.objects.get(pk=contact.pk) if contact else Contact(unit=request.unit, enterprise=enterprise)
    form = ContactForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ContactForm.Meta.fields}
        try:
            services.save_contact(enterprise, actor=request.user, fields=fields, contact=contact)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The contact has been saved."))
            return redirect(reverse("enterprises:detail", args=[enterprise.pk]) + "#contacts")
    title = _("Edit the contact") if contact else _("Add a contact")
    return render(request, "enterprises/small_form.html", {"form": form, "enterprise": enterprise, "title": title})


@unit_view(LEDGER_EDIT)
def contact_create(request, pk: int):
    return _contact_form(request, _enterprise(request, pk), None)


@unit_view(LEDGER_EDIT)
def contact_edit(request, pk: int):
    contact = get_for_unit(Contact.objects.select_related("enterprise"), request, pk=pk)
    return _contact_form(request, contact.enterprise, contact)


@require_POST
@unit_view(LEDGER_EDIT)
def contact_delete(request, pk: int):
    contact = get_for_unit(Contact.objects.select_related("enterprise"), request, pk=pk)
    services.delete_contact(contact, actor=request.user)
    messages.success(request, _("The contact %(name)s has been removed.") % {"name": contact.name})
    return redirect(reverse("enterprises:detail", args=[contact.enterprise_id]) + "#contacts")


# --- attachments ---------------------------------------------------------------------------------------------


@unit_view(LEDGER_EDIT)
def attachment_create(request, pk: int):
    enterprise = _enterprise(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.add_attachment(
                enterprise,
                actor=request.user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": attachment.filename})
            return redirect(reverse("enterprises:detail", args=[enterprise.pk]) + "#attachments")
    title = _("Add a file")
    return render(
        request,
        "enterprises/small_form.html",
        {"form": form, "enterprise": enterprise, "title": title, "multipart": True},
    )


@unit_view()
def attachment_download(request, pk: int):
    attachment = get_for_unit(Attachment, request, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        log.error("the file of attachment %s is missing: %s", attachment.pk, attachment.file.name)
        raise Http404("file missing") from None
    kind = mimetypes.guess_type(attachment.filename)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=attachment.filename, content_type=kind)


@require_POST
@unit_view(LEDGER_EDIT)
def attachment_delete(request, pk: int):
    attachment = get_for_unit(Attachment, request, pk=pk)
    services.delete_attachment(attachment, actor=request.user)
    messages.success(request, _("%(name)s has been removed.") % {"name": attachment.filename})
    return redirect(reverse("enterprises:detail", args=[attachment.enterprise_id]) + "#attachments")


# --- the service plan -------------------------------------------------------------------------------------------


def _plan_form(request, enterprise: Enterprise, item: ServicePlanItem | None):
    instance = ServicePlanItem.objects.get(pk=item.pk) if item else ServicePlanItem(unit=request.unit)
    form = PlanItemForm(request.POST or None, instance=instance, unit=request.unit)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PlanItemForm.Meta.fields}
        try:
            services.save_plan_item(enterprise, actor=request.user, fields=fields, item=item)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The service plan has been saved."))
            return redirect(reverse("enterprises:detail", args=[enterprise.pk]) + "#plan")
    title = _("Edit the service plan item") if item else _("Add to the service plan")
    return render(request, "enterprises/small_form.html", {"form": form, "enterprise": enterprise, "title": title})


@unit_view(LEDGER_EDIT)
def plan_item_create(request, pk: int):
    return _plan_form(request, _enterprise(request, pk), None)


@unit_view(LEDGER_EDIT)
def plan_item_edit(request, pk: int):
    item = get_for_unit(ServicePlanItem.objects.select_related("enterprise"), request, pk=pk)
    return _plan_form(request, item.enterprise, item)


# --- import -------------------------------------------------------------------------------------------------------


@unit_view(LEDGER_EDIT)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = ImportUpload.objects.create(
            unit=request.unit,
            kind=IMPORT_KIND,
            created_by=request.user,
            filename=upload.name[-255:],
            data=upload.read(),
        )
        return redirect("enterprises:import_preview", pk=stored.pk)
    return render(request, "enterprises/import.html", {"form": form})


@unit_view(LEDGER_EDIT)
def import_preview(request, pk: int):
    upload = get_for_unit(ImportUpload.objects.filter(kind=IMPORT_KIND), request, pk=pk, created_by=request.user)
    plan = sheet.plan_import(request.unit, bytes(upload.data))
    if request.method == "POST" and plan.ok:
        try:
            created = sheet.commit_import(request.unit, plan, actor=request.user, remote_addr=client_ip(request))
        except services.Refused as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            upload.delete()
            messages.success(request, _("%(n)s enterprises have been archived.") % {"n": len(created)})
            return redirect("enterprises:list")
    context = {
        "upload": upload,
        "plan": plan,
        "rows": plan.rows[:PREVIEW_ROWS],
        "more": max(len(plan.rows) - PREVIEW_ROWS, 0),
    }
    return render(request, "enterprises/import_preview.html", context)


# --- streets and parks ----------------------------------------------------------------------------------------


@unit_view()
def areas(request):
    manager = can(request, REFERENCE_MANAGE)
    form = AreaForm(request.POST or None)
    if request.method == "POST":
        require(request, REFERENCE_MANAGE)
        if form.is_valid():
            try:
                area = services.save_area(request.unit, actor=request.user, fields=form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("%(name)s has been added.") % {"name": area.name})
                return redirect("enterprises:areas")
    rows = Area.objects.for_unit(request.unit).order_by("kind", "position", "name")
    return render(request, "enterprises/areas.html", {"form": form, "areas": rows, "manager": manager})


@unit_view()
def area_edit(request, pk: int):
    area = get_for_unit(Area, request, pk=pk)
    require(request, REFERENCE_MANAGE)
    form = AreaForm(request.POST or None, instance=Area.objects.get(pk=area.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_area(request.unit, actor=request.user, fields=form.cleaned_data, area=area)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": area.name})
            return redirect("enterprises:areas")
    return render(request, "enterprises/small_form.html", {"form": form, "title": _("Edit the street or park")})


@require_POST
@unit_view()
def area_delete(request, pk: int):
    area = get_for_unit(Area, request, pk=pk)
    require(request, REFERENCE_MANAGE)
    try:
        services.delete_area(area, actor=request.user)
    except services.Refused as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s has been removed.") % {"name": area.name})
    return redirect("enterprises:areas")
