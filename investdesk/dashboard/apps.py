from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "investdesk.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from investdesk.core.navigation import NavItem, register

        register(NavItem("dashboard", _("Dashboard"), "dashboard:index", "speedometer2", 0))
