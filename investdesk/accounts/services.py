"""Every write of the accounts app: units' details and memberships."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from investdesk.accounts.models import Membership, Role
from investdesk.core.models import CalendarDay, Notification, Unit, apply_changes

log = logging.getLogger(__name__)


@transaction.atomic
def update_unit(unit: Unit, *, actor, fields: dict) -> Unit:
    apply_changes(unit, fields)
    log.info("unit %s updated by %s", unit.code, actor)
    return unit


@transaction.atomic
def add_member(unit: Unit, *, actor, username: str, full_name: str, role: str, password: str | None) -> Membership:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=full_name)
        user.set_password(password)
        user.save()
    return Membership.objects.create(user=user, unit=unit, role=role)


def _active_admins(unit: Unit) -> int:
    return Membership.objects.filter(unit=unit, role=Role.ADMIN, is_active=True).count()


@transaction.atomic
def change_member(membership: Membership, *, actor, role: str, is_active: bool) -> Membership:
    losing_admin = membership.role == Role.ADMIN and membership.is_active and (role != Role.ADMIN or not is_active)
    if losing_admin and _active_admins(membership.unit) <= 1:
        raise ValidationError(_("The unit must keep at least one active administrator."))
    membership.role = role
    membership.is_active = is_active
    membership.save(update_fields=["role", "is_active"])
    return membership


@transaction.atomic
def set_calendar_day(unit: Unit, *, actor, day, is_workday: bool, note: str) -> CalendarDay:
    """Enter (or correct) one day of the unit's calendar; it wins over the chinese-calendar package."""
    entry, _created = CalendarDay.objects.update_or_create(
        unit=unit, date=day, defaults={"is_workday": is_workday, "note": note}
    )
    return entry


@transaction.atomic
def delete_calendar_day(entry: CalendarDay, *, actor) -> None:
    entry.delete()


def mark_read(user, unit, *, pks: list[int] | None = None) -> int:
    """Mark the user's unread notices in the unit (all, or the given ones) as read."""
    from django.utils import timezone

    unread = Notification.objects.filter(user=user, unit=unit, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())
