"""What the global search finds among delegation cases: the list's own search (number, enterprise,
project, 项目代码, requester, pinyin initials), the requesters as people (name, phone), and a
full case number, which opens its case directly."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from investdesk.cases.models import AgencyCase
from investdesk.cases.queries import search_cases
from investdesk.search import people, registry
from investdesk.search.registry import Hit

# CHENGGONG-2022-0007: the unit's code, the year, the serial (services.next_number).
FULL_NUMBER = re.compile(r"^[A-Z0-9_]+-\d{4}-\d{4,}$")


def rows(request, query):
    # The list's query without the deadline clocks' prefetches: a hit shows no clock.
    return search_cases(request.unit, {"q": query.text}).prefetch_related(None)


def hit(request, case) -> Hit:
    parts = [case.display_project]
    if case.agent_id:
        parts.append(case.agent.get_full_name() or case.agent.username)
    return Hit(
        title=case.display_enterprise,
        url=reverse("cases:detail", args=[case.pk]),
        code=case.number,
        detail=" · ".join(p for p in parts if p),
        badge=case.get_status_display(),
    )


def more(query) -> str:
    return f"{reverse('cases:list')}?{urlencode({'q': query.text})}"


def jump(request, query) -> str | None:
    if not FULL_NUMBER.match(query.upper):
        return None
    pk = AgencyCase.objects.for_unit(request.unit).filter(number=query.upper).values_list("pk", flat=True).first()
    return reverse("cases:detail", args=[pk]) if pk else None


def requester_rows(request, query):
    condition = Q(requester_name__icontains=query.text)
    if (phone := people.phone_match(request, query, "requester_phone")) is not None:
        condition |= phone
    return (
        AgencyCase.objects.for_unit(request.unit)
        .filter(condition)
        .select_related("enterprise")
        .order_by("requester_name", "-applied_on", "-pk")
    )


def requester_hit(request, case) -> Hit:
    return Hit(
        title=case.requester_name,
        url=reverse("cases:detail", args=[case.pk]),
        code=people.phone_shown(request, case.requester_phone),
        detail=_("requested case %(number)s · %(enterprise)s")
        % {"number": case.number, "enterprise": case.display_enterprise},
    )


def register() -> None:
    registry.register(registry.Kind("cases", _("Delegation cases"), 30, "briefcase", rows, hit, more, jump))
    registry.register(
        registry.Kind(
            "requesters", _("Case requesters"), 70, "person-raised-hand", requester_rows, requester_hit, group="people"
        )
    )
