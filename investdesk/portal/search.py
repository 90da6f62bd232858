"""What the global search finds among online requests: the tracking number (a full one opens the
request directly), the enterprise, project and contact named in it, its credit code and 项目代码,
its case's number; a phone only for roles that may see personal data."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from investdesk.portal import tracking
from investdesk.portal.models import PortalRequest
from investdesk.search import people, registry
from investdesk.search.registry import Hit


def rows(request, query):
    text = query.text
    condition = (
        Q(enterprise_name__icontains=text)
        | Q(project_name__icontains=text)
        | Q(contact_name__icontains=text)
        | Q(uscc=query.upper)
        | Q(project_code__icontains=text)
        | Q(tracking_number=tracking.normalise_number(text))
        | Q(case__number__icontains=text)
    )
    if (phone := people.phone_match(request, query, "phone")) is not None:
        condition |= phone
    return (
        PortalRequest.objects.for_unit(request.unit)
        .filter(condition)
        .select_related("case")
        .order_by("-submitted_at", "-pk")
    )


def hit(request, obj) -> Hit:
    parts = [obj.project_name, obj.contact_name]
    if obj.case_id:
        parts.append(obj.case.number)
    return Hit(
        title=obj.enterprise_name,
        url=reverse("portal_staff:detail", args=[obj.pk]),
        code=obj.tracking_display,
        detail=" · ".join(p for p in parts if p),
        badge=obj.get_status_display(),
    )


def more(query) -> str:
    return f"{reverse('portal_staff:inbox')}?{urlencode({'q': query.text})}"


def jump(request, query) -> str | None:
    number = tracking.normalise_number(query.text)
    if not tracking.is_valid_number(number):
        return None
    pk = (
        PortalRequest.objects.for_unit(request.unit).filter(tracking_number=number).values_list("pk", flat=True).first()
    )
    return reverse("portal_staff:detail", args=[pk]) if pk else None


def register() -> None:
    registry.register(registry.Kind("requests", _("Online requests"), 40, "inbox", rows, hit, more, jump))
