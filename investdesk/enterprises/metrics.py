"""Metrics the performance module can bind indicators to (see performance.metrics)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from investdesk.core.periods import Period
from investdesk.enterprises.models import EXTERNAL_ORIGINS, Enterprise
from investdesk.performance.metrics import register


def _archived(unit, period: Period):
    """Enterprises in the unit's archive at the end of the period (archived on or before its last day)."""
    return Enterprise.objects.for_unit(unit).filter(archived_on__lte=period.end)


@register(
    "enterprises.archived",
    _("enterprises archived"),
    "家",
    _("Enterprises in the archive (一企一档) at the end of the period."),
)
def archived(unit, period: Period) -> Decimal:
    return Decimal(_archived(unit, period).count())


@register(
    "enterprises.key_archived",
    _("key enterprises archived"),
    "家",
    _("Key enterprises in the archive at the end of the period."),
)
def key_archived(unit, period: Period) -> Decimal:
    return Decimal(_archived(unit, period).filter(is_key=True).count())


@register(
    "enterprises.external_archived",
    _("external investors archived"),
    "家",
    _("Enterprises from outside the district (domestic or foreign) in the archive at the end of the period."),
)
def external_archived(unit, period: Period) -> Decimal:
    return Decimal(_archived(unit, period).filter(origin__in=EXTERNAL_ORIGINS).count())
