"""Per-address limits of the public portal, counted from stored rows: stateless, so they hold the
same behind any number of app servers (the rows live in the one database)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from investdesk.core.middleware import client_ip
from investdesk.core.models import Unit
from investdesk.portal.conf import settings_for
from investdesk.portal.models import LookupFailure, PortalRequest

LOOKUP_WINDOW = timedelta(hours=1)
DAY = timedelta(days=1)


class RateLimited(Exception):
    """Too many submissions or failed look-ups from one address; `retry_at` is when it may try again."""

    def __init__(self, retry_at: datetime):
        super().__init__(f"rate limited until {timezone.localtime(retry_at).isoformat(timespec='seconds')}")
        self.retry_at = retry_at


def address_of(request) -> str | None:
    """The client's address; core.middleware.client_ip returns only valid IPs (or None)."""
    return client_ip(request)


def _from(queryset: QuerySet, ip: str | None) -> QuerySet:
    return queryset.filter(client_ip__isnull=True) if ip is None else queryset.filter(client_ip=ip)


def _retry_at(times: list[datetime], limit: int, window: timedelta) -> datetime | None:
    """Times are newest first. With `limit` of them inside the window, the oldest of those must leave it."""
    if len(times) < limit:
        return None
    return times[limit - 1] + window


def submission_retry_at(unit: Unit, ip: str | None, now: datetime | None = None) -> datetime | None:
    """None when the address may submit a request now, else the moment it may again."""
    now = now or timezone.now()
    conf = settings_for(unit)
    window = timedelta(minutes=conf.submit_window_minutes)
    newest_first = list(
        _from(PortalRequest.objects.for_unit(unit), ip)
        .filter(submitted_at__gt=now - max(DAY, window))
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[: max(conf.submit_per_window, conf.submit_per_day)]
    )
    in_window = [t for t in newest_first if t > now - window]
    in_day = [t for t in newest_first if t > now - DAY]
    waits = [
        _retry_at(in_window, conf.submit_per_window, window),
        _retry_at(in_day, conf.submit_per_day, DAY),
    ]
    waits = [w for w in waits if w is not None]
    return max(waits) if waits else None


def lookup_retry_at(unit: Unit, ip: str | None, now: datetime | None = None) -> datetime | None:
    """None when the address may look up a request now, else the moment it may again."""
    now = now or timezone.now()
    limit = settings_for(unit).lookup_failures_per_hour
    newest_first = list(
        _from(LookupFailure.objects.for_unit(unit), ip)
        .filter(at__gt=now - LOOKUP_WINDOW)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    return _retry_at(newest_first, limit, LOOKUP_WINDOW)


def record_lookup_failure(unit: Unit, ip: str | None, now: datetime | None = None) -> None:
    now = now or timezone.now()
    LookupFailure.objects.create(unit=unit, client_ip=ip, at=now)
    # Rows older than the window count for nothing; the table stays small without a cron job.
    LookupFailure.objects.for_unit(unit).filter(at__lt=now - DAY).delete()
