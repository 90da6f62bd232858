"""The public "不见面" portal: no login, Chinese or English, made for a phone.

Every page is reached through the unit code in the URL and shows only that unit's data; a request
is shown only to a browser that gave its tracking number and phone, a case (also one opened at the
window or on a visit) only to one that gave its case number and phone (kept in the session).
"""

from __future__ import annotations

import logging
import math
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from investdesk.cases.conf import settings_for as case_settings
from investdesk.cases.models import AgencyCase
from investdesk.core.models import Unit
from investdesk.core.workdays import Calendar
from investdesk.portal import casework, deadlines, qr, services
from investdesk.portal.forms import RatingForm, RequestForm, TrackForm
from investdesk.portal.limits import RateLimited, address_of, submission_retry_at
from investdesk.portal.models import PortalRequest, RequestStatus

log = logging.getLogger(__name__)

SESSION_VERIFIED = "portal_verified"  # pks of the requests this browser may see
SESSION_VERIFIED_CASES = "portal_verified_cases"  # pks of the cases this browser may see
SESSION_SUBMITTED = "portal_submitted"  # the pk of the request just sent, for the confirmation page
SESSION_RATED = "portal_rated"  # the pk of the request just rated, to say thank you once
SESSION_RATED_CASE = "portal_rated_case"  # the pk of the case just rated (from its own status page)
MAX_VERIFIED = 20
MAX_NUMBER = casework.MAX_CASE_NUMBER


def _unit(unit_code: str) -> Unit:
    return get_object_or_404(Unit, code=unit_code)


def _acceptance_days(unit: Unit) -> int:
    """The promised time to accept or refuse a request: the cases app's setting for that step."""
    return case_settings(unit).acceptance_workdays


def _accept_by(obj: PortalRequest):
    return deadlines.accept_by(obj, Calendar.for_unit(obj.unit), _acceptance_days(obj.unit))


def _remember(request, obj: PortalRequest | AgencyCase) -> None:
    key = SESSION_VERIFIED_CASES if isinstance(obj, AgencyCase) else SESSION_VERIFIED
    verified = [pk for pk in request.session.get(key, []) if pk != obj.pk]
    request.session[key] = [*verified, obj.pk][-MAX_VERIFIED:]


def _track_again(unit: Unit, number: str):
    """Back to the track form with the number filled in: the browser has not given the phone yet."""
    return redirect(reverse("portal:track", args=[unit.code]) + "?" + urlencode({"number": number[:MAX_NUMBER]}))


def _limited(request, unit: Unit, retry_at, *, what: str):
    """HTTP 429 with a plain message saying when to try again."""
    local = timezone.localtime(retry_at)
    wait = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    context = {"unit": unit, "retry_at": local, "what": what}
    response = render(request, "portal/limited.html", context, status=429)
    response["Retry-After"] = str(wait)
    log.warning("portal %s of unit %s rate limited for %s until %s", what, unit.code, address_of(request), local)
    return response


def index(request):
    """Every unit's portal; a single unit's installation goes straight to it."""
    units = list(Unit.objects.order_by("name").only("name", "code"))
    if len(units) == 1:
        return redirect("portal:home", units[0].code)
    return render(request, "portal/index.html", {"units": units})


def home(request, unit_code: str):
    unit = _unit(unit_code)
    context = {"unit": unit, "acceptance_workdays": _acceptance_days(unit)}
    return render(request, "portal/home.html", context)


def apply(request, unit_code: str):
    unit = _unit(unit_code)
    ip = address_of(request)
    form = RequestForm(unit=unit)
    if request.method == "POST":
        retry_at = submission_retry_at(unit, ip)
        if retry_at is not None:
            return _limited(request, unit, retry_at, what="submit")
        form = RequestForm(request.POST, request.FILES, unit=unit)
        if form.is_valid():
            try:
                obj = services.submit_request(
                    unit,
                    fields=form.request_fields(),
                    uploads=form.cleaned_data["files"],
                    ip=ip,
                    user_agent=request.headers.get("User-Agent", ""),
                    language=request.LANGUAGE_CODE,
                )
            except RateLimited as exc:
                return _limited(request, unit, exc.retry_at, what="submit")
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                _remember(request, obj)
                request.session[SESSION_SUBMITTED] = obj.pk
                return redirect("portal:submitted", unit.code)
    return render(request, "portal/apply.html", {"unit": unit, "form": form})


