"""The enterprise page's list of its delegation cases (代办件) with their deadline marks, and a
link to register one."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from investdesk.accounts.access import can
from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.cases import queries
from investdesk.cases.conf import settings_for
from investdesk.cases.models import AgencyCase
from investdesk.core.workdays import Calendar


def render(request, enterprise):
    cases = list(
        queries.with_clock_rows(AgencyCase.objects.for_unit(request.unit).filter(enterprise=enterprise)).order_by(
            "-applied_on", "-id"
        )
    )
    queries.attach_figures(cases, Calendar.for_unit(request.unit), settings_for(request.unit), timezone.localdate())
    context = {"enterprise": enterprise, "cases": cases, "can_edit": can(request, LEDGER_EDIT)}
    return render_to_string("cases/_enterprise_section.html", context, request=request)
