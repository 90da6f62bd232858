from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Read-only, at the top like the dashboard: the ledger apps register what it finds."""

    name = "investdesk.search"
    label = "search"
    verbose_name = _("Search")
