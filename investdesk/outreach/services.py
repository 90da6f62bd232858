"""Every write of the outreach ledgers (STYLE.md habit 2).

Each change is one function with an explicit actor that validates the whole row (a
ValidationError names the field), saves, and — for appeals — writes the `AppealEvent` the
appeal's page and the enterprise's timeline show, all in one transaction. An appeal's status
moves only along `models.TRANSITIONS`, and only for a member whose role the table allows.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.accounts.models import Membership
from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.core.text import sentences
from investdesk.core.workdays import Calendar
from investdesk.outreach.conf import OutreachSettings, settings_for
from investdesk.outreach.models import (
    OPEN_STATUSES,
    STATUS_OUTCOME,
    Action,
    Appeal,
    AppealEvent,
    AppealStatus,
    Consultation,
    EventKind,
    Feedback,
    Outcome,
    Source,
    Visit,
    actions_from,
    join_purposes,
    transition_for,
)

log = logging.getLogger(__name__)

VISIT_FIELDS = ("visited_on", "enterprise", "purposes", "project", "findings")
CONSULTATION_FIELDS = (
    "consulted_at",
    "channel",
    "enterprise",
    "project",
    "inquirer",
    "topic",
    "answer",
    "duration_minutes",
    "staff",
)
APPEAL_FIELDS = (
    "kind",
    "source",
    "visit",
    "consultation",
    "reference",
    "enterprise",
    "raised_on",
    "category",
    "title",
    "description",
    "department",
    "deadline_workdays",
    "handler",
)
# What an edit may change: the source and the decision are not edited, they are transitions.
APPEAL_EDIT_FIELDS = tuple(f for f in APPEAL_FIELDS if f not in ("source", "visit", "consultation"))


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _check(instance, *, exclude: tuple[str, ...] = ()) -> None:
    # The unit is set by the service, never by input.
    instance.full_clean(exclude=["unit", *exclude])


def _members(unit, users) -> list:
    """The users who are active members of the unit (the others cannot be staff of its records)."""
    ids = {u.pk for u in users if u is not None}
    members = set(
        Membership.objects.filter(unit=unit, user_id__in=ids, is_active=True).values_list("user_id", flat=True)
    )
    return [u for u in users if u is not None and u.pk in members]


def _set(instance, fields: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if name in fields:
            value = fields[name]
            if name == "purposes" and not isinstance(value, str):
                value = join_purposes(value)
            if value is None and name in ("reference", "description", "inquirer", "findings"):
                value = ""
            setattr(instance, name, value)


# --- visits ----------------------------------------------------------------------------------------


def _check_visit_staff(visit: Visit, staff: list) -> None:
    if not staff:
        raise ValidationError({"staff": [_("Choose at least one member of staff who made the visit.")]})
    outsiders = [u for u in staff if u not in _members(visit.unit, staff)]
    if outsiders:
        names = "、".join(u.get_full_name() or u.username for u in outsiders)
        raise ValidationError({"staff": [_("Not a member of this unit: %(names)s.") % {"names": names}]})


@transaction.atomic
def create_visit(unit, *, actor, fields: dict, staff: list, appeals: list[dict] | tuple = ()) -> Visit:
    """Log a visit and, in the same transaction, the appeals and suggestions raised on it.

    An appeal that the model refuses rolls the whole visit back; its messages say which one.
    """
    visit = Visit(unit=unit, created_by=_actor(actor))
    _set(visit, fields, VISIT_FIELDS)
    _check(visit)
    _check_visit_staff(visit, list(staff))
    visit.save()
    visit.staff.set(staff)
    for number, row in enumerate(appeals, start=1):
        values = {**row, "source": Source.VISIT, "visit": visit, "enterprise": visit.enterprise}
        values.setdefault("raised_on", visit.visited_on)
        values.setdefault("handler", _actor(actor) if _actor(actor) in staff else staff[0])
        try:
            raise_appeal(unit, actor=actor, fields=values)
        except ValidationError as exc:
            raise _numbered(exc, number) from None
    log.debug("visit %s to enterprise %s logged by %s", visit.pk, visit.enterprise_id, actor)
    return visit


def _numbered(exc: ValidationError, number: int) -> ValidationError:
    """An appeal row's errors, each saying which row of the visit form it came from."""
    labels = {f.name: str(f.verbose_name) for f in Appeal._meta.fields}
    prefix = _("Appeal %(n)s") % {"n": number}
    if not hasattr(exc, "error_dict"):
        return ValidationError({"appeals": [f"{prefix}：{m}" for m in exc.messages]})
    return ValidationError(
        {"appeals": [f"{prefix}·{labels.get(name, name)}：{m}" for name, ms in exc.message_dict.items() for m in ms]}
    )


