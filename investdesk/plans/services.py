"""Every write of the plans module (STYLE.md habit 2): milestones, their status, study trips.

A status change is `change_status(milestone, actor=…, to=…)`: it checks the step against
`TRANSITIONS`, sets or clears the done date, validates the row, saves and appends a
`MilestoneEvent` — in one transaction.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.accounts.models import Membership
from investdesk.budget.models import ZERO, Expenditure, Kind
from investdesk.enterprises import files
from investdesk.performance.models import BudgetProject
from investdesk.plans.models import BACKWARD, TRANSITIONS, Milestone, MilestoneEvent, Status, StudyTrip

log = logging.getLogger(__name__)

MILESTONE_FIELDS = ("quarter", "title", "description", "owner", "due_on", "evidence_note")
TRIP_FIELDS = ("destination", "start_on", "end_on", "purpose", "practices", "measures", "note")


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_member(unit_id: int, user, field: str) -> None:
    if user is not None and not Membership.objects.filter(unit_id=unit_id, user=user).exists():
        raise ValidationError({field: [_("Choose a staff member of this unit.")]})


def _check_file(upload, field: str) -> None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)

    def read_all() -> bytes:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    try:
        files.check_attachment(upload.name, head, upload.size, read_all)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _save_evidence(milestone: Milestone, upload) -> None:
    old = milestone.evidence.name or None
    stored = None
    if upload is not None:
        _check_file(upload, "evidence")
        milestone.evidence_name = upload.name[-255:]
        milestone.evidence.save(upload.name, upload, save=False)
        stored = milestone.evidence.name
    try:
        milestone.full_clean(exclude=["unit"])
        milestone.save()
    except Exception:
        if stored:
            milestone.evidence.storage.delete(stored)
        raise
    if stored and old:
        storage = milestone.evidence.storage
        transaction.on_commit(lambda: _remove(storage, old))


def _remove(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        log.exception("could not remove the replaced evidence file %s", name)


# --- milestones -----------------------------------------------------------------------------------


@transaction.atomic
def create_milestone(project: BudgetProject, *, actor, fields: dict, upload=None) -> Milestone:
    milestone = Milestone(unit_id=project.unit_id, project=project, created_by=_actor(actor))
    for name in MILESTONE_FIELDS:
        if name in fields:
            setattr(milestone, name, fields[name])
    _check_member(project.unit_id, milestone.owner, "owner")
    _save_evidence(milestone, upload)
    MilestoneEvent.objects.create(
        unit_id=project.unit_id, milestone=milestone, to_status=milestone.status, actor=_actor(actor)
    )
    log.info("milestone %s of project %s created by %s", milestone.pk, project.pk, actor)
    return milestone


@transaction.atomic
def update_milestone(milestone: Milestone, *, actor, fields: dict, upload=None) -> Milestone:
    for name in MILESTONE_FIELDS:
        if name in fields:
            setattr(milestone, name, fields[name])
    _check_member(milestone.unit_id, milestone.owner, "owner")
    _save_evidence(milestone, upload)
    log.info("milestone %s changed by %s", milestone.pk, actor)
    return milestone


def allowed_statuses(milestone: Milestone) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS[milestone.status]]


@transaction.atomic
def change_status(
    milestone: Milestone,
    *,
    actor,
    to: str,
    on: date | None = None,
    note: str = "",
    evidence_note: str | None = None,
    upload=None,
    confirm_back: bool = False,
) -> Milestone:
    """Move the milestone along TRANSITIONS. Done: dated `on` (today by default) with evidence;
    dropped: `note` is the reason; a step back (BACKWARD) must be confirmed, and reopening
    clears the done date or the reason (the event names the date cleared)."""
    before = milestone.status
    if to not in TRANSITIONS[before]:
        raise ValidationError(
            {
                "status": _("A %(status)s milestone cannot become %(target)s.")
                % {"status": Status(before).label, "target": Status(to).label}
            }
        )
    if to in BACKWARD.get(before, ()) and not confirm_back:
        raise ValidationError(
            {
                "status": _("“%(status)s” → “%(target)s” is a step back: tick the box to confirm the correction.")
                % {"status": Status(before).label, "target": Status(to).label}
            }
        )
    event_note = note.strip()
    if milestone.done_on and to != Status.DONE:
        cleared = _("Cleared: %(dates)s.") % {
            "dates": f"{Milestone._meta.get_field('done_on').verbose_name} {milestone.done_on.isoformat()}"
        }
        event_note = " ".join(filter(None, [event_note, cleared]))  # after the user's words
    milestone.status = to
    milestone.done_on = (on or timezone.localdate()) if to == Status.DONE else None
    milestone.drop_reason = note.strip() if to == Status.DROPPED else ""
    if evidence_note is not None and evidence_note.strip():
        milestone.evidence_note = evidence_note.strip()
    _save_evidence(milestone, upload)
    MilestoneEvent.objects.create(
        unit_id=milestone.unit_id,
        milestone=milestone,
        from_status=before,
        to_status=to,
        note=event_note[:300],
        actor=_actor(actor),
    )
    log.info("milestone %s: %s → %s by %s", milestone.pk, before, to, actor)
    return milestone


@transaction.atomic
def delete_milestone(milestone: Milestone, *, actor) -> None:
    name = milestone.evidence.name
    log.info("milestone %s (%s) of project %s deleted by %s", milestone.pk, milestone, milestone.project_id, actor)
    milestone.delete()
    if name:
        storage = Milestone.evidence.field.storage
        transaction.on_commit(lambda: _remove(storage, name))


# --- study trips ----------------------------------------------------------------------------------


def _check_trip_links(unit_id: int, participants, expenditures) -> None:
    for user in participants:
        _check_member(unit_id, user, "participants")
    if any(e.unit_id != unit_id for e in expenditures):
        raise ValidationError({"expenditures": [_("Choose expenditures of this unit.")]})
    if any(e.kind == Kind.REFUND for e in expenditures):
        raise ValidationError({"expenditures": [_("Link payments; a refund follows its payment.")]})


def check_trip(trip: StudyTrip, participants: list, expenditures: list) -> None:
    """The checks of `save_trip`, also run by the import's preview before anything is saved."""
    trip.full_clean(exclude=["unit"])
    _check_trip_links(trip.unit_id, participants, expenditures)


@transaction.atomic
def save_trip(unit, *, actor, fields: dict, participants, expenditures, trip: StudyTrip | None = None) -> StudyTrip:
    trip = trip or StudyTrip(unit=unit, created_by=_actor(actor))
    for name in TRIP_FIELDS:
        if name in fields:
            setattr(trip, name, fields[name].strip() if isinstance(fields[name], str) else fields[name])
    participants, expenditures = list(participants), list(expenditures)
    check_trip(trip, participants, expenditures)
    trip.save()
    trip.participants.set(participants)
    trip.expenditures.set(expenditures)
    log.info("study trip %s saved by %s", trip.pk, actor)
    return trip


@transaction.atomic
def delete_trip(trip: StudyTrip, *, actor) -> None:
    log.info("study trip %s (%s) deleted by %s", trip.pk, trip, actor)
    trip.delete()


def trip_cost(trip: StudyTrip):
    """Σ of the linked payments less their refunds (a refund of a linked payment counts too)."""
    payments = list(trip.expenditures.all())
    refunds = Expenditure.objects.filter(refund_of__in=payments)
    return sum((p.amount_yuan for p in payments), ZERO) - sum((r.amount_yuan for r in refunds), ZERO)
