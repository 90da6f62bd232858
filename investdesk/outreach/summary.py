"""Figures the outreach pages show: the year's indicator figures, monthly counts, deadline marks,
and the rows an export writes (the list's filters applied)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.core.periods import Period
from investdesk.core.workdays import Calendar
from investdesk.outreach import figures, metrics, queries
from investdesk.outreach.conf import settings_for
from investdesk.outreach.forms import AppealFilterForm, ConsultationFilterForm, VisitFilterForm
from investdesk.outreach.models import OPEN_STATUSES, Appeal, Consultation, Visit
from investdesk.performance import metrics as registry

LIST_URLS = {"visits": "outreach:visits", "consultations": "outreach:consultations", "appeals": "outreach:appeals"}
# The metrics shown on the figures page, in the order of the seed's table and the ledgers.
SHOWN = (
    "outreach.key_enterprises_visited",
    "outreach.visits",
    "outreach.enterprises_visited",
    "outreach.consultations",
    "outreach.consultations_for_key_projects",
    "outreach.appeals_raised",
    "outreach.appeals_resolved",
    "outreach.appeals_resolved_rate",
    "outreach.appeal_satisfaction_rate",
)
MONTHLY = {
    "visits": metrics.visits,
    "consultations": metrics.consultations,
    "consultations_for_key_projects": metrics.consultations_for_key_projects,
    "appeals": metrics.appeals_raised,
}


def year_figures(unit, year: int) -> dict:
    """The strip above the lists: a year's key figures (a handful of queries)."""
    period = Period.year_of(year)
    return {
        "year": year,
        "years": year_choices(unit),
        "key_enterprises_visited": metrics.key_enterprises_visited(unit, period),
        "visits": metrics.visits(unit, period),
        "consultations": metrics.consultations(unit, period),
        "consultations_for_key_projects": metrics.consultations_for_key_projects(unit, period),
        "open_appeals": Appeal.objects.for_unit(unit).filter(status__in=OPEN_STATUSES).count(),
        "overdue_appeals": Appeal.objects.for_unit(unit)
        .filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
        .count(),
    }


def attach_appeal_figures(unit, appeals) -> Calendar:
    calendar = Calendar.for_unit(unit)
    figures.attach(appeals, calendar, timezone.localdate(), settings_for(unit).appeal_due_soon_workdays)
    return calendar


def export_rows(request, kind: str):
    """The rows of the list as filtered on the page, every one (no paging)."""
    unit = request.unit
    if kind == "visits":
        form = VisitFilterForm(request.GET or None, unit=unit)
        return queries.search_visits(unit, form.filters()).iterator(chunk_size=1000)
    if kind == "consultations":
        form = ConsultationFilterForm(request.GET or None)
        return queries.search_consultations(unit, form.filters()).iterator(chunk_size=1000)
    form = AppealFilterForm(request.GET or None)
    conf = settings_for(unit)
    return queries.search_appeals(
        unit,
        form.filters(),
        today=timezone.localdate(),
        calendar=Calendar.for_unit(unit),
        due_soon_days=conf.appeal_due_soon_workdays,
    ).iterator(chunk_size=1000)


def chosen_year(request) -> int:
    """The year asked for in `?year=`; otherwise the year the pages open on (default_year)."""
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if raw.isdigit() and 2000 <= int(raw) <= this_year + 1:
        return int(raw)
    return default_year(request.unit)


def _record_counts(unit) -> Counter[int]:
    """Visits, appeals and consultations of the unit by year."""
    counts: Counter[int] = Counter()
    for model, field in ((Visit, "visited_on"), (Appeal, "raised_on"), (Consultation, "consulted_at")):
        rows = model.objects.for_unit(unit).annotate(y=ExtractYear(field)).values_list("y").annotate(n=Count("pk"))
        counts.update(dict(rows.order_by()))
    return counts


def default_year(unit) -> int:
    """This year when it has records; otherwise the year with the most of them (the latest of
    equals), so a ledger kept for an earlier year opens on that year, not on a strip of zeros."""
    this_year = timezone.localdate().year
    counts = _record_counts(unit)
    if not counts or counts.get(this_year):
        return this_year
    return max(counts, key=lambda year: (counts[year], year))


def year_choices(unit) -> list[int]:
    """Years that have records, and this year."""
    return sorted(set(_record_counts(unit)) | {timezone.localdate().year}, reverse=True)


def metric_rows(unit, year: int) -> list[dict]:
    period = Period.year_of(year)
    rows = []
    for name in SHOWN:
        metric = registry.get(name)
        if metric is None:
            continue
        computed = registry.compute(name, unit, period)
        rows.append({"metric": metric, "value": computed.value, "error": computed.error})
    return rows


def monthly_chart(unit, year: int) -> dict:
    """Counts per month for the chart: one query per ledger and month."""
    labels = {
        "visits": _("Visits"),
        "consultations": _("Consultations"),
        "consultations_for_key_projects": _("Consultations for key projects"),
        "appeals": _("Appeals raised"),
    }
    data = {"months": [f"{m}" for m in range(1, 13)], "labels": labels}
    for key, func in MONTHLY.items():
        data[key] = [int(func(unit, Period.month(year, m))) for m in range(1, 13)]
    return data
