"""Every write of the surveys module (STYLE.md habit 2): one function per change, with an explicit
actor (None for a member of the public), validating the whole row and saving in one transaction.

A ValidationError names the field (`{"closes_on": [...]}`, or `{"q12": [...]}` for an answer).
"""

from __future__ import annotations

import calendar
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.core.identifiers import validate_phone
from investdesk.surveys.blueprints import BY_KEY, Blueprint
from investdesk.surveys.conf import SurveySettings
from investdesk.surveys.models import (
    CHOICE_KINDS,
    SURVEY_TRANSITIONS,
    Access,
    Answer,
    Audience,
    Channel,
    InviteToken,
    Level,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyAudience,
    SurveyStatus,
)

log = logging.getLogger(__name__)

SURVEY_FIELDS = (
    "title",
    "title_en",
    "slug",
    "audience",
    "intro",
    "intro_en",
    "opens_on",
    "closes_on",
    "access",
    "anonymous",
)
QUESTION_FIELDS = ("kind", "text", "text_en", "required", "counts_for_rate")
# Invitation codes: no 0/o, 1/l/i, so a code read aloud or copied from paper is typed right.
TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 10
DEFAULT_CHANNELS = (
    ("window", "窗口", "Service window"),
    ("visit", "走访", "Visits"),
    ("wechat", "公众号", "WeChat official account"),
    ("website", "网站", "Website"),
    ("event", "现场活动", "On-site event"),
)


def _check(instance) -> None:
    instance.full_clean(exclude=["unit"])


# --- channels ---------------------------------------------------------------------------------------------


def ensure_channels(unit) -> int:
    """Give the unit the usual channels the first time it needs them; idempotent."""
    if Channel.objects.for_unit(unit).exists():
        return 0
    rows = [
        Channel(unit=unit, code=code, name=name, name_en=name_en, position=(n + 1) * 10)
        for n, (code, name, name_en) in enumerate(DEFAULT_CHANNELS)
    ]
    try:
        with transaction.atomic():
            Channel.objects.bulk_create(rows)
    except IntegrityError:  # another request seeded them at the same moment
        return 0
    return len(rows)


@transaction.atomic
def save_channel(unit, *, actor, fields: dict, channel: Channel | None = None) -> Channel:
    channel = channel or Channel(unit=unit)
    for name, value in fields.items():
        setattr(channel, name, value)
    _check(channel)
    for name in ("code", "name"):
        same = Channel.objects.for_unit(unit).filter(**{name: getattr(channel, name)}).exclude(pk=channel.pk)
        if same.exists():
            raise ValidationError({name: [_("Another channel of this unit already uses it.")]})
    channel.save()
    log.info("survey channel %s of unit %s saved by %s", channel.code, unit.code, actor)
    return channel


# --- surveys ----------------------------------------------------------------------------------------------


def _unique_slug(survey: Survey) -> None:
    same = Survey.objects.for_unit(survey.unit_id).filter(slug=survey.slug).exclude(pk=survey.pk)
    if same.exists():
        raise ValidationError({"slug": [_("Another survey of this unit already uses this link name.")]})


def _locked_fields(survey: Survey, fields: dict) -> None:
    """Once people have answered, whom the survey asks and whether it is anonymous stay as they were."""
    if survey.pk is None or not survey.responses.exists():
        return
    stored = Survey.objects.get(pk=survey.pk)
    for name in ("audience", "anonymous"):
        if name in fields and fields[name] != getattr(stored, name):
            raise ValidationError({name: [_("People have answered already: this can no longer be changed.")]})


@transaction.atomic
def create_survey(unit, *, actor, fields: dict, blueprint: str = "") -> Survey:
    survey = Survey(unit=unit, template_key=blueprint)
    for name in SURVEY_FIELDS:
        if name in fields:
            setattr(survey, name, fields[name])
    _check(survey)
    _unique_slug(survey)
    survey.save()
    if blueprint:
        _add_blueprint_questions(survey, BY_KEY[blueprint])
    log.info("survey %s of unit %s created by %s (template %s)", survey.pk, unit.code, actor, blueprint or "-")
    return survey


def blueprint_fields(key: str, year: int) -> dict:
    """The survey fields a template proposes for a year (the form's initial values)."""
    found = BY_KEY[key]
    return {
        "title": found.title.format(year=year),
        "title_en": found.title_en.format(year=year),
        "slug": found.slug.format(year=year),
        "audience": found.audience,
        "intro": found.intro,
        "intro_en": found.intro_en,
        "opens_on": date(year, 1, 1),
        "closes_on": date(year, 12, 31),
        "access": Access.PUBLIC,
        "anonymous": True,
    }


