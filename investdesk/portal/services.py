"""Every write of the portal: storing a request (first, before anything else), the public look-up,
and the staff's decisions — each in one transaction, with its history event, side effects after commit.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from investdesk.accounts.models import Role
from investdesk.accounts.permissions import LEDGER_EDIT, role_can
from investdesk.cases.models import AgencyCase
from investdesk.core.identifiers import USCC_CHECKSUM, normalise_uscc, validate_phone, validate_uscc
from investdesk.core.models import Unit
from investdesk.core.notify import Notice, notify
from investdesk.enterprises import files
from investdesk.portal import casework, limits, tracking
from investdesk.portal.limits import RateLimited
from investdesk.portal.models import (
    TRANSITIONS,
    EventKind,
    PortalAttachment,
    PortalRequest,
    RequestEvent,
    RequestStatus,
)
from investdesk.projects.codes import validate_code
from investdesk.projects.conf import settings_for as project_settings

log = logging.getLogger(__name__)

__all__ = [
    "RateLimited",
    "submit_request",
    "announce",
    "look_up",
    "convert_request",
    "reject_request",
    "mark_duplicate",
    "reopen_request",
]

REQUEST_FIELDS = (
    "enterprise_name",
    "uscc",
    "uscc_check_failed",
    "contact_name",
    "phone",
    "project_name",
    "project_code",
    "help_needed",
)
_NUMBER_ATTEMPTS = 5


def _lock(unit: Unit) -> None:
    """Serialise the portal's writes of one unit, so a count and the insert it allows cannot interleave.

    PostgreSQL locks the unit row; SQLite runs every transaction IMMEDIATE (settings), which
    already takes the database's write lock.
    """
    list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))


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


def check_upload(upload) -> None:
    """The enterprise archive's rules for files: allowed types, size, content matching the name."""
    head, read_all = _read_upload(upload)
    files.check_attachment(upload.name, head, upload.size, read_all)


# --- submitting -------------------------------------------------------------------------------------


