"""The dashboard panel: this year's targets scored live, with their lights."""

from __future__ import annotations

from django.template.loader import render_to_string

from investdesk.performance import services
from investdesk.performance.models import BudgetProject


def panel(request):
    project = (
        BudgetProject.objects.for_unit(request.unit)
        .filter(table__isnull=False)
        .select_related("table")
        .order_by("-year")
        .first()
    )
    if project is None:
        return render_to_string("dashboard/_performance_panel.html", {"project": None}, request=request)
    scored = services.score_table(project.table)
    return render_to_string(
        "dashboard/_performance_panel.html", {"project": project, "scored": scored}, request=request
    )
