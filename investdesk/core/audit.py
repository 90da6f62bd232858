"""The field-level audit trail (django-auditlog), registered model by model.

Every unit-scoped model stores its unit in the log row (`additional_data.unit_id`), so the
audit page of a unit shows only that unit's changes.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.db import models

_registered: list[type[models.Model]] = []


def register(model: type[models.Model], **options) -> None:
    if model in _registered:
        return
    auditlog.register(model, **options)
    _registered.append(model)


def registered_models() -> list[type[models.Model]]:
    return list(_registered)


def register_core_models() -> None:
    from investdesk.core.models import CalendarDay, Unit

    register(Unit, exclude_fields=["memberships"])
    register(CalendarDay)
