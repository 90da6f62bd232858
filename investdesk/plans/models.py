"""The implementation plan (项目实施计划) of a budget project, and the study trips (学习考察).

A `Milestone` belongs to the BudgetProject whose plan it is (the seed's plan is part of the
project document): one quarter, an owner, a due date (the quarter's end by default) and a
status that moves only along `TRANSITIONS`; a done milestone carries its evidence (a note or a
file). A `StudyTrip` records a trip to learn from advanced areas and what the unit adopted at
home; its cost is the sum of the budget expenditures linked to it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.budget.models import Expenditure
from investdesk.core.models import UnitScopedModel
from investdesk.core.periods import Period
from investdesk.performance.models import BudgetProject


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


# The allowed status changes; done and dropped can be reopened to correct a mistake.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.DONE, Status.DROPPED}),
    Status.IN_PROGRESS: frozenset({Status.PLANNED, Status.DONE, Status.DROPPED}),
    Status.DONE: frozenset({Status.IN_PROGRESS}),
    Status.DROPPED: frozenset({Status.PLANNED}),
}
# The steps back (corrections): the status form asks to confirm them.
BACKWARD: dict[str, frozenset[str]] = {
    Status.IN_PROGRESS: frozenset({Status.PLANNED}),
    Status.DONE: frozenset({Status.IN_PROGRESS}),
    Status.DROPPED: frozenset({Status.PLANNED}),
}
CATEGORY: dict[str, str] = {
    Status.PLANNED: "open",
    Status.IN_PROGRESS: "open",
    Status.DONE: "resolved",
    Status.DROPPED: "closed",
}
OPEN = (Status.PLANNED, Status.IN_PROGRESS)


def quarter_end(year: int, quarter: int) -> date:
    return Period.quarter(year, quarter).end


def evidence_path(instance: Milestone, filename: str) -> str:
    return f"units/{instance.unit_id}/plans/{uuid4().hex}{Path(filename).suffix.lower()}"


class Milestone(UnitScopedModel):
    """One step of a project's implementation plan, in one quarter of the project's year."""

    project = models.ForeignKey(
        BudgetProject, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("budget project")
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)], choices=[(n, n) for n in range(1, 5)]
    )
    title = models.CharField(_("milestone"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), blank=True, help_text=_("Empty: the end of the quarter."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    drop_reason = models.CharField(_("reason for dropping"), max_length=300, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, max_length=300, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_note = models.TextField(_("evidence"), blank=True, help_text=_("What was done, with numbers and dates."))
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
        ordering = ["project", "quarter", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["project", "quarter", "title"], name="plans_milestone_unique_title"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="plans_milestone_quarter"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="plans_milestone_unit_status"),
            models.Index(fields=["unit", "done_on"], name="plans_milestone_unit_done"),
            models.Index(fields=["project", "quarter"], name="plans_milestone_project_q"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category(self) -> str:
        return CATEGORY[self.status]

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in OPEN and self.due_on is not None and self.due_on < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.project_id and self.quarter in (1, 2, 3, 4):
            if not self.due_on:
                self.due_on = quarter_end(self.project.year, self.quarter)
            elif self.due_on.year != self.project.year:
                errors.setdefault("due_on", []).append(
                    _("The due date must lie in the project's year %(year)s.") % {"year": self.project.year}
                )
        self._check_status(errors)
        if errors:
            raise ValidationError(errors)

    def _check_status(self, errors: dict) -> None:
        if self.status == Status.DONE:
            if not self.done_on:
                errors.setdefault("done_on", []).append(_("A done milestone has its done date."))
            elif self.done_on > timezone.localdate():
                errors.setdefault("done_on", []).append(_("The done date is in the future."))
            if not (self.evidence_note or "").strip() and not self.evidence:
                errors.setdefault("evidence_note", []).append(_("Describe the evidence or attach a file."))
        elif self.done_on:
            errors.setdefault("done_on", []).append(_("Only a done milestone has a done date."))
        if self.status == Status.DROPPED and not (self.drop_reason or "").strip():
            errors.setdefault("drop_reason", []).append(_("Give the reason for dropping the milestone."))


class MilestoneEvent(UnitScopedModel):
    """A status change of a milestone: who moved it from what to what, and why."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="events", verbose_name=_("milestone")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("milestone event")
        verbose_name_plural = _("milestone events")

    def __str__(self) -> str:
        return f"{self.milestone} {self.from_status}→{self.to_status}"


class StudyTrip(UnitScopedModel):
    """A 学习考察: where, when, who went, what was learned and what the unit adopted at home."""

    destination = models.CharField(_("destination"), max_length=200)
    start_on = models.DateField(_("start date"))
    end_on = models.DateField(_("end date"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("participants"), blank=True
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    practices = models.TextField(_("practices learned"), blank=True)
    measures = models.TextField(_("measures adopted at home"), blank=True)
    expenditures = models.ManyToManyField(
        Expenditure, related_name="study_trips", verbose_name=_("linked expenditures"), blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-start_on", "-pk"]
        verbose_name = _("study trip")
        verbose_name_plural = _("study trips")
        indexes = [models.Index(fields=["unit", "start_on"], name="plans_trip_unit_start")]

    def __str__(self) -> str:
        return f"{self.start_on} {self.destination}"

    @property
    def days(self) -> int:
        return (self.end_on - self.start_on).days + 1

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.start_on and self.start_on > timezone.localdate():
            errors.setdefault("start_on", []).append(_("Record a trip once it has started: the date is in the future."))
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors.setdefault("end_on", []).append(_("The end date is before the start date."))
        if errors:
            raise ValidationError(errors)
