from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "investdesk.publicity"
    label = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.publicity import metrics  # noqa: F401 - registers the metrics
        from investdesk.publicity.models import Article, Batch, Engagement, Material

        register(NavItem("publicity", _("Publicity"), "publicity:summary", "megaphone", 50))
        for model in (Material, Batch, Article, Engagement):
            audit.register(model)
