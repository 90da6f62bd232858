"""The staff pages of the surveys module: thin views that start with a unit- and role-checked getter,
parse input, call a service and render (STYLE.md habit 1). The public answer page is in public.py.

Building surveys is for whoever keeps a ledger or the performance table (director, agent, finance:
LEDGER_EDIT or PERFORMANCE_EDIT); the viewer reads results; channels are a reference list
(REFERENCE_MANAGE); the settings are the administrator's (UNIT_MANAGE).
"""

from __future__ import annotations

import logging
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import (
    LEDGER_EDIT,
    PERFORMANCE_EDIT,
    PERSONAL_DATA_VIEW,
    REFERENCE_MANAGE,
    UNIT_MANAGE,
)
from investdesk.core.periods import Period
from investdesk.core.web import choice_order, form_errors, list_sort, xlsx_response
from investdesk.surveys import exports, overview, qr, services
from investdesk.surveys.blueprints import BY_KEY
from investdesk.surveys.conf import SurveySettings, settings_for
from investdesk.surveys.forms import (
    BlueprintForm,
    ChannelForm,
    CopyForm,
    FilterForm,
    QuestionForm,
    SettingsForm,
    StatusForm,
    SurveyForm,
    TokenForm,
)
from investdesk.surveys.models import (
    SURVEY_TRANSITIONS,
    Access,
    Audience,
    Channel,
    InviteToken,
    Question,
    Survey,
    SurveyStatus,
)

log = logging.getLogger(__name__)
PAGE_SIZE = 25


def can_build(request) -> bool:
    return can(request, LEDGER_EDIT) or can(request, PERFORMANCE_EDIT)


def _require_builder(request) -> None:
    if not can_build(request):
        raise PermissionDenied("building surveys needs ledger.edit or performance.edit")


def _survey(request, pk: int) -> Survey:
    return get_for_unit(Survey.objects.select_related("unit"), request, pk=pk)


def _question(request, pk: int) -> Question:
    return get_for_unit(Question.objects.select_related("survey", "survey__unit"), request, pk=pk)


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the list and the year's rates -----------------------------------------------------------------------


SURVEY_SORT = {
    "title": "title",
    "audience": choice_order("audience", Audience.choices),
    "period": ("opens_on", "closes_on"),
    "access": choice_order("access", Access.choices),
    "status": choice_order("status", SurveyStatus.choices),
    "answers": "answers",
}


@unit_view()
def survey_list(request):
    latest = Survey.objects.for_unit(request.unit).order_by("-year").values_list("year", flat=True).first()
    year = FilterForm(request.GET or None).year_or(latest or timezone.localdate().year)
    sort = list_sort(request, SURVEY_SORT)
    surveys = (
        Survey.objects.for_unit(request.unit)
        .filter(year=year)
        .annotate(answers=Count("responses"))
        .order_by("opens_on", "id")
    )
    page = Paginator(sort.apply(surveys), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "year": year,
        "years": _years(request.unit, year),
        "rates": overview.year_rates(request.unit, Period.year_of(year)),
        "query": f"year={year}" + (f"&sort={sort.param}" if sort.key else ""),
        "sort": sort,
        "can_build": can_build(request),
    }
    return render(request, "surveys/list.html", context)


def _years(unit, year: int) -> list[int]:
    found = set(Survey.objects.for_unit(unit).values_list("year", flat=True).distinct())
    return sorted(found | {year, timezone.localdate().year}, reverse=True)


# --- one survey -------------------------------------------------------------------------------------------


@unit_view()
def survey_create(request):
    _require_builder(request)
    chooser = BlueprintForm(request.GET or None, initial={"year": timezone.localdate().year})
    picked = chooser.cleaned_data if chooser.is_bound and chooser.is_valid() else {}
    year = picked.get("year") or timezone.localdate().year
    key = request.POST.get("blueprint", "") if request.method == "POST" else picked.get("blueprint", "")
    if key and key not in BY_KEY:
        raise Http404("unknown template")
    blank = {"opens_on": date(year, 1, 1), "closes_on": date(year, 12, 31)}
    initial = services.blueprint_fields(key, year) if key else blank
    form = SurveyForm(request.POST or None, initial=initial, instance=Survey(unit=request.unit))
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                request.unit, actor=request.user, fields=form.service_fields(), blueprint=key
            )
        except ValidationError as exc:
            form_errors(form, exc, renamed={"options": "options_text"})
        else:
            messages.success(request, _("The survey “%(title)s” has been created.") % {"title": survey.title})
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "chooser": chooser, "blueprint": key, "survey": None})


