from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "investdesk.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from django.apps import apps

        from investdesk.core.navigation import NavItem, register
        from investdesk.dashboard import panels

        register(NavItem("dashboard", _("Dashboard"), "dashboard:index", "speedometer2", 0))
        if apps.is_installed("investdesk.performance"):
            from investdesk.dashboard.performance_panel import panel

            panels.register(panels.Panel("performance", 10, panel))
        ledgers = ("investdesk.cases", "investdesk.outreach", "investdesk.projects", "investdesk.plans")
        if all(apps.is_installed(name) for name in ledgers):
            from investdesk.dashboard.workload_panel import panel as workload

            panels.register(panels.Panel("workload", 5, workload))
