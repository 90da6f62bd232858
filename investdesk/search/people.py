"""Phones in search: matched and shown in full only for roles that may see personal data.

Lists show everyone masked phones (138****1234). The search goes one step further: a role
without `personal_data.view` cannot find a person *by* a phone number either, or typing a
number would tell whose it is.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from investdesk.accounts.access import can
from investdesk.accounts.permissions import PERSONAL_DATA_VIEW
from investdesk.core.identifiers import mask_phone
from investdesk.search.query import Query


def shows_phones(request: HttpRequest) -> bool:
    return can(request, PERSONAL_DATA_VIEW)


def phone_shown(request: HttpRequest, phone: str) -> str:
    return phone if shows_phones(request) else mask_phone(phone)


def phone_match(request: HttpRequest, query: Query, field: str) -> Q | None:
    """`field` contains the typed number (digits only, or as typed with its dash), or None."""
    if not (query.looks_like_phone and shows_phones(request)):
        return None
    condition = Q(**{f"{field}__contains": query.digits})
    if query.compact != query.digits:
        condition |= Q(**{f"{field}__contains": query.compact})
    return condition
