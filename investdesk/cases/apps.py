from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CasesConfig(AppConfig):
    name = "investdesk.cases"
    label = "cases"
    verbose_name = _("Delegation cases")

    def ready(self) -> None:
        from investdesk.accounts.permissions import UNIT_MANAGE
        from investdesk.cases import (
            enterprise_section,
            metrics,  # noqa: F401 - registers the metrics
            search,
        )
        from investdesk.cases import timeline as providers
        from investdesk.cases.models import (
            AgencyCase,
            Blocker,
            BlockerAction,
            CaseEvent,
            CaseFile,
            PlanItem,
            Rating,
            Rectification,
        )
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.enterprises import sections, timeline

        register(NavItem("cases", pgettext_lazy("menu", "Cases"), "cases:list", "briefcase", 30))
        register(NavItem("case_settings", _("Case settings"), "cases:settings", "stopwatch", 97, UNIT_MANAGE, "manage"))
        sections.register(sections.Section("cases", 20, enterprise_section.render))
        timeline.register("cases.events", providers.event_entries)
        search.register()
        for model in (AgencyCase, PlanItem, Blocker, BlockerAction, CaseFile, Rating, Rectification):
            audit.register(model, exclude_fields=["search_initials", "updated_at"] if model is AgencyCase else None)
        audit.register(CaseEvent)
