"""Satisfaction and awareness surveys (RULES.md §4 and §8): the survey, its questions, the channels
it is handed out through, invitation codes, and the answers.

Anonymity is a property of the stored rows: an anonymous survey's `Response` holds the survey, the
channel, the audience, the day (`answered_on`, a date) and nothing else — no user, no address, no
time of day, no cookie, no invitation. Responses and answers are therefore not in the audit trail
(its rows carry the client address and the exact time).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.core.models import UnitScopedModel

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,59}$",
    _("Use 2–60 lower-case letters, digits or “-”, starting with a letter or digit."),
)
CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_-]{0,19}$",
    _("Use 1–20 lower-case letters, digits, “-” or “_”, starting with a letter."),
)


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


class Audience(models.TextChoices):
    PUBLIC = "public", _("the general public")
    CITIZENS = "citizens", _("people served at the center")
    INVESTORS = "investors", _("investors")
    ENTERPRISES = "enterprises", _("enterprises")


class SurveyAudience(models.TextChoices):
    """Whom a survey asks. The mixed audience lets each respondent say which of the two they are."""

    PUBLIC = "public", _("the general public")
    CITIZENS = "citizens", _("people served at the center")
    INVESTORS = "investors", _("investors")
    CITIZENS_INVESTORS = "citizens_investors", _("people served and investors")
    ENTERPRISES = "enterprises", _("enterprises")


SERVICE_USERS = (Audience.CITIZENS, Audience.INVESTORS)  # the seed's "办事群众、投资客商"


class Access(models.TextChoices):
    PUBLIC = "public", _("public link")
    INVITE = "invite", _("one-time invitation codes")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", pgettext_lazy("survey", "published")
    CLOSED = "closed", pgettext_lazy("survey", "closed")


# Allowed status changes (STYLE.md habit 3). Back to draft only while nobody has answered
# (checked in the service): answers must keep meaning what was asked.
SURVEY_TRANSITIONS: dict[str, frozenset[str]] = {
    SurveyStatus.DRAFT: frozenset({SurveyStatus.OPEN}),
    SurveyStatus.OPEN: frozenset({SurveyStatus.CLOSED, SurveyStatus.DRAFT}),
    SurveyStatus.CLOSED: frozenset({SurveyStatus.OPEN}),
}
STATUS_CATEGORY = {SurveyStatus.DRAFT: "waiting", SurveyStatus.OPEN: "open", SurveyStatus.CLOSED: "closed"}


class QuestionKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("satisfaction (five levels)")
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TEXT = "text", _("free text")
    KNOWLEDGE = "knowledge", _("knowledge question (one correct answer)")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.KNOWLEDGE)


class Level(models.TextChoices):
    """The five levels of RULES.md §4; the codes are those of the cases app's 好差评."""

    VERY_SATISFIED = "very_satisfied", _("very satisfied")
    SATISFIED = "satisfied", pgettext_lazy("rating", "satisfied")
    BASIC = "basic", _("basically satisfied")
    DISSATISFIED = "dissatisfied", _("dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("very dissatisfied")


SATISFIED_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED, Level.BASIC)


