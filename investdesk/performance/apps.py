from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PerformanceConfig(AppConfig):
    name = "investdesk.performance"
    label = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.performance.models import BudgetProject, EvaluationLine, Indicator, SelfEvaluation, TargetTable

        register(NavItem("performance", pgettext_lazy("menu", "Targets"), "performance:index", "clipboard-data", 80))
        register(
            NavItem("scoring_settings", _("Scoring settings"), "performance:settings", "gear", 92, section="manage")
        )
        for model in (BudgetProject, TargetTable, Indicator, SelfEvaluation, EvaluationLine):
            audit.register(model)
