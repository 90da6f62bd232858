"""The read side of the list pages: one query function per list, related rows fetched there
(STYLE.md habit 10), so a page costs the same number of queries at 10 rows and at 1,000."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from investdesk.core.countdown import countdown
from investdesk.core.workdays import Calendar
from investdesk.projects.conf import ProjectSettings
from investdesk.projects.figures import counts_by_stage, item_figures, land_figures, stage_progress
from investdesk.projects.forms import ANY_KEY, NOT_KEY
from investdesk.projects.models import STAGE_ORDER, ApprovalItem, FollowUp, InvestmentProject, ItemStatus


def search_projects(unit, filters: dict) -> QuerySet:
    projects = InvestmentProject.objects.for_unit(unit).select_related("enterprise")
    q = (filters.get("q") or "").strip()
    if q:
        projects = projects.filter(
            Q(name__icontains=q)
            | Q(project_code__icontains=q)
            | Q(name_initials__contains=q.lower())
            | Q(enterprise__name__icontains=q)
        )
    level = filters.get("key_level") or ""
    if level == ANY_KEY:
        projects = projects.exclude(key_level="")
    elif level == NOT_KEY:
        projects = projects.filter(key_level="")
    elif level:
        projects = projects.filter(key_level=level)
    for name in ("status", "industry", "approval_type"):
        if filters.get(name):
            projects = projects.filter(**{name: filters[name]})
    return projects.order_by("name", "id")


def attach_figures(projects: list[InvestmentProject], calendar: Calendar, conf: ProjectSettings) -> None:
    """`.figures` (land → permit / start) and `.stages` (progress per stage) on each project,
    with one aggregate query for all of them."""
    rows = (
        ApprovalItem.objects.filter(project__in=[p.pk for p in projects])
        .values_list("project_id", "stage")
        .annotate(
            done=Count("id", filter=Q(status=ItemStatus.COMPLETED)),
            applicable=Count("id", filter=~Q(status=ItemStatus.NOT_NEEDED)),
        )
        .order_by()
    )
    stages = counts_by_stage(rows)
    empty = stage_progress([])
    for project in projects:
        project.figures = land_figures(project, calendar, conf.land_to_start_threshold_workdays)
        project.stages = stages.get(project.pk, empty)


def project_items(project: InvestmentProject) -> list[ApprovalItem]:
    items = list(project.approval_items.all())
    return sorted(items, key=lambda i: (STAGE_ORDER.index(i.stage), i.position, i.pk))


def attach_followup_countdowns(followups, calendar: Calendar, today: date | None = None) -> None:
    """`.countdown` to the next step of each project's latest follow-up (None on the others)."""
    today = today or timezone.localdate()
    for f in followups:
        f.countdown = countdown(f.next_on, today, calendar) if f.next_on and not f.superseded else None


def attach_item_figures(items, calendar: Calendar, conf: ProjectSettings) -> None:
    today = timezone.localdate()
    for item in items:
        item.figures = item_figures(item, calendar, today, conf.due_soon_workdays)


def filter_items(unit, filters: dict, calendar: Calendar, conf: ProjectSettings):
    """Approval items of the unit for the items page (a queryset, or a list for the computed
    states). Overdue and due-soon depend on the calendar, so those filters run in Python over
    the items being handled (one query either way); the page attaches `.figures` to its rows."""
    items = ApprovalItem.objects.for_unit(unit).select_related("project__enterprise")
    state = filters["state"]
    if state in ("open", "overdue", "due_soon"):
        items = items.filter(status=ItemStatus.ACCEPTED)
    elif state == "submitted":
        items = items.filter(status=ItemStatus.SUBMITTED)
    elif state == "completed":
        items = items.filter(status=ItemStatus.COMPLETED)
    if filters["stage"]:
        items = items.filter(stage=filters["stage"])
    q = filters["q"].strip()
    if q:
        items = items.filter(
            Q(name__icontains=q)
            | Q(project__name__icontains=q)
            | Q(project__project_code__icontains=q)
            | Q(project__name_initials__contains=q.lower())
        )
    if state == "completed":
        items = items.order_by("-completed_on", "id")
    else:
        items = items.order_by("accepted_on", "submitted_on", "project__name", "position", "id")
    if state not in ("overdue", "due_soon"):
        return items
    rows = list(items)
    attach_item_figures(rows, calendar, conf)
    wanted = "overdue" if state == "overdue" else "due_soon"
    return [i for i in rows if getattr(i.figures, wanted)]


def search_followups(unit, filters: dict) -> QuerySet:
    """Follow-ups, newest first; `superseded` when the project was followed up again later (its
    "next step by" date is then history, not a deadline)."""
    later = FollowUp.objects.filter(project=OuterRef("project")).filter(
        Q(followed_on__gt=OuterRef("followed_on")) | Q(followed_on=OuterRef("followed_on"), pk__gt=OuterRef("pk"))
    )
    followups = FollowUp.objects.for_unit(unit).select_related("project", "staff").annotate(superseded=Exists(later))
    if filters.get("start"):
        followups = followups.filter(followed_on__gte=filters["start"])
    if filters.get("end"):
        followups = followups.filter(followed_on__lte=filters["end"])
    if filters.get("key_only"):
        followups = followups.exclude(project__key_level="")
    return followups.order_by("-followed_on", "-id")
