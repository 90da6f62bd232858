"""The dashboard's panel of new online requests: how many wait, and the latest few."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from investdesk.portal.models import PortalRequest, RequestStatus

LATEST = 5


def panel(request) -> SafeString | None:
    unit = getattr(request, "unit", None)
    if unit is None:
        return None
    waiting = PortalRequest.objects.for_unit(unit).filter(status=RequestStatus.NEW)
    latest = list(waiting.order_by("-submitted_at", "-pk")[:LATEST])
    count = len(latest) if len(latest) < LATEST else waiting.count()
    return render_to_string(
        "portal/staff/_panel.html", {"latest": latest, "count": count, "unit": unit}, request=request
    )
