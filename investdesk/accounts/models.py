"""Memberships: which user works in which unit, in which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from investdesk.core.models import Unit


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    AGENT = "agent", _("Agent")
    FINANCE = "finance", _("Finance clerk")
    VIEWER = "viewer", _("Viewer")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A user's place in one unit. A user in several units switches between them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["unit__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="accounts_membership_user_unit")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"

    def get_additional_data(self) -> dict:
        return {"unit_id": self.unit_id}

    @property
    def permissions(self) -> frozenset[str]:
        from investdesk.accounts.permissions import ROLE_PERMISSIONS

        return ROLE_PERMISSIONS.get(self.role, frozenset()) if self.is_active else frozenset()

    def can(self, permission: str) -> bool:
        from investdesk.accounts.permissions import role_can

        return self.is_active and role_can(self.role, permission)
