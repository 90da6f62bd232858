"""What the outreach ledgers put on an enterprise's timeline (a fixed number of queries each)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.enterprises.timeline import TimelineEntry
from investdesk.outreach.models import Action, AppealEvent, Consultation, EventKind, Visit

LIMIT = 300
STEP_ICONS = {
    Action.RESOLVE: "check2-circle",
    Action.UNRESOLVABLE: "x-circle",
    Action.CLOSE: "patch-check",
    Action.REOPEN: "arrow-counterclockwise",
    Action.COORDINATE: "people",
}
# The appeal steps the enterprise's timeline shows; coordination notes stay on the appeal's page.
SHOWN_STEPS = (Action.RESOLVE, Action.UNRESOLVABLE, Action.CLOSE, Action.REOPEN)


def _person(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def visit_entries(enterprise) -> list[TimelineEntry]:
    visits = (
        Visit.objects.filter(unit_id=enterprise.unit_id, enterprise_id=enterprise.pk)
        .prefetch_related("staff")
        .order_by("-visited_on", "-id")[:LIMIT]
    )
    return [
        TimelineEntry(
            v.visited_on,
            "outreach.visit",
            _("Visit: %(purposes)s") % {"purposes": "、".join(v.purpose_labels())},
            v.findings,
            reverse("outreach:visit_detail", args=[v.pk]),
            "、".join(v.staff_names()) or None,
            "person-walking",
        )
        for v in visits
    ]


def consultation_entries(enterprise) -> list[TimelineEntry]:
    consultations = (
        Consultation.objects.filter(unit_id=enterprise.unit_id, enterprise_id=enterprise.pk)
        .select_related("staff", "project")
        .order_by("-consulted_at", "-id")[:LIMIT]
    )
    return [
        TimelineEntry(
            timezone.localtime(c.consulted_at),
            "outreach.consultation",
            _("Consultation (%(channel)s): %(topic)s") % {"channel": c.get_channel_display(), "topic": c.topic},
            c.answer,
            reverse("outreach:consultation_detail", args=[c.pk]),
            _person(c.staff),
            "chat-dots",
        )
        for c in consultations
    ]


def appeal_entries(enterprise) -> list[TimelineEntry]:
    events = (
        AppealEvent.objects.filter(unit_id=enterprise.unit_id, appeal__enterprise_id=enterprise.pk)
        .filter(kind__in=(EventKind.RAISED, EventKind.IMPORTED, EventKind.STATUS))
        .select_related("appeal", "actor")
        .order_by("-at", "-id")[:LIMIT]
    )
    entries = []
    for event in events:
        if event.kind == EventKind.STATUS and event.action and event.action not in SHOWN_STEPS:
            continue
        entries.append(_appeal_entry(event))
    return entries


def _appeal_entry(event: AppealEvent) -> TimelineEntry:
    appeal = event.appeal
    url = reverse("outreach:appeal_detail", args=[appeal.pk])
    if event.kind in (EventKind.RAISED, EventKind.IMPORTED):
        title = _("%(kind)s raised: %(title)s") % {"kind": appeal.get_kind_display(), "title": appeal.title}
        detail = _("responsible department: %(department)s") % {"department": appeal.department}
        return TimelineEntry(
            event.on or event.at, "outreach.appeal", title, detail, url, _person(event.actor), "megaphone"
        )
    title = _("Appeal “%(title)s”: %(status)s") % {"title": appeal.title, "status": event.get_to_status_display()}
    icon = STEP_ICONS.get(event.action, "signpost-split")
    if event.feedback:
        detail = f"{event.get_feedback_display()}：{event.note}" if event.note else event.get_feedback_display()
        return TimelineEntry(
            event.on or event.at, "outreach.appeal_step", title, detail, url, _person(event.actor), icon
        )
    return TimelineEntry(
        event.on or event.at, "outreach.appeal_step", title, event.note, url, _person(event.actor), icon
    )
