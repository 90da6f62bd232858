"""一企一档: one archive per enterprise (the enterprises helper extends this module)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from investdesk.core.models import UnitScopedModel


class Origin(models.TextChoices):
    LOCAL = "local", _("local")
    DOMESTIC_EXTERNAL = "domestic_external", _("domestic, from outside the district")
    FOREIGN = "foreign", _("foreign-invested")


class KeyLevel(models.TextChoices):
    PROVINCE = "province", _("province key")
    CITY = "city", _("city key")
    DISTRICT = "district", _("district key")


class Enterprise(UnitScopedModel):
    """One enterprise the center serves, identified in its unit by the 统一社会信用代码."""

    uscc = models.CharField(_("unified social credit code"), max_length=18)
    uscc_confirmed = models.BooleanField(
        _("check character confirmed"), default=False, help_text=_("Saved although the check character fails.")
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(_("comparable name"), max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=200, editable=False)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.LOCAL)
    is_key = models.BooleanField(_("key enterprise"), default=False)
    key_level = models.CharField(_("key level"), max_length=10, choices=KeyLevel.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [models.UniqueConstraint(fields=["unit", "uscc"], name="enterprises_uscc_once_per_unit")]

    def __str__(self) -> str:
        return self.name
