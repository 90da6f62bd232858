"""The enterprise page's list of its investment projects, with a link to add one."""

from __future__ import annotations

from django.template.loader import render_to_string

from investdesk.accounts.access import can
from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.projects.models import InvestmentProject


def render(request, enterprise):
    projects = InvestmentProject.objects.for_unit(request.unit).filter(enterprise=enterprise).order_by("-created_at")
    context = {"enterprise": enterprise, "projects": projects, "can_edit": can(request, LEDGER_EDIT)}
    return render_to_string("projects/_enterprise_section.html", context, request=request)
