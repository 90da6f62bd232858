"""Where the portal meets the cases app: what the requester may see of a case, and rating it.

The cases app owns the case, its steps and its ratings; the portal only calls its services
(`create_case`, `public_progress`, `rate_case`) and reads what the public may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Value
from django.db.models.functions import Replace, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.cases import services as case_services
from investdesk.cases.models import RATEABLE_STATUSES, AgencyCase, Rating, RatingLevel, RatingSource, Scope
from investdesk.portal import tracking
from investdesk.portal.models import PortalRequest

Refused = case_services.Refused
SCOPE_CHOICES = Scope.choices
DEFAULT_SCOPE = Scope.FULL
MAX_CASE_NUMBER = AgencyCase._meta.get_field("number").max_length


@dataclass
class PublicView:
    """What the status page shows of the request's case (nothing before it is turned into one)."""

    case: AgencyCase | None = None
    progress: list[dict] = field(default_factory=list)
    rating: Rating | None = None
    can_rate: bool = False
    rating_until: date | None = None  # the last day of the rating window, once the case is completed

    @property
    def is_default_rating(self) -> bool:
        return bool(self.rating and self.rating.source == RatingSource.DEFAULT)


def _case_of(obj: PortalRequest) -> AgencyCase | None:
    if obj.case_id is None:
        return None
    return AgencyCase.objects.filter(pk=obj.case_id, unit_id=obj.unit_id).select_related("rating").first()


def public_view(obj: PortalRequest) -> PublicView:
    return case_view(_case_of(obj))


def case_view(case: AgencyCase | None) -> PublicView:
    """What the requester may see of `case` (fetched with its rating), and whether it takes a rating now."""
    if case is None:
        return PublicView()
    rating = getattr(case, "rating", None)  # the reverse one-to-one raises when there is none
    until = case_services.rating_window_end(case) if rating is None and case.status in RATEABLE_STATUSES else None
    return PublicView(
        case=case,
        progress=case_services.public_progress(case),
        rating=rating,
        can_rate=until is not None and timezone.localdate() <= until,
        rating_until=until,
    )


def rating_levels() -> list[tuple[str, str]]:
    return list(RatingLevel.choices)


def rate_case(case: AgencyCase, *, level: str, comment: str) -> Rating:
    """The requester's rating from the portal (no actor); Refused (with messages) when the case cannot take it."""
    return case_services.rate_case(case, level=level, comment=comment, source=RatingSource.PORTAL)


def _not_yet() -> str:
    return _("The request has not become a case yet; it can be rated once the case is completed.")


def not_rateable_message(view: PublicView) -> str:
    """Why the status page takes no rating now."""
    if view.case is None:
        return _not_yet()
    if view.rating is not None:
        return _("The case has already been rated.")
    if view.rating_until is not None:
        return _("The rating period ended on %(day)s.") % {"day": view.rating_until.isoformat()}
    return _("The case can be rated once it is completed.")


def find_case(unit, number: str, *, among: list[int] | None = None) -> AgencyCase | None:
    """The unit's case with this number however it is typed: chenggong 2022 0007, CHENGGONG-2022-0007 …

    Numbers are compared without case, spaces, dashes or underscores (the unit code may hold the
    latter two). `among` restricts the search to these case pks (the ones a browser verified).
    """
    key = tracking.normalise_number(number)
    if not key or len(key) > MAX_CASE_NUMBER:
        return None
    cases = AgencyCase.objects.for_unit(unit)
    if among is not None:
        cases = cases.filter(pk__in=among)
    bare = Replace(Replace(Upper(F("number")), Value("-"), Value("")), Value("_"), Value(""))
    return cases.alias(key=bare).filter(key=key).select_related("rating", "enterprise", "project").first()


def create_case(obj: PortalRequest, *, actor, scope: str, enterprise=None, project=None) -> AgencyCase:
    """The case for an online request, with what the requester gave (cases.services.create_case)."""
    return case_services.create_case(
        obj.unit,
        actor=actor,
        channel="online",
        scope=scope,
        requester_name=obj.contact_name,
        requester_phone=obj.phone,
        enterprise=enterprise,
        enterprise_name=obj.enterprise_name,
        uscc=obj.uscc,
        project=project,
        project_name=obj.project_name,
        project_code=obj.project_code,
        help_needed=obj.help_needed,
        applied_on=timezone.localtime(obj.submitted_at).date(),
    )


def link_enterprise(case: AgencyCase, *, actor, enterprise) -> AgencyCase:
    """Link the request's case to the enterprise's archive record (cases.services.link_enterprise)."""
    return case_services.link_enterprise(case, actor=actor, enterprise=enterprise)


def case_url(case: AgencyCase) -> str:
    return reverse("cases:detail", args=[case.pk])
