"""Visits (上门走访), consultations (咨询服务) and appeals (问题诉求与建议).

RULES.md §7: appeals raised on visits are tracked to 销号 with the department handling them, a
deadline in working days and the enterprise's feedback; key measures 问题解决率 and 企业满意率.
An appeal's status changes only along `TRANSITIONS`, each change through one service in
`services.py` that also writes an `AppealEvent` (the appeal's history).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.core.models import UnitScopedModel
from investdesk.enterprises.models import Enterprise
from investdesk.projects.models import InvestmentProject


class Purpose(models.TextChoices):
    """The four aims of a 上门式协调服务 visit named in the seed document."""

    POLICY = "policy", _("publicise policies")
    PROBLEMS = "problems", _("find out problems")
    SUGGESTIONS = "suggestions", _("collect suggestions")
    PROJECTS = "projects", _("push projects forward")


PURPOSE_ORDER = list(Purpose.values)


def join_purposes(values) -> str:
    """Stored as the codes in their fixed order, comma-separated: "policy,problems"."""
    chosen = set(values or ())
    return ",".join(p for p in PURPOSE_ORDER if p in chosen)


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _not_in_future(instance, names: tuple[str, ...], errors: dict) -> None:
    today = timezone.localdate()
    for name in names:
        value = getattr(instance, name)
        if value is None:
            continue
        day = timezone.localtime(value).date() if isinstance(value, datetime) else value
        if day > today:
            label = instance._meta.get_field(name).verbose_name
            errors.setdefault(name, []).append(
                _("%(field)s cannot be in the future (today is %(today)s).") % {"field": label, "today": today}
            )


def _project_of_enterprise(instance, errors: dict) -> None:
    project = instance.project
    if project is None:
        return
    if project.unit_id != instance.unit_id:
        errors.setdefault("project", []).append(_("Choose a project of this unit."))
    elif instance.enterprise_id and project.enterprise_id != instance.enterprise_id:
        errors.setdefault("project", []).append(
            _("The project “%(project)s” belongs to %(owner)s, not to the enterprise chosen.")
            % {"project": project.name, "owner": project.enterprise.name}
        )


def _enterprise_of_unit(instance, errors: dict) -> None:
    if instance.enterprise_id and instance.enterprise.unit_id != instance.unit_id:
        errors.setdefault("enterprise", []).append(_("Choose an enterprise of this unit's archive."))


class Visit(UnitScopedModel):
    """A visit to an enterprise (上门走访): who went, why, what was found.

    Appeals and suggestions raised on the visit are `Appeal` rows pointing back to it.
    """

    visited_on = models.DateField(_("visit date"))
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="visits", verbose_name=_("enterprise")
    )
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("visiting staff"))
    purposes = models.CharField(_("purposes"), max_length=60)
    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("investment project"),
    )
    findings = models.TextField(_("findings"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["unit", "visited_on"], name="outreach_visit_unit_date"),
            models.Index(fields=["unit", "enterprise", "visited_on"], name="outreach_visit_unit_ent"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise}"

    @property
    def purpose_list(self) -> list[str]:
        return [p for p in (self.purposes or "").split(",") if p]

    def purpose_labels(self) -> list[str]:
        labels = dict(Purpose.choices)
        return [str(labels.get(p, p)) for p in self.purpose_list]

    def staff_names(self) -> list[str]:
        """Names of the visiting staff (prefetch `staff` on lists)."""
        return [_person(u) for u in self.staff.all()]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        chosen = self.purpose_list
        unknown = [p for p in chosen if p not in PURPOSE_ORDER]
        if not chosen:
            errors["purposes"] = [_("Choose at least one purpose of the visit.")]
        elif unknown:
            errors["purposes"] = [_("Unknown purpose: %(value)s.") % {"value": "、".join(unknown)}]
        else:
            self.purposes = join_purposes(chosen)
        _not_in_future(self, ("visited_on",), errors)
        _enterprise_of_unit(self, errors)
        _project_of_enterprise(self, errors)
        if errors:
            raise ValidationError(errors)


class Channel(models.TextChoices):
    PHONE = "phone", pgettext_lazy("consultation channel", "phone")
    ONSITE = "onsite", pgettext_lazy("consultation channel", "on site")
    ONLINE = "online", pgettext_lazy("consultation channel", "online")


class Consultation(UnitScopedModel):
    """A consultation answered (咨询服务): by phone, on site or online, about a topic, for how long.

    The enterprise and the project are optional (an investor may call before registering);
    a consultation linked to a key project counts for 每年为重点投资项目提供咨询服务.
    """

    consulted_at = models.DateTimeField(_("time of the consultation"))
    channel = models.CharField(_("consultation channel"), max_length=10, choices=Channel.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("enterprise"),
    )
    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("investment project"),
    )
    inquirer = models.CharField(_("asked by"), max_length=60, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    answer = models.TextField(_("answer given"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-consulted_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            models.Index(fields=["unit", "consulted_at"], name="outreach_consult_unit_at"),
            models.Index(fields=["unit", "channel", "consulted_at"], name="outreach_consult_unit_chan"),
            models.Index(fields=["unit", "project"], name="outreach_consult_unit_proj"),
            models.Index(fields=["unit", "enterprise"], name="outreach_consult_unit_ent"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.consulted_at):%Y-%m-%d %H:%M} {self.topic}"

    @property
    def for_key_project(self) -> bool:
        return self.project is not None and bool(self.project.key_level)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.project is not None and not self.enterprise_id and self.project.unit_id == self.unit_id:
            self.enterprise = self.project.enterprise  # the project says whose it is
        _not_in_future(self, ("consulted_at",), errors)
        _enterprise_of_unit(self, errors)
        _project_of_enterprise(self, errors)
        if errors:
            raise ValidationError(errors)


class AppealKind(models.TextChoices):
    PROBLEM = "problem", _("problem or request")
    SUGGESTION = "suggestion", _("suggestion")


class Source(models.TextChoices):
    VISIT = "visit", pgettext_lazy("appeal source", "visit")
    CONSULTATION = "consultation", pgettext_lazy("appeal source", "consultation")
    PORTAL = "portal", pgettext_lazy("appeal source", "public portal")
    OTHER = "other", pgettext_lazy("appeal source", "other")


class Category(models.TextChoices):
    APPROVAL = "approval", _("approval procedures")
    LAND = "land", _("land and planning")
    UTILITIES = "utilities", _("water, power, gas and telecoms")
    FINANCE = "finance", _("financing")
    LABOUR = "labour", _("labour and talent")
    POLICY = "policy", _("policy benefits")
    INFRASTRUCTURE = "infrastructure", _("roads and supporting facilities")
    ENVIRONMENT = "environment", _("business environment")
    OTHER = "other", pgettext_lazy("appeal category", "other")


class AppealStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("appeal status", "awaiting coordination")
    COORDINATING = "coordinating", pgettext_lazy("appeal status", "being coordinated")
    RESOLVED = "resolved", pgettext_lazy("appeal status", "resolved")
    UNRESOLVABLE = "unresolvable", pgettext_lazy("appeal status", "cannot be resolved")
    CLOSED = "closed", pgettext_lazy("appeal status", "signed off")


class Outcome(models.TextChoices):
    """What the coordination came to; kept when the appeal is closed, cleared when it is reopened."""

    RESOLVED = "resolved", pgettext_lazy("appeal outcome", "resolved")
    UNRESOLVABLE = "unresolvable", pgettext_lazy("appeal outcome", "cannot be resolved")


class Feedback(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY = "basically", _("basically satisfied")
    DISSATISFIED = "dissatisfied", _("dissatisfied")


SATISFIED_FEEDBACK = (Feedback.SATISFIED, Feedback.BASICALLY)


class Action(models.TextChoices):
    COORDINATE = "coordinate", _("Start coordinating")
    RESOLVE = "resolve", _("Record as resolved")
    UNRESOLVABLE = "unresolvable", _("Record as cannot be resolved")
    CLOSE = "close", _("Close with the enterprise's feedback")
    REOPEN = "reopen", _("Reopen")


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    permission: str = LEDGER_EDIT


# The whole pipeline as data (STYLE.md habit 3): 待协调 → 协调中 → 已解决 / 无法解决 → 销号, and
# reopening (with a reason) from a decision or a closure back to 协调中. Staff often record a
# quick fix after the fact, so a pending appeal may be decided without passing 协调中.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(AppealStatus.PENDING, Action.COORDINATE, AppealStatus.COORDINATING),
    Transition(AppealStatus.PENDING, Action.RESOLVE, AppealStatus.RESOLVED),
    Transition(AppealStatus.PENDING, Action.UNRESOLVABLE, AppealStatus.UNRESOLVABLE),
    Transition(AppealStatus.COORDINATING, Action.RESOLVE, AppealStatus.RESOLVED),
    Transition(AppealStatus.COORDINATING, Action.UNRESOLVABLE, AppealStatus.UNRESOLVABLE),
    Transition(AppealStatus.RESOLVED, Action.CLOSE, AppealStatus.CLOSED),
    Transition(AppealStatus.RESOLVED, Action.REOPEN, AppealStatus.COORDINATING),
    Transition(AppealStatus.UNRESOLVABLE, Action.CLOSE, AppealStatus.CLOSED),
    Transition(AppealStatus.UNRESOLVABLE, Action.REOPEN, AppealStatus.COORDINATING),
    Transition(AppealStatus.CLOSED, Action.REOPEN, AppealStatus.COORDINATING),
)
STATUS_CATEGORY = {
    AppealStatus.PENDING: "open",
    AppealStatus.COORDINATING: "waiting",
    AppealStatus.RESOLVED: "resolved",
    AppealStatus.UNRESOLVABLE: "resolved",
    AppealStatus.CLOSED: "closed",
}
OPEN_STATUSES = (AppealStatus.PENDING, AppealStatus.COORDINATING)
DECIDED_STATUSES = (AppealStatus.RESOLVED, AppealStatus.UNRESOLVABLE, AppealStatus.CLOSED)
STATUS_OUTCOME = {AppealStatus.RESOLVED: Outcome.RESOLVED, AppealStatus.UNRESOLVABLE: Outcome.UNRESOLVABLE}


def transition_for(status: str, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == status and t.action == action), None)


def actions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == status]


class Appeal(UnitScopedModel):
    """A problem, request or suggestion of an enterprise (问题诉求与建议), tracked to 销号.

    `due_on` is `raised_on` plus `deadline_workdays` working days on the unit's calendar,
    computed by the service that saves the appeal.
    """

    kind = models.CharField(_("type"), max_length=12, choices=AppealKind.choices, default=AppealKind.PROBLEM)
    source = models.CharField(_("source"), max_length=14, choices=Source.choices, default=Source.OTHER)
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals", verbose_name=_("visit")
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("consultation"),
    )
    reference = models.CharField(
        _("source reference"),
        max_length=100,
        blank=True,
        help_text=_("e.g. the tracking number of a portal request, or who passed the appeal on."),
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("enterprise")
    )
    raised_on = models.DateField(_("date raised"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.OTHER)
    title = models.CharField(_("appeal"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    department = models.CharField(_("responsible department"), max_length=100)
    deadline_workdays = models.PositiveSmallIntegerField(
        _("deadline (working days)"), validators=[MinValueValidator(1), MaxValueValidator(250)]
    )
    due_on = models.DateField(_("due date"), editable=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("followed by"),
    )
    status = models.CharField(_("status"), max_length=14, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    unresolvable_reason = models.TextField(_("why it cannot be resolved"), blank=True)
    feedback = models.CharField(_("enterprise's feedback"), max_length=14, choices=Feedback.choices, blank=True)
    feedback_comment = models.TextField(_("feedback comment"), blank=True)
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="outreach_appeal_unit_status"),
            models.Index(fields=["unit", "raised_on"], name="outreach_appeal_unit_raised"),
            models.Index(fields=["unit", "category"], name="outreach_appeal_unit_cat"),
            models.Index(fields=["unit", "enterprise"], name="outreach_appeal_unit_ent"),
            models.Index(fields=["unit", "source"], name="outreach_appeal_unit_source"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def category_of_status(self) -> str:
        return STATUS_CATEGORY[self.status]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        _enterprise_of_unit(self, errors)
        self._clean_source(errors)
        self._clean_state(errors)
        _not_in_future(self, ("raised_on", "decided_on", "closed_on"), errors)
        for earlier, later in (("raised_on", "decided_on"), ("decided_on", "closed_on")):
            a, b = getattr(self, earlier), getattr(self, later)
            if a and b and b < a:
                errors.setdefault(later, []).append(
                    _("%(later)s (%(b)s) cannot be before %(earlier)s (%(a)s).")
                    % {
                        "later": self._meta.get_field(later).verbose_name,
                        "earlier": self._meta.get_field(earlier).verbose_name,
                        "a": a,
                        "b": b,
                    }
                )
        if errors:
            raise ValidationError(errors)

    def _clean_source(self, errors: dict) -> None:
        if self.source == Source.VISIT:
            if self.visit is None:
                errors.setdefault("visit", []).append(_("An appeal raised on a visit names the visit."))
            elif self.visit.enterprise_id != self.enterprise_id or self.visit.unit_id != self.unit_id:
                errors.setdefault("visit", []).append(_("The visit was made to another enterprise."))
        elif self.visit_id:
            errors.setdefault("source", []).append(_("An appeal linked to a visit has the source “visit”."))
        if self.source == Source.CONSULTATION and self.consultation is not None:
            if self.consultation.unit_id != self.unit_id:
                errors.setdefault("consultation", []).append(_("Choose a consultation of this unit."))
        elif self.consultation_id:
            errors.setdefault("source", []).append(
                _("An appeal linked to a consultation has the source “consultation”.")
            )

    def _clean_state(self, errors: dict) -> None:
        """The fields each status must carry, and those it must not (a reopened appeal is clean)."""
        decided = self.status in DECIDED_STATUSES
        wanted_outcome = STATUS_OUTCOME.get(self.status)
        if wanted_outcome:
            self.outcome = wanted_outcome
        if not decided and (self.outcome or self.decided_on):
            errors.setdefault("status", []).append(_("An open appeal has no decision yet."))
        if decided:
            if not self.outcome:
                errors.setdefault("outcome", []).append(_("Say whether the appeal was resolved."))
            if not self.decided_on:
                errors.setdefault("decided_on", []).append(_("Give the date of the decision."))
            if self.outcome == Outcome.RESOLVED and not self.resolution.strip():
                errors.setdefault("resolution", []).append(_("Say how the appeal was resolved."))
            if self.outcome == Outcome.UNRESOLVABLE and not self.unresolvable_reason.strip():
                errors.setdefault("unresolvable_reason", []).append(_("Give the reason it cannot be resolved."))
        closed = self.status == AppealStatus.CLOSED
        if closed and not self.feedback:
            errors.setdefault("feedback", []).append(_("Record the enterprise's feedback before closing."))
        if closed and not self.closed_on:
            errors.setdefault("closed_on", []).append(_("Give the closing date."))
        if not closed and (self.feedback or self.closed_on):
            errors.setdefault("status", []).append(_("Only a closed appeal has the enterprise's feedback."))


class EventKind(models.TextChoices):
    RAISED = "raised", _("appeal raised")
    IMPORTED = "imported", _("appeal imported")
    EDITED = "edited", _("appeal edited")
    STATUS = "status", _("status changed")


class AppealEvent(UnitScopedModel):
    """One entry of an appeal's history, written by the service that made the change."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events", verbose_name=_("appeal"))
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=14, choices=Action.choices, blank=True)
    from_status = models.CharField(_("from"), max_length=14, choices=AppealStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=14, choices=AppealStatus.choices, blank=True)
    on = models.DateField(_("date"), null=True, blank=True)  # the business date (decision, closing…)
    feedback = models.CharField(_("enterprise's feedback"), max_length=14, choices=Feedback.choices, blank=True)
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")
        indexes = [models.Index(fields=["appeal", "at"], name="outreach_event_appeal_at")]

    def __str__(self) -> str:
        return f"{self.appeal} {self.get_kind_display()} {self.to_status}"
