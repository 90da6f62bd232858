"""One timeline per enterprise, fed by every app that links rows to enterprises.

An app registers a provider in its AppConfig.ready():

    from investdesk.enterprises import timeline

    timeline.register("projects", projects_for_timeline)

A provider takes the enterprise and returns TimelineEntry objects; the enterprise page merges
them newest first. Providers must use a fixed number of queries, whatever the row count.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime | date
    kind: str  # the provider's key plus a detail, e.g. "projects.approval_item"
    title: str
    detail: str = ""
    url: str | None = None
    actor: str | None = None
    icon: str = "dot"  # a bootstrap-icons name

    @property
    def moment(self) -> datetime:
        """Dates sort as the end of their day, so a dated event follows the day's changes."""
        if isinstance(self.at, datetime):
            return self.at if timezone.is_aware(self.at) else timezone.make_aware(self.at)
        return timezone.make_aware(datetime.combine(self.at, time.max))


Provider = Callable[[object], Iterable[TimelineEntry]]
_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def entries_for(enterprise, *, limit: int = 200) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for key, provider in _providers.items():
        try:
            entries.extend(provider(enterprise))
        except Exception:  # one broken provider must not hide the rest of the archive
            log.exception("timeline provider %s failed for enterprise %s", key, enterprise.pk)
    return sorted(entries, key=lambda e: e.moment, reverse=True)[:limit]
