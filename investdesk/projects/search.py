"""What the global search finds among investment projects: the list's own search (name, 项目代码,
pinyin initials, the enterprise's name)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from investdesk.projects.queries import search_projects
from investdesk.search import registry
from investdesk.search.registry import Hit


def rows(request, query):
    return search_projects(request.unit, {"q": query.text})


def hit(request, project) -> Hit:
    return Hit(
        title=project.name,
        url=reverse("projects:detail", args=[project.pk]),
        code=project.project_code,
        detail=project.enterprise.name if project.enterprise_id else "",
        badge=project.get_status_display(),
    )


def more(query) -> str:
    return f"{reverse('projects:list')}?{urlencode({'q': query.text})}"


def register() -> None:
    registry.register(registry.Kind("projects", _("Investment projects"), 20, "kanban", rows, hit, more))
