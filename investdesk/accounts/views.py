from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts import services
from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.forms import AuditFilterForm, CalendarDayForm, MemberAddForm, MemberRoleForm, UnitForm
from investdesk.accounts.middleware import SESSION_UNIT_KEY
from investdesk.accounts.models import Membership, Role
from investdesk.accounts.permissions import AUDIT_VIEW, UNIT_MANAGE
from investdesk.core import audit
from investdesk.core.models import CalendarDay, Notification
from investdesk.core.workdays import known_years


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard:index")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@require_POST
@unit_view()
def switch_unit(request):
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        return HttpResponseBadRequest(_("No unit chosen."))
    membership = next((m for m in request.unit_context.memberships if m.unit_id == unit_id), None)
    if membership is None:
        messages.error(request, _("You are not a member of that unit."))
    else:
        request.session[SESSION_UNIT_KEY] = unit_id
        messages.success(request, _("Now working in %(unit)s.") % {"unit": membership.unit.name})
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def _audit_queryset(request, form):
    entries = LogEntry.objects.filter(additional_data__unit_id=request.unit.pk).select_related("actor", "content_type")
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["model"]:
        entries = entries.filter(content_type_id=int(data["model"]))
    if data["actor"]:
        entries = entries.filter(actor=data["actor"])
    if data["action"]:
        entries = entries.filter(action=int(data["action"]))
    if data["date_from"]:
        entries = entries.filter(timestamp__date__gte=data["date_from"])
    if data["date_to"]:
        entries = entries.filter(timestamp__date__lte=data["date_to"])
    if data["q"]:
        entries = entries.filter(object_repr__icontains=data["q"])
    return entries


@unit_view(AUDIT_VIEW)
def audit_log(request):
    types = ContentType.objects.get_for_models(*audit.registered_models())
    model_choices = sorted(
        ((str(ct.pk), str(model._meta.verbose_name)) for model, ct in types.items()), key=lambda item: item[1]
    )
    actors = get_user_model().objects.filter(memberships__unit=request.unit).distinct().order_by("username")
    form = AuditFilterForm(request.GET or None, model_choices=model_choices, actors=actors)
    page = Paginator(_audit_queryset(request, form), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    changes = audit.describe_changes(page.object_list)
    actions = dict(AuditFilterForm.ACTIONS)
    rows = [(entry, actions.get(str(entry.action), ""), changes.get(entry.pk, [])) for entry in page.object_list]
    return render(
        request, "accounts/audit_log.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )


@unit_view()
def unit_profile(request):
    return render(request, "accounts/unit_profile.html", {"unit": request.unit})


@unit_view(UNIT_MANAGE)
def unit_edit(request):
    # A fresh copy: a refused form must not alter the unit shown in the page header.
    unit = type(request.unit).objects.get(pk=request.unit.pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in UnitForm.Meta.fields}
        services.update_unit(unit, actor=request.user, fields=fields)
        messages.success(request, _("The unit's details have been saved."))
        return redirect("accounts:unit")
    return render(request, "accounts/unit_edit.html", {"form": form})


@unit_view(UNIT_MANAGE)
def members(request):
    memberships = Membership.objects.filter(unit=request.unit).select_related("user").order_by("user__username")
    form = MemberAddForm(request.POST or None, unit=request.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_member(
            request.unit,
            actor=request.user,
            username=data["username"],
            full_name=data["full_name"],
            role=data["role"],
            password=data["password"] or None,
        )
        messages.success(request, _("%(user)s has been added.") % {"user": data["username"]})
        return redirect("accounts:members")
    return render(request, "accounts/members.html", {"memberships": memberships, "form": form, "roles": Role.choices})


@require_POST
@unit_view(UNIT_MANAGE)
def member_change(request, pk: int):
    membership = get_for_unit(Membership, request, pk=pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("accounts:members")
    try:
        services.change_member(
            membership, actor=request.user, role=form.cleaned_data["role"], is_active=form.cleaned_data["is_active"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(user)s has been updated.") % {"user": membership.user.username})
    return redirect("accounts:members")


@unit_view()
def calendar(request):
    """The unit's own holidays and 调休 days; they win over the published calendar."""
    entries = CalendarDay.objects.for_unit(request.unit).order_by("-date")
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        require(request, UNIT_MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            services.set_calendar_day(
                request.unit, actor=request.user, day=data["date"], is_workday=data["is_workday"], note=data["note"]
            )
            messages.success(request, _("%(date)s has been entered.") % {"date": data["date"].isoformat()})
            return redirect("accounts:calendar")
    first, last = known_years()
    context = {
        "entries": entries,
        "form": form,
        "known_first": first,
        "known_last": last,
        "can_manage": can(request, UNIT_MANAGE),
    }
    return render(request, "accounts/calendar.html", context)


@require_POST
@unit_view(UNIT_MANAGE)
def calendar_delete(request, pk: int):
    entry = get_for_unit(CalendarDay, request, pk=pk)
    services.delete_calendar_day(entry, actor=request.user)
    messages.success(request, _("%(date)s has been removed.") % {"date": entry.date.isoformat()})
    return redirect("accounts:calendar")


@unit_view()
def notifications(request):
    """The signed-in user's notices in the current unit, unread first."""
    mine = Notification.objects.filter(user=request.user, unit=request.unit).order_by("read_at", "-created_at", "-pk")
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page, "query": ""})


@require_POST
@unit_view()
def notification_open(request, pk: int):
    notice = get_for_unit(Notification.objects.filter(user=request.user), request, pk=pk)
    services.mark_read(request.user, request.unit, pks=[notice.pk])
    target = notice.url if notice.url and url_has_allowed_host_and_scheme(notice.url, {request.get_host()}) else None
    return redirect(target or "accounts:notifications")


@require_POST
@unit_view()
def notifications_read_all(request):
    count = services.mark_read(request.user, request.unit)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("accounts:notifications")
