"""The read side of the outreach pages: one query function per list, related rows fetched there
(STYLE.md habit 10), so a page costs the same number of queries at 10 rows and at 1,000."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from investdesk.core.periods import Period
from investdesk.core.text import normalise
from investdesk.core.workdays import Calendar
from investdesk.enterprises.models import Enterprise
from investdesk.enterprises.queries import search_condition
from investdesk.outreach.metrics import moments
from investdesk.outreach.models import OPEN_STATUSES, Appeal, AppealStatus, Consultation, Visit
from investdesk.projects.models import InvestmentProject

SEARCH_LIMIT = 50


def unit_staff(unit) -> QuerySet:
    """The unit's active members: who may be named as staff on its records."""
    return (
        get_user_model()
        .objects.filter(memberships__unit=unit, memberships__is_active=True)
        .order_by("first_name", "username")
    )


def _dates(queryset: QuerySet, field: str, filters: dict) -> QuerySet:
    if filters.get("start"):
        queryset = queryset.filter(**{f"{field}__gte": filters["start"]})
    if filters.get("end"):
        queryset = queryset.filter(**{f"{field}__lte": filters["end"]})
    return queryset


def _matching(unit, text: str) -> Q:
    """Rows of the enterprises whose name, former names, pinyin initials, USCC or project code match."""
    condition = search_condition(text)
    if condition is None:
        return Q()
    return Q(enterprise_id__in=Enterprise.objects.for_unit(unit).filter(condition).values("pk"))


# --- visits ------------------------------------------------------------------------------------------


def search_visits(unit, filters: dict) -> QuerySet:
    visits = (
        Visit.objects.for_unit(unit)
        .select_related("enterprise", "project")
        .prefetch_related(Prefetch("staff", queryset=get_user_model().objects.order_by("first_name", "username")))
        .annotate(appeal_count=Count("appeals"))
    )
    visits = _dates(visits, "visited_on", filters)
    q = normalise(filters.get("q") or "")
    if q:
        visits = visits.filter(_matching(unit, q) | Q(findings__icontains=q))
    if filters.get("purpose"):
        visits = visits.filter(purposes__contains=filters["purpose"])
    if filters.get("key_only"):
        visits = visits.filter(enterprise__is_key=True)
    if filters.get("staff"):
        visits = visits.filter(staff=filters["staff"])
    if filters.get("enterprise"):
        visits = visits.filter(enterprise=filters["enterprise"])
    return visits.order_by("-visited_on", "-id")


# --- consultations -------------------------------------------------------------------------------


def search_consultations(unit, filters: dict) -> QuerySet:
    consultations = Consultation.objects.for_unit(unit).select_related("enterprise", "project", "staff")
    if filters.get("start"):
        consultations = consultations.filter(consulted_at__gte=moments_of(filters["start"])[0])
    if filters.get("end"):
        consultations = consultations.filter(consulted_at__lt=moments_of(filters["end"])[1])
    q = normalise(filters.get("q") or "")
    if q:
        consultations = consultations.filter(
            _matching(unit, q) | Q(topic__icontains=q) | Q(project__name__icontains=q) | Q(inquirer__icontains=q)
        )
    if filters.get("channel"):
        consultations = consultations.filter(channel=filters["channel"])
    if filters.get("key_projects"):
        consultations = consultations.filter(project__isnull=False).exclude(project__key_level="")
    if filters.get("enterprise"):
        consultations = consultations.filter(enterprise=filters["enterprise"])
    return consultations.order_by("-consulted_at", "-id")


def moments_of(day: date):
    """The day as aware datetimes [its local midnight, the next one)."""
    return moments(Period(day, day, day.isoformat()))


# --- appeals ---------------------------------------------------------------------------------------


