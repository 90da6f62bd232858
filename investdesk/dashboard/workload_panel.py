"""The dashboard's to-do panel: what is open in the unit, and what is the signed-in user's own.

A handful of counts, one query each, whatever the size of the ledgers; each links to the list
that shows the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from investdesk.cases.conf import settings_for as case_settings
from investdesk.cases.models import OPEN_STATUSES, AgencyCase
from investdesk.cases.queries import count_marked
from investdesk.core.workdays import Calendar
from investdesk.outreach.models import Appeal, AppealStatus
from investdesk.plans.models import Milestone
from investdesk.plans.models import Status as MilestoneStatus
from investdesk.projects.models import ApprovalItem, ItemStatus


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    value: int
    url: str
    icon: str
    warn: bool = False


def _url(name: str, **query) -> str:
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def counts(request) -> list[Count]:
    unit, user, today = request.unit, request.user, timezone.localdate()
    open_cases = AgencyCase.objects.for_unit(unit).filter(status__in=OPEN_STATUSES)
    mine = open_cases.filter(Q(agent=user) | Q(co_agents=user)).distinct()
    appeals = Appeal.objects.for_unit(unit).exclude(status=AppealStatus.CLOSED)
    items = ApprovalItem.objects.filter(project__unit=unit, status__in=[ItemStatus.SUBMITTED, ItemStatus.ACCEPTED])
    late = Milestone.objects.for_unit(unit).filter(
        status__in=[MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS], due_on__lt=today
    )
    return [
        Count("my_cases", _("My open cases"), mine.count(), _url("cases:list", agent=user.pk), "person-workspace"),
        Count("open_cases", _("Open cases in the unit"), open_cases.count(), _url("cases:list"), "briefcase"),
        Count(
            "overdue_cases",
            _("Cases past a deadline"),
            count_marked(unit, "overdue", Calendar.for_unit(unit), case_settings(unit), today),
            _url("cases:list", mark="overdue"),
            "alarm",
            True,
        ),
        Count("open_appeals", _("Appeals not signed off"), appeals.count(), _url("outreach:appeals"), "chat-left-dots"),
        Count(
            "open_items", _("Approval items being handled"), items.count(), _url("projects:items"), "hourglass-split"
        ),
        Count(
            "late_milestones",
            _("Plan milestones past due"),
            late.count(),
            _url("plans:index", status="overdue"),
            "flag",
            True,
        ),
    ]


def panel(request):
    return render_to_string("dashboard/_workload_panel.html", {"counts": counts(request)}, request=request)
