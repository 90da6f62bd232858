"""Per-address limit on answers, without keeping the address.

Choice (documented in docs/满意度调查.md): a counter table rather than Django's cache. The cache
here is per process, so behind several app servers each would count apart; the table is shared
by every server like the rest of the data. A row holds a keyed hash of (address, survey, hour) —
an HMAC with the secret key, so it cannot be reversed by trying every address — the hour and a
count. It holds no address and no link to any answer, and rows older than the previous hour are
deleted whenever an answer is counted.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from investdesk.core.middleware import client_ip
from investdesk.surveys.models import RateBucket, Survey

SALT = "investdesk.surveys.limits"


def address_of(request) -> str:
    value = (client_ip(request) or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return "unknown"


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _key(address: str, survey: Survey, hour: datetime) -> str:
    return salted_hmac(SALT, f"{address}|{survey.pk}|{hour.isoformat()}", algorithm="sha256").hexdigest()


def over_limit(address: str, survey: Survey, limit: int, now: datetime | None = None) -> datetime | None:
    """None when the address may answer now, else the moment the next hour starts."""
    hour = _hour(now or timezone.now())
    found = RateBucket.objects.filter(key=_key(address, survey, hour)).values_list("count", flat=True).first()
    if found is not None and found >= limit:
        return hour + timedelta(hours=1)
    return None


def count_answer(address: str, survey: Survey, now: datetime | None = None) -> None:
    hour = _hour(now or timezone.now())
    key = _key(address, survey, hour)
    if not RateBucket.objects.filter(key=key).update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateBucket.objects.create(unit_id=survey.unit_id, key=key, hour=hour, count=1)
        except IntegrityError:  # another request of the same address created it a moment ago
            RateBucket.objects.filter(key=key).update(count=F("count") + 1)
    RateBucket.objects.filter(hour__lt=hour - timedelta(hours=1)).delete()
