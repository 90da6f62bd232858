from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "investdesk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from investdesk.accounts.models import Membership
        from investdesk.accounts.permissions import AUDIT_VIEW, UNIT_MANAGE
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register

        register(NavItem("audit", _("Audit trail"), "accounts:audit_log", "journal-text", 90, AUDIT_VIEW, "manage"))
        register(NavItem("members", _("Members"), "accounts:members", "people", 91, UNIT_MANAGE, "manage"))
        register(NavItem("calendar", _("Working-day calendar"), "accounts:calendar", "calendar3", 93, section="manage"))
        audit.register(Membership)
        audit.register(get_user_model(), exclude_fields=["password", "last_login"], mask_fields=[])
