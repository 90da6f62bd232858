from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "investdesk.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from investdesk.accounts.permissions import UNIT_MANAGE
        from investdesk.core import audit
        from investdesk.core.navigation import NavItem, register
        from investdesk.surveys import metrics  # noqa: F401 - registers the metrics
        from investdesk.surveys.models import Channel, InviteToken, Option, Question, Survey

        register(NavItem("surveys", _("Surveys"), "surveys:list", "ui-checks", 60))
        register(
            NavItem("survey_channels", _("Survey channels"), "surveys:channels", "signpost-split", 94, section="manage")
        )
        register(
            NavItem("survey_settings", _("Survey settings"), "surveys:settings", "sliders2", 97, UNIT_MANAGE, "manage")
        )
        # Responses, answers and the answer counters are deliberately not in the audit trail: its rows
        # keep the client address and the exact time, which an anonymous answer must not have.
        for model in (Survey, Question, Option, Channel, InviteToken):
            audit.register(model)
