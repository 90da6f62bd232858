"""The field-level audit trail (django-auditlog), registered model by model.

Every unit-scoped model stores its unit in the log row (`additional_data.unit_id`), so the
audit page of a unit shows only that unit's changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC

from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

_registered: list[type[models.Model]] = []


def register(model: type[models.Model], **options) -> None:
    """Audit a model's own fields. Reverse relations (a visit's appeals, a case's files) are left
    out: auditlog would log them on delete as "outreach.Appeal.None", which says nothing."""
    if model in _registered:
        return
    if not options.get("include_fields"):
        reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
        options["exclude_fields"] = [*(options.get("exclude_fields") or []), *reverse]
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
        for name, value in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.auto_created and not field.concrete:
                continue  # a reverse relation logged by older entries: nothing to show
            before, after = _pair(value)
            if not _plain(before) and not _plain(after):
                continue  # an empty field of a new or deleted record: nothing happened to it
            plans.append((entry.pk, field, name, before, after))
            if field is not None and field.many_to_one:
                wanted[field.related_model].update(v for v in (before, after) if _plain(v))
    resolved = {
        model: {str(pk): _name(obj) for pk, obj in model._default_manager.in_bulk(_ids(pks)).items()}
        for model, pks in wanted.items()
    }
    rows: dict[int, list[ChangeRow]] = defaultdict(list)
    for entry_pk, field, name, before, after in plans:
        rows[entry_pk].append(
            ChangeRow(_label(field, name), _show(field, before, resolved), _show(field, after, resolved))
        )
    return rows


def _pair(value) -> tuple:
    """(before, after) of one logged change, whatever shape auditlog wrote it in.

    A field change is [before, after]; a many-to-many change is {"type": "m2m", "operation":
    "add" | "delete" | "clear", "objects": [...]}: what was added is "after", what was removed
    "before". Anything else is shown as it is, after the arrow.
    """
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1]
    if isinstance(value, dict) and value.get("type") == "m2m":
        objects = "、".join(str(o) for o in value.get("objects") or [])
        return ("", objects) if value.get("operation") == "add" else (objects, "")
    return "", value


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _ids(values) -> list:
    return [int(v) if str(v).isdigit() else v for v in values]


def _label(field, name: str) -> str:
    return str(getattr(field, "verbose_name", name)) if field is not None else name


def _name(obj) -> str:
    """A person by their name (the user name when none is given), anything else as it prints."""
    full_name = getattr(obj, "get_full_name", None)
    return (full_name() or obj.get_username()) if full_name else str(obj)


def _show(field, value, resolved) -> str:
    value = _plain(value)
    if not value or field is None:
        return value
    if field.many_to_one:
        return resolved.get(field.related_model, {}).get(value, value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return str(_("yes") if value == "True" else _("no") if value == "False" else value)
    if isinstance(field, models.DateTimeField):
        return _local_time(value)
    return value


def _local_time(value: str) -> str:
    """auditlog writes times as stored (UTC): show them as the unit's staff read a clock."""
    moment = parse_datetime(value)
    if moment is None:
        return value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