def clean_identifiers(unit: Unit, values: dict) -> dict:
    """The credit code, phone and project code checked and normalised; ValidationError per field.

    A credit code whose only fault is the check character is kept and flagged for staff
    (`uscc_check_failed`): some early pilot codes are legal, and the public cannot confirm them.
    """
    cleaned, errors = dict(values), {}
    code = (values.get("uscc") or "").strip()
    cleaned["uscc"], cleaned["uscc_check_failed"] = "", False
    if code:
        try:
            cleaned["uscc"] = validate_uscc(code)
        except ValidationError as exc:
            if exc.code == USCC_CHECKSUM:
                cleaned["uscc"], cleaned["uscc_check_failed"] = normalise_uscc(code), True
            else:
                errors["uscc"] = exc.error_list
    if "phone" in values:
        try:
            cleaned["phone"] = validate_phone(values["phone"] or "")
        except ValidationError as exc:
            errors["phone"] = exc.error_list
    project_code = (values.get("project_code") or "").strip()
    cleaned["project_code"] = ""
    if project_code:
        try:
            cleaned["project_code"] = validate_code(
                project_code, regions=project_settings(unit).region_codes, this_year=timezone.localdate().year
            )
        except ValidationError as exc:
            errors["project_code"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


def submit_request(
    unit: Unit,
    *,
    fields: dict,
    uploads: list,
    ip: str | None,
    user_agent: str = "",
    language: str = "",
) -> PortalRequest:
    """Store a request and its files in one transaction, before anything else happens.

    Raises RateLimited (nothing stored) when the address has sent too many requests lately, and
    ValidationError (nothing stored) for bad values. Staff are notified after the commit; a
    failure there is logged and never costs the request.
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            _lock(unit)
            retry_at = limits.submission_retry_at(unit, ip)
            if retry_at is not None:
                raise RateLimited(retry_at)
            request = _new_request(unit, fields, ip=ip, user_agent=user_agent, language=language)
            for upload in uploads:
                check_upload(upload)
                attachment = PortalAttachment(unit=unit, request=request, filename=upload.name[-255:], size=upload.size)
                attachment.file.save(upload.name, upload, save=False)
                stored.append(attachment.file.name)
                attachment.save()
            RequestEvent.objects.create(unit=unit, request=request, kind=EventKind.SUBMITTED, at=request.submitted_at)
            transaction.on_commit(partial(announce, request.pk))
    except BaseException:
        _remove_files(stored)
        raise
    return request


def _new_request(unit: Unit, fields: dict, *, ip: str | None, user_agent: str, language: str) -> PortalRequest:
    fields = clean_identifiers(unit, {"phone": "", **fields})
    request = PortalRequest(unit=unit, client_ip=ip, user_agent=(user_agent or "")[:300])
    for name in REQUEST_FIELDS:
        if name in fields:
            setattr(request, name, fields[name])
    languages = {code for code, _name in settings.LANGUAGES}
    request.language = language if language in languages else settings.LANGUAGE_CODE
    request.tracking_number = tracking.new_number()
    request.full_clean(exclude=["tracking_number"])  # its uniqueness is the database's to tell, below
    for attempt in range(_NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                request.save()
            return request
        except IntegrityError:
            # Two numbers out of 10^15 met: draw another. Anything else is re-raised.
            if (
                attempt == _NUMBER_ATTEMPTS - 1
                or not PortalRequest.objects.filter(tracking_number=request.tracking_number).exists()
            ):
                raise
            request.pk = None
            request.tracking_number = tracking.new_number()
    raise AssertionError("unreachable")


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.exception("could not remove the file %s of a request that was not stored", name)


def staff_to_notify(unit: Unit) -> list:
    roles = [role for role in Role.values if role_can(role, LEDGER_EDIT)]
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, memberships__unit=unit, memberships__is_active=True, memberships__role__in=roles
        )
        .distinct()
        .order_by("pk")
    )


def announce(request_pk: int) -> int:
    """Tell the unit's directors and agents about a new request (run after the commit).

    Any failure is logged and swallowed here on purpose: the request is stored and shows in the
    inbox whatever happens to the notice.
    """
    try:
        request = PortalRequest.objects.select_related("unit").get(pk=request_pk)
        # Written in the staff's language, whatever language the requester used.
        with translation.override(settings.LANGUAGE_CODE):
            notice = Notice(
                key=f"portal-request:{request.pk}",
                kind="new_request",
                title=_("New online request: %(enterprise)s") % {"enterprise": request.enterprise_name},
                body=_("%(project)s — tracking number %(number)s")
                % {
                    "project": request.project_name,
                    "number": request.tracking_display,
                },
                url=reverse("portal_staff:inbox"),
            )
        return notify(request.unit, staff_to_notify(request.unit), notice)
    except Exception:
        log.exception("could not notify the staff about online request %s", request_pk)
        return 0


# --- the public look-up -----------------------------------------------------------------------------------


def look_up(unit: Unit, *, number: str, phone: str, ip: str | None) -> PortalRequest | AgencyCase | None:
    """The unit's request with this tracking number, or its case with this case number, when the
    phone matches; else None.

    A case opened at the window or on a visit has no tracking number: its case number and the
    requester's phone open its status page all the same. Whether the number exists is never told
    apart from a wrong phone: both count as one failed look-up, and an address with too many of
    them gets RateLimited whatever it asks next.
    """
    with transaction.atomic():
        _lock(unit)
        retry_at = limits.lookup_retry_at(unit, ip)
        if retry_at is not None:
            raise RateLimited(retry_at)
        key = tracking.normalise_number(number)
        found, stored_phone = None, ""
        if tracking.is_valid_number(key):
            found = PortalRequest.objects.for_unit(unit).filter(tracking_number=key).first()
            stored_phone = found.phone if found else ""
        if found is None:
            found = casework.find_case(unit, key)
            stored_phone = found.requester_phone if found else ""
        if found is not None and tracking.same_phone(phone, stored_phone):
            return found
        limits.record_lookup_failure(unit, ip)
        return None


# --- the staff's decisions -----------------------------------------------------------------------------------


def check_transition(old: str, new: str) -> None:
    if new not in TRANSITIONS[old]:
        raise ValidationError(
            _("A request that is “%(old)s” cannot become “%(new)s”.")
            % {"old": RequestStatus(old).label, "new": RequestStatus(new).label},
            code="transition",
        )


@transaction.atomic
def link_enterprise(request: PortalRequest, *, actor, enterprise) -> PortalRequest:
    """Record which 一企一档 record the request's enterprise is (建档 or an existing record with its
    credit code), in any status; the request's case, when it has none yet, is linked too."""
    locked = _locked(request)
    membership = actor.memberships.filter(unit_id=locked.unit_id, is_active=True).first() if actor else None
    if membership is None or not membership.can(LEDGER_EDIT):
        raise PermissionDenied("only the unit's editors link requests to the archive")
    if enterprise.unit_id != locked.unit_id:
        raise ValidationError({"enterprise": _("Choose one of this unit's records.")})
    if locked.enterprise_id == enterprise.pk:
        return locked
    locked.enterprise = enterprise
    locked.save(update_fields=["enterprise"])
    RequestEvent.objects.create(
        unit_id=locked.unit_id, request=locked, kind=EventKind.LINKED, actor=actor, note=enterprise.name
    )
    if locked.case_id and locked.case.enterprise_id is None:
        casework.link_enterprise(locked.case, actor=actor, enterprise=enterprise)
    log.info("request %s linked to enterprise %s by %s", locked.tracking_number, enterprise.pk, actor)
    return locked


