"""Every write of the projects module (STYLE.md habit 2).

Each change is one function with an explicit actor: it checks the transition against the
declared table, validates the whole row (a ValidationError names the field), saves, and writes
the `ProjectEvent` that the enterprise's timeline shows — all in one transaction.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from investdesk.accounts.models import Membership
from investdesk.core.text import initials, sentences
from investdesk.projects.catalogue import SEED
from investdesk.projects.conf import ProjectSettings
from investdesk.projects.models import (
    ITEM_BACKWARD,
    ITEM_TRANSITIONS,
    STATUS_DATES,
    STATUS_ORDER,
    STATUS_TRANSITIONS,
    ApprovalItem,
    CatalogueItem,
    EventKind,
    FollowUp,
    InvestmentProject,
    ItemStatus,
    ProjectEvent,
    Stage,
    Status,
    is_backward,
)

log = logging.getLogger(__name__)

PROJECT_FIELDS = (
    "project_code",
    "name",
    "enterprise",
    "investor_type",
    "approval_type",
    "total_investment_yuan",
    "key_level",
    "industry",
    "location",
    "status",
    "signed_on",
    "land_acquired_on",
    "land_document",
    "construction_permit_on",
    "started_on",
    "completed_on",
    "production_on",
    "note",
)


def _check(instance) -> None:
    # The unit is set by the service, never by input; the code's uniqueness per unit is checked
    # in the model's clean() with a message on the field (the constraint is the backstop).
    instance.full_clean(exclude=["unit"])


def _check_enterprise(project: InvestmentProject) -> None:
    if project.enterprise_id and project.enterprise.unit_id != project.unit_id:
        raise ValidationError({"enterprise": [_("Choose an enterprise of this unit's archive.")]})


# --- the approval catalogue ---------------------------------------------------------------------


def ensure_catalogue(unit) -> int:
    """Give the unit the standard catalogue the first time it needs one; idempotent.

    Returns the number of items created (0 when the unit already has a catalogue).
    """
    if CatalogueItem.objects.for_unit(unit).exists():
        return 0
    items = []
    for key in Stage.values:
        stage_items = [seed for seed in SEED if seed.stage == key]
        for n, seed in enumerate(stage_items, 1):
            items.append(
                CatalogueItem(
                    unit=unit,
                    stage=seed.stage,
                    name=seed.name,
                    department=seed.department,
                    time_limit_workdays=seed.limit,
                    extension_workdays=seed.extension,
                    applies_to=seed.applies_to,
                    position=(Stage.values.index(key) + 1) * 100 + n * 10,
                    basis=seed.basis,
                    seed_key=seed.key,
                )
            )
    try:
        with transaction.atomic():
            CatalogueItem.objects.bulk_create(items)
    except IntegrityError:  # another request seeded it at the same moment
        log.info("approval catalogue of unit %s was seeded concurrently", unit.code)
        return 0
    log.info("seeded the approval catalogue of unit %s (%d items)", unit.code, len(items))
    return len(items)


@transaction.atomic
def save_catalogue_item(unit, *, actor, fields: dict, item: CatalogueItem | None = None) -> CatalogueItem:
    item = item or CatalogueItem(unit=unit)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["unit"])
    _unique_catalogue_name(item)
    item.save()
    log.info("catalogue item %s of unit %s saved by %s", item.pk, unit.code, actor)
    return item


def _unique_catalogue_name(item: CatalogueItem) -> None:
    same = CatalogueItem.objects.for_unit(item.unit_id).filter(stage=item.stage, name=item.name)
    if item.pk:
        same = same.exclude(pk=item.pk)
    if same.exists():
        raise ValidationError({"name": [_("This stage already has an item of this name.")]})


# --- projects ---------------------------------------------------------------------------------------


def _items_from_catalogue(project: InvestmentProject) -> list[ApprovalItem]:
    ensure_catalogue(project.unit)
    have = set(project.approval_items.exclude(catalogue_item=None).values_list("catalogue_item_id", flat=True))
    wanted = [
        c
        for c in CatalogueItem.objects.for_unit(project.unit_id).filter(is_active=True)
        if c.applies(project.approval_type) and c.pk not in have
    ]
    return ApprovalItem.objects.bulk_create(
        [
            ApprovalItem(
                unit_id=project.unit_id,
                project=project,
                catalogue_item=c,
                stage=c.stage,
                name=c.name,
                department=c.department,
                time_limit_workdays=c.time_limit_workdays,
                extension_workdays=c.extension_workdays,
                position=c.position,
            )
            for c in wanted
        ]
    )


@transaction.atomic
def create_project(unit, *, actor, fields: dict, kind: str = EventKind.CREATED) -> InvestmentProject:
    project = InvestmentProject(unit=unit, created_by=actor if getattr(actor, "pk", None) else None)
    for name, value in fields.items():
        setattr(project, name, value)
    project.name_initials = initials(project.name)[:200]
    _check(project)
    _check_enterprise(project)
    project.save()
    ProjectEvent.objects.create(unit=unit, project=project, kind=kind, to_status=project.status, actor=_actor(actor))
    _items_from_catalogue(project)
    log.debug("project %s (%s) of unit %s created by %s", project.pk, project.project_code, unit.code, actor)
    return project


@transaction.atomic
def update_project(project: InvestmentProject, *, actor, fields: dict) -> InvestmentProject:
    """Edit a project's data; its status changes only through `change_status`."""
    fields = {k: v for k, v in fields.items() if k != "status"}
    old_type = project.approval_type
    for name, value in fields.items():
        setattr(project, name, value)
    project.name_initials = initials(project.name)[:200]
    _check(project)
    _check_enterprise(project)
    project.save()
    if project.approval_type != old_type:
        sync_items(project, actor=actor)
    log.info("project %s of unit %s changed by %s", project.pk, project.unit.code, actor)
    return project


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def allowed_statuses(project: InvestmentProject) -> list[str]:
    return [s for s in STATUS_ORDER if s in STATUS_TRANSITIONS[project.status]]


