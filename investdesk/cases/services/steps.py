"""The status steps of a case (models.TRANSITIONS) and its plan."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from investdesk.cases.models import (
    TRANSITIONS,
    AgencyCase,
    CaseStatus,
    EventKind,
    PlanItem,
    RectificationStatus,
)
from investdesk.cases.services.common import (
    NotAllowed,
    Refused,
    local_today,
    may,
    require_worker,
    write_event,
)
from investdesk.projects.models import ApprovalItem, ItemStatus

log = logging.getLogger(__name__)


# --- the status steps -----------------------------------------------------------------------------


def _step_date(case: AgencyCase, on: date | None) -> date:
    on = on or local_today()
    if on > local_today():
        raise Refused([_("Date: %(day)s is in the future.") % {"day": on}])
    if on < case.status_changed_on:
        raise Refused(
            [
                _("Date: the step cannot be dated before the case's last step (%(day)s).")
                % {"day": case.status_changed_on}
            ]
        )
    return on


def _needs(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused([message])
    return text


def _check_start(case: AgencyCase, on: date) -> None:
    problems = []
    if case.agent_id is None:
        problems.append(_("Assign an agent before the work starts."))
    if case.needs_mandate and not (case.mandate_number and case.mandate_signed_on):
        problems.append(_("A delegation needs its signed letter of authorisation (number and date) before it starts."))
    if case.project_id and not case.plan_items.exists():
        problems.append(_("Make the plan: choose the project's approval items the center handles."))
    if problems:
        raise Refused(problems)


def _check_complete(case: AgencyCase, on: date) -> None:
    problems = []
    for entry in case.plan_items.select_related("approval_item"):
        item = entry.approval_item
        if item.status == ItemStatus.NOT_NEEDED:
            continue
        if item.status != ItemStatus.COMPLETED:
            problems.append(
                _("The approval item “%(item)s” is not completed yet (%(status)s).")
                % {"item": item.name, "status": item.get_status_display()}
            )
        elif item.completed_on and item.completed_on > on:
            problems.append(
                _("Date: the approval item “%(item)s” was completed on %(day)s, after the date of completion.")
                % {"item": item.name, "day": item.completed_on}
            )
    open_blockers = case.blockers.filter(resolved_on__isnull=True).count()
    if open_blockers:
        problems.append(_("Resolve the open blockers first (%(n)s).") % {"n": open_blockers})
    if problems:
        raise Refused(problems)


@transaction.atomic
def change_status(
    case: AgencyCase,
    name: str,
    *,
    actor,
    on: date | None = None,
    reason: str = "",
    handover: str = "",
    note: str = "",
) -> AgencyCase:
    """Take the step `name` of TRANSITIONS: check status, role and the step's conditions, save, write
    the event. Raises NotAllowed (role), Refused (status or condition); nothing changes then."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Refused([_("Unknown step “%(name)s”.") % {"name": name}])
    case = AgencyCase.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    if case.status not in transition.sources:
        raise Refused(
            [
                _("A case that is “%(status)s” cannot be moved to “%(target)s”.")
                % {"status": case.get_status_display(), "target": CaseStatus(transition.target).label}
            ]
        )
    if not may(case, name, actor):
        raise NotAllowed([_("Your role may not take the step “%(step)s” on this case.") % {"step": transition.label}])
    on = _step_date(case, on)
    public_text = ""
    if transition.needs_reason:
        public_text = _needs(reason, _("Reason: say why (it is shown to the requester)."))[:300]
        if name != "pause":
            case.reason = public_text
    if name == "start":
        _check_start(case, on)
        case.started_on = on
    elif name == "accept":
        case.accepted_on = on
    elif name == "complete":
        case.handover_list = _needs(handover, _("Hand-over list: list what is handed back to the enterprise."))
        _check_complete(case, on)
        case.completed_on = on
    elif name == "visit":
        case.visit_note = _needs(note, _("Follow-up visit record: say what the requester said."))
        case.visited_on = on
    elif name == "archive":
        if case.rectifications.filter(status=RectificationStatus.OPEN).exists():
            raise Refused([_("The rectification of the bad rating is still open.")])
    if transition.target in (CaseStatus.REJECTED, CaseStatus.TERMINATED, CaseStatus.ARCHIVED):
        case.closed_on = on
    before = case.status
    case.status, case.status_changed_on = transition.target, on
    case.save()
    write_event(
        case,
        EventKind.STATUS,
        actor=actor,
        on=on,
        transition=name,
        from_status=before,
        to_status=transition.target,
        note=(note or handover or reason or "").strip(),
        public_text=public_text,
        public=True,
    )
    log.info("case %s: %s → %s (%s) by %s", case.number, before, transition.target, name, actor)
    return case


