"""The archive's own timeline providers: field changes (django-auditlog), contacts, files, plan items.

Each provider runs a fixed number of queries, whatever the number of entries.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.core import audit
from investdesk.enterprises.models import Enterprise, PlanStatus
from investdesk.enterprises.timeline import TimelineEntry, register

MAX_CHANGES = 100


def _who(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


def _field_order() -> dict[str, int]:
    return {str(f.verbose_name): n for n, f in enumerate(Enterprise._meta.get_fields()) if hasattr(f, "verbose_name")}


def changes(enterprise: Enterprise) -> list[TimelineEntry]:
    """Field-level history of the enterprise row: created, then every change with before → after."""
    entries = list(LogEntry.objects.get_for_object(enterprise).select_related("actor", "content_type")[:MAX_CHANGES])
    described = audit.describe_changes(entries)
    order = _field_order()
    result = []
    for entry in entries:
        if entry.action == LogEntry.Action.CREATE:
            title, detail, icon = _("Archived"), "", "folder-plus"
        else:
            rows = sorted(described.get(entry.pk, []), key=lambda row: order.get(row.label, 999))
            title, icon = _("Changed"), "pencil"
            detail = "；".join(f"{row.label}：{row.before or '∅'} → {row.after or '∅'}" for row in rows)
        result.append(
            TimelineEntry(entry.timestamp, "enterprises.change", title, detail, actor=_who(entry.actor), icon=icon)
        )
    return result


def contacts(enterprise: Enterprise) -> list[TimelineEntry]:
    return [
        TimelineEntry(c.created_at, "enterprises.contact", _("Contact added"), str(c), icon="person-plus")
        for c in enterprise.contacts.all()
    ]


def attachments(enterprise: Enterprise) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            a.uploaded_at,
            "enterprises.attachment",
            _("File added"),
            a.filename,
            url=reverse("enterprises:attachment_download", args=[a.pk]),
            actor=_who(a.uploaded_by),
            icon="paperclip",
        )
        for a in enterprise.attachments.select_related("uploaded_by")
    ]


def plan_items(enterprise: Enterprise) -> list[TimelineEntry]:
    result = []
    for item in enterprise.plan_items.select_related("owner"):
        detail = item.content
        if item.due_on:
            detail = _("%(service)s, due %(date)s") % {"service": item.content, "date": f"{item.due_on:%Y-%m-%d}"}
        result.append(
            TimelineEntry(
                item.created_at,
                "enterprises.plan",
                _("Service planned"),
                detail,
                actor=_who(item.owner),
                icon="calendar-plus",
            )
        )
        if item.status == PlanStatus.DONE and item.done_on:
            result.append(
                TimelineEntry(
                    item.done_on,
                    "enterprises.plan_done",
                    _("Service done"),
                    item.content,
                    actor=_who(item.owner),
                    icon="check2-circle",
                )
            )
    return result


def register_providers() -> None:
    register("enterprises.changes", changes)
    register("enterprises.contacts", contacts)
    register("enterprises.attachments", attachments)
    register("enterprises.plan", plan_items)
