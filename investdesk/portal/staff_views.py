"""The staff's inbox of online requests (/cases/requests/): read by every role of the unit,
acted on (turn into a case, refuse, mark as duplicate) by directors and agents; and the QR code
of every case's public status page, to print for the requester."""

from __future__ import annotations

import logging
import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, unit_view
from investdesk.accounts.permissions import LEDGER_EDIT, PERSONAL_DATA_VIEW
from investdesk.cases import archive_views
from investdesk.cases.models import AgencyCase
from investdesk.core.text import name_key
from investdesk.enterprises.models import Enterprise
from investdesk.portal import casework, deadlines, qr, services, tracking
from investdesk.portal.forms import ConvertForm, DuplicateForm, InboxFilterForm, RejectForm
from investdesk.portal.models import PortalAttachment, PortalRequest, RequestStatus
from investdesk.projects.models import InvestmentProject

log = logging.getLogger(__name__)

PAGE_SIZE = 50
SIMILAR_LIMIT = 10


def inbox_queryset(unit, filters: dict):
    """The unit's requests, new ones first, with what the list shows fetched in the same query."""
    requests = (
        PortalRequest.objects.for_unit(unit)
        .select_related("case")
        .annotate(file_count=Count("attachments"))
        .alias(
            new_first=Case(When(status=RequestStatus.NEW, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("new_first", "-submitted_at", "-pk")
    )
    if filters.get("status"):
        requests = requests.filter(status=filters["status"])
    query = (filters.get("q") or "").strip()
    if query:
        match = (
            Q(enterprise_name__icontains=query)
            | Q(project_name__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(uscc__iexact=query)
            | Q(project_code__icontains=query)
            | Q(tracking_number=tracking.normalise_number(query))
            | Q(case__number__icontains=query)
        )
        digits = tracking.phone_digits(query)
        if len(digits) >= 4:
            match |= Q(phone__contains=digits)
        requests = requests.filter(match)
    return requests


def new_count(unit) -> int:
    return PortalRequest.objects.for_unit(unit).filter(status=RequestStatus.NEW).count()


def _request(request, pk: int) -> PortalRequest:
    related = ("case", "duplicate_of", "handled_by", "enterprise")
    return get_for_unit(PortalRequest.objects.select_related(*related), request, pk=pk)


def _detail_url(obj: PortalRequest) -> str:
    return reverse("portal_staff:detail", args=[obj.pk])


@unit_view()
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(inbox_queryset(request.unit, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = deadlines.attach(page.object_list, request.unit)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "new_count": new_count(request.unit),
        "show_phones": can(request, PERSONAL_DATA_VIEW),
        "calendar_warning": calendar.warning_text(),
    }
    return render(request, "portal/staff/inbox.html", context)


def similar_enterprises(obj: PortalRequest) -> list[Enterprise]:
    """Archive entries with the request's credit code or the same comparable name."""
    match = Q(name_key=name_key(obj.enterprise_name)) if name_key(obj.enterprise_name) else Q(pk__in=[])
    if obj.uscc:
        match |= Q(uscc=obj.uscc)
    if obj.enterprise_id:
        match |= Q(pk=obj.enterprise_id)
    return list(Enterprise.objects.for_unit(obj.unit_id).filter(match).order_by("name")[:SIMILAR_LIMIT])


def matching_projects(obj: PortalRequest, enterprises: list[Enterprise]) -> list[InvestmentProject]:
    """Projects with the request's project code, and the projects of the similar enterprises."""
    match = Q(enterprise__in=enterprises)
    if obj.project_code:
        match |= Q(project_code=obj.project_code)
    return list(
        InvestmentProject.objects.for_unit(obj.unit_id)
        .filter(match)
        .select_related("enterprise")
        .order_by("name")[: SIMILAR_LIMIT * 2]
    )


def possible_duplicates(obj: PortalRequest) -> list[PortalRequest]:
    """Other requests of the unit from the same phone, credit code or enterprise name."""
    match = Q(phone=obj.phone) | Q(enterprise_name=obj.enterprise_name)
    if obj.uscc:
        match |= Q(uscc=obj.uscc)
    return list(
        PortalRequest.objects.for_unit(obj.unit_id)
        .filter(match)
        .exclude(pk=obj.pk)
        .select_related("case")
        .order_by("-submitted_at")[:SIMILAR_LIMIT]
    )


def _detail_context(request, obj: PortalRequest, **forms) -> dict:
    enterprises = similar_enterprises(obj)
    projects = matching_projects(obj, enterprises)
    can_edit = can(request, LEDGER_EDIT)
    calendar = deadlines.attach([obj], request.unit)
    context = {
        "obj": obj,
        "calendar_warning": calendar.warning_text(),
        "attachments": list(obj.attachments.all()),
        "events": list(obj.events.select_related("actor")),
        "enterprises": enterprises,
        "same_code": any(obj.uscc and e.uscc == obj.uscc for e in enterprises),
        "projects": projects,
        "duplicates": possible_duplicates(obj),
        "can_edit": can_edit,
        "show_phones": can(request, PERSONAL_DATA_VIEW),
        "can_reopen": can_edit and obj.status in (RequestStatus.REJECTED, RequestStatus.DUPLICATE),
    }
    if can_edit and obj.status == RequestStatus.NEW:
        context["convert_form"] = forms.get("convert_form") or ConvertForm(
            enterprises=enterprises, projects=projects, initial=ConvertForm.initial_for(obj, enterprises, projects)
        )
        context["reject_form"] = forms.get("reject_form") or RejectForm()
        context["duplicate_form"] = forms.get("duplicate_form") or DuplicateForm(request_obj=obj)
    return context


@unit_view()
def detail(request, pk: int):
    obj = _request(request, pk)
    return render(request, "portal/staff/detail.html", _detail_context(request, obj))


def _refused(request, obj: PortalRequest, form_name: str, form, exc: Exception | None = None):
    """Show the request page again with the refusal on the form that caused it (nothing changed)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif exc is not None:
        for message in getattr(exc, "messages", None) or [str(exc)]:
            form.add_error(None, message)
    obj.refresh_from_db()
    return render(request, "portal/staff/detail.html", _detail_context(request, obj, **{form_name: form}), status=400)


@require_POST
@unit_view(LEDGER_EDIT)
def convert(request, pk: int):
    obj = _request(request, pk)
    enterprises = similar_enterprises(obj)
    form = ConvertForm(request.POST, enterprises=enterprises, projects=matching_projects(obj, enterprises))
    if not form.is_valid():
        return _refused(request, obj, "convert_form", form)
    try:
        services.convert_request(obj, actor=request.user, **form.cleaned_data)
    except (ValidationError, casework.Refused) as exc:
        return _refused(request, obj, "convert_form", form, exc)
    obj.refresh_from_db()
    messages.success(
        request,
        _("Case %(number)s has been opened from request %(tracking)s.")
        % {"number": obj.case.number, "tracking": obj.tracking_display},
    )
    return redirect(casework.case_url(obj.case))


@require_POST
@unit_view(LEDGER_EDIT)
def reject(request, pk: int):
    obj = _request(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _refused(request, obj, "reject_form", form)
    try:
        services.reject_request(obj, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _refused(request, obj, "reject_form", form, exc)
    messages.success(request, _("Request %(tracking)s has not been accepted.") % {"tracking": obj.tracking_display})
    return redirect(_detail_url(obj))


@require_POST
@unit_view(LEDGER_EDIT)
def duplicate(request, pk: int):
    obj = _request(request, pk)
    form = DuplicateForm(request.POST, request_obj=obj)
    if not form.is_valid():
        return _refused(request, obj, "duplicate_form", form)
    try:
        services.mark_duplicate(obj, actor=request.user, original=form.cleaned_data["original"])
    except ValidationError as exc:
        return _refused(request, obj, "duplicate_form", form, exc)
    messages.success(request, _("Request %(tracking)s is marked as a duplicate.") % {"tracking": obj.tracking_display})
    return redirect(_detail_url(obj))


@require_POST
@unit_view(LEDGER_EDIT)
def reopen(request, pk: int):
    obj = _request(request, pk)
    try:
        services.reopen_request(obj, actor=request.user, confirm_back=request.POST.get("confirm_back") == "on")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request %(tracking)s is new again.") % {"tracking": obj.tracking_display})
    return redirect(_detail_url(obj))


@unit_view(LEDGER_EDIT)
def archive(request, pk: int):
    """建档 from an online request: the enterprise's 一企一档 record from what the investor gave,
    linked back to the request (and to its case, when that has no enterprise yet)."""
    obj = _request(request, pk)
    if obj.enterprise_id:
        return redirect("enterprises:detail", pk=obj.enterprise_id)
    source = archive_views.Source(
        label=_("online request %(tracking)s") % {"tracking": obj.tracking_display},
        back_url=_detail_url(obj),
        name=obj.enterprise_name,
        uscc=obj.uscc,
        contact_name=obj.contact_name,
        contact_phone=obj.phone,
        link=lambda enterprise: services.link_enterprise(obj, actor=request.user, enterprise=enterprise),
    )
    return archive_views.archive_page(request, source)


@unit_view()
def attachment(request, pk: int):
    item = get_for_unit(PortalAttachment, request, pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        log.error("the file of request attachment %s is missing: %s", item.pk, item.file.name)
        raise Http404("file missing") from None
    kind = mimetypes.guess_type(item.filename)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=item.filename, content_type=kind)


def _case_qr_target(request, case: AgencyCase) -> tuple[str, PortalRequest | None]:
    """The absolute URL a case's QR code opens, and the online request the case came from (if any).

    It is the track page with a number filled in, never the phone: the tracking number of the
    request for a case from the portal (as before), else the case number.
    """
    obj = PortalRequest.objects.for_unit(case.unit_id).filter(case_id=case.pk).order_by("submitted_at").first()
    number = obj.tracking_number if obj is not None else case.number
    path = reverse("portal:track", args=[request.unit.code])
    return request.build_absolute_uri(f"{path}?{urlencode({'number': number})}"), obj


@unit_view()
def case_qr(request, case_pk: int):
    """QR code (SVG) of the public track page for any case of the unit, its number filled in."""
    case = get_for_unit(AgencyCase, request, pk=case_pk)
    url, obj = _case_qr_target(request, case)
    title = obj.tracking_display if obj is not None else case.number
    return qr.svg_response(url, title=title, filename=f"case-{case.pk}.svg")


@unit_view()
def case_qr_sheet(request, case_pk: int):
    """An A4 sheet to print and hand to the requester: the case number, the QR code, the unit's name."""
    case = get_for_unit(AgencyCase, request, pk=case_pk)
    url, obj = _case_qr_target(request, case)
    context = {
        "case": case,
        "unit": request.unit,
        "portal_request": obj,
        "url": url,
        "svg": qr.svg(url, title=case.number),
    }
    return render(request, "portal/staff/case_qr.html", context)
