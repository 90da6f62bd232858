from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "investdesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from investdesk.core import audit, checks  # noqa: F401 - registers the system checks

        audit.register_core_models()
