"""The mid-year monitoring pages (绩效运行监控): thin views over performance.monitoring."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import PERFORMANCE_APPROVE, PERFORMANCE_EDIT
from investdesk.performance import exports, monitoring, services
from investdesk.performance.forms import MonitoringForm, MonitoringLineForm, NewMonitoringForm
from investdesk.performance.models import Monitoring
from investdesk.performance.views import _download, _project, _refused, _table_of


def _monitoring(request, pk: int) -> Monitoring:
    return get_for_unit(
        Monitoring.objects.select_related("table__project__unit", "submitted_by", "approved_by"), request, pk=pk
    )


@require_POST
@unit_view(PERFORMANCE_EDIT)
def monitoring_create(request, pk: int):
    project = _project(request, pk)
    table = _table_of(project)
    form = NewMonitoringForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Months covered: write a month from 1 to 12."))
        return redirect("performance:project", pk=project.pk)
    try:
        found = monitoring.create_monitoring(table, actor=request.user, months=form.cleaned_data["months"])
    except services.Refused as exc:
        _refused(request, exc)
        return redirect("performance:project", pk=project.pk)
    return redirect("performance:monitoring", pk=found.pk)


def _forms(request, item: Monitoring, lines: list, ledger: bool):
    data = request.POST if request.method == "POST" else None
    form = MonitoringForm(data, instance=Monitoring.objects.get(pk=item.pk), ledger=ledger)
    line_forms = {
        line.pk: MonitoringLineForm(
            data,
            prefix=f"l{line.pk}",
            initial={k: getattr(line, k) for k in monitoring.EDITABLE_LINE_FIELDS},
        )
        for line in lines
    }
    return form, line_forms


@unit_view()
def monitoring_detail(request, pk: int):
    """One form: 保存 and 提交主任审核 send the same fields; a refused submission keeps them."""
    item = _monitoring(request, pk)
    lines = list(item.lines.select_related("indicator"))
    ledger = monitoring.figures(item, lines).execution_source == "budget"
    form, line_forms = _forms(request, item, lines, ledger)
    if request.method == "POST":
        require(request, PERFORMANCE_EDIT)
        if _save(request, item, form, line_forms):
            return redirect("performance:monitoring", pk=item.pk)
        item.refresh_from_db()
        lines = list(item.lines.select_related("indicator"))
    return render(request, "performance/monitoring_detail.html", _context(request, item, lines, form, line_forms))


def _save(request, item: Monitoring, form, line_forms: dict) -> bool:
    if not (form.is_valid() and all(f.is_valid() for f in line_forms.values())):
        messages.error(request, _("Some values are not valid; nothing was saved. See the fields marked below."))
        return False
    try:
        monitoring.update_monitoring(
            item,
            actor=request.user,
            fields=form.cleaned_data,
            lines={pk: f.cleaned_data for pk, f in line_forms.items()},
        )
    except services.Refused as exc:
        _refused(request, exc)
        return False
    if request.POST.get("action") != "submit":
        messages.success(request, _("The mid-year monitoring has been saved."))
        return True
    try:
        monitoring.submit_monitoring(item, actor=request.user)
    except services.Refused:
        messages.error(
            request, _("Saved as a draft, but it cannot be submitted yet: complete the points marked below.")
        )
        return False
    messages.success(request, _("The mid-year monitoring has been submitted to the director."))
    return True


def _context(request, item: Monitoring, lines: list, form, line_forms: dict) -> dict:
    found = monitoring.figures(item, lines)
    editable = not item.is_frozen and can(request, PERFORMANCE_EDIT)
    rows = [{"row": row, "form": line_forms[row.line.pk]} for row in found.rows]
    fields = {field.name: field for field in form}
    field_notes = {p.field: p.message for p in found.problems if p.field}
    return {
        "monitoring": item,
        "project": item.table.project,
        "figures": found,
        "rows": rows,
        "form": form,
        "fields": fields,
        "field_notes": field_notes,
        "editable": editable,
        "can_edit": can(request, PERFORMANCE_EDIT),
        "can_approve": can(request, PERFORMANCE_APPROVE),
    }


@require_POST
@unit_view(PERFORMANCE_APPROVE)
def monitoring_transition(request, pk: int, action: str):
    item = _monitoring(request, pk)
    try:
        if action == "approve":
            monitoring.approve_monitoring(item, actor=request.user)
            messages.success(request, _("The mid-year monitoring has been approved."))
        elif action == "return":
            monitoring.return_monitoring(item, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Returned to draft."))
        else:
            raise Http404("unknown action")
    except services.Refused as exc:
        _refused(request, exc)
    return redirect("performance:monitoring", pk=item.pk)


@unit_view()
def monitoring_export(request, pk: int, fmt: str):
    item = _monitoring(request, pk)
    project = item.table.project
    data = exports.monitoring_table(item, fmt)
    return _download(data, f"{project.year}年1-{item.months}月{project.name}绩效运行监控表.{fmt}", fmt)
