"""The dashboard panel: the targets in force scored live, with a year switch."""

from __future__ import annotations

from django.template.loader import render_to_string

from investdesk.performance import services
from investdesk.performance.models import BudgetProject, TableStatus


def panel(request):
    """The latest year whose table is in force, or the year asked for with ?year= (any table of
    that year, a draft marked as such); a table imported for next year does not take over."""
    projects = BudgetProject.objects.for_unit(request.unit).filter(table__isnull=False).select_related("table")
    years = sorted(set(projects.values_list("year", flat=True)), reverse=True)
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else services.in_force_year(request.unit)
    chosen = projects.filter(year=year).order_by("-table__status", "name") if year else projects.none()
    project = chosen.filter(table__status=TableStatus.IN_FORCE).first() or chosen.first()
    context = {
        "project": project,
        "years": years,
        "year": year,
        "drafts": projects.filter(table__status=TableStatus.DRAFT),
    }
    if project is not None:
        context["scored"] = services.score_table(project.table)
    return render_to_string("dashboard/_performance_panel.html", context, request=request)
