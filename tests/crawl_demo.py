"""The crawl of the demo data: every demo role from its dashboard, and an anonymous investor on
the public portal (a tracked request of each status, a tracked case) and the survey pages."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from investdesk.accounts.models import Membership
from investdesk.cases.models import AgencyCase
from investdesk.core.models import Unit
from investdesk.portal.models import PortalRequest, RequestStatus
from investdesk.surveys.models import Survey, SurveyStatus
from tests.crawl import Crawler

DEMO_ROLES = ("director", "agent", "finance", "viewer", "admin")
DEMO_UNIT = "chenggong"


def crawl_role(username: str, **options) -> Crawler:
    user = get_user_model().objects.get(username=username)
    membership = Membership.objects.select_related("unit").get(user=user, unit__code=DEMO_UNIT)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    crawler = Crawler(client, can=membership.can, **options)
    crawler.crawl([reverse("dashboard:index")])
    return crawler


def crawl_anonymous(**options) -> Crawler:
    unit = Unit.objects.get(code=DEMO_UNIT)
    client = Client(raise_request_exception=False)
    crawler = Crawler(client, can=None, **options)
    start = [reverse("portal:index"), reverse("portal:home", args=[unit.code])]
    start += _tracked(client, unit)
    for survey in Survey.objects.for_unit(unit).exclude(status=SurveyStatus.DRAFT)[:3]:
        start.append(reverse("surveys:answer", args=[unit.code, survey.slug]))
    crawler.crawl(start)
    return crawler


def _tracked(client: Client, unit: Unit) -> list[str]:
    """Look up one request of each status and two cases with their phones, as the investor does."""
    track = reverse("portal:track", args=[unit.code])
    found = []
    rows = []
    for status in RequestStatus.values:
        row = PortalRequest.objects.for_unit(unit).filter(status=status).first()
        if row is not None:
            rows.append((row.tracking_number, row.phone))
    for case in AgencyCase.objects.for_unit(unit).order_by("status", "pk").distinct()[:40:8]:
        rows.append((case.number, case.requester_phone))
    for number, phone in rows:
        response = client.post(track, {"number": number, "phone": phone})
        if response.status_code == 302:
            found.append(response["Location"])
    return found