@never_cache
def submitted(request, unit_code: str):
    unit = _unit(unit_code)
    pk = request.session.get(SESSION_SUBMITTED)
    obj = PortalRequest.objects.for_unit(unit).filter(pk=pk).first() if pk else None
    if obj is None:
        return redirect("portal:home", unit.code)
    context = {"unit": unit, "obj": obj, "accept_by": _accept_by(obj), "acceptance_workdays": _acceptance_days(unit)}
    return render(request, "portal/submitted.html", context)


@never_cache
def track(request, unit_code: str):
    """A request's tracking number or a case's number, with the phone: the status page of either."""
    unit = _unit(unit_code)
    form = TrackForm(request.POST or None, unit=unit, initial={"number": request.GET.get("number", "")[:MAX_NUMBER]})
    if request.method == "POST" and form.is_valid():
        try:
            found = services.look_up(
                unit, number=form.cleaned_data["number"], phone=form.cleaned_data["phone"], ip=address_of(request)
            )
        except RateLimited as exc:
            return _limited(request, unit, exc.retry_at, what="lookup")
        if isinstance(found, AgencyCase):
            _remember(request, found)
            return redirect("portal:case_status", unit.code, found.number)
        if found is not None:
            _remember(request, found)
            return redirect("portal:status", unit.code, found.tracking_number)
        form.add_error(
            None,
            _("No request matches this tracking number and phone. Check both and try again, or call the center."),
        )
    return render(request, "portal/track.html", {"unit": unit, "form": form})


def _take_rating(request, view: casework.PublicView) -> tuple[RatingForm | None, str, int, bool]:
    """The rating part of a status page: (form, why no rating is taken, HTTP status, just rated)."""
    if not view.can_rate:
        if request.method == "POST":
            return None, casework.not_rateable_message(view), 409, False
        return None, "", 200, False
    form = RatingForm(request.POST or None, levels=casework.rating_levels())
    if request.method == "POST" and form.is_valid():
        try:
            casework.rate_case(view.case, level=form.cleaned_data["level"], comment=form.cleaned_data["comment"])
        except casework.Refused as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return form, "", 200, True
    return form, "", 200, False


@never_cache
def status(request, unit_code: str, number: str):
    """The request's state and, once its case is completed, the rating form."""
    unit = _unit(unit_code)
    obj = (
        PortalRequest.objects.for_unit(unit)
        .filter(tracking_number=number, pk__in=request.session.get(SESSION_VERIFIED, []))
        .first()
    )
    if obj is None:
        return _track_again(unit, number)
    view = casework.public_view(obj)
    form, refused, code, rated = _take_rating(request, view)
    if rated:
        request.session[SESSION_RATED] = obj.pk
        return redirect("portal:status", unit.code, obj.tracking_number)
    context = {
        "unit": unit,
        "obj": obj,
        "view": view,
        "form": form,
        "refused": refused,
        "just_rated": request.session.pop(SESSION_RATED, None) == obj.pk,
        "accept_by": _accept_by(obj) if obj.status == RequestStatus.NEW else None,
    }
    return render(request, "portal/status.html", context, status=code)


@never_cache
def case_status(request, unit_code: str, number: str):
    """A case's state, public progress and, once it is completed, the rating form — for every case,
    also one opened at the window or on a visit, shown after its case number and phone matched."""
    unit = _unit(unit_code)
    case = casework.find_case(unit, number, among=request.session.get(SESSION_VERIFIED_CASES, []))
    if case is None:
        return _track_again(unit, number)
    if case.number != number:
        return redirect("portal:case_status", unit.code, case.number)
    view = casework.case_view(case)
    form, refused, code, rated = _take_rating(request, view)
    if rated:
        request.session[SESSION_RATED_CASE] = case.pk
        return redirect("portal:case_status", unit.code, case.number)
    context = {
        "unit": unit,
        "view": view,
        "form": form,
        "refused": refused,
        "just_rated": request.session.pop(SESSION_RATED_CASE, None) == case.pk,
    }
    return render(request, "portal/case_status.html", context, status=code)


def _portal_url(request, unit: Unit) -> str:
    return request.build_absolute_uri(reverse("portal:home", args=[unit.code]))


def qr_svg(request, unit_code: str):
    unit = _unit(unit_code)
    return qr.svg_response(_portal_url(request, unit), title=unit.name, filename=f"portal-{unit.code}.svg")


def poster(request, unit_code: str):
    """A page to print and hang up: the unit's name, the QR code of its portal, and the address."""
    unit = _unit(unit_code)
    url = _portal_url(request, unit)
    return render(request, "portal/poster.html", {"unit": unit, "url": url, "svg": qr.svg(url, title=unit.name)})
