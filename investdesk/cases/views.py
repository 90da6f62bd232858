"""The case pages: thin views that parse input, call a service and render (STYLE.md habit 1).

Every view starts with the unit- and role-checked getter; a step the user's role may not
take answers 403 (the service's NotAllowed), a step the rules refuse shows why and changes
nothing.
"""

from __future__ import annotations

import logging
import mimetypes
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Coalesce, ExtractYear
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import LEDGER_EDIT, PERSONAL_DATA_VIEW, UNIT_MANAGE
from investdesk.cases import exports, queries, services
from investdesk.cases.conf import CaseSettings, settings_for
from investdesk.cases.figures import paused_workdays
from investdesk.cases.forms import (
    AssignForm,
    BlockerActionForm,
    BlockerForm,
    CaseFilterForm,
    CaseForm,
    FileForm,
    MandateForm,
    RatingFilterForm,
    RatingForm,
    RectificationCloseForm,
    RectificationFollowupForm,
    RectificationForm,
    ResolveForm,
    SettingsForm,
    TransitionForm,
)
from investdesk.cases.metrics import rate
from investdesk.cases.models import (
    GOOD_LEVELS,
    RATEABLE_STATUSES,
    TRANSITIONS,
    AgencyCase,
    Blocker,
    BlockerAction,
    CaseFile,
    CaseStatus,
    PlanItem,
    Rating,
    RatingLevel,
    Rectification,
    RectificationStatus,
)
from investdesk.core.countdown import countdown, from_clock
from investdesk.core.tabular import XLSX_CONTENT_TYPE
from investdesk.core.web import choice_order, form_errors, list_sort, query_without_page
from investdesk.core.workdays import Calendar
from investdesk.projects.models import STAGE_ORDER, ApprovalItem

log = logging.getLogger(__name__)
# Where the labels of a service error's fields are looked up when the form lacks the field.
ERROR_MODELS = (AgencyCase, Rectification, Blocker, BlockerAction)
PAGE_SIZE = 50


def _refused(request, exc: services.Refused) -> None:
    if isinstance(exc, services.NotAllowed):
        raise PermissionDenied("; ".join(exc.messages))
    for message in exc.messages:
        messages.error(request, message)


def _case(request, pk: int, queryset=None) -> AgencyCase:
    if queryset is None:  # never `queryset or …`: that would run the query
        queryset = AgencyCase.objects.select_related("unit", "enterprise", "project", "agent")
    return get_for_unit(queryset, request, pk=pk)


def _detail_url(pk: int, anchor: str = "") -> str:
    return reverse("cases:detail", args=[pk]) + (f"#{anchor}" if anchor else "")


def _show_phones(request) -> bool:
    return can(request, PERSONAL_DATA_VIEW)