def _locked(request: PortalRequest) -> PortalRequest:
    return PortalRequest.objects.select_for_update().get(pk=request.pk, unit_id=request.unit_id)


def _decide(request: PortalRequest, new: str, *, actor, kind: str, note: str = "", **values) -> PortalRequest:
    """Check the transition, set the status and values, save, and write the event (caller's transaction)."""
    check_transition(request.status, new)
    request.status = new
    for name, value in values.items():
        setattr(request, name, value)
    request.handled_by = actor
    request.handled_at = timezone.now()
    request.full_clean()
    request.save()
    RequestEvent.objects.create(unit_id=request.unit_id, request=request, kind=kind, actor=actor, note=note)
    return request


@transaction.atomic
def convert_request(request: PortalRequest, *, actor, scope: str, enterprise=None, project=None) -> PortalRequest:
    """Turn the request into a delegation case (cases.services.create_case) and link the two.

    The case and the request's new status are saved together or not at all; the case service's
    refusal (casework.Refused) reaches the caller with nothing changed.
    """
    locked = _locked(request)
    check_transition(locked.status, RequestStatus.CONVERTED)
    for row, label in ((enterprise, "enterprise"), (project, "project")):
        if row is not None and row.unit_id != locked.unit_id:
            raise ValidationError({label: _("Choose one of this unit's records.")})
    case = casework.create_case(locked, actor=actor, scope=scope, enterprise=enterprise, project=project)
    return _decide(locked, RequestStatus.CONVERTED, actor=actor, kind=EventKind.CONVERTED, note=case.number, case=case)


@transaction.atomic
def reject_request(request: PortalRequest, *, actor, reason: str) -> PortalRequest:
    """Refuse the request (不予受理) with the reason the requester will read on the status page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the requester reads it on the status page.")})
    return _decide(
        _locked(request),
        RequestStatus.REJECTED,
        actor=actor,
        kind=EventKind.REJECTED,
        note=reason,
        reject_reason=reason,
    )


@transaction.atomic
def mark_duplicate(request: PortalRequest, *, actor, original: PortalRequest) -> PortalRequest:
    """Close the request as a repeat of `original`, an earlier request of the same unit."""
    if original.unit_id != request.unit_id or original.pk == request.pk:
        raise ValidationError({"original": _("Choose another request of this unit.")})
    if original.status == RequestStatus.DUPLICATE:
        raise ValidationError(
            {
                "original": _("%(number)s is itself a duplicate; choose the request it repeats.")
                % {"number": original.tracking_display}
            }
        )
    return _decide(
        _locked(request),
        RequestStatus.DUPLICATE,
        actor=actor,
        kind=EventKind.DUPLICATE,
        note=original.tracking_display,
        duplicate_of=original,
    )


@transaction.atomic
def reopen_request(request: PortalRequest, *, actor, confirm_back: bool = False) -> PortalRequest:
    """Undo a refusal or a duplicate mark made by mistake: the request is new again. A step
    back, so it must be confirmed; the refusal's reason stays in the history (its event)."""
    if not confirm_back:
        raise ValidationError(_("Reopening is a step back: tick the box to confirm it."))
    return _decide(
        _locked(request), RequestStatus.NEW, actor=actor, kind=EventKind.REOPENED, reject_reason="", duplicate_of=None
    )