def accept_case(case, *, actor, on=None):
    return change_status(case, "accept", actor=actor, on=on)


def reject_case(case, *, actor, reason: str, on=None):
    return change_status(case, "reject", actor=actor, on=on, reason=reason)


def start_case(case, *, actor, on=None):
    return change_status(case, "start", actor=actor, on=on)


def pause_case(case, *, actor, reason: str, on=None):
    return change_status(case, "pause", actor=actor, on=on, reason=reason)


def resume_case(case, *, actor, on=None, note: str = ""):
    return change_status(case, "resume", actor=actor, on=on, note=note)


def complete_case(case, *, actor, handover: str, on=None):
    return change_status(case, "complete", actor=actor, on=on, handover=handover)


def visit_case(case, *, actor, note: str, on=None):
    return change_status(case, "visit", actor=actor, on=on, note=note)


def archive_case(case, *, actor, on=None):
    return change_status(case, "archive", actor=actor, on=on)


def terminate_case(case, *, actor, reason: str, on=None):
    return change_status(case, "terminate", actor=actor, on=on, reason=reason)


# --- the plan -------------------------------------------------------------------------------------

PLAN_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.PAUSED)


@transaction.atomic
def save_plan(
    case: AgencyCase,
    *,
    actor,
    promised: dict[int, int | None],
    notes: dict[int, str] | None = None,
    on: date | None = None,
) -> int:
    """Set the plan from {approval item id: promised working days or None to leave it out}.

    Items must be the case's project's; an item completed before the case was accepted is not
    planned work. Items with blockers are kept even when dropped from the form. Returns the
    number of plan items after the change.
    """
    require_worker(case, actor)
    case = AgencyCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if case.status not in PLAN_STATUSES:
        raise Refused([_("The plan is made once the case is accepted and until it is completed.")])
    if not case.project_id:
        raise Refused([_("Link the case to an investment project first: the plan lists its approval items.")])
    notes = notes or {}
    items = {i.pk: i for i in ApprovalItem.objects.filter(project_id=case.project_id, unit_id=case.unit_id)}
    current = {p.approval_item_id: p for p in case.plan_items.all()}
    errors = []
    for item_id, days in promised.items():
        item = items.get(item_id)
        if item is None:
            errors.append(_("An approval item of another project was given."))
            continue
        if days is None:
            continue
        if not 1 <= days <= 1000:
            errors.append(_("%(item)s: promised working days must be 1–1000.") % {"item": item.name})
        if item.completed_on and case.accepted_on and item.completed_on < case.accepted_on and item_id not in current:
            errors.append(
                _("%(item)s was completed on %(day)s, before the case was accepted.")
                % {"item": item.name, "day": item.completed_on}
            )
    if errors:
        raise Refused(errors)
    changed = []
    for item_id, days in promised.items():
        entry = current.get(item_id)
        if days is None:
            if entry is not None and not entry.blockers.exists():
                entry.delete()
                changed.append(f"-{items[item_id].name}")
            continue
        note = (notes.get(item_id) or "")[:300]
        if entry is None:
            PlanItem.objects.create(
                unit_id=case.unit_id, case=case, approval_item=items[item_id], promised_workdays=days, note=note
            )
            changed.append(f"+{items[item_id].name}({days})")
        elif entry.promised_workdays != days or entry.note != note:
            entry.promised_workdays, entry.note = days, note
            entry.save(update_fields=["promised_workdays", "note"])
            changed.append(f"{items[item_id].name}({days})")
    if changed:
        day = on if on and case.applied_on <= on <= local_today() else local_today()
        write_event(case, EventKind.PLAN, actor=actor, on=day, note="、".join(changed))
    log.info("plan of case %s changed by %s: %s", case.number, actor, changed)
    return case.plan_items.count()
