"""Registering a case, editing it, assigning its agents, its letter of authorisation, case numbers."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.cases.models import (
    AgencyCase,
    CaseSequence,
    CaseStatus,
    EventKind,
    FileKind,
)
from investdesk.cases.services.common import (
    NotAllowed,
    Refused,
    actor_or_none,
    directors_of,
    local_today,
    membership_of,
    person_name,
    require_director,
    require_worker,
    staff_who_may_handle,
    write_event,
)
from investdesk.cases.services.work import add_file
from investdesk.core.identifiers import validate_phone, validate_uscc
from investdesk.core.notify import Notice, notify
from investdesk.core.text import initials
from investdesk.enterprises.models import Enterprise
from investdesk.projects.codes import validate_code
from investdesk.projects.conf import settings_for as project_settings_for
from investdesk.projects.models import InvestmentProject

log = logging.getLogger(__name__)


# --- numbers, creation and editing ----------------------------------------------------------------


def next_number(unit, year: int) -> str:
    """CHENGGONG-2022-0007: the unit's code, the year and the next number of that year.

    The counter row is created once (a concurrent creator loses the insert and retries) and
    incremented with an UPDATE, which holds its row lock until the transaction commits: two
    requests never get the same number.
    """
    with transaction.atomic():
        if not CaseSequence.objects.filter(unit=unit, year=year).exists():
            try:
                with transaction.atomic():
                    CaseSequence.objects.create(unit=unit, year=year)
            except IntegrityError:
                log.info("case sequence %s/%s was created concurrently", unit.code, year)
        CaseSequence.objects.filter(unit=unit, year=year).update(last=F("last") + 1)
        last = CaseSequence.objects.get(unit=unit, year=year).last
    return f"{unit.code.upper()}-{year}-{last:04d}"


CASE_FIELDS = (
    "channel",
    "scope",
    "enterprise",
    "enterprise_name",
    "uscc",
    "requester_name",
    "requester_phone",
    "project",
    "project_name",
    "project_code",
    "help_needed",
    "applied_on",
)


def _clean_case(case: AgencyCase) -> None:
    """Validate and normalise a case's data; ValidationError keyed by field, all problems at once."""
    errors: dict[str, list] = {}
    case.requester_name = (case.requester_name or "").strip()
    case.enterprise_name = (case.enterprise_name or "").strip()
    case.project_name = (case.project_name or "").strip()
    case.help_needed = (case.help_needed or "").strip()
    if case.requester_phone:
        try:
            case.requester_phone = validate_phone(case.requester_phone)
        except ValidationError as exc:
            errors["requester_phone"] = exc.messages
    if case.uscc:
        try:
            case.uscc = validate_uscc(case.uscc, allow_bad_checksum=True)
        except ValidationError as exc:
            errors["uscc"] = exc.messages
    if case.project_code:
        conf = project_settings_for(case.unit)
        try:
            case.project_code = validate_code(
                case.project_code, regions=conf.region_codes, this_year=local_today().year
            )
        except ValidationError as exc:
            errors["project_code"] = exc.messages
    _link_rows(case, errors)
    if not case.enterprise_id and not case.enterprise_name:
        errors.setdefault("enterprise_name", []).append(_("Give the enterprise's name."))
    if case.applied_on and case.applied_on > local_today():
        errors.setdefault("applied_on", []).append(_("The application date cannot be in the future."))
    try:
        case.full_clean(exclude=["unit", "number", *errors])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    names = [case.display_enterprise, case.display_project]
    case.search_initials = " ".join(initials(n) for n in names if n)[:300]


def _link_rows(case: AgencyCase, errors: dict) -> None:
    """The enterprise and project must be the unit's; a known USCC or project code links the row."""
    unit_id = case.unit_id
    if case.project_id and case.project.unit_id != unit_id:
        errors["project"] = [_("Choose a project of this unit.")]
        return
    if case.enterprise_id and case.enterprise.unit_id != unit_id:
        errors["enterprise"] = [_("Choose an enterprise of this unit's archive.")]
        return
    if not case.project_id and case.project_code:
        case.project = InvestmentProject.objects.for_unit(unit_id).filter(project_code=case.project_code).first()
    if not case.enterprise_id and case.uscc:
        case.enterprise = Enterprise.objects.for_unit(unit_id).filter(uscc=case.uscc).first()
    if case.project_id and not case.enterprise_id:
        case.enterprise = case.project.enterprise
    if case.project_id and case.project.enterprise_id != case.enterprise_id:
        errors["project"] = [
            _("The project “%(project)s” belongs to %(enterprise)s, not to the case's enterprise.")
            % {"project": case.project.name, "enterprise": case.project.enterprise.name}
        ]
    if case.enterprise_id:
        case.enterprise_name = case.enterprise_name or case.enterprise.name
        case.uscc = case.uscc or case.enterprise.uscc
    if case.project_id:
        case.project_name = case.project_name or case.project.name
        case.project_code = case.project_code or case.project.project_code