def search_appeals(unit, filters: dict, *, today: date, calendar: Calendar, due_soon_days: int) -> QuerySet:
    appeals = Appeal.objects.for_unit(unit).select_related("enterprise", "handler", "visit")
    state = filters.get("state") or ""
    if state == "open":
        appeals = appeals.filter(status__in=OPEN_STATUSES)
    elif state == "overdue":
        appeals = appeals.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    elif state == "due_soon":
        limit = calendar.add_workdays(today, due_soon_days + 1)
        appeals = appeals.filter(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lt=limit)
    elif state == "decided":
        appeals = appeals.filter(status__in=(AppealStatus.RESOLVED, AppealStatus.UNRESOLVABLE))
    elif state == "closed":
        appeals = appeals.filter(status=AppealStatus.CLOSED)
    for name in ("status", "category", "source", "kind", "enterprise"):
        if filters.get(name):
            appeals = appeals.filter(**{name: filters[name]})
    appeals = _dates(appeals, "raised_on", filters)
    q = normalise(filters.get("q") or "")
    if q:
        appeals = appeals.filter(
            _matching(unit, q) | Q(title__icontains=q) | Q(department__icontains=q) | Q(reference__icontains=q)
        )
    if state in ("open", "overdue", "due_soon"):
        return appeals.order_by("due_on", "id")
    return appeals.order_by("-raised_on", "-id")


def departments(unit) -> list[str]:
    """Departments already named on the unit's appeals, then the usual ones of a district."""
    used = list(Appeal.objects.for_unit(unit).order_by().values_list("department", flat=True).distinct()[:100])
    return list(dict.fromkeys([*sorted(used), *COMMON_DEPARTMENTS]))


COMMON_DEPARTMENTS = (
    "区发展和改革局",
    "区自然资源局",
    "区住房和城乡建设局",
    "区生态环境局",
    "区工业和信息化局",
    "区人力资源和社会保障局",
    "区财政局",
    "区市场监督管理局",
    "区交通运输局",
    "区水务局",
    "区投资促进局",
    "区政务服务管理局",
    "国网昆明供电局呈贡供电分局",
    "街道办事处",
)


# --- the pickers of the forms ----------------------------------------------------------------------------


def enterprise_choices(unit, text: str = "", selected: int | None = None) -> list[tuple[int, str]]:
    """Enterprises for the form's picker: all of the unit's (one query, lean columns), or those
    matching the search text (name, former names, pinyin initials, USCC, project code)."""
    enterprises = Enterprise.objects.for_unit(unit).order_by("name", "pk")
    condition = search_condition(text) if text else None
    if condition is not None:
        matching = enterprises.filter(condition)
        if selected:
            matching = enterprises.filter(condition | Q(pk=selected))
        enterprises = matching[:SEARCH_LIMIT]
    return [(pk, f"{name}（{uscc}）") for pk, name, uscc in enterprises.values_list("pk", "name", "uscc")]


def project_choices(unit, enterprise_id: int | None) -> list[tuple[int, str]]:
    """The enterprise's projects (or, before an enterprise is chosen, the unit's, with their owner)."""
    projects = InvestmentProject.objects.for_unit(unit).order_by("name", "pk")
    if enterprise_id:
        rows = projects.filter(enterprise_id=enterprise_id).values_list("pk", "name", "project_code", "key_level")
        return [(pk, _project_label(name, code, level)) for pk, name, code, level in rows]
    rows = projects.values_list("pk", "name", "project_code", "key_level", "enterprise__name")
    return [(pk, f"{_project_label(name, code, level)} · {owner}") for pk, name, code, level, owner in rows]


def _project_label(name: str, code: str, key_level: str) -> str:
    mark = "★ " if key_level else ""
    return f"{mark}{name}（{code}）" if code else f"{mark}{name}"


def recent_for_enterprise(enterprise, *, visits: int = 5) -> dict:
    """The enterprise page's section: its latest visits and its open appeals."""
    latest = list(
        Visit.objects.filter(unit_id=enterprise.unit_id, enterprise=enterprise)
        .prefetch_related("staff")
        .order_by("-visited_on", "-id")[:visits]
    )
    open_appeals = list(
        Appeal.objects.filter(unit_id=enterprise.unit_id, enterprise=enterprise, status__in=OPEN_STATUSES)
        .select_related("handler")
        .order_by("due_on", "id")
    )
    counts = Visit.objects.filter(unit_id=enterprise.unit_id, enterprise=enterprise).aggregate(
        total=Count("id"), this_year=Count("id", filter=Q(visited_on__gte=_year_start()))
    )
    return {"visits": latest, "open_appeals": open_appeals, "counts": counts}


def _year_start() -> date:
    return timezone.localdate().replace(month=1, day=1)
