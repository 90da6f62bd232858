from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PortalConfig(AppConfig):
    name = "investdesk.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.dashboard import panels
        from investdesk.portal import search
        from investdesk.portal.dashboard_panel import panel
        from investdesk.portal.models import PortalAttachment, PortalRequest

        register(NavItem("portal_requests", pgettext_lazy("menu", "Requests"), "portal_staff:inbox", "inbox", 31))
        panels.register(panels.Panel("portal_requests", 5, panel))
        search.register()
        audit.register(PortalRequest, exclude_fields=["user_agent"])
        audit.register(PortalAttachment, exclude_fields=["file"])
