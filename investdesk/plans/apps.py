from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    name = "investdesk.plans"
    label = "plans"
    verbose_name = _("Implementation plan")

    def ready(self) -> None:
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.plans import metrics  # noqa: F401 - registers the metrics
        from investdesk.plans.models import Milestone, MilestoneEvent, StudyTrip

        register(NavItem("plans", pgettext_lazy("menu", "Plan"), "plans:index", "calendar-check", 72))
        for model in (Milestone, MilestoneEvent, StudyTrip):
            audit.register(model)