@transaction.atomic
def create_case(
    unit,
    *,
    actor,
    channel: str,
    scope: str,
    requester_name: str,
    requester_phone: str,
    enterprise=None,
    enterprise_name: str = "",
    uscc: str = "",
    project=None,
    project_name: str = "",
    project_code: str = "",
    help_needed: str = "",
    applied_on=None,
    notify_staff: bool = True,
) -> AgencyCase:
    """Register a request (status 申请) and write its "applied" event; `actor` None is the public.

    Raises ValidationError keyed by the argument names when the data is wrong; nothing is saved.
    A USCC or project code already in the unit's archive links the enterprise or project.
    With `notify_staff`, a request from the public notifies the unit's directors at once.
    """
    case = AgencyCase(
        unit=unit,
        channel=channel,
        scope=scope,
        enterprise=enterprise,
        enterprise_name=enterprise_name or "",
        uscc=uscc or "",
        requester_name=requester_name or "",
        requester_phone=requester_phone or "",
        project=project,
        project_name=project_name or "",
        project_code=project_code or "",
        help_needed=help_needed or "",
        applied_on=applied_on or local_today(),
        status_changed_on=applied_on or local_today(),
        created_by=actor_or_none(actor),
    )
    _clean_case(case)
    case.number = next_number(unit, case.applied_on.year)
    case.save()
    write_event(case, EventKind.APPLIED, actor=actor, on=case.applied_on, to_status=CaseStatus.APPLIED, public=True)
    log.info("case %s of unit %s registered by %s (channel %s)", case.number, unit.code, actor or "the public", channel)
    if notify_staff and actor_or_none(actor) is None:
        transaction.on_commit(lambda: _notify_new_request(case))
    return case


def _notify_new_request(case: AgencyCase) -> None:
    notice = Notice(
        key=f"case:{case.pk}:new",
        kind="new_request",
        title=_("New delegation request %(number)s") % {"number": case.number},
        body=f"{case.display_enterprise} · {case.requester_name}",
        url=reverse("cases:detail", args=[case.pk]),
    )
    try:
        notify(case.unit, directors_of(case.unit), notice)
    except Exception:  # the request is saved; a failed notice must be seen in the log, not lost silently
        log.exception("could not notify the directors of the new request %s", case.number)


@transaction.atomic
def update_case(case: AgencyCase, *, actor, fields: dict) -> AgencyCase:
    """Edit a case's data (not its status, agents or dates of steps) while it is open."""
    case = AgencyCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    require_worker(case, actor)
    if not case.is_open:
        raise Refused(
            [_("A case that is “%(status)s” can no longer be edited.") % {"status": case.get_status_display()}]
        )
    for name in CASE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(case, name, "" if value is None and name not in ("enterprise", "project", "applied_on") else value)
    if case.applied_on is None:
        raise ValidationError({"applied_on": [_("Give the application date.")]})
    if case.applied_on.year != int(case.number.split("-")[-2]):
        raise ValidationError({"applied_on": [_("The application date must stay in the year of the case number.")]})
    _clean_case(case)
    if case.status != CaseStatus.APPLIED and case.applied_on > (case.accepted_on or case.applied_on):
        raise ValidationError({"applied_on": [_("The application date cannot be after the acceptance date.")]})
    case.save()
    write_event(case, EventKind.EDITED, actor=actor)
    log.info("case %s changed by %s", case.number, actor)
    return case