def _add_blueprint_questions(survey: Survey, blueprint: Blueprint) -> None:
    for n, q in enumerate(blueprint.questions, 1):
        question = Question.objects.create(
            unit_id=survey.unit_id,
            survey=survey,
            position=n * 10,
            kind=q.kind,
            text=q.text,
            text_en=q.text_en,
            required=q.required,
            counts_for_rate=q.counts_for_rate,
        )
        Option.objects.bulk_create(
            Option(
                unit_id=survey.unit_id,
                question=question,
                position=i * 10,
                label=label,
                label_en=label_en,
                is_correct=q.correct == i,
            )
            for i, (label, label_en) in enumerate(q.options, 1)
        )


@transaction.atomic
def update_survey(survey: Survey, *, actor, fields: dict) -> Survey:
    _locked_fields(survey, fields)
    for name in SURVEY_FIELDS:
        if name in fields:
            setattr(survey, name, fields[name])
    _check(survey)
    _unique_slug(survey)
    survey.save()
    log.info("survey %s of unit %s changed by %s", survey.pk, survey.unit.code, actor)
    return survey


def publish_problems(survey: Survey) -> list[str]:
    """What keeps a survey from being published: each problem names the question."""
    questions = list(survey.questions.prefetch_related("options"))
    if not questions:
        return [_("Add at least one question.")]
    problems = []
    for n, q in enumerate(questions, 1):
        options = list(q.options.all())
        if q.kind in CHOICE_KINDS and len(options) < 2:
            problems.append(_("Question %(n)s: give at least two options.") % {"n": n})
        if q.kind == QuestionKind.KNOWLEDGE and sum(o.is_correct for o in options) != 1:
            problems.append(_("Question %(n)s: mark exactly one correct answer.") % {"n": n})
    return problems


@transaction.atomic
def change_status(survey: Survey, *, actor, to: str) -> Survey:
    current = Survey.objects.select_for_update().values_list("status", flat=True).get(pk=survey.pk)
    if to not in SURVEY_TRANSITIONS.get(current, ()):
        raise ValidationError({"status": [_("A survey cannot go from “%(from)s” to “%(to)s”.") % _labels(current, to)]})
    if to == SurveyStatus.OPEN and (problems := publish_problems(survey)):
        raise ValidationError({"status": problems})
    if to == SurveyStatus.DRAFT and survey.responses.exists():
        raise ValidationError({"status": [_("People have answered already: the survey cannot go back to draft.")]})
    Survey.objects.filter(pk=survey.pk).update(status=to)
    survey.status = to
    log.info("survey %s of unit %s set to %s by %s", survey.pk, survey.unit_id, to, actor)
    return survey


def _labels(source: str, target: str) -> dict:
    names = dict(SurveyStatus.choices)
    return {"from": names.get(source, source), "to": names.get(target, target)}


def _shift_year(day: date, years: int) -> date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _replace_year(text: str, old: int, new: int) -> str:
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)


@transaction.atomic
def copy_survey(survey: Survey, *, actor, year: int, slug: str = "") -> Survey:
    """A draft copy for another year: dates moved by whole years, the year in the title and link
    replaced, the questions and options copied; no answers and no invitation codes."""
    years = year - survey.year
    copy = Survey(
        unit_id=survey.unit_id,
        title=_replace_year(survey.title, survey.year, year),
        title_en=_replace_year(survey.title_en, survey.year, year),
        slug=slug or _replace_year(survey.slug, survey.year, year),
        audience=survey.audience,
        intro=survey.intro,
        intro_en=survey.intro_en,
        opens_on=_shift_year(survey.opens_on, years),
        closes_on=_shift_year(survey.closes_on, years),
        access=survey.access,
        anonymous=survey.anonymous,
        template_key=survey.template_key,
        copied_from=survey,
    )
    if copy.slug == survey.slug:
        copy.slug = f"{survey.slug}-{year}"[:60]
    _check(copy)
    _unique_slug(copy)
    copy.save()
    for question in survey.questions.prefetch_related("options"):
        options = list(question.options.all())
        question.pk, question.id, question.survey = None, None, copy
        question.save()
        Option.objects.bulk_create(
            Option(
                unit_id=copy.unit_id,
                question=question,
                position=o.position,
                label=o.label,
                label_en=o.label_en,
                is_correct=o.is_correct,
            )
            for o in options
        )
    log.info("survey %s of unit %s copied to %s for %s by %s", survey.pk, survey.unit_id, copy.pk, year, actor)
    return copy


@transaction.atomic
def delete_survey(survey: Survey, *, actor) -> None:
    if survey.responses.exists():
        raise ValidationError({"status": [_("People have answered this survey: close it instead of deleting it.")]})
    log.info("survey %s (%s) of unit %s deleted by %s", survey.pk, survey.title, survey.unit_id, actor)
    survey.delete()


