"""What the projects module puts on an enterprise's timeline (one query per provider)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.enterprises.timeline import TimelineEntry
from investdesk.projects.models import EventKind, FollowUp, ItemStatus, ProjectEvent, Status

LIMIT = 300
ITEM_ICONS = {
    ItemStatus.SUBMITTED: "send",
    ItemStatus.ACCEPTED: "hourglass-split",
    ItemStatus.COMPLETED: "check2-circle",
    ItemStatus.NOT_NEEDED: "dash-circle",
    ItemStatus.NOT_STARTED: "arrow-counterclockwise",
}


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _person(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def event_entries(enterprise) -> list[TimelineEntry]:
    events = (
        ProjectEvent.objects.filter(unit_id=enterprise.unit_id, project__enterprise_id=enterprise.pk)
        .select_related("project", "item", "actor")
        .order_by("-at", "-id")[:LIMIT]
    )
    return [_event_entry(event) for event in events]


def _event_entry(event: ProjectEvent) -> TimelineEntry:
    project = event.project
    url = reverse("projects:detail", args=[project.pk])
    actor = _person(event.actor)
    if event.kind in (EventKind.CREATED, EventKind.IMPORTED):
        title = (
            _("Investment project “%(name)s” registered")
            if event.kind == EventKind.CREATED
            else _("Investment project “%(name)s” imported")
        ) % {"name": project.name}
        return TimelineEntry(event.at, "projects.project", title, project.project_code, url, actor, "kanban")
    if event.kind == EventKind.STATUS:
        title = _("Investment project “%(name)s”: %(from)s → %(to)s") % {
            "name": project.name,
            "from": _label(Status, event.from_status),
            "to": _label(Status, event.to_status),
        }
        return TimelineEntry(event.on or event.at, "projects.status", title, event.note, url, actor, "signpost-split")
    item = event.item
    title = _("%(item)s of “%(project)s”: %(status)s") % {
        "item": item.name if item else "",
        "project": project.name,
        "status": _label(ItemStatus, event.to_status),
    }
    detail = ""
    if item is not None and event.to_status == ItemStatus.COMPLETED and item.document_number:
        detail = _("document number %(number)s") % {"number": item.document_number}
    icon = ITEM_ICONS.get(event.to_status, "dot")
    return TimelineEntry(event.on or event.at, "projects.approval_item", title, detail, url, actor, icon)


def followup_entries(enterprise) -> list[TimelineEntry]:
    followups = (
        FollowUp.objects.filter(unit_id=enterprise.unit_id, project__enterprise_id=enterprise.pk)
        .select_related("project", "staff")
        .order_by("-followed_on", "-id")[:LIMIT]
    )
    return [
        TimelineEntry(
            f.followed_on,
            "projects.followup",
            _("Follow-up of “%(name)s”") % {"name": f.project.name},
            f.content + ("\n" + _("Next step: %(text)s") % {"text": f.next_step} if f.next_step else ""),
            reverse("projects:detail", args=[f.project_id]),
            _person(f.staff),
            "chat-left-text",
        )
        for f in followups
    ]