def _years(unit) -> list[int]:
    years = (
        AgencyCase.objects.for_unit(unit)
        .annotate(year=ExtractYear("applied_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)


# --- the list and its export --------------------------------------------------------------------------


def _sort(request):
    """The columns the case list may be sorted by (core.web.list_sort)."""
    return list_sort(
        request,
        {
            "number": "number",
            "enterprise": Coalesce("enterprise__name", "enterprise_name"),
            "channel": "channel",
            "agent": ("agent__first_name", "agent__username"),
            "status": choice_order("status", CaseStatus.choices),
        },
    )


def _listed(request):
    form = CaseFilterForm(request.GET or None, unit=request.unit, years=_years(request.unit))
    filters = form.filters()
    calendar = Calendar.for_unit(request.unit)
    conf = settings_for(request.unit)
    today = timezone.localdate()
    cases = _sort(request).apply(queries.search_cases(request.unit, filters))
    if filters.get("mark"):
        rows = list(cases)
        queries.attach_figures(rows, calendar, conf, today)
        cases = queries.filter_marked(rows, filters["mark"])
    return form, cases, calendar, conf, today


@unit_view()
def case_list(request):
    form, cases, calendar, conf, today = _listed(request)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if not all(hasattr(c, "figures") for c in rows):
        queries.attach_figures(rows, calendar, conf, today)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query_without_page(request),
        "sort": _sort(request),
        "show_phones": _show_phones(request),
        "can_edit": can(request, LEDGER_EDIT),
        "calendar_warning": calendar.warning_text(),
        "conf": conf,
    }
    return render(request, "cases/list.html", context)


@unit_view()
def case_export(request):
    _form, cases, calendar, conf, today = _listed(request)
    rows = list(cases)
    if not all(hasattr(c, "figures") for c in rows):
        queries.attach_figures(rows, calendar, conf, today)
    data = exports.export(rows, show_phones=_show_phones(request))
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    filename = _("delegation cases %(day)s.xlsx") % {"day": today}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- one case --------------------------------------------------------------------------------------------


def _detail_queryset():
    return queries.with_clock_rows(AgencyCase.objects.select_related("unit")).prefetch_related(
        "co_agents",
        Prefetch(
            "blockers", queryset=Blocker.objects.select_related("plan_item__approval_item").prefetch_related("actions")
        ),
        Prefetch("files", queryset=CaseFile.objects.select_related("uploaded_by")),
        Prefetch("rectifications", queryset=Rectification.objects.select_related("responsible")),
    )


@unit_view()
def case_detail(request, pk: int):
    case = _case(request, pk, _detail_queryset())
    calendar = Calendar.for_unit(request.unit)
    conf = settings_for(request.unit)
    today = timezone.localdate()
    queries.attach_figures([case], calendar, conf, today)
    membership = request.membership
    worker = services.is_case_worker(case, request.user, membership)
    steps = services.available_transitions(case, request.user, membership)
    soon = conf.due_soon_workdays
    items = sorted(
        ((entry, clock, from_clock(clock, today, soon)) for entry, clock in case.figures.items),
        key=lambda row: (STAGE_ORDER.index(row[0].approval_item.stage), row[0].approval_item.position),
    )
    countdowns = {
        what: from_clock(getattr(case.figures, what), today, soon) for what in ("acceptance", "plan", "visit")
    }
    rating = case.rating if queries._has_rating(case) else None
    context = {
        "case": case,
        "figures": case.figures,
        "items": items,
        "countdowns": countdowns,
        "steps": [(t, TransitionForm(prefix=t.name)) for t in steps],
        "events": case.events.select_related("actor").order_by("-on", "-at", "-id"),
        "rating": rating,
        "rating_window_end": services.rating_window_end(case, calendar, conf),
        "can_rate": worker and rating is None and case.status in RATEABLE_STATUSES,
        "worker": worker and can(request, LEDGER_EDIT),
        "can_plan": worker and bool(case.project_id) and case.status in services.PLAN_STATUSES,
        "is_director": "director" in services.roles_of(case, request.user, membership),
        "can_archive": not case.enterprise_id and bool(case.enterprise_name or case.uscc) and can(request, LEDGER_EDIT),
        "assign_form": AssignForm(
            unit=request.unit, initial={"agent": case.agent_id, "co_agents": [u.pk for u in case.co_agents.all()]}
        ),
        "file_form": FileForm(),
        "rating_form": RatingForm(),
        "paused_workdays": paused_workdays(case.figures.pauses, calendar, today),
        "show_phones": _show_phones(request),
        "calendar_warning": calendar.warning_text(),
        "conf": conf,
    }
    return render(request, "cases/detail.html", context)


def _case_form(request, case: AgencyCase | None):
    initial = {"applied_on": timezone.localdate()}
    enterprise_id = request.GET.get("enterprise", "")
    if case is None and enterprise_id.isdigit():
        initial["enterprise"] = int(enterprise_id)
    instance = AgencyCase.objects.get(pk=case.pk) if case else AgencyCase(unit=request.unit)
    form = CaseForm(request.POST or None, instance=instance, unit=request.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if case is None:
                saved = services.create_case(request.unit, actor=request.user, **form.service_fields())
            else:
                saved = services.update_case(case, actor=request.user, fields=form.service_fields())
        except ValidationError as exc:
            form_errors(form, exc, models=ERROR_MODELS)
        except services.Refused as exc:
            _refused(request, exc)
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(request, _("The case %(number)s has been saved.") % {"number": saved.number})
            return redirect("cases:detail", pk=saved.pk)
    return render(request, "cases/form.html", {"form": form, "case": case})


@unit_view(LEDGER_EDIT)
def case_create(request):
    return _case_form(request, None)


@unit_view(LEDGER_EDIT)
def case_edit(request, pk: int):
    case = _case(request, pk)
    if not services.is_case_worker(case, request.user, request.membership):
        raise PermissionDenied("not a worker of this case")
    return _case_form(request, case)


def _small_form(request, case, form, title: str, *, form_id: str, multipart: bool = False, status: int = 200):
    context = {"case": case, "form": form, "title": title, "form_id": form_id, "multipart": multipart}
    return render(request, "cases/small_form.html", context, status=status)


@unit_view(LEDGER_EDIT)
def case_assign(request, pk: int):
    case = _case(request, pk)
    if "director" not in services.roles_of(case, request.user, request.membership):
        raise PermissionDenied("only the director assigns")
    initial = {"agent": case.agent_id, "co_agents": list(case.co_agents.values_list("pk", flat=True))}
    form = AssignForm(request.POST or None, unit=request.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_case(
                case, actor=request.user, agent=form.cleaned_data["agent"], co_agents=form.cleaned_data["co_agents"]
            )
        except ValidationError as exc:
            form_errors(form, exc, models=ERROR_MODELS)
        except services.Refused as exc:
            _refused(request, exc)
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(request, _("The agents have been assigned."))
            return redirect("cases:detail", pk=case.pk)
    return _small_form(request, case, form, _("Assign the agents"), form_id="assign-form")


@unit_view(LEDGER_EDIT)
def case_mandate(request, pk: int):
    case = _case(request, pk)
    if not services.is_case_worker(case, request.user, request.membership):
        raise PermissionDenied("not a worker of this case")
    initial = {"mandate_number": case.mandate_number, "mandate_signed_on": case.mandate_signed_on}
    form = MandateForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_mandate(
                case,
                actor=request.user,
                number=form.cleaned_data["mandate_number"],
                signed_on=form.cleaned_data["mandate_signed_on"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form_errors(form, exc, models=ERROR_MODELS)
        except services.Refused as exc:
            _refused(request, exc)
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(request, _("The letter of authorisation has been recorded."))
            return redirect("cases:detail", pk=case.pk)
    title = _("Letter of authorisation")
    return _small_form(request, case, form, title, form_id="mandate-form", multipart=True)


@unit_view(LEDGER_EDIT)
def case_plan(request, pk: int):
    """The plan: the project's approval items, each in or out with its promised working days."""
    case = _case(request, pk)
    if not services.is_case_worker(case, request.user, request.membership):
        raise PermissionDenied("not a worker of this case")
    items = list(ApprovalItem.objects.filter(project_id=case.project_id, unit=request.unit)) if case.project_id else []
    items.sort(key=lambda i: (STAGE_ORDER.index(i.stage), i.position, i.pk))
    planned = {p.approval_item_id: p for p in PlanItem.objects.filter(case=case)}
    errors: list[str] = []
    if request.method == "POST":
        promised, notes = {}, {}
        for item in items:
            raw = request.POST.get(f"days_{item.pk}", "").strip()
            if not request.POST.get(f"in_{item.pk}"):
                promised[item.pk] = None
            elif raw.isdigit():
                promised[item.pk] = int(raw)
            else:
                errors.append(_("%(item)s: give the promised working days as a whole number.") % {"item": item.name})
            notes[item.pk] = request.POST.get(f"note_{item.pk}", "")
        if not errors:
            try:
                services.save_plan(case, actor=request.user, promised=promised, notes=notes)
            except services.Refused as exc:
                if isinstance(exc, services.NotAllowed):
                    raise PermissionDenied(exc.messages[0]) from None
                errors = exc.messages
            else:
                messages.success(request, _("The plan has been saved."))
                return redirect(_detail_url(case.pk, "plan"))
    rows = []
    for item in items:
        entry = planned.get(item.pk)
        posted = request.method == "POST"
        rows.append(
            {
                "item": item,
                "checked": bool(request.POST.get(f"in_{item.pk}")) if posted else entry is not None,
                "days": request.POST.get(f"days_{item.pk}")
                if posted
                else (entry.promised_workdays if entry else item.limit_workdays),
                "note": request.POST.get(f"note_{item.pk}") if posted else (entry.note if entry else ""),
            }
        )
    status = 400 if errors else 200
    return render(request, "cases/plan.html", {"case": case, "rows": rows, "errors": errors}, status=status)


@require_POST
@unit_view(LEDGER_EDIT)
def case_transition(request, pk: int, name: str):
    case = _case(request, pk)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404("no such step")
    if not services.may(case, name, request.user, request.membership):
        raise PermissionDenied(f"role may not {name}")
    form = TransitionForm(request.POST, prefix=name)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for message in errors:
                messages.error(request, f"{form.fields[field].label}：{message}" if field in form.fields else message)
        return redirect("cases:detail", pk=case.pk)
    data = form.cleaned_data
    try:
        services.change_status(
            case,
            name,
            actor=request.user,
            on=data["on"],
            reason=data["reason"],
            handover=data["handover"],
            note=data["note"],
        )
    except services.Refused as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, _("Case %(number)s: %(step)s done.") % {"number": case.number, "step": transition.label}
        )
    return redirect("cases:detail", pk=case.pk)


# --- blockers ----------------------------------------------------------------------------------------------


def _worker_case(request, pk: int) -> AgencyCase:
    case = _case(request, pk)
    if not services.is_case_worker(case, request.user, request.membership):
        raise PermissionDenied("not a worker of this case")
    return case


@unit_view(LEDGER_EDIT)
def blocker_create(request, pk: int):
    case = _worker_case(request, pk)
    form = BlockerForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_blocker(case, actor=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc, models=ERROR_MODELS)
        except services.Refused as exc:
            _refused(request, exc)
            return redirect(_detail_url(case.pk, "blockers"))
        else:
            messages.success(request, _("The blocker has been recorded."))
            return redirect(_detail_url(case.pk, "blockers"))
    return _small_form(request, case, form, _("Record a blocker"), form_id="blocker-form")


def _blocker(request, pk: int) -> Blocker:
    blocker = get_for_unit(Blocker.objects.select_related("case"), request, pk=pk)
    if not services.is_case_worker(blocker.case, request.user, request.membership):
        raise PermissionDenied("not a worker of this case")
    return blocker


@unit_view(LEDGER_EDIT)
def blocker_action(request, pk: int):
    blocker = _blocker(request, pk)
    form = BlockerActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_blocker_action(blocker, actor=request.user, fields=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc, models=ERROR_MODELS)
        except services.Refused as exc:
            _refused(request, exc)
            return redirect(_detail_url(blocker.case_id, "blockers"))
        else:
            messages.success(request, _("The action has been recorded."))
            return redirect(_detail_url(blocker.case_id, "blockers"))
    title = _("Coordination or supervision of “%(text)s”") % {"text": blocker.description[:40]}
    return _small_form(request, blocker.case, form, title, form_id="blocker-action-form")


@unit_view(LEDGER_EDIT)
def blocker_resolve(request, pk: int):
    blocker = _blocker(request, pk)
    form = ResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_blocker(blocker, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc, models=ERROR_MODELS)
        except services.Refused as exc:
            _refused(request, exc)
            return redirect(_detail_url(blocker.case_id, "blockers"))
        else:
            messages.success(request, _("The blocker has been resolved."))
            return redirect(_detail_url(blocker.case_id, "blockers"))
    title = _("Resolve “%(text)s”") % {"text": blocker.description[:40]}
    return _small_form(request, blocker.case, form, title, form_id="blocker-resolve-form")


# --- files ---------------------------------------------------------------------------------------------------


@unit_view(LEDGER_EDIT)
def file_create(request, pk: int):
    case = _worker_case(request, pk)
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.add_file(
                case,
                actor=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form_errors(form, exc, models=ERROR_MODELS)
        except services.Refused as exc:
            _refused(request, exc)
            return redirect(_detail_url(case.pk, "files"))
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": stored.filename})
            return redirect(_detail_url(case.pk, "files"))
    return _small_form(request, case, form, _("Add a file"), form_id="file-form", multipart=True)


@unit_view()
def file_download(request, pk: int):
    stored = get_for_unit(CaseFile, request, pk=pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        log.error("the file of case file %s is missing: %s", stored.pk, stored.file.name)
        raise Http404("file missing") from None
    kind = mimetypes.guess_type(stored.filename)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=stored.filename, content_type=kind)


@require_POST
@unit_view(LEDGER_EDIT)
def file_delete(request, pk: int):
    stored = get_for_unit(CaseFile.objects.select_related("case"), request, pk=pk)
    try:
        services.delete_file(stored, actor=request.user)
    except services.Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(name)s has been deleted.") % {"name": stored.filename})
    return redirect(_detail_url(stored.case_id, "files"))


# --- ratings and rectifications ------------------------------------------------------------------------------


@unit_view(LEDGER_EDIT)
def case_rate(request, pk: int):
    """A rating taken by phone, recorded by the case's agent or the director."""
    case = _worker_case(request, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rate_case(
                case, level=data["level"], comment=data["comment"], source="phone", actor=request.user, on=data["on"]
            )
        except services.Refused as exc:
            if isinstance(exc, services.NotAllowed):
                raise PermissionDenied(exc.messages[0]) from None
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The rating has been recorded."))
            return redirect(_detail_url(case.pk, "rating"))
    return _small_form(request, case, form, _("Record a rating taken by phone"), form_id="rating-form")


def _rectification(request, pk: int) -> Rectification:
    return get_for_unit(
        Rectification.objects.select_related("case__enterprise", "case__agent", "rating", "responsible"), request, pk=pk
    )


RECTIFICATION_STEPS = {
    "plan": (RectificationForm, "update_rectification"),
    "followup": (RectificationFollowupForm, "record_rectification_followup"),
    "close": (RectificationCloseForm, "close_rectification"),
}


@unit_view()
def rectification_detail(request, pk: int):
    rectification = _rectification(request, pk)
    unit = request.unit
    forms = {
        "plan": RectificationForm(
            unit=unit,
            initial={"responsible": rectification.responsible_id, "measures": rectification.measures},
            prefix="plan",
        ),
        "followup": RectificationFollowupForm(
            initial={
                "followed_up_on": rectification.followed_up_on or timezone.localdate(),
                "follow_up_note": rectification.follow_up_note,
            },  # fmt: skip
            prefix="followup",
        ),
        "close": RectificationCloseForm(initial={"closed_on": timezone.localdate()}, prefix="close"),
    }
    status = 200
    if request.method == "POST":
        require(request, LEDGER_EDIT)
        step = request.POST.get("step", "")
        if step not in RECTIFICATION_STEPS:
            raise Http404("no such step")
        form_class, service_name = RECTIFICATION_STEPS[step]
        kwargs = {"unit": unit} if form_class is RectificationForm else {}
        form = forms[step] = form_class(request.POST, prefix=step, **kwargs)
        if form.is_valid():
            try:
                getattr(services, service_name)(rectification, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc, models=ERROR_MODELS)
            except services.Refused as exc:
                if isinstance(exc, services.NotAllowed):
                    raise PermissionDenied(exc.messages[0]) from None
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The rectification has been saved."))
                return redirect("cases:rectification", pk=rectification.pk)
        status = 400
    calendar = Calendar.for_unit(unit)
    today = timezone.localdate()
    overdue = rectification.is_open and today > rectification.due_on
    remaining = calendar.workdays_between(today, rectification.due_on) if rectification.is_open else None
    context = {
        "rectification": rectification,
        "case": rectification.case,
        "forms": forms,
        "overdue": overdue,
        "due_soon": rectification.is_open and not overdue and remaining <= settings_for(unit).due_soon_workdays,
        "countdown": countdown(rectification.due_on, today, calendar, settings_for(unit).due_soon_workdays)
        if rectification.is_open
        else None,
        "editable": can(request, LEDGER_EDIT)
        and rectification.is_open
        and services.may_rectify(rectification, request.user),
        "show_phones": _show_phones(request),
    }
    return render(request, "cases/rectification.html", context, status=status)


@unit_view()
def rating_list(request):
    form = RatingFilterForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    counts = queries.rating_counts(request.unit, start, end)
    rows = []
    for level, label in RatingLevel.choices:
        own, default = counts[level]["own"], counts[level]["default"]
        rows.append({"level": level, "label": label, "own": own, "default": default, "good": level in GOOD_LEVELS})
    total_own = sum(r["own"] for r in rows)
    total_default = sum(r["default"] for r in rows)
    good_own = sum(r["own"] for r in rows if r["good"])
    good_default = sum(r["default"] for r in rows if r["good"])
    ratings = Rating.objects.for_unit(request.unit).select_related("case", "rated_by", "rectification")
    if start:
        ratings = ratings.filter(rated_at__date__gte=start)
    if end:
        ratings = ratings.filter(rated_at__date__lte=end)
    page = Paginator(ratings.order_by("-rated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rectifications = list(
        Rectification.objects.for_unit(request.unit)
        .filter(status=RectificationStatus.OPEN)
        .select_related("case", "responsible")
        .order_by("due_on", "id")
    )
    calendar, today = Calendar.for_unit(request.unit), timezone.localdate()
    soon = settings_for(request.unit).due_soon_workdays
    for r in rectifications:
        r.countdown = countdown(r.due_on, today, calendar, soon)
    context = {
        "form": form,
        "rows": rows,
        "total": total_own + total_default,
        "total_own": total_own,
        "total_default": total_default,
        "rate": rate(good_own + good_default, total_own + total_default),
        "rate_own": rate(good_own, total_own),
        "page": page,
        "query": query_without_page(request),
        "open_rectifications": rectifications,
        "today": timezone.localdate(),
    }
    return render(request, "cases/ratings.html", context)


# --- the unit's settings -----------------------------------------------------------------------------------------


@unit_view()
def case_settings(request):
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
                messages.success(request, _("The case settings have been saved."))
                return redirect("cases:settings")
    context = {"form": form, "editable": can(request, UNIT_MANAGE), "defaults": CaseSettings()}
    return render(request, "cases/settings.html", context)