# --- questions --------------------------------------------------------------------------------------------


def _editable(survey: Survey) -> None:
    if survey.responses.exists():
        message = _(
            "People have answered already: the questions can no longer change. Copy the survey to make a new version."
        )
        raise ValidationError({"kind": [message]})


@transaction.atomic
def save_question(
    survey: Survey,
    *,
    actor,
    fields: dict,
    options: list[tuple[str, str]],
    correct: int | None = None,
    question: Question | None = None,
) -> Question:
    """Create or change a question with its options (replaced as given, in order)."""
    _editable(survey)
    question = question or Question(unit_id=survey.unit_id, survey=survey, position=_next_position(survey))
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    if question.kind != QuestionKind.SATISFACTION:
        question.counts_for_rate = False
    _check_options(question, options, correct)
    _check(question)
    question.save()
    question.options.all().delete()
    if question.kind in CHOICE_KINDS:
        Option.objects.bulk_create(
            Option(
                unit_id=survey.unit_id,
                question=question,
                position=n * 10,
                label=label,
                label_en=label_en,
                is_correct=question.kind == QuestionKind.KNOWLEDGE and correct == n,
            )
            for n, (label, label_en) in enumerate(options, 1)
        )
    log.info("question %s of survey %s saved by %s", question.pk, survey.pk, actor)
    return question


def _check_options(question: Question, options: list[tuple[str, str]], correct: int | None) -> None:
    if question.kind not in CHOICE_KINDS:
        return
    if len(options) < 2:
        raise ValidationError({"options": [_("Give at least two options, one per line.")]})
    labels = [label for label, _en in options]
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": [_("Two options have the same text.")]})
    if question.kind == QuestionKind.KNOWLEDGE and not (correct and 1 <= correct <= len(options)):
        raise ValidationError(
            {"correct": [_("Give the number of the correct option (1 to %(n)s).") % {"n": len(options)}]}
        )


def _next_position(survey: Survey) -> int:
    return (survey.questions.aggregate(top=Max("position"))["top"] or 0) + 10


@transaction.atomic
def move_question(question: Question, *, actor, up: bool) -> None:
    """Swap with the neighbour above or below; positions are renumbered 10, 20, … on the way."""
    ordered = list(Question.objects.select_for_update().filter(survey_id=question.survey_id).order_by("position", "id"))
    index = next(n for n, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for n, q in enumerate(ordered, 1):
        if q.position != n * 10:
            Question.objects.filter(pk=q.pk).update(position=n * 10)
    log.info("question %s of survey %s moved %s by %s", question.pk, question.survey_id, "up" if up else "down", actor)


@transaction.atomic
def delete_question(question: Question, *, actor) -> None:
    _editable(question.survey)
    log.info("question %s of survey %s deleted by %s", question.pk, question.survey_id, actor)
    question.delete()


# --- invitation codes -------------------------------------------------------------------------------------


def _new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _n in range(TOKEN_LENGTH))


@transaction.atomic
def generate_tokens(survey: Survey, *, actor, count: int, label: str, conf: SurveySettings) -> list[InviteToken]:
    if not 1 <= count <= conf.max_tokens_per_batch:
        raise ValidationError(
            {"count": [_("Create between 1 and %(n)s codes at a time.") % {"n": conf.max_tokens_per_batch}]}
        )
    existing = set(InviteToken.objects.for_unit(survey.unit_id).values_list("token", flat=True))
    fresh: set[str] = set()
    while len(fresh) < count:
        token = _new_token()
        if token not in existing:
            fresh.add(token)
    rows = InviteToken.objects.bulk_create(
        InviteToken(unit_id=survey.unit_id, survey=survey, token=t, label=label) for t in sorted(fresh)
    )
    log.info("%s invitation codes for survey %s created by %s", count, survey.pk, actor)
    return rows


# --- answering --------------------------------------------------------------------------------------------


def refusal(survey: Survey, today: date) -> str | None:
    """Why the survey takes no answer today, in words for the public; None when it does."""
    if survey.status == SurveyStatus.DRAFT:
        return _("This survey is not open yet.")
    if survey.status == SurveyStatus.CLOSED:
        return _("This survey has been closed. Thank you for your interest.")
    if today < survey.opens_on:
        return _("This survey opens on %(day)s.") % {"day": survey.opens_on.isoformat()}
    if today > survey.closes_on:
        return _("This survey closed on %(day)s. Thank you for your interest.") % {"day": survey.closes_on.isoformat()}
    return None


@dataclass
class Submission:
    """What a respondent sent: per question id a level code, an option id, option ids, or text."""

    values: dict[int, object] = field(default_factory=dict)
    audience: str = ""
    name: str = ""
    phone: str = ""


class Refused(Exception):
    """The answer cannot be taken at all (survey closed, code used); nothing was stored."""


