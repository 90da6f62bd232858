from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutreachConfig(AppConfig):
    name = "investdesk.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from investdesk.accounts.permissions import UNIT_MANAGE
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.enterprises import sections, timeline
        from investdesk.outreach import (
            enterprise_section,
            metrics,  # noqa: F401 - registers the metrics
        )
        from investdesk.outreach import timeline as providers
        from investdesk.outreach.models import Appeal, AppealEvent, Consultation, Visit

        register(NavItem("outreach", pgettext_lazy("menu", "Visits"), "outreach:visits", "person-walking", 25))
        register(
            NavItem(
                "outreach_settings",
                _("Appeal settings"),
                "outreach:settings",
                "sliders",
                97,
                UNIT_MANAGE,
                "manage",
            )
        )
        sections.register(sections.Section("outreach", 20, enterprise_section.render))
        timeline.register("outreach.visits", providers.visit_entries)
        timeline.register("outreach.consultations", providers.consultation_entries)
        timeline.register("outreach.appeals", providers.appeal_entries)
        audit.register(Visit, m2m_fields={"staff"})
        for model in (Consultation, Appeal, AppealEvent):
            audit.register(model)