class Channel(UnitScopedModel):
    """Where a survey was handed out (窗口, 走访, 公众号 …): a unit's reference list.

    The code travels in the answer link (`?ch=window`), so each poster's QR code tells where its
    answers came from.
    """

    code = models.CharField(_("code"), max_length=20, validators=[CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("survey channel")
        verbose_name_plural = _("survey channels")
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="surveys_channel_unit_code"),
            models.UniqueConstraint(fields=["unit", "name"], name="surveys_channel_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_en if _english() and self.name_en else self.name


class Survey(UnitScopedModel):
    """One questionnaire for one audience, answered between two dates."""

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    slug = models.CharField(
        _("link name"),
        max_length=60,
        validators=[SLUG_VALIDATOR],
        help_text=_("The last part of the public link, e.g. 2022-public."),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=SurveyAudience.choices)
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("English introduction"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    access = models.CharField(_("access"), max_length=8, choices=Access.choices, default=Access.PUBLIC)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Store nothing that links an answer to a person: no name, phone, address or time of day."),
    )
    status = models.CharField(_("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    template_key = models.CharField(_("template"), max_length=30, blank=True, editable=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("copied from")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "opens_on", "id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [models.UniqueConstraint(fields=["unit", "slug"], name="surveys_survey_unit_slug")]
        indexes = [models.Index(fields=["unit", "year", "audience"], name="surveys_survey_unit_year")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.opens_on:
            self.year = self.opens_on.year
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})
        if self.opens_on:
            self.year = self.opens_on.year

    @property
    def display_title(self) -> str:
        return self.title_en if _english() and self.title_en else self.title

    @property
    def display_intro(self) -> str:
        return self.intro_en if _english() and self.intro_en else self.intro

    @property
    def asks_audience(self) -> bool:
        return self.audience == SurveyAudience.CITIZENS_INVESTORS


class Question(UnitScopedModel):
    """One question of a survey; `position` orders them."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("English question"), max_length=300, blank=True)
    required = models.BooleanField(_("answer required"), default=True)
    counts_for_rate = models.BooleanField(
        _("counts for the satisfaction rate"),
        default=False,
        help_text=_("Satisfaction questions only: its answers enter the satisfaction rate of the audience."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["survey", "position"], name="surveys_question_order")]

    def __str__(self) -> str:
        return self.text

    @property
    def display_text(self) -> str:
        return self.text_en if _english() and self.text_en else self.text

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS


class Option(UnitScopedModel):
    """A choice of a single-choice, multiple-choice or knowledge question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question"))
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.CharField(_("option"), max_length=200)
    label_en = models.CharField(_("English option"), max_length=200, blank=True)
    is_correct = models.BooleanField(_("correct answer"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label

    @property
    def display_label(self) -> str:
        return self.label_en if _english() and self.label_en else self.label


class InviteToken(UnitScopedModel):
    """A one-time invitation code: its link answers the survey once.

    For an anonymous survey the code is only marked used (`used`), with no date and no link to the
    answer, so a list of who got which code cannot be joined to the answers.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("survey"))
    token = models.CharField(_("invitation code"), max_length=16)
    label = models.CharField(_("note"), max_length=100, blank=True, help_text=_("E.g. the event it was handed out at."))
    used = models.BooleanField(_("used"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        constraints = [models.UniqueConstraint(fields=["unit", "token"], name="surveys_token_unit_token")]
        indexes = [models.Index(fields=["survey", "used"], name="surveys_token_survey_used")]

    def __str__(self) -> str:
        return self.token


class Response(UnitScopedModel):
    """One person's answers to one survey.

    Anonymous surveys fill only survey, channel, audience and answered_on; the personal fields stay
    empty (a test inspects every field of the stored rows).
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("channel")
    )
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    answered_on = models.DateField(_("answered on"))
    # Only for surveys that are not anonymous, and only when the respondent gives them.
    respondent_name = models.CharField(_("name"), max_length=50, blank=True)
    respondent_phone = models.CharField(_("phone"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    token = models.OneToOneField(
        InviteToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("invitation")
    )

    class Meta:
        ordering = ["answered_on", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["unit", "answered_on", "audience"], name="surveys_response_unit_day"),
            models.Index(fields=["survey", "answered_on"], name="surveys_response_survey_day"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.answered_on:%Y-%m-%d} #{self.pk}"


class Answer(UnitScopedModel):
    """The answer to one question: a level, an option (one row per option ticked), or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    level = models.CharField(_("level"), max_length=18, choices=Level.choices, blank=True)
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("option")
    )
    text = models.TextField(_("text"), blank=True)
    correct = models.BooleanField(_("correct"), null=True, blank=True)

    class Meta:
        ordering = ["response_id", "question_id", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "level"], name="surveys_answer_question_level")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.level or self.option_id or self.text[:20]}"


class RateBucket(UnitScopedModel):
    """How many answers one client address sent to one survey in one clock hour.

    The address is never stored: `key` is a keyed hash (HMAC with the secret key) of the address,
    the survey and the hour, so the row cannot be turned back into an address nor joined to an
    answer. Rows older than the previous hour are deleted on every count.
    """

    key = models.CharField(max_length=64, unique=True)
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["hour"]
        verbose_name = _("answer counter")
        verbose_name_plural = _("answer counters")
        indexes = [models.Index(fields=["hour"], name="surveys_ratebucket_hour")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.hour):%Y-%m-%d %H}h {self.count}"