def cleared_by_step_back(project: InvestmentProject, to: str) -> list[tuple[str, date]]:
    """The dates a step back to `to` clears, as (label, date): the date of the status left."""
    if not is_backward(project.status, to) or project.status not in STATUS_DATES:
        return []
    name = STATUS_DATES[project.status]
    value = getattr(project, name)
    return [(str(project._meta.get_field(name).verbose_name), value)] if value else []


def back_step_warning(project: InvestmentProject, to: str) -> str:
    """What the confirmation of a step back says: where it goes and which date it clears."""
    text = _("Going back from “%(from)s” to “%(to)s” corrects a mistake.") % {
        "from": project.get_status_display(),
        "to": Status(to).label,
    }
    clears = [
        _("It clears the %(field)s (%(date)s).") % {"field": label, "date": value.isoformat()}
        for label, value in cleared_by_step_back(project, to)
    ]
    return sentences(text, *clears)


@transaction.atomic
def change_status(
    project: InvestmentProject,
    *,
    actor,
    to: str,
    on: date | None = None,
    note: str = "",
    confirm_back: bool = False,
) -> InvestmentProject:
    """Move a project one step along its pipeline (or one step back to correct a mistake).

    Moving forward to a status that has a date (签约, 开工, 竣工, 投产) records that date. A step
    back must be confirmed (`confirm_back`): it clears the date of the status that is left, and
    the event names the date cleared.
    """
    project = InvestmentProject.objects.select_for_update().select_related("unit").get(pk=project.pk)
    current = project.status
    if to not in STATUS_TRANSITIONS.get(current, ()):
        raise ValidationError(
            {
                "status": [
                    _("A project that is “%(from)s” cannot become “%(to)s”.")
                    % {"from": project.get_status_display(), "to": Status(to).label if to in Status.values else to}
                ]
            }
        )
    backward = is_backward(current, to)
    if backward and not confirm_back:
        raise ValidationError(
            {"status": [sentences(back_step_warning(project, to), _("Tick the confirmation to go back."))]}
        )
    cleared = cleared_by_step_back(project, to)
    if not backward and to in STATUS_DATES and on is not None:
        setattr(project, STATUS_DATES[to], on)
    if backward and current in STATUS_DATES:
        setattr(project, STATUS_DATES[current], None)
    project.status = to
    _check(project)
    project.save()
    if cleared:
        gone = "、".join(f"{label} {value.isoformat()}" for label, value in cleared)
        note = " ".join(filter(None, [note, _("Cleared: %(dates)s.") % {"dates": gone}]))  # after the user's words
    ProjectEvent.objects.create(
        unit_id=project.unit_id,
        project=project,
        kind=EventKind.STATUS,
        from_status=current,
        to_status=to,
        on=getattr(project, STATUS_DATES[to]) if to in STATUS_DATES else on,
        actor=_actor(actor),
        note=note[:300],
    )
    log.info("project %s: %s → %s by %s", project.pk, current, to, actor)
    return project


@transaction.atomic
def delete_project(project: InvestmentProject, *, actor) -> None:
    """Only a project still in negotiation can be deleted: later ones carry the ledger's history."""
    if project.status != Status.NEGOTIATING:
        raise ValidationError(
            _("Only a project in negotiation can be deleted; “%(name)s” is “%(status)s”.")
            % {"name": project.name, "status": project.get_status_display()}
        )
    log.info("project %s (%s) of unit %s deleted by %s", project.pk, project.name, project.unit_id, actor)
    project.delete()


