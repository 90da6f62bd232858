"""What every write of the cases module shares: refusals, who may do what, the event row."""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.accounts.models import Membership
from investdesk.accounts.models import Role as MemberRole
from investdesk.cases.conf import CaseSettings
from investdesk.cases.models import (
    TRANSITIONS,
    AgencyCase,
    CaseEvent,
    Role,
    Transition,
)

log = logging.getLogger(__name__)
MAX_COMMENT = 2000


class Refused(Exception):
    """A step that breaks a rule; `messages` say why, each naming the field when one is at fault."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


class NotAllowed(Refused):
    """The actor's role may not take this step (the views answer 403)."""


def actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def local_today() -> date:
    return timezone.localdate()


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


# --- who may do what ------------------------------------------------------------------------------


def membership_of(user, unit_id: int) -> Membership | None:
    if actor_or_none(user) is None:
        return None
    return Membership.objects.filter(user=user, unit_id=unit_id, is_active=True).first()


def roles_of(case: AgencyCase, user, membership: Membership | None = None) -> set[str]:
    """The roles of TRANSITIONS the user holds on this case (none for the public or another unit)."""
    membership = membership if membership is not None else membership_of(user, case.unit_id)
    if membership is None or membership.unit_id != case.unit_id or not membership.is_active:
        return set()
    roles: set[str] = set()
    if membership.role == MemberRole.DIRECTOR:
        roles.add(Role.DIRECTOR)
    if membership.role in (MemberRole.AGENT, MemberRole.DIRECTOR):
        if case.agent_id == user.pk:
            roles.add(Role.AGENT)
        elif case.pk and any(u.pk == user.pk for u in case.co_agents.all()):
            roles.add(Role.CO_AGENT)
    return roles


def may(case: AgencyCase, name: str, user, membership: Membership | None = None) -> bool:
    """Whether the user's role allows the step (the status is checked separately)."""
    return bool(roles_of(case, user, membership) & set(TRANSITIONS[name].roles))


def available_transitions(case: AgencyCase, user, membership: Membership | None = None) -> list[Transition]:
    """The steps the case's status allows and the user may take: the buttons on the case page."""
    roles = roles_of(case, user, membership)
    return [t for t in TRANSITIONS.values() if case.status in t.sources and roles & set(t.roles)]


def is_case_worker(case: AgencyCase, user, membership: Membership | None = None) -> bool:
    """Director, agent or co-agent of the case: who may work on its plan, blockers and files."""
    return bool(roles_of(case, user, membership))


def require_worker(case: AgencyCase, actor) -> None:
    if not is_case_worker(case, actor):
        raise NotAllowed([_("Only the director and the case's agents may change this case.")])


def require_director(case: AgencyCase, actor) -> None:
    if Role.DIRECTOR not in roles_of(case, actor):
        raise NotAllowed([_("Only the director may do this.")])


def staff_who_may_handle(unit):
    """Users who may be a case's agent: active directors and agents of the unit."""
    return (
        get_user_model()
        .objects.filter(
            memberships__unit=unit,
            memberships__is_active=True,
            memberships__role__in=(MemberRole.AGENT, MemberRole.DIRECTOR),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def directors_of(unit) -> list:
    return list(
        get_user_model()
        .objects.filter(
            memberships__unit=unit, memberships__is_active=True, memberships__role=MemberRole.DIRECTOR, is_active=True
        )
        .distinct()
    )


# --- settings -------------------------------------------------------------------------------------


@transaction.atomic
def update_settings(unit, *, actor, values: dict) -> CaseSettings:
    """Check and store the unit's case settings (ValueError names the key when one is wrong)."""
    conf = CaseSettings.from_dict(values)
    unit.settings = {**(unit.settings or {}), "cases": conf.to_dict()}
    unit.save(update_fields=["settings"])
    log.info("case settings of unit %s changed by %s: %s", unit.code, actor, conf.to_dict())
    return conf


def write_event(
    case: AgencyCase, kind: str, *, actor, on: date | None = None, public: bool = False, **fields
) -> CaseEvent:
    return CaseEvent.objects.create(
        unit_id=case.unit_id,
        case=case,
        kind=kind,
        on=on or local_today(),
        actor=actor_or_none(actor),
        public=public,
        **fields,
    )


def not_future(day: date | None, field: str, errors: dict) -> None:
    if day and day > local_today():
        errors.setdefault(field, []).append(_("The date cannot be in the future."))
