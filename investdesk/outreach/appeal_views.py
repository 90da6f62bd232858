"""The appeal pages: the list with deadline marks, one appeal with its steps and history, forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, unit_view
from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.core.web import choice_order, list_sort
from investdesk.core.workdays import Calendar
from investdesk.outreach import figures, queries, services, summary
from investdesk.outreach.conf import settings_for
from investdesk.outreach.forms import STEP_DATE_LABELS, STEP_TEXT_LABELS, AppealFilterForm, AppealForm, StepForm
from investdesk.outreach.models import (
    Action,
    Appeal,
    AppealStatus,
    Category,
    Consultation,
    Feedback,
    Source,
    Visit,
    actions_from,
)
from investdesk.outreach.views import PAGE_SIZE, filtered_enterprise, form_errors

APPEAL_SORT = {
    "raised": "raised_on",
    "title": "title",
    "enterprise": ("enterprise__name_initials", "enterprise__name"),
    "category": choice_order("category", Category.choices),
    "department": "department",
    "due": "due_on",
    "status": choice_order("status", AppealStatus.choices),
    "handler": ("handler__first_name", "handler__username"),
}


@unit_view()
def appeal_list(request):
    form = AppealFilterForm(request.GET or None)
    calendar = Calendar.for_unit(request.unit)
    conf = settings_for(request.unit)
    sort = list_sort(request, APPEAL_SORT)
    appeals = queries.search_appeals(
        request.unit,
        form.filters(),
        today=timezone.localdate(),
        calendar=calendar,
        due_soon_days=conf.appeal_due_soon_workdays,
    )
    page = Paginator(sort.apply(appeals), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    figures.attach(rows, calendar, timezone.localdate(), conf.appeal_due_soon_workdays)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": sort.query,
        "sort": sort,
        "enterprise": filtered_enterprise(request, form),
        "year": summary.year_figures(request.unit, summary.chosen_year(request)),
        "calendar_warning": calendar.warning_text(),
        "conf": conf,
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "outreach/appeals.html", context)


def _appeal(request, pk: int) -> Appeal:
    related = ("enterprise", "visit", "consultation", "handler", "created_by")
    return get_for_unit(Appeal.objects.select_related(*related), request, pk=pk)


def _steps(appeal: Appeal) -> list[dict]:
    """The steps the appeal may take now, each with its own small form."""
    steps = []
    for transition in actions_from(appeal.status):
        action = transition.action
        steps.append(
            {
                "action": action,
                "label": Action(action).label,
                "text_label": STEP_TEXT_LABELS[action],
                "date_label": STEP_DATE_LABELS.get(action),
                "needs_feedback": action == Action.CLOSE,
                "back_warning": services.reopen_warning(appeal) if action == Action.REOPEN else "",
                "form": StepForm(initial={"action": action, "on": timezone.localdate()}),
            }
        )
    return steps


@unit_view()
def appeal_detail(request, pk: int):
    appeal = _appeal(request, pk)
    calendar = summary.attach_appeal_figures(request.unit, [appeal])
    context = {
        "appeal": appeal,
        "events": appeal.events.select_related("actor")[:100],
        "steps": _steps(appeal) if can(request, LEDGER_EDIT) else [],
        "feedback_choices": Feedback.choices,
        "calendar_warning": calendar.warning_text(),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "outreach/appeal_detail.html", context)


def _linked(request) -> dict:
    """An appeal raised from a visit's or a consultation's page (?visit= / ?consultation=)."""
    raw_visit, raw_consultation = request.GET.get("visit", ""), request.GET.get("consultation", "")
    if raw_visit.isdigit():
        visit = get_for_unit(Visit.objects.select_related("enterprise"), request, pk=int(raw_visit))
        return {"visit": visit, "source": Source.VISIT, "enterprise": visit.enterprise, "raised_on": visit.visited_on}
    if raw_consultation.isdigit():
        consultation = get_for_unit(Consultation, request, pk=int(raw_consultation))
        return {
            "consultation": consultation,
            "source": Source.CONSULTATION,
            "enterprise": consultation.enterprise,
            "raised_on": timezone.localtime(consultation.consulted_at).date(),
        }
    return {}


@unit_view(LEDGER_EDIT)
def appeal_create(request):
    linked = _linked(request)
    instance = Appeal(unit=request.unit, visit=linked.get("visit"), consultation=linked.get("consultation"))
    instance.source = linked.get("source", Source.OTHER)
    initial = {
        "raised_on": linked.get("raised_on") or timezone.localdate(),
        "enterprise": getattr(linked.get("enterprise"), "pk", None),
        "handler": request.user.pk,
    }
    form = AppealForm(request.POST or None, instance=instance, unit=request.unit, creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields() | {k: v for k, v in linked.items() if k in ("visit", "consultation", "source")}
        try:
            appeal = services.raise_appeal(request.unit, actor=request.user, fields=fields)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The appeal “%(title)s” has been recorded.") % {"title": appeal.title})
            return redirect("outreach:appeal_detail", pk=appeal.pk)
    context = {"form": form, "appeal": None, "linked": linked, "departments": queries.departments(request.unit)}
    return render(request, "outreach/appeal_form.html", context)


@unit_view(LEDGER_EDIT)
def appeal_edit(request, pk: int):
    appeal = _appeal(request, pk)
    form = AppealForm(
        request.POST or None, instance=Appeal.objects.get(pk=appeal.pk), unit=request.unit, creating=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_appeal(appeal, actor=request.user, fields=form.service_fields())
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The appeal has been saved."))
            return redirect("outreach:appeal_detail", pk=appeal.pk)
    context = {"form": form, "appeal": appeal, "linked": {}, "departments": queries.departments(request.unit)}
    return render(request, "outreach/appeal_form.html", context)


@require_POST
@unit_view(LEDGER_EDIT)
def appeal_step(request, pk: int):
    appeal = _appeal(request, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields and name != "action" else ""
            for message in errors:
                messages.error(request, f"{label}：{message}" if label else message)
        return redirect("outreach:appeal_detail", pk=appeal.pk)
    data = form.cleaned_data
    try:
        services.change_appeal(
            appeal,
            actor=request.user,
            action=data["action"],
            on=data["on"],
            text=data["text"],
            feedback=data["feedback"],
            confirm_back=data["confirm_back"],
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            label = "" if name in (NON_FIELD_ERRORS, "status") else f"{_label(name)}："
            for message in errors:
                messages.error(request, label + message)
    else:
        messages.success(request, _("The appeal is now “%(status)s”.") % {"status": _status_of(appeal)})
    return redirect("outreach:appeal_detail", pk=appeal.pk)


def _label(name: str) -> str:
    try:
        return str(Appeal._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # "note": the step's text, not a column of the appeal
        return str(StepForm.base_fields["text"].label)


def _status_of(appeal: Appeal) -> str:
    return Appeal.objects.get(pk=appeal.pk).get_status_display()


@require_POST
@unit_view(LEDGER_EDIT)
def appeal_delete(request, pk: int):
    appeal = _appeal(request, pk)
    try:
        services.delete_appeal(appeal, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("outreach:appeal_detail", pk=appeal.pk)
    messages.success(request, _("The appeal has been deleted."))
    return redirect("outreach:appeals")