@transaction.atomic
def update_visit(visit: Visit, *, actor, fields: dict, staff: list | None = None) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    before = visit.enterprise_id
    _set(visit, fields, VISIT_FIELDS)
    _check(visit)
    if visit.enterprise_id != before and visit.appeals.exists():
        raise ValidationError({"enterprise": [_("Appeals were raised on this visit: its enterprise cannot change.")]})
    if staff is not None:
        _check_visit_staff(visit, list(staff))
    visit.save()
    if staff is not None:
        visit.staff.set(staff)
    log.info("visit %s changed by %s", visit.pk, actor)
    return visit


@transaction.atomic
def delete_visit(visit: Visit, *, actor) -> None:
    """A visit whose appeals are on record stays: the appeals point to it."""
    if visit.appeals.exists():
        raise ValidationError(_("Appeals were raised on this visit; it cannot be deleted while they are on record."))
    log.info("visit %s of unit %s deleted by %s", visit.pk, visit.unit_id, actor)
    visit.delete()


# --- consultations -----------------------------------------------------------------------------------


def _check_consultation_staff(consultation: Consultation) -> None:
    if consultation.staff_id and not _members(consultation.unit, [consultation.staff]):
        raise ValidationError({"staff": [_("Choose a staff member of this unit.")]})


@transaction.atomic
def create_consultation(unit, *, actor, fields: dict) -> Consultation:
    consultation = Consultation(unit=unit, created_by=_actor(actor))
    _set(consultation, fields, CONSULTATION_FIELDS)
    if not consultation.staff_id and _actor(actor):
        consultation.staff = actor
    _check(consultation)
    _check_consultation_staff(consultation)
    consultation.save()
    log.debug("consultation %s logged by %s", consultation.pk, actor)
    return consultation


@transaction.atomic
def update_consultation(consultation: Consultation, *, actor, fields: dict) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _set(consultation, fields, CONSULTATION_FIELDS)
    _check(consultation)
    _check_consultation_staff(consultation)
    consultation.save()
    log.info("consultation %s changed by %s", consultation.pk, actor)
    return consultation


@transaction.atomic
def delete_consultation(consultation: Consultation, *, actor) -> None:
    if consultation.appeals.exists():
        raise ValidationError(
            _("Appeals were raised in this consultation; it cannot be deleted while they are on record.")
        )
    log.info("consultation %s of unit %s deleted by %s", consultation.pk, consultation.unit_id, actor)
    consultation.delete()


# --- appeals -------------------------------------------------------------------------------------------


def due_date(appeal: Appeal, calendar: Calendar) -> date | None:
    if not appeal.raised_on or not appeal.deadline_workdays:
        return None
    return calendar.add_workdays(appeal.raised_on, appeal.deadline_workdays)


def _prepare_appeal(appeal: Appeal, calendar: Calendar | None) -> None:
    if appeal.handler_id and not _members(appeal.unit, [appeal.handler]):
        raise ValidationError({"handler": [_("Choose a staff member of this unit.")]})
    appeal.due_on = due_date(appeal, calendar or Calendar.for_unit(appeal.unit))
    _check(appeal, exclude=() if appeal.due_on else ("due_on",))


@transaction.atomic
def raise_appeal(
    unit, *, actor, fields: dict, kind: str = EventKind.RAISED, calendar: Calendar | None = None
) -> Appeal:
    """Record an appeal or suggestion; its deadline defaults to the unit's setting.

    The status given in `fields` is not taken: a new appeal awaits coordination (the import
    records earlier decisions through `record_imported_state`).
    """
    appeal = Appeal(unit=unit, created_by=_actor(actor))
    _set(appeal, fields, APPEAL_FIELDS)
    if not appeal.deadline_workdays:
        appeal.deadline_workdays = settings_for(unit).appeal_deadline_workdays
    _prepare_appeal(appeal, calendar)
    appeal.save()
    AppealEvent.objects.create(
        unit=unit,
        appeal=appeal,
        kind=kind,
        to_status=appeal.status,
        on=appeal.raised_on,
        actor=_actor(actor),
        note=appeal.reference,
    )
    log.debug("appeal %s of enterprise %s raised by %s", appeal.pk, appeal.enterprise_id, actor)
    return appeal