@unit_view()
def survey_detail(request, pk: int):
    survey = _survey(request, pk)
    questions = list(survey.questions.prefetch_related("options"))
    answered = survey.responses.exists()
    channels = list(Channel.objects.for_unit(request.unit).filter(is_active=True))
    context = {
        "survey": survey,
        "questions": questions,
        "answered": answered,
        "responses": survey.responses.count(),
        "channels": channels,
        "public_url": qr.answer_url(request, survey),
        "problems": services.publish_problems(survey) if survey.status == SurveyStatus.DRAFT else [],
        "next_statuses": [
            (s, SurveyStatus(s).label)
            for s in sorted(SURVEY_TRANSITIONS[survey.status])
            if not (answered and s == SurveyStatus.DRAFT)
        ],
        "tokens": survey.tokens.aggregate(total=Count("id"), used=Count("id", filter=Q(used=True))),
        "can_build": can_build(request),
        "copy_form": CopyForm(initial={"year": survey.year + 1}),
    }
    return render(request, "surveys/detail.html", context)


@unit_view()
def survey_edit(request, pk: int):
    _require_builder(request)
    survey = _survey(request, pk)
    form = SurveyForm(request.POST or None, instance=Survey.objects.get(pk=survey.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(survey, actor=request.user, fields=form.service_fields())
        except ValidationError as exc:
            form_errors(form, exc, renamed={"options": "options_text"})
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "survey": survey, "chooser": None})