@transaction.atomic
def link_enterprise(case: AgencyCase, *, actor, enterprise: Enterprise) -> AgencyCase:
    """Link the case to its enterprise's 一企一档 record once the record exists (建档 from the
    case or from its online request). Any editor of the unit may: it completes the archive, it
    does not change the case's work, so it is allowed in every status."""
    membership = membership_of(actor, case.unit_id)
    if membership is None or not membership.can(LEDGER_EDIT):
        raise NotAllowed([_("Only the unit's staff who keep the ledgers may link the enterprise.")])
    case = AgencyCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if enterprise.unit_id != case.unit_id:
        raise ValidationError({"enterprise": [_("Choose an enterprise of this unit's archive.")]})
    if case.enterprise_id == enterprise.pk:
        return case
    if case.enterprise_id is not None:
        raise Refused([_("Case %(number)s is already linked to another enterprise.") % {"number": case.number}])
    case.enterprise = enterprise
    case.uscc = case.uscc or enterprise.uscc
    case.save(update_fields=["enterprise", "uscc", "updated_at"])
    note = _("Linked to the enterprise archive: %(name)s") % {"name": enterprise.name}
    write_event(case, EventKind.EDITED, actor=actor, note=note)
    log.info("case %s linked to enterprise %s by %s", case.number, enterprise.pk, actor)
    return case


@transaction.atomic
def assign_case(case: AgencyCase, *, actor, agent, co_agents=(), on: date | None = None) -> AgencyCase:
    """The director gives the case its responsible agent and co-agents (while the case is open)."""
    require_director(case, actor)
    case = AgencyCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if not case.is_open:
        raise Refused(
            [_("A case that is “%(status)s” can no longer be assigned.") % {"status": case.get_status_display()}]
        )
    allowed = set(staff_who_may_handle(case.unit_id).values_list("pk", flat=True))
    if agent is None or agent.pk not in allowed:
        raise ValidationError({"agent": [_("Choose an agent or director of this unit.")]})
    co_agents = [u for u in co_agents if u.pk != agent.pk]
    if any(u.pk not in allowed for u in co_agents):
        raise ValidationError({"co_agents": [_("Co-agents must be agents or directors of this unit.")]})
    on = on or local_today()
    if on > local_today() or on < case.applied_on:
        raise ValidationError({"on": [_("The date must lie between the application and today.")]})
    case.agent = agent
    case.save(update_fields=["agent", "updated_at"])
    case.co_agents.set(co_agents)
    names = "、".join([person_name(agent), *[person_name(u) for u in co_agents]])
    write_event(case, EventKind.ASSIGNED, actor=actor, on=on, note=names, public=True, public_text=person_name(agent))
    log.info("case %s assigned to %s by %s", case.number, names, actor)
    transaction.on_commit(lambda: _notify_assigned(case, [agent, *co_agents]))
    return case


def _notify_assigned(case: AgencyCase, users: list) -> None:
    notice = Notice(
        key=f"case:{case.pk}:assigned:{case.agent_id}",
        kind="assigned",
        title=_("Case %(number)s has been assigned to you") % {"number": case.number},
        body=case.display_enterprise,
        url=reverse("cases:detail", args=[case.pk]),
    )
    try:
        notify(case.unit, users, notice)
    except Exception:
        log.exception("could not notify the agents of case %s", case.number)


@transaction.atomic
def set_mandate(case: AgencyCase, *, actor, number: str, signed_on: date | None, upload=None) -> AgencyCase:
    """Record the signed 委托书: its number, date and (optionally) the signed file."""
    case = AgencyCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    require_worker(case, actor)
    if not case.is_open:
        raise Refused(
            [_("A case that is “%(status)s” can no longer be edited.") % {"status": case.get_status_display()}]
        )
    errors: dict[str, list] = {}
    number = (number or "").strip()
    if not number:
        errors["mandate_number"] = [_("Give the number of the letter of authorisation.")]
    if signed_on is None:
        errors["mandate_signed_on"] = [_("Give the date the letter of authorisation was signed.")]
    elif signed_on > local_today():
        errors["mandate_signed_on"] = [_("The signing date cannot be in the future.")]
    elif signed_on < case.applied_on:
        errors["mandate_signed_on"] = [_("The signing date cannot be before the application date.")]
    if errors:
        raise ValidationError(errors)
    case.mandate_number, case.mandate_signed_on = number[:60], signed_on
    case.save(update_fields=["mandate_number", "mandate_signed_on", "updated_at"])
    if upload is not None:
        add_file(case, actor=actor, upload=upload, kind=FileKind.MANDATE)
    write_event(case, EventKind.MANDATE, actor=actor, on=signed_on, note=number)
    return case
