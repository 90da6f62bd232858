"""The print view of a case (/cases/<id>/print/): one A4 sheet with the request, the deadlines,
the plan, the blockers, the rating and the whole history, for the paper file (代办档案).

Same entry as the case page: any role of the case's unit may read it; phones are masked unless
the role may see personal data.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from investdesk.accounts.access import can, get_for_unit, unit_view
from investdesk.accounts.permissions import PERSONAL_DATA_VIEW
from investdesk.cases import queries
from investdesk.cases.conf import settings_for
from investdesk.cases.figures import paused_workdays
from investdesk.cases.models import AgencyCase, Blocker, Rectification
from investdesk.core.workdays import Calendar
from investdesk.projects.models import STAGE_ORDER


def _queryset():
    return queries.with_clock_rows(AgencyCase.objects.select_related("unit")).prefetch_related(
        "co_agents",
        Prefetch(
            "blockers", queryset=Blocker.objects.select_related("plan_item__approval_item").prefetch_related("actions")
        ),
        Prefetch("rectifications", queryset=Rectification.objects.select_related("responsible")),
    )


@unit_view()
def case_print(request, pk: int):
    case = get_for_unit(_queryset(), request, pk=pk)
    calendar = Calendar.for_unit(request.unit)
    today = timezone.localdate()
    queries.attach_figures([case], calendar, settings_for(request.unit), today)
    items = sorted(
        case.figures.items,
        key=lambda pair: (STAGE_ORDER.index(pair[0].approval_item.stage), pair[0].approval_item.position),
    )
    context = {
        "unit": request.unit,
        "case": case,
        "figures": case.figures,
        "items": items,
        "rating": case.rating if queries._has_rating(case) else None,
        "events": case.events.select_related("actor").order_by("on", "at", "id"),
        "paused_workdays": paused_workdays(case.figures.pauses, calendar, today),
        "show_phones": can(request, PERSONAL_DATA_VIEW),
        "printed_at": timezone.localtime(),
        "printed_by": request.user.get_full_name() or request.user.username,
    }
    return render(request, "cases/print.html", context)
