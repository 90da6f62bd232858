"""The field-level audit trail (django-auditlog), registered model by model.

Every unit-scoped model stores its unit in the log row (`additional_data.unit_id`), so the
audit page of a unit shows only that unit's changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
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


@dataclass
class ChangeRow:
    label: str
    before: str
    after: str


def _plain(value) -> str:
    return "" if value in (None, "None") else str(value)


def describe_changes(entries) -> dict[int, list[ChangeRow]]:
    """Readable before/after rows per log entry: verbose names, choice labels, related rows.

    Related rows are fetched in one query per related model for the whole page, so the
    audit page keeps a fixed number of queries whatever its length.
    """
    wanted: dict[type[models.Model], set] = defaultdict(set)
    plans = []
    for entry in entries:
        model = entry.content_type.model_class()
        for name, (before, after) in (entry.changes_dict or {}).items():
            field = _field(model, name)
            plans.append((entry.pk, field, name, before, after))
            if field is not None and field.many_to_one:
                wanted[field.related_model].update(v for v in (before, after) if _plain(v))
    resolved = {
        model: {str(pk): str(obj) for pk, obj in model._default_manager.in_bulk(_ids(pks)).items()}
        for model, pks in wanted.items()
    }
    rows: dict[int, list[ChangeRow]] = defaultdict(list)
    for entry_pk, field, name, before, after in plans:
        rows[entry_pk].append(
            ChangeRow(_label(field, name), _show(field, before, resolved), _show(field, after, resolved))
        )
    return rows


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _ids(values) -> list:
    return [int(v) if str(v).isdigit() else v for v in values]


def _label(field, name: str) -> str:
    return str(getattr(field, "verbose_name", name)) if field is not None else name


def _show(field, value, resolved) -> str:
    value = _plain(value)
    if not value or field is None:
        return value
    if field.many_to_one:
        return resolved.get(field.related_model, {}).get(value, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value
