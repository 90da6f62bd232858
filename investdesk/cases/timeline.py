"""What the cases module puts on an enterprise's timeline (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.cases.models import TRANSITIONS, CaseEvent, EventKind, RatingLevel
from investdesk.enterprises.timeline import TimelineEntry

LIMIT = 300
ICONS = {
    EventKind.APPLIED: "inbox",
    EventKind.STATUS: "signpost-split",
    EventKind.ASSIGNED: "person-check",
    EventKind.MANDATE: "file-earmark-text",
    EventKind.PLAN: "list-check",
    EventKind.BLOCKER: "exclamation-octagon",
    EventKind.FILE: "paperclip",
    EventKind.RATING: "star",
    EventKind.RECTIFICATION: "tools",
    EventKind.EDITED: "pencil",
}


def _person(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def event_entries(enterprise) -> list[TimelineEntry]:
    events = (
        CaseEvent.objects.filter(unit_id=enterprise.unit_id, case__enterprise_id=enterprise.pk)
        .select_related("case", "actor")
        .order_by("-on", "-at", "-id")[:LIMIT]
    )
    return [_entry(event) for event in events]


def _entry(event: CaseEvent) -> TimelineEntry:
    case = event.case
    url = reverse("cases:detail", args=[case.pk])
    what = event.get_kind_display()
    if event.kind == EventKind.STATUS and event.transition in TRANSITIONS:
        what = f"{TRANSITIONS[event.transition].label} → {event.to_status_label}"
    elif event.kind == EventKind.RATING and event.public_text in RatingLevel.values:
        what = f"{what}：{RatingLevel(event.public_text).label}"
    title = _("Delegation case %(number)s: %(what)s") % {"number": case.number, "what": what}
    moment = event.at if event.kind != EventKind.STATUS else event.on
    return TimelineEntry(moment, f"cases.{event.kind}", title, event.note[:300], url, _person(event.actor),
                         ICONS.get(event.kind, "dot"))  # fmt: skip
