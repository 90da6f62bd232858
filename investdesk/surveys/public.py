"""The public answer page: no login, Chinese or English, built for a phone.

`/surveys/p/<unit code>/<survey link name or invitation code>/[?ch=<channel code>]`.

One answer per person: an invitation code answers once (marked used in the answer's transaction);
a public link leaves a signed cookie per survey (django.core.signing) and refuses a second answer
from the same browser; a survey that is not anonymous also refuses a phone number it already has.
Answers per client address and hour are limited (limits.py) without storing the address.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from investdesk.core.models import Unit
from investdesk.surveys import limits, services
from investdesk.surveys.conf import settings_for
from investdesk.surveys.forms import AnswerForm
from investdesk.surveys.models import Access, Channel, InviteToken, Survey, SurveyStatus

log = logging.getLogger(__name__)

COOKIE_SALT = "investdesk.surveys.answered"
COOKIE_AGE = 400 * 24 * 3600  # longer than a survey year; browsers cap cookies at 400 days


def cookie_name(survey: Survey) -> str:
    return f"survey_{survey.pk}"


def _target(unit_code: str, key: str) -> tuple[Survey, InviteToken | None]:
    unit = get_object_or_404(Unit, code=unit_code)
    token = InviteToken.objects.filter(unit=unit, token=key).select_related("survey", "survey__unit").first()
    survey = token.survey if token else get_object_or_404(Survey.objects.select_related("unit"), unit=unit, slug=key)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404("survey not published")
    return survey, token


def _answered_here(request, survey: Survey) -> bool:
    return request.get_signed_cookie(cookie_name(survey), default=None, salt=COOKIE_SALT) == "1"


def _message(request, survey: Survey, text: str, status: int = 200, kind: str = "info"):
    context = {"survey": survey, "unit": survey.unit, "message": text, "kind": kind}
    return render(request, "surveys/public/message.html", context, status=status)


def _refusal(request, survey: Survey, token: InviteToken | None) -> str | None:
    """Why this visitor cannot answer (in words for the public), or None."""
    if token is not None and token.used:
        return _("This invitation has already been used: each one answers once. Thank you!")
    if token is None and survey.access == Access.INVITE:
        return _("This survey is answered by invitation: open the link on your invitation.")
    if token is None and _answered_here(request, survey):
        return _("You have already answered this survey. Thank you!")
    return services.refusal(survey, timezone.localdate())


@never_cache
def answer(request, unit_code: str, key: str):
    survey, token = _target(unit_code, key)
    reason = _refusal(request, survey, token)
    if reason is not None:
        return _message(request, survey, reason, status=403 if request.method == "POST" else 200)
    code = request.POST.get("ch") or request.GET.get("ch") or ""
    channel = Channel.objects.for_unit(survey.unit).filter(code=code, is_active=True).first() if code else None
    questions = list(survey.questions.prefetch_related("options"))
    form = AnswerForm(request.POST if request.method == "POST" else None, survey=survey, questions=questions)
    if request.method == "POST":
        address = limits.address_of(request)
        retry_at = limits.over_limit(address, survey, settings_for(survey.unit).answers_per_ip_hour)
        if retry_at is not None:
            text = _(
                "Too many answers have come from your network in the last hour. Please try again after %(time)s."
            ) % {"time": timezone.localtime(retry_at).strftime("%H:%M")}
            return _message(request, survey, text, status=429, kind="warning")
        if form.is_valid():
            done = _submit(request, form, survey, channel, token, address)
            if done is not None:
                return done
    context = {"survey": survey, "unit": survey.unit, "form": form, "channel": channel, "token": token}
    return render(request, "surveys/public/answer.html", context)


def _submit(request, form: AnswerForm, survey: Survey, channel, token, address: str):
    try:
        services.submit_response(survey, submission=form.submission(), channel=channel, token=token)
    except services.Refused as exc:
        return _message(request, survey, str(exc), status=403)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            target = f"q{name[1:]}" if name.startswith("q") and name[1:].isdigit() else name
            for message in errors:
                form.add_error(target if target in form.fields else None, message)
        return None
    limits.count_answer(address, survey)
    key = token.token if token else survey.slug
    response = redirect(reverse("surveys:thanks", kwargs={"unit_code": survey.unit.code, "key": key}))
    response.set_signed_cookie(
        cookie_name(survey),
        "1",
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        path="/surveys/p/",
    )
    return response


@never_cache
def thanks(request, unit_code: str, key: str):
    survey, _token = _target(unit_code, key)
    return _message(request, survey, _("Thank you! Your answers have been received."), kind="success")
