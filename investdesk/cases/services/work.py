"""The work on a case: blockers with their 会办/督办, and the case's files."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.cases.models import (
    ActionKind,
    AgencyCase,
    Blocker,
    BlockerAction,
    CaseFile,
    EventKind,
    FileKind,
)
from investdesk.cases.services.common import (
    Refused,
    actor_or_none,
    directors_of,
    local_today,
    not_future,
    require_worker,
    write_event,
)
from investdesk.core.notify import Notice, notify
from investdesk.enterprises import files

log = logging.getLogger(__name__)


# --- blockers -------------------------------------------------------------------------------------


@transaction.atomic
def add_blocker(case: AgencyCase, *, actor, fields: dict) -> Blocker:
    """Record a 卡点: the department, what holds the case up, optionally the plan item."""
    require_worker(case, actor)
    if not case.is_open:
        raise Refused([_("Blockers are recorded while the case is open.")])
    blocker = Blocker(unit_id=case.unit_id, case=case, created_by=actor_or_none(actor))
    for name in ("department", "description", "raised_on", "plan_item"):
        if name in fields:
            setattr(blocker, name, fields[name])
    errors: dict[str, list] = {}
    if blocker.plan_item_id and blocker.plan_item.case_id != case.pk:
        errors["plan_item"] = [_("Choose an item of this case's plan.")]
    not_future(blocker.raised_on, "raised_on", errors)
    if blocker.raised_on and blocker.raised_on < case.applied_on:
        errors.setdefault("raised_on", []).append(_("The date cannot be before the application date."))
    try:
        blocker.full_clean(exclude=["unit", "case", *errors])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    blocker.save()
    write_event(
        case, EventKind.BLOCKER, actor=actor, on=blocker.raised_on, note=f"{blocker.department}：{blocker.description}"
    )
    transaction.on_commit(lambda: _notify_blocker(case, blocker))
    return blocker


def _notify_blocker(case: AgencyCase, blocker: Blocker) -> None:
    notice = Notice(
        key=f"case:{case.pk}:blocker:{blocker.pk}",
        kind="blocker",
        title=_("Blocker on case %(number)s at %(department)s")
        % {"number": case.number, "department": blocker.department},
        body=blocker.description[:300],
        url=reverse("cases:detail", args=[case.pk]) + "#blockers",
    )
    try:
        notify(case.unit, directors_of(case.unit), notice)
    except Exception:
        log.exception("could not notify the directors of the blocker %s", blocker.pk)


@transaction.atomic
def add_blocker_action(blocker: Blocker, *, actor, fields: dict) -> BlockerAction:
    """A 会办 or 督办 action taken on a blocker, with its result."""
    case = blocker.case
    require_worker(case, actor)
    action = BlockerAction(unit_id=blocker.unit_id, blocker=blocker, created_by=actor_or_none(actor))
    for name in ("kind", "taken_on", "content", "result"):
        if name in fields:
            setattr(action, name, fields[name])
    errors: dict[str, list] = {}
    not_future(action.taken_on, "taken_on", errors)
    if action.taken_on and action.taken_on < blocker.raised_on:
        errors.setdefault("taken_on", []).append(_("The action cannot be before the blocker was raised."))
    try:
        action.full_clean(exclude=["unit", "blocker", *errors])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    action.save()
    kind = ActionKind(action.kind).label
    write_event(case, EventKind.BLOCKER, actor=actor, on=action.taken_on, note=f"{kind}：{action.content}")
    return action


@transaction.atomic
def resolve_blocker(blocker: Blocker, *, actor, resolved_on: date | None, resolution: str) -> Blocker:
    require_worker(blocker.case, actor)
    blocker = Blocker.objects.select_for_update(of=("self",)).get(pk=blocker.pk)
    errors: dict[str, list] = {}
    if not blocker.is_open:
        raise Refused([_("This blocker is already resolved.")])
    resolution = (resolution or "").strip()
    if not resolution:
        errors["resolution"] = [_("Say how the blocker was resolved.")]
    resolved_on = resolved_on or local_today()
    not_future(resolved_on, "resolved_on", errors)
    if resolved_on < blocker.raised_on:
        errors.setdefault("resolved_on", []).append(_("The blocker cannot be resolved before it was raised."))
    if errors:
        raise ValidationError(errors)
    blocker.resolved_on, blocker.resolution = resolved_on, resolution
    blocker.save(update_fields=["resolved_on", "resolution"])
    write_event(
        blocker.case,
        EventKind.BLOCKER,
        actor=actor,
        on=resolved_on,
        note=_("Resolved: %(text)s") % {"text": resolution},
    )
    return blocker


# --- files ----------------------------------------------------------------------------------------


def _read_upload(upload) -> tuple[bytes, callable]:
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)

    def read_all() -> bytes:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    return head, read_all


@transaction.atomic
def add_file(case: AgencyCase, *, actor, upload, kind: str = FileKind.OTHER, description: str = "") -> CaseFile:
    """Store an uploaded file after checking its type, size and content (enterprises.files)."""
    require_worker(case, actor)
    head, read_all = _read_upload(upload)
    try:
        files.check_attachment(upload.name, head, upload.size, read_all)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    if kind not in FileKind.values:
        raise ValidationError({"kind": [_("Choose the kind of document.")]})
    stored = CaseFile(
        unit_id=case.unit_id,
        case=case,
        kind=kind,
        filename=upload.name[-255:],
        size=upload.size,
        description=(description or "")[:200],
        uploaded_by=actor_or_none(actor),
    )
    stored.file.save(upload.name, upload, save=False)
    name = stored.file.name
    try:
        stored.save()
    except Exception:
        stored.file.storage.delete(name)
        raise
    write_event(case, EventKind.FILE, actor=actor, note=stored.filename)
    return stored


@transaction.atomic
def delete_file(stored: CaseFile, *, actor) -> None:
    require_worker(stored.case, actor)
    if not stored.case.is_open:
        raise Refused([_("The files of a finished case are kept.")])
    storage, name = stored.file.storage, stored.file.name
    write_event(stored.case, EventKind.FILE, actor=actor, note=_("Deleted: %(name)s") % {"name": stored.filename})
    stored.delete()

    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not remove the file %s of a deleted case file", name)

    transaction.on_commit(remove)
