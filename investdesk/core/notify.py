"""Writing in-app notifications: idempotent by (user, key), safe to call from cron every few minutes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from investdesk.core.models import Notification


@dataclass(frozen=True)
class Notice:
    key: str  # what makes it unique for a user, e.g. "case:12:acceptance-due"
    kind: str  # "due_soon", "overdue", "new_request", …
    title: str
    body: str = ""
    url: str = ""


def notify(unit, users, notice: Notice, *, dry_run: bool = False) -> int:
    """Write the notice for each user who does not have it yet; return how many were (or would be) new."""
    users = [u for u in users if u is not None]
    have = set(Notification.objects.filter(user__in=users, key=notice.key).values_list("user_id", flat=True))
    fresh = [u for u in dict.fromkeys(users) if u.pk not in have]
    if dry_run:
        return len(fresh)
    created = 0
    for user in fresh:
        try:
            with transaction.atomic():
                Notification.objects.create(
                    unit=unit,
                    user=user,
                    key=notice.key[:200],
                    kind=notice.kind,
                    title=notice.title[:200],
                    body=notice.body,
                    url=notice.url[:300],
                )
            created += 1
        except IntegrityError:  # another run wrote it between the check and the insert
            continue
    return created


def unread_count(user, unit) -> int:
    return Notification.objects.filter(user=user, unit=unit, read_at__isnull=True).count()