@transaction.atomic
def submit_response(
    survey: Survey,
    *,
    actor=None,
    submission: Submission,
    channel: Channel | None = None,
    token: InviteToken | None = None,
    on: date | None = None,
) -> Response:
    """Store one person's answers. The invitation code, if any, is marked used in the same transaction.

    An anonymous survey stores the day only, and neither the name, the phone nor the code.
    Not in the audit trail: its rows would carry the client address and the exact time.
    """
    day = on or timezone.localdate()
    if (reason := refusal(survey, day)) is not None:
        raise Refused(reason)
    if survey.access == Access.INVITE and token is None:
        raise Refused(_("This survey is answered by invitation: open the link on your invitation."))
    answers, audience, name, phone = _checked(survey, submission)
    with disable_auditlog():
        if token is not None and not InviteToken.objects.filter(pk=token.pk, survey=survey, used=False).update(
            used=True
        ):
            raise Refused(_("This invitation has already been used: each one answers once."))
        response = Response.objects.create(
            unit_id=survey.unit_id,
            survey=survey,
            channel=channel if channel is None or channel.unit_id == survey.unit_id else None,
            audience=audience,
            answered_on=day,
            respondent_name=name,
            respondent_phone=phone,
            submitted_at=None if survey.anonymous else timezone.now(),
            token=None if survey.anonymous else token,
        )
        for answer in answers:
            answer.response, answer.unit_id = response, survey.unit_id
        Answer.objects.bulk_create(answers)
    return response


def _checked(survey: Survey, submission: Submission) -> tuple[list[Answer], str, str, str]:
    """Every answer checked at once, so that the page shows all the problems together."""
    errors: dict[str, list[str]] = {}
    answers, audience, name, phone = [], "", "", ""
    try:
        answers = _answers(list(survey.questions.prefetch_related("options")), submission)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        audience = _audience(survey, submission.audience)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not survey.anonymous:
        try:
            name, phone = _contact(survey, submission)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return answers, audience, name, phone


def _audience(survey: Survey, chosen: str) -> str:
    if survey.audience != SurveyAudience.CITIZENS_INVESTORS:
        return survey.audience
    if chosen not in (Audience.CITIZENS, Audience.INVESTORS):
        raise ValidationError({"audience": [_("Please say whether you came on your own business or as an investor.")]})
    return chosen


def _contact(survey: Survey, submission: Submission) -> tuple[str, str]:
    name, phone = submission.name.strip()[:50], submission.phone.strip()
    if phone:
        try:
            phone = validate_phone(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
        if Response.objects.filter(survey=survey, respondent_phone=phone).exists():
            raise Refused(_("An answer with this phone number has already been received. Thank you!"))
    return name, phone


def _answers(questions: list[Question], submission: Submission) -> list[Answer]:
    errors: dict[str, list[str]] = {}
    answers: list[Answer] = []
    for q in questions:
        value = submission.values.get(q.pk)
        if value in (None, "", [], ()):
            if q.required:
                errors[f"q{q.pk}"] = [_("Please answer this question.")]
            continue
        try:
            answers.extend(_answer(q, value))
        except ValidationError as exc:
            errors[f"q{q.pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return answers


def _answer(q: Question, value) -> list[Answer]:
    if q.kind == QuestionKind.SATISFACTION:
        if value not in Level.values:
            raise ValidationError(_("Choose one of the five levels."))
        return [Answer(question=q, level=value)]
    if q.kind == QuestionKind.TEXT:
        text = str(value).strip()
        if len(text) > 1000:
            raise ValidationError(_("Please keep the answer within 1,000 characters."))
        return [Answer(question=q, text=text)]
    options = {o.pk: o for o in q.options.all()}
    chosen = list(value) if isinstance(value, list | tuple) else [value]
    try:
        picked = [options[int(v)] for v in chosen]
    except (KeyError, TypeError, ValueError):
        raise ValidationError(_("Choose among the options shown.")) from None
    if q.kind != QuestionKind.MULTIPLE and len(picked) != 1:
        raise ValidationError(_("Choose one option."))
    knowledge = q.kind == QuestionKind.KNOWLEDGE
    return [Answer(question=q, option=o, correct=o.is_correct if knowledge else None) for o in dict.fromkeys(picked)]


# --- settings ---------------------------------------------------------------------------------------------


def update_settings(unit, *, actor, values: dict) -> SurveySettings:
    """Check and store the unit's survey settings (ValueError names the key when one is wrong)."""
    conf = SurveySettings.from_dict(values)
    unit.settings = {**(unit.settings or {}), "surveys": conf.to_dict()}
    unit.save(update_fields=["settings"])
    log.info("survey settings of unit %s changed by %s: %s", unit.code, actor, conf.to_dict())
    return conf
