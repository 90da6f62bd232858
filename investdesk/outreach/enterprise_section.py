"""The enterprise page's section: its latest visits and its open appeals, with links to log more."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from investdesk.accounts.access import can
from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.core.workdays import Calendar
from investdesk.outreach import figures, queries
from investdesk.outreach.conf import settings_for


def render(request, enterprise):
    context = queries.recent_for_enterprise(enterprise)
    figures.attach(
        context["open_appeals"],
        Calendar.for_unit(request.unit),
        timezone.localdate(),
        settings_for(request.unit).appeal_due_soon_workdays,
    )
    context.update(enterprise=enterprise, can_edit=can(request, LEDGER_EDIT))
    return render_to_string("outreach/_enterprise_section.html", context, request=request)
