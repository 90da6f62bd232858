from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "investdesk.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.enterprises import history, metrics, search  # noqa: F401 - registers the metrics
        from investdesk.enterprises.models import (
            Area,
            Attachment,
            Contact,
            Enterprise,
            ServicePlanItem,
            Tag,
            audited_fields,
        )

        register(NavItem("enterprises", _("Enterprises"), "enterprises:list", "buildings", 20))
        register(NavItem("areas", _("Streets and parks"), "enterprises:areas", "geo-alt", 93, section="manage"))
        for model in (Enterprise, Contact, Attachment, ServicePlanItem, Area, Tag):
            audit.register(model, include_fields=[f.name for f in audited_fields(model)])
        history.register_providers()
        search.register()