@transaction.atomic
def update_appeal(appeal: Appeal, *, actor, fields: dict) -> Appeal:
    """Edit an appeal's data; its status changes only through `change_appeal`."""
    appeal = Appeal.objects.select_for_update().select_related("unit").get(pk=appeal.pk)
    before = {name: getattr(appeal, name) for name in APPEAL_EDIT_FIELDS}
    _set(appeal, fields, APPEAL_EDIT_FIELDS)
    if appeal.visit_id and appeal.enterprise_id != before["enterprise"].pk:
        raise ValidationError({"enterprise": [_("The appeal was raised on a visit to another enterprise.")]})
    _prepare_appeal(appeal, None)
    changed = [name for name in APPEAL_EDIT_FIELDS if getattr(appeal, name) != before[name]]
    appeal.save()
    if changed:
        labels = "、".join(str(Appeal._meta.get_field(n).verbose_name) for n in changed)
        AppealEvent.objects.create(
            unit_id=appeal.unit_id,
            appeal=appeal,
            kind=EventKind.EDITED,
            from_status=appeal.status,
            to_status=appeal.status,
            actor=_actor(actor),
            note=labels[:500],
        )
    log.info("appeal %s changed by %s: %s", appeal.pk, actor, changed)
    return appeal


@transaction.atomic
def delete_appeal(appeal: Appeal, *, actor) -> None:
    """Only an appeal still awaiting coordination can be deleted (a mistake); later ones are history."""
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError(
            _("Only an appeal awaiting coordination can be deleted; this one is “%(status)s”.")
            % {"status": appeal.get_status_display()}
        )
    log.info("appeal %s (%s) of unit %s deleted by %s", appeal.pk, appeal.title, appeal.unit_id, actor)
    appeal.delete()


def _require(actor, unit, permission: str) -> None:
    """The role check of the transition table; a call without a person (demo, import) is trusted."""
    if _actor(actor) is None:
        return
    membership = Membership.objects.filter(user=actor, unit=unit, is_active=True).first()
    if membership is None or not membership.can(permission):
        raise PermissionDenied(f"{actor} may not change appeals of unit {unit.pk}")


def _refuse(appeal: Appeal, action: str) -> ValidationError:
    label = Action(action).label if action in Action.values else action
    return ValidationError(
        {
            "status": [
                _("An appeal that is “%(status)s” cannot take the step “%(action)s”.")
                % {"status": appeal.get_status_display(), "action": label}
            ]
        }
    )


@transaction.atomic
def change_appeal(
    appeal: Appeal,
    *,
    actor,
    action: str,
    on: date | None = None,
    text: str = "",
    feedback: str = "",
    confirm_back: bool = False,
) -> Appeal:
    """Take one step of the appeal's pipeline (see TRANSITIONS).

    `text` is what the step records: how it was resolved, why it cannot be, the enterprise's
    comment on closing, the reason for reopening, or a note when coordination starts.
    `on` is the business date of a decision or a closure (today when not given). Reopening is
    a step back: it must be confirmed (`confirm_back`) and its event names the dates it cleared.
    """
    appeal = Appeal.objects.select_for_update().select_related("unit", "enterprise").get(pk=appeal.pk)
    step = transition_for(appeal.status, action)
    if step is None:
        raise _refuse(appeal, action)
    _require(actor, appeal.unit, step.permission)
    on = on or timezone.localdate()
    text = (text or "").strip()
    cleared = reopen_clears(appeal) if action == Action.REOPEN else []
    warning = reopen_warning(appeal) if action == Action.REOPEN else ""
    _apply_step(appeal, action, on, text, feedback)  # unsaved until every check has passed
    if action == Action.REOPEN and not confirm_back:
        raise ValidationError({"confirm_back": [sentences(warning, _("Tick the confirmation to reopen."))]})
    if cleared:
        gone = "、".join(f"{label} {value.isoformat()}" for label, value in cleared)
        text = " ".join([text, _("Cleared: %(dates)s.") % {"dates": gone}])  # after the user's words
    before = appeal.status
    appeal.status = step.target
    _check(appeal)
    appeal.save()
    AppealEvent.objects.create(
        unit_id=appeal.unit_id,
        appeal=appeal,
        kind=EventKind.STATUS,
        action=action,
        from_status=before,
        to_status=step.target,
        on=on if action in (Action.RESOLVE, Action.UNRESOLVABLE, Action.CLOSE) else None,
        feedback=feedback if action == Action.CLOSE else "",
        actor=_actor(actor),
        note=text[:500],
    )
    log.info("appeal %s: %s → %s (%s) by %s", appeal.pk, before, step.target, action, actor)
    return appeal


def reopen_clears(appeal: Appeal) -> list[tuple[str, date]]:
    """The dates reopening clears, as (label, date): the decision's and the closing's."""
    names = ("decided_on", "closed_on")
    return [(str(Appeal._meta.get_field(n).verbose_name), getattr(appeal, n)) for n in names if getattr(appeal, n)]


def reopen_warning(appeal: Appeal) -> str:
    """What the confirmation of a reopening says: the decision and feedback it takes back."""
    text = _("Reopening takes back the decision (“%(status)s”) and the enterprise's feedback.") % {
        "status": appeal.get_status_display()
    }
    clears = [
        _("It clears the %(field)s (%(date)s).") % {"field": label, "date": value.isoformat()}
        for label, value in reopen_clears(appeal)
    ]
    return sentences(text, *clears)


