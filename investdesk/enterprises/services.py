"""Every write of the enterprise archive: enterprises, contacts, files, the service plan, areas."""

from __future__ import annotations

import difflib
import logging
import re

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.core.identifiers import normalise_uscc
from investdesk.core.models import Unit, apply_changes
from investdesk.core.text import name_key
from investdesk.enterprises import files
from investdesk.enterprises.models import (
    PLAN_TRANSITIONS,
    Area,
    Attachment,
    Contact,
    Enterprise,
    PlanStatus,
    ServicePlanItem,
    Tag,
)

log = logging.getLogger(__name__)

SIMILAR_RATIO = 0.8  # difflib ratio of two comparable names from which they count as "very close"
SIMILAR_MIN_LENGTH = 5  # shorter names are only similar when their keys are equal
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")


class Refused(Exception):
    """A write that breaks a rule; `messages` say why, each naming the field or row."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class SimilarNames(Exception):
    """The name resembles names already in the archive: the user must confirm before saving."""

    def __init__(self, matches: list[Enterprise]):
        super().__init__(", ".join(e.name for e in matches))
        self.matches = matches


# --- people and reference rows -------------------------------------------------------------------


def staff_users(unit: Unit) -> QuerySet:
    """The users with an active membership in the unit: who may lead, serve or own plan items."""
    return (
        get_user_model()
        .objects.filter(memberships__unit=unit, memberships__is_active=True, is_active=True)
        .order_by("username")
        .distinct()
    )


def split_tags(text: str | None) -> list[str]:
    return list(dict.fromkeys(part[:30] for part in _TAG_SPLIT.split(text or "") if part))


def _tags_for(unit: Unit, names: list[str]) -> list[Tag]:
    names = list(dict.fromkeys(n.strip()[:30] for n in names if n.strip()))
    existing = {t.name: t for t in Tag.objects.for_unit(unit).filter(name__in=names)}
    missing = [Tag(unit=unit, name=n) for n in names if n not in existing]
    for tag in missing:
        tag.save()
        existing[tag.name] = tag
    return [existing[n] for n in names]


# --- similar names -----------------------------------------------------------------------------------


def names_are_close(a: str, b: str) -> bool:
    """Equal comparable names, or long ones that differ by about one character."""
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < SIMILAR_MIN_LENGTH:
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= SIMILAR_RATIO and matcher.ratio() >= SIMILAR_RATIO


def similar_enterprises(unit: Unit, name: str, *, exclude_pk: int | None = None, limit: int = 10) -> list[Enterprise]:
    """Enterprises of the unit whose name resembles `name` (RULES/issue: similar names), in two queries."""
    key = name_key(name)
    if not key:
        return []
    keys = Enterprise.objects.for_unit(unit).exclude(pk=exclude_pk).values_list("pk", "name_key")
    matches = [pk for pk, other in keys.iterator(chunk_size=5000) if names_are_close(key, other)]
    return list(Enterprise.objects.filter(pk__in=matches[:limit]).order_by("name", "pk"))


# --- enterprises -------------------------------------------------------------------------------------


def _check_uscc_free(unit: Unit, uscc: str, exclude_pk: int | None) -> None:
    clash = Enterprise.objects.for_unit(unit).filter(uscc=uscc).exclude(pk=exclude_pk).first()
    if clash is not None:
        raise ValidationError(
            {
                "uscc": ValidationError(
                    _("The unified social credit code %(code)s is already in the archive: %(name)s.")
                    % {"code": uscc, "name": clash.name},
                    code="uscc_duplicate",
                )
            }
        )


def _save(enterprise: Enterprise, fields: dict, tags: list[str] | None, confirm_similar: bool) -> Enterprise:
    old_key = enterprise.name_key if enterprise.pk else None
    for field, value in fields.items():
        setattr(enterprise, field, value)
    enterprise.uscc = normalise_uscc(enterprise.uscc)
    enterprise.full_clean(validate_constraints=False)  # names the field; the USCC clash is checked next
    _check_uscc_free(enterprise.unit, enterprise.uscc, enterprise.pk)
    if not confirm_similar and enterprise.name_key != old_key:
        matches = similar_enterprises(enterprise.unit, enterprise.name, exclude_pk=enterprise.pk)
        if matches:
            raise SimilarNames(matches)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:  # another request saved the same code in between
        _check_uscc_free(enterprise.unit, enterprise.uscc, enterprise.pk)
        raise
    if tags is not None:
        _set_tags(enterprise, tags, created=old_key is None)
    return enterprise


def _set_tags(enterprise: Enterprise, names: list[str], *, created: bool) -> None:
    """Set the tags; a later change of the tags goes into the enterprise's audit trail too
    (django-auditlog records the row's own columns, not many-to-many links)."""
    before = "、".join(sorted(enterprise.tags.values_list("name", flat=True))) if not created else ""
    tags = _tags_for(enterprise.unit, names)
    enterprise.tags.set(tags)
    after = "、".join(sorted(t.name for t in tags))
    if before != after and not created:  # the first tags are part of the creation
        LogEntry.objects.log_create(
            enterprise, force_log=True, action=LogEntry.Action.UPDATE, changes={"tags": [before, after]}
        )


@transaction.atomic
def create_enterprise(
    unit: Unit, *, actor, fields: dict, tags: list[str] | None = None, confirm_similar: bool = False
) -> Enterprise:
    """Archive a new enterprise. Raises ValidationError (by field) or SimilarNames (confirm first)."""
    enterprise = _save(Enterprise(unit=unit), fields, tags, confirm_similar)
    log.debug("unit %s archived enterprise %s (%s) by %s", unit.code, enterprise.pk, enterprise.uscc, actor)
    return enterprise


@transaction.atomic
def update_enterprise(
    enterprise: Enterprise, *, actor, fields: dict, tags: list[str] | None = None, confirm_similar: bool = False
) -> Enterprise:
    return _save(enterprise, fields, tags, confirm_similar)


# --- contacts ------------------------------------------------------------------------------------------


@transaction.atomic
def save_contact(enterprise: Enterprise, *, actor, fields: dict, contact: Contact | None = None) -> Contact:
    contact = contact or Contact(unit_id=enterprise.unit_id, enterprise=enterprise)
    return apply_changes(contact, fields)


@transaction.atomic
def delete_contact(contact: Contact, *, actor) -> None:
    contact.delete()


# --- attachments -------------------------------------------------------------------------------------


def _read_upload(upload) -> tuple[bytes, callable]:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)

    def read_all() -> bytes:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    return head, read_all


