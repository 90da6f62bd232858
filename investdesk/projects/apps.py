from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectsConfig(AppConfig):
    name = "investdesk.projects"
    label = "projects"
    verbose_name = _("Investment projects")

    def ready(self) -> None:
        from investdesk.accounts.permissions import UNIT_MANAGE
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.enterprises import sections, timeline
        from investdesk.projects import (
            enterprise_section,
            metrics,  # noqa: F401 - registers the metrics
            search,
        )
        from investdesk.projects import timeline as providers
        from investdesk.projects.models import (
            ApprovalItem,
            CatalogueItem,
            Department,
            FollowUp,
            InvestmentProject,
            ProjectEvent,
        )

        register(NavItem("projects", pgettext_lazy("menu", "Projects"), "projects:list", "kanban", 20))
        register(
            NavItem(
                "approval_catalogue", _("Approval catalogue"), "projects:catalogue", "list-check", 95, section="manage"
            )
        )
        register(NavItem("departments", _("Department list"), "projects:departments", "building", 94, section="manage"))
        register(
            NavItem(
                "project_settings", _("Project settings"), "projects:settings", "sliders", 96, UNIT_MANAGE, "manage"
            )
        )
        sections.register(sections.Section("projects", 10, enterprise_section.render))
        timeline.register("projects.events", providers.event_entries)
        timeline.register("projects.followups", providers.followup_entries)
        search.register()
        for model in (InvestmentProject, FollowUp, CatalogueItem, ApprovalItem, ProjectEvent, Department):
            audit.register(model)
