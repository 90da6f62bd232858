from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "investdesk.budget"
    label = "budget"
    verbose_name = _("Budget")

    def ready(self) -> None:
        from investdesk.budget import metrics  # noqa: F401 - registers the metrics and the execution provider
        from investdesk.budget.models import Adjustment, BudgetLine, Expenditure
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register

        register(NavItem("budget", _("Budget"), "budget:index", "cash-coin", 70))
        for model in (BudgetLine, Adjustment, Expenditure):
            audit.register(model)