@transaction.atomic
def add_attachment(enterprise: Enterprise, *, actor, upload, description: str = "") -> Attachment:
    """Store an uploaded file after checking its type, size and content (files.check_attachment)."""
    head, read_all = _read_upload(upload)
    files.check_attachment(upload.name, head, upload.size, read_all)
    attachment = Attachment(
        unit_id=enterprise.unit_id,
        enterprise=enterprise,
        filename=upload.name[-255:],
        size=upload.size,
        description=description,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def delete_attachment(attachment: Attachment, *, actor) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()

    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not remove the file %s of a deleted attachment", name)

    transaction.on_commit(remove)


# --- the service plan ------------------------------------------------------------------------------------


def check_plan_transition(old: str, new: str) -> None:
    if old != new and new not in PLAN_TRANSITIONS[old]:
        raise ValidationError(
            {
                "status": _("A plan item that is “%(old)s” cannot become “%(new)s”.")
                % {"old": PlanStatus(old).label, "new": PlanStatus(new).label}
            }
        )


@transaction.atomic
def save_plan_item(
    enterprise: Enterprise, *, actor, fields: dict, item: ServicePlanItem | None = None
) -> ServicePlanItem:
    """Add or change a plan item; a status change must be allowed by PLAN_TRANSITIONS.

    Done items carry their done date (today when none is given); other items carry none.
    """
    item = item or ServicePlanItem(unit_id=enterprise.unit_id, enterprise=enterprise)
    old_status = item.status if item.pk else PlanStatus.PLANNED
    new_status = fields.get("status", item.status)
    if item.pk:
        check_plan_transition(old_status, new_status)
    fields = dict(fields)
    if new_status == PlanStatus.DONE:
        fields["done_on"] = fields.get("done_on") or item.done_on or timezone.localdate()
    else:
        fields["done_on"] = None
    owner = fields.get("owner")
    if owner is not None and not staff_users(enterprise.unit).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("The owner must be a member of the unit.")})
    return apply_changes(item, fields)


# --- streets and parks -------------------------------------------------------------------------------------


@transaction.atomic
def save_area(unit: Unit, *, actor, fields: dict, area: Area | None = None) -> Area:
    area = area or Area(unit=unit)
    name = (fields.get("name") or "").strip()
    if Area.objects.for_unit(unit).filter(name=name).exclude(pk=area.pk).exists():
        raise ValidationError({"name": _("“%(name)s” is already in the list.") % {"name": name}})
    return apply_changes(area, {**fields, "name": name})


@transaction.atomic
def delete_area(area: Area, *, actor) -> None:
    used = area.enterprises.count()
    if used:
        raise Refused(
            [_("%(name)s cannot be deleted: %(n)s enterprises are placed in it.") % {"name": area.name, "n": used}]
        )
    area.delete()