@require_POST
@unit_view()
def survey_status(request, pk: int):
    _require_builder(request)
    survey = _survey(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("surveys:detail", pk=survey.pk)
    try:
        services.change_status(survey, actor=request.user, to=form.cleaned_data["to"])
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("surveys:detail", pk=survey.pk)


@unit_view()
def survey_copy(request, pk: int):
    _require_builder(request)
    survey = _survey(request, pk)
    form = CopyForm(request.POST or None, initial={"year": survey.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_survey(
                survey, actor=request.user, year=form.cleaned_data["year"], slug=form.cleaned_data["slug"]
            )
        except ValidationError as exc:
            form_errors(form, exc, renamed={"options": "options_text"})
        else:
            messages.success(request, _("The survey has been copied to %(year)s.") % {"year": copy.year})
            return redirect("surveys:detail", pk=copy.pk)
    return render(request, "surveys/copy.html", {"form": form, "survey": survey})


@require_POST
@unit_view()
def survey_delete(request, pk: int):
    _require_builder(request)
    survey = _survey(request, pk)
    try:
        services.delete_survey(survey, actor=request.user)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("surveys:detail", pk=survey.pk)
    messages.success(request, _("The survey has been deleted."))
    return redirect("surveys:list")


# --- questions --------------------------------------------------------------------------------------------


def _save_question(request, survey: Survey, question: Question | None):
    form = QuestionForm(request.POST or None, instance=question or Question(survey=survey, unit=request.unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(
                survey,
                actor=request.user,
                fields=form.service_fields(),
                options=form.options(),
                correct=form.cleaned_data["correct"],
                question=question,
            )
        except ValidationError as exc:
            form_errors(form, exc, renamed={"options": "options_text"})
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("surveys:detail", pk=survey.pk)
    context = {"form": form, "survey": survey, "question": question, "answered": survey.responses.exists()}
    return render(request, "surveys/question_form.html", context)


@unit_view()
def question_create(request, pk: int):
    _require_builder(request)
    return _save_question(request, _survey(request, pk), None)


@unit_view()
def question_edit(request, pk: int):
    _require_builder(request)
    question = _question(request, pk)
    return _save_question(request, question.survey, question)


@require_POST
@unit_view()
def question_move(request, pk: int):
    _require_builder(request)
    question = _question(request, pk)
    services.move_question(question, actor=request.user, up=request.POST.get("direction") == "up")
    return redirect(f"{_detail_url(question.survey)}#question-{question.pk}")


def _detail_url(survey: Survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


@require_POST
@unit_view()
def question_delete(request, pk: int):
    _require_builder(request)
    question = _question(request, pk)
    try:
        services.delete_question(question, actor=request.user)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect("surveys:detail", pk=question.survey_id)


# --- invitation codes, posters ----------------------------------------------------------------------------


@unit_view()
def tokens(request, pk: int):
    survey = _survey(request, pk)
    conf = settings_for(request.unit)
    form = TokenForm(request.POST or None, initial={"count": 20})
    if request.method == "POST":
        _require_builder(request)
        if form.is_valid():
            try:
                made = services.generate_tokens(
                    survey,
                    actor=request.user,
                    count=form.cleaned_data["count"],
                    label=form.cleaned_data["label"],
                    conf=conf,
                )
            except ValidationError as exc:
                form_errors(form, exc, renamed={"options": "options_text"})
            else:
                messages.success(request, _("%(n)s invitation codes have been created.") % {"n": len(made)})
                return redirect("surveys:tokens", pk=survey.pk)
    rows = InviteToken.objects.filter(survey=survey).order_by("id")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    for token in page.object_list:
        token.url = qr.answer_url(request, survey, key=token.token)
    context = {"survey": survey, "form": form, "page": page, "can_build": can_build(request), "conf": conf}
    return render(request, "surveys/tokens.html", context)


@unit_view()
def tokens_export(request, pk: int):
    survey = _survey(request, pk)
    data = exports.tokens_xlsx(survey, lambda t: qr.answer_url(request, survey, key=t.token))
    return xlsx_response(data, _("invitation codes %(slug)s.xlsx") % {"slug": survey.slug})


@unit_view()
def tokens_print(request, pk: int):
    survey = _survey(request, pk)
    cards = [
        {
            "token": t.token,
            "label": t.label,
            "url": (url := qr.answer_url(request, survey, key=t.token)),
            "svg": qr.svg(url, scale=3),
        }
        for t in InviteToken.objects.filter(survey=survey, used=False).order_by("id")
    ]
    return render(request, "surveys/tokens_print.html", {"survey": survey, "cards": cards})


def _channel(request, code: str) -> Channel | None:
    if not code:
        return None
    found = Channel.objects.for_unit(request.unit).filter(code=code).first()
    if found is None:
        raise Http404("no such channel")
    return found


@unit_view()
def poster(request, pk: int):
    survey = _survey(request, pk)
    channel = _channel(request, request.GET.get("ch", ""))
    url = qr.answer_url(request, survey, channel=channel.code if channel else "")
    context = {"survey": survey, "channel": channel, "url": url, "svg": qr.svg(url, scale=10)}
    return render(request, "surveys/poster.html", context)


# --- results ----------------------------------------------------------------------------------------------


@unit_view()
def results(request, pk: int):
    survey = _survey(request, pk)
    found = overview.results_for(survey, settings_for(request.unit))
    context = {
        "survey": survey,
        "results": found,
        "charts": overview.chart_data(found),
        "combined": overview.combined_for(survey),
        "rule": settings_for(request.unit).awareness_rule,
    }
    return render(request, "surveys/results.html", context)


@unit_view()
def export_answers(request, pk: int):
    survey = _survey(request, pk)
    data = exports.answers_xlsx(survey, show_personal=can(request, PERSONAL_DATA_VIEW))
    return xlsx_response(data, _("answers %(slug)s.xlsx") % {"slug": survey.slug})


# --- channels and settings --------------------------------------------------------------------------------


@unit_view()
def channels(request):
    services.ensure_channels(request.unit)
    form = ChannelForm(request.POST or None, instance=Channel(unit=request.unit))
    if request.method == "POST":
        require(request, REFERENCE_MANAGE)
        if form.is_valid():
            try:
                services.save_channel(request.unit, actor=request.user, fields=_channel_fields(form))
            except ValidationError as exc:
                form_errors(form, exc, renamed={"options": "options_text"})
            else:
                messages.success(request, _("The channel has been saved."))
                return redirect("surveys:channels")
    rows = Channel.objects.for_unit(request.unit)
    context = {"form": form, "rows": rows, "can_manage": can(request, REFERENCE_MANAGE)}
    return render(request, "surveys/channels.html", context)


def _channel_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in ChannelForm.Meta.fields}


@unit_view(REFERENCE_MANAGE)
def channel_edit(request, pk: int):
    channel = get_for_unit(Channel, request, pk=pk)
    form = ChannelForm(request.POST or None, instance=Channel.objects.get(pk=channel.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_channel(request.unit, actor=request.user, fields=_channel_fields(form), channel=channel)
        except ValidationError as exc:
            form_errors(form, exc, renamed={"options": "options_text"})
        else:
            messages.success(request, _("The channel has been saved."))
            return redirect("surveys:channels")
    return render(request, "surveys/channel_form.html", {"form": form, "channel": channel})


@unit_view()
def survey_settings(request):
    conf = settings_for(request.unit)
    form = SettingsForm(request.POST or None, initial=conf.to_dict())
    if request.method == "POST":
        require(request, UNIT_MANAGE)
        if form.is_valid():
            try:
                services.update_settings(request.unit, actor=request.user, values=form.cleaned_data)
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The survey settings have been saved."))
                return redirect("surveys:settings")
    context = {"form": form, "editable": can(request, UNIT_MANAGE), "defaults": SurveySettings()}
    return render(request, "surveys/settings.html", context)