@transaction.atomic
def sync_items(project: InvestmentProject, *, actor) -> tuple[int, int]:
    """Add the catalogue's active items that apply to the project and are missing; remove the
    untouched items that no longer apply. Items with any progress are never removed."""
    added = _items_from_catalogue(project)
    stale = [
        item
        for item in project.approval_items.select_related("catalogue_item")
        if item.catalogue_item is not None
        and item.is_untouched
        and (not item.catalogue_item.is_active or not item.catalogue_item.applies(project.approval_type))
    ]
    ApprovalItem.objects.filter(pk__in=[i.pk for i in stale]).delete()
    log.info("project %s items synced by %s: %d added, %d removed", project.pk, actor, len(added), len(stale))
    return len(added), len(stale)


# --- approval items --------------------------------------------------------------------------------

ITEM_FIELDS = ("status", "submitted_on", "accepted_on", "completed_on", "document_number", "note", "extended")
_EVENT_DATE = {
    ItemStatus.SUBMITTED: "submitted_on",
    ItemStatus.ACCEPTED: "accepted_on",
    ItemStatus.COMPLETED: "completed_on",
}


@transaction.atomic
def record_item(item: ApprovalItem, *, actor, fields: dict, confirm_back: bool = False) -> ApprovalItem:
    """Record an approval item's progress: status, dates, document number.

    The status change is checked against ITEM_TRANSITIONS; a step back (ITEM_BACKWARD) must be
    confirmed; the dates are checked against the status and each other (a completed item needs
    its acceptance and completion dates, in order; a date the new status has no place for is
    refused, never cleared here).
    """
    item = ApprovalItem.objects.select_for_update().get(pk=item.pk)
    before = item.status
    dates_before = tuple(getattr(item, n) for n in ("submitted_on", "accepted_on", "completed_on"))
    to = fields.get("status", before)
    labels = {"from": item.get_status_display(), "to": ItemStatus(to).label if to in ItemStatus.values else to}
    if to != before and to not in ITEM_TRANSITIONS.get(before, ()):
        raise ValidationError({"status": [_("An item that is “%(from)s” cannot become “%(to)s”.") % labels]})
    if to in ITEM_BACKWARD.get(before, ()) and not confirm_back:
        raise ValidationError(
            {
                "confirm_back": [
                    _("“%(from)s” → “%(to)s” is a step back: tick the box to confirm the correction.") % labels
                ]
            }
        )
    for name in ITEM_FIELDS:
        if name in fields:
            value = fields[name]
            if value is None and name in ("document_number", "note"):
                value = ""
            elif value is None and name == "extended":
                value = False
            setattr(item, name, value)
    _check(item)
    item.save()
    dates_after = tuple(getattr(item, n) for n in ("submitted_on", "accepted_on", "completed_on"))
    if to != before or dates_after != dates_before:
        ProjectEvent.objects.create(
            unit_id=item.unit_id,
            project_id=item.project_id,
            item=item,
            kind=EventKind.ITEM,
            from_status=before,
            to_status=to,
            on=getattr(item, _EVENT_DATE[to]) if to in _EVENT_DATE else None,
            actor=_actor(actor),
        )
    log.debug("approval item %s: %s → %s by %s", item.pk, before, to, actor)
    return item


# --- follow-ups ----------------------------------------------------------------------------------------

FOLLOWUP_FIELDS = ("followed_on", "staff", "content", "next_step", "next_on")


def _check_staff(followup: FollowUp) -> None:
    if not Membership.objects.filter(unit_id=followup.unit_id, user_id=followup.staff_id).exists():
        raise ValidationError({"staff": [_("Choose a staff member of this unit.")]})


@transaction.atomic
def add_followup(project: InvestmentProject, *, actor, fields: dict) -> FollowUp:
    followup = FollowUp(unit_id=project.unit_id, project=project, created_by=_actor(actor))
    for name in FOLLOWUP_FIELDS:
        if name in fields:
            setattr(followup, name, fields[name])
    if not followup.staff_id and _actor(actor):
        followup.staff = actor
    _check(followup)
    _check_staff(followup)
    followup.save()
    log.debug("follow-up %s of project %s added by %s", followup.pk, project.pk, actor)
    return followup


@transaction.atomic
def update_followup(followup: FollowUp, *, actor, fields: dict) -> FollowUp:
    for name in FOLLOWUP_FIELDS:
        if name in fields:
            setattr(followup, name, fields[name])
    _check(followup)
    _check_staff(followup)
    followup.save()
    log.info("follow-up %s changed by %s", followup.pk, actor)
    return followup


@transaction.atomic
def delete_followup(followup: FollowUp, *, actor) -> None:
    log.info("follow-up %s of project %s deleted by %s", followup.pk, followup.project_id, actor)
    followup.delete()


# --- the unit's settings ------------------------------------------------------------------------------------


@transaction.atomic
def update_settings(unit, *, actor, values: dict) -> ProjectSettings:
    """Check and store the unit's project settings (ValueError names the key when one is wrong)."""
    conf = ProjectSettings.from_dict(values)
    unit.settings = {**(unit.settings or {}), "projects": conf.to_dict()}
    unit.save(update_fields=["settings"])
    log.info("project settings of unit %s changed by %s: %s", unit.code, actor, conf.to_dict())
    return conf