def _apply_step(appeal: Appeal, action: str, on: date, text: str, feedback: str) -> None:
    if action == Action.RESOLVE:
        if not text:
            raise ValidationError({"resolution": [_("Say how the appeal was resolved.")]})
        appeal.outcome, appeal.decided_on, appeal.resolution = Outcome.RESOLVED, on, text
        appeal.unresolvable_reason = ""
    elif action == Action.UNRESOLVABLE:
        if not text:
            raise ValidationError({"unresolvable_reason": [_("Give the reason it cannot be resolved.")]})
        appeal.outcome, appeal.decided_on, appeal.unresolvable_reason = Outcome.UNRESOLVABLE, on, text
        appeal.resolution = ""
    elif action == Action.CLOSE:
        if feedback not in Feedback.values:
            raise ValidationError({"feedback": [_("Record the enterprise's feedback before closing.")]})
        appeal.feedback, appeal.feedback_comment, appeal.closed_on = feedback, text, on
    elif action == Action.REOPEN:
        if not text:
            raise ValidationError({"note": [_("Give the reason for reopening.")]})
        # The earlier decision stays in the history (its event); the appeal itself starts over.
        appeal.outcome, appeal.decided_on, appeal.resolution, appeal.unresolvable_reason = "", None, "", ""
        appeal.feedback, appeal.feedback_comment, appeal.closed_on = "", "", None


STATE_FIELDS = (
    "status",
    "decided_on",
    "resolution",
    "unresolvable_reason",
    "feedback",
    "feedback_comment",
    "closed_on",
)


def reachable(source: str, target: str) -> bool:
    """Whether some sequence of allowed steps leads from one status to the other."""
    seen, frontier = {source}, [source]
    while frontier:
        current = frontier.pop()
        for step in actions_from(current):
            if step.target not in seen:
                seen.add(step.target)
                frontier.append(step.target)
    return target in seen


@transaction.atomic
def record_state(appeal: Appeal, *, actor, values: dict, note: str = "") -> Appeal:
    """Record, after the fact, where an appeal stands (a spreadsheet import): the status with
    its decision and feedback at once. The new status must be reachable along TRANSITIONS;
    one event records the jump."""
    appeal = Appeal.objects.select_for_update().select_related("unit").get(pk=appeal.pk)
    before = appeal.status
    target = values.get("status") or before
    if target != before and not reachable(before, target):
        raise ValidationError(
            {
                "status": [
                    _("An appeal that is “%(from)s” cannot become “%(to)s”.")
                    % {"from": appeal.get_status_display(), "to": AppealStatus(target).label}
                ]
            }
        )
    if target != before:
        _require(actor, appeal.unit, LEDGER_EDIT)
    for name in STATE_FIELDS:
        value = values.get(name)
        setattr(appeal, name, ("" if name not in ("decided_on", "closed_on") else None) if value is None else value)
    appeal.status = target
    appeal.outcome = state_outcome(appeal)
    _check(appeal)
    changed = target != before
    appeal.save()
    if changed:
        AppealEvent.objects.create(
            unit_id=appeal.unit_id,
            appeal=appeal,
            kind=EventKind.STATUS,
            from_status=before,
            to_status=target,
            on=appeal.closed_on or appeal.decided_on,
            feedback=appeal.feedback,
            actor=_actor(actor),
            note=note[:500],
        )
    return appeal


def state_outcome(appeal: Appeal) -> str:
    """The outcome a recorded state implies: a closed appeal with a reason and no resolution
    could not be resolved; any other decided appeal was resolved."""
    if appeal.status in OPEN_STATUSES:
        return ""
    if appeal.status == AppealStatus.CLOSED:
        unresolvable = appeal.unresolvable_reason.strip() and not appeal.resolution.strip()
        return Outcome.UNRESOLVABLE if unresolvable else Outcome.RESOLVED
    return STATUS_OUTCOME[appeal.status]


# --- the unit's settings ---------------------------------------------------------------------------------


@transaction.atomic
def update_settings(unit, *, actor, values: dict) -> OutreachSettings:
    """Check and store the unit's outreach settings (ValueError names the key when one is wrong).

    Deadlines already computed stay as they were: an appeal keeps the deadline it was given.
    """
    conf = OutreachSettings.from_dict(values)
    unit.settings = {**(unit.settings or {}), "outreach": conf.to_dict()}
    unit.save(update_fields=["settings"])
    log.info("outreach settings of unit %s changed by %s: %s", unit.code, actor, conf.to_dict())
    return conf
