"""代办/帮办 delegation cases (RULES.md §4, §7): the case, its plan, blockers, files, events,
the requester's rating (好差评) and the rectification every 差评 opens.

The status pipeline is data: `TRANSITIONS` names each allowed step, the statuses it leaves
from, the status it reaches and the roles that may take it. Every step is one service in
`services.py` that checks this table and writes the `CaseEvent` the timeline shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.core.models import Unit, UnitScopedModel
from investdesk.enterprises.models import Enterprise
from investdesk.projects.models import ApprovalItem, InvestmentProject


class CaseStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("case status", "applied")
    ACCEPTED = "accepted", pgettext_lazy("case status", "accepted")
    REJECTED = "rejected", pgettext_lazy("case status", "not accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("case status", "in progress")
    PAUSED = "paused", pgettext_lazy("case status", "paused")
    COMPLETED = "completed", pgettext_lazy("case status", "completed")
    VISITED = "visited", pgettext_lazy("case status", "followed up")
    ARCHIVED = "archived", pgettext_lazy("case status", "archived")
    TERMINATED = "terminated", pgettext_lazy("case status", "terminated")


STATUS_ORDER = list(CaseStatus.values)
# open: someone of the center has to act; waiting: the clock stops for the enterprise;
# resolved: the service is done, the follow-up and rating remain; closed: nothing more happens.
STATUS_CATEGORY: dict[str, str] = {
    CaseStatus.APPLIED: "open",
    CaseStatus.ACCEPTED: "open",
    CaseStatus.IN_PROGRESS: "open",
    CaseStatus.PAUSED: "waiting",
    CaseStatus.COMPLETED: "resolved",
    CaseStatus.VISITED: "resolved",
    CaseStatus.ARCHIVED: "closed",
    CaseStatus.REJECTED: "closed",
    CaseStatus.TERMINATED: "closed",
}
OPEN_STATUSES = tuple(s for s, c in STATUS_CATEGORY.items() if c in ("open", "waiting"))
# A rating is possible once the case is 办结 (and stays possible after the follow-up and archiving).
RATEABLE_STATUSES = (CaseStatus.COMPLETED, CaseStatus.VISITED, CaseStatus.ARCHIVED)


class Channel(models.TextChoices):
    WINDOW = "window", _("at the service window")
    ONLINE = "online", _("online, without a visit (不见面)")
    VISIT = "visit", _("on a visit to the enterprise")


class Scope(models.TextChoices):
    FULL = "full", _("full delegation (全程代办)")
    PARTIAL = "partial", _("partial delegation (部分代办)")
    ASSIST = "assist", _("assistance (帮办)")


# Delegation acts in the enterprise's name, so it needs a signed 委托书; assistance does not.
SCOPES_NEEDING_MANDATE = (Scope.FULL, Scope.PARTIAL)


class Role:
    """Who may take a step: the unit's director, the case's responsible agent, its co-agents."""

    DIRECTOR = "director"
    AGENT = "agent"
    CO_AGENT = "co_agent"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: object  # lazy translation: the button
    needs_reason: bool = False

    @property
    def is_final(self) -> bool:
        """The step ends the work or closes the case (into a resolved or closed status from
        another category), so no step leads back: the page asks to confirm it."""
        target = STATUS_CATEGORY[self.target]
        return target in ("resolved", "closed") and any(STATUS_CATEGORY[s] != target for s in self.sources)


_WORKERS = (Role.DIRECTOR, Role.AGENT, Role.CO_AGENT)
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "accept", (CaseStatus.APPLIED,), CaseStatus.ACCEPTED, (Role.DIRECTOR,), pgettext_lazy("case", "Accept")
        ),
        Transition(
            "reject",
            (CaseStatus.APPLIED,),
            CaseStatus.REJECTED,
            (Role.DIRECTOR,),
            pgettext_lazy("case", "Do not accept"),
            needs_reason=True,
        ),
        Transition(
            "start", (CaseStatus.ACCEPTED,), CaseStatus.IN_PROGRESS, _WORKERS, pgettext_lazy("case", "Start the work")
        ),
        Transition(
            "pause",
            (CaseStatus.IN_PROGRESS,),
            CaseStatus.PAUSED,
            _WORKERS,
            pgettext_lazy("case", "Pause (waiting for the enterprise)"),
            needs_reason=True,
        ),
        Transition("resume", (CaseStatus.PAUSED,), CaseStatus.IN_PROGRESS, _WORKERS, pgettext_lazy("case", "Resume")),
        Transition(
            "complete", (CaseStatus.IN_PROGRESS,), CaseStatus.COMPLETED, _WORKERS, pgettext_lazy("case", "Complete")
        ),
        Transition(
            "visit",
            (CaseStatus.COMPLETED,),
            CaseStatus.VISITED,
            _WORKERS,
            pgettext_lazy("case", "Record the follow-up visit"),
        ),
        Transition(
            "archive", (CaseStatus.VISITED,), CaseStatus.ARCHIVED, (Role.DIRECTOR,), pgettext_lazy("case", "Archive")
        ),
        Transition(
            "terminate",
            (CaseStatus.APPLIED, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.PAUSED),
            CaseStatus.TERMINATED,
            (Role.DIRECTOR, Role.AGENT),
            pgettext_lazy("case", "Terminate"),
            needs_reason=True,
        ),
    )
}


def transition_between(source: str, target: str) -> Transition | None:
    """The step that leads from one status to another, or None when no step does."""
    return next((t for t in TRANSITIONS.values() if source in t.sources and t.target == target), None)


class RatingLevel(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("very satisfied")
    SATISFIED = "satisfied", pgettext_lazy("rating", "satisfied")
    BASIC = "basic", _("basically satisfied")
    DISSATISFIED = "dissatisfied", _("dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("very dissatisfied")


GOOD_LEVELS = (RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED, RatingLevel.BASIC)  # 好评
BAD_LEVELS = (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)  # 差评


class RatingSource(models.TextChoices):
    PORTAL = "portal", _("on the portal")
    PHONE = "phone", _("by phone, recorded by the agent")
    DEFAULT = "default", _("default after the rating window")


class EventKind(models.TextChoices):
    APPLIED = "applied", _("request received")
    STATUS = "status", _("status changed")
    ASSIGNED = "assigned", _("agents assigned")
    MANDATE = "mandate", _("letter of authorisation")
    PLAN = "plan", _("plan changed")
    ITEM = "item", _("approval item progress")
    BLOCKER = "blocker", _("blocker")
    FILE = "file", _("file")
    RATING = "rating", _("rating")
    RECTIFICATION = "rectification", _("rectification")
    EDITED = "edited", _("case data changed")


class AgencyCase(UnitScopedModel):
    """A 代办/帮办 case: an investor's request for help with a project's approvals, from the
    application to the follow-up visit, the rating and the archive."""

    number = models.CharField(_("case number"), max_length=60, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.APPLIED)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_cases",
        verbose_name=_("enterprise"),
    )
    enterprise_name = models.CharField(
        _("enterprise name"), max_length=200, blank=True, help_text=_("As given by the requester.")
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    requester_name = models.CharField(_("contact person"), max_length=50)
    requester_phone = models.CharField(_("contact phone"), max_length=30)
    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_cases",
        verbose_name=_("investment project"),
    )
    project_name = models.CharField(_("project name"), max_length=200, blank=True)
    project_code = models.CharField(_("project code"), max_length=24, blank=True)
    help_needed = models.TextField(_("help needed"))
    applied_on = models.DateField(_("application date"), default=timezone.localdate)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_cases",
        verbose_name=_("agent"),
    )
    co_agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_agency_cases", verbose_name=_("co-agents")
    )
    mandate_number = models.CharField(_("letter of authorisation number"), max_length=60, blank=True)
    mandate_signed_on = models.DateField(_("letter of authorisation signed on"), null=True, blank=True)
    handover_list = models.TextField(
        _("hand-over list"), blank=True, help_text=_("The documents handed back to the enterprise, one per line.")
    )
    visit_note = models.TextField(_("follow-up visit record"), blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the request was not accepted or the case was terminated.")
    )
    accepted_on = models.DateField(_("acceptance date"), null=True, blank=True)
    started_on = models.DateField(_("work started on"), null=True, blank=True)
    completed_on = models.DateField(pgettext_lazy("case", "completion date"), null=True, blank=True)
    visited_on = models.DateField(_("follow-up visit date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    search_initials = models.CharField(_("pinyin initials"), max_length=300, blank=True, editable=False)
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
        ordering = ["-applied_on", "-id"]
        verbose_name = _("delegation case")
        verbose_name_plural = _("delegation cases")
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="cases_number_once_per_unit"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="cases_unit_status"),
            models.Index(fields=["unit", "agent"], name="cases_unit_agent"),
            models.Index(fields=["unit", "channel"], name="cases_unit_channel"),
            models.Index(fields=["unit", "applied_on"], name="cases_unit_applied"),
            models.Index(fields=["unit", "accepted_on"], name="cases_unit_accepted"),
            models.Index(fields=["unit", "completed_on"], name="cases_unit_completed"),
            models.Index(fields=["unit", "requester_name"], name="cases_unit_requester"),  # the global search
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.display_enterprise}"

    @property
    def display_enterprise(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.enterprise_name

    @property
    def display_project(self) -> str:
        return self.project.name if self.project_id else self.project_name

    @property
    def category(self) -> str:
        return STATUS_CATEGORY[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def needs_mandate(self) -> bool:
        return self.scope in SCOPES_NEEDING_MANDATE


class CaseSequence(models.Model):
    """The last case number given per unit and year; the row is locked while a number is taken."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["unit", "year"]
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="cases_sequence_once")]

    def __str__(self) -> str:
        return f"{self.unit_id}-{self.year}: {self.last}"


class PlanItem(UnitScopedModel):
    """One approval item of the project in the case's plan (代办方案), with the working days the
    center promises. The item's progress lives in the projects app: linked, never copied."""

    case = models.ForeignKey(AgencyCase, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("case"))
    approval_item = models.ForeignKey(
        ApprovalItem, on_delete=models.PROTECT, related_name="plan_entries", verbose_name=_("approval item")
    )
    promised_workdays = models.PositiveSmallIntegerField(
        _("promised working days"),
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("Counted from the department's acceptance of the item; paused days do not count."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["approval_item__position", "id"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.UniqueConstraint(fields=["case", "approval_item"], name="cases_plan_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.approval_item.name}"


class Blocker(UnitScopedModel):
    """A 卡点: what holds the case up, at which department, and how it was resolved."""

    case = models.ForeignKey(AgencyCase, on_delete=models.CASCADE, related_name="blockers", verbose_name=_("case"))
    plan_item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="blockers",
        verbose_name=_("plan item"),
    )
    department = models.CharField(_("department involved"), max_length=100)
    description = models.TextField(_("what holds the case up"))
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["raised_on", "id"]
        verbose_name = _("blocker")
        verbose_name_plural = _("blockers")
        indexes = [models.Index(fields=["unit", "resolved_on"], name="cases_blocker_unit_resolved")]

    def __str__(self) -> str:
        return f"{self.department}: {self.description[:40]}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class ActionKind(models.TextChoices):
    COORDINATION = "coordination", _("coordination meeting (会办)")
    SUPERVISION = "supervision", _("supervision (督办)")
    OTHER = "other", _("other action")


class BlockerAction(UnitScopedModel):
    """A 会办 or 督办 action taken on a blocker, and its result."""

    blocker = models.ForeignKey(Blocker, on_delete=models.CASCADE, related_name="actions", verbose_name=_("blocker"))
    kind = models.CharField(_("kind"), max_length=14, choices=ActionKind.choices)
    taken_on = models.DateField(_("date"), default=timezone.localdate)
    content = models.TextField(_("action taken"))
    result = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["taken_on", "id"]
        verbose_name = _("coordination action")
        verbose_name_plural = _("coordination actions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.taken_on}"


class FileKind(models.TextChoices):
    MANDATE = "mandate", _("signed letter of authorisation")
    HANDOVER = "handover", _("hand-over document")
    OTHER = "other", _("other document")


def case_file_path(instance: CaseFile, filename: str) -> str:
    """Under MEDIA_ROOT (outside the web root); a random name, the original one is in `filename`."""
    suffix = Path(filename).suffix.lower()
    return f"units/{instance.unit_id}/cases/{instance.case_id}/{uuid4().hex}{suffix}"


class CaseFile(UnitScopedModel):
    """A file of the case (the signed 委托书, hand-over documents…), served only to the unit's users."""

    case = models.ForeignKey(AgencyCase, on_delete=models.CASCADE, related_name="files", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices, default=FileKind.OTHER)
    file = models.FileField(_("file"), upload_to=case_file_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")

    def __str__(self) -> str:
        return self.filename


class CaseEvent(UnitScopedModel):
    """A domain event of a case, written by the service that made the change (the timeline).

    `on` is the business date (the day the case was accepted, paused…): the working-day clock
    is computed from these dates, so a pause is the span between a "paused" and the next
    status event. `public` events are shown to the requester on the portal.
    """

    case = models.ForeignKey(AgencyCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=14, choices=EventKind.choices)
    transition = models.CharField(_("step"), max_length=12, blank=True)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    public_text = models.CharField(_("text shown to the requester"), max_length=300, blank=True)
    public = models.BooleanField(_("shown to the requester"), default=False)

    class Meta:
        ordering = ["on", "at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [models.Index(fields=["case", "kind", "on"], name="cases_event_case_kind_on")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.to_status}"

    @property
    def to_status_label(self) -> str:
        return str(CaseStatus(self.to_status).label) if self.to_status in CaseStatus.values else self.to_status


class Rating(UnitScopedModel):
    """The requester's 好差评 of a finished case: one per case (RULES.md §4)."""

    case = models.OneToOneField(AgencyCase, on_delete=models.CASCADE, related_name="rating", verbose_name=_("case"))
    level = models.CharField(_("rating"), max_length=18, choices=RatingLevel.choices)
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(_("source"), max_length=8, choices=RatingSource.choices)
    is_default = models.BooleanField(_("default rating"), default=False)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [
            models.Index(fields=["unit", "rated_at"], name="cases_rating_unit_rated"),
            models.Index(fields=["unit", "level"], name="cases_rating_unit_level"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_level_display()}"

    @property
    def is_good(self) -> bool:
        return self.level in GOOD_LEVELS

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("being rectified")
    DONE = "done", _("rectified")


class Rectification(UnitScopedModel):
    """The 整改 record a 差评 opens: who is responsible, by when, the follow-up call, the result
    and what the requester answered."""

    case = models.ForeignKey(
        AgencyCase, on_delete=models.CASCADE, related_name="rectifications", verbose_name=_("case")
    )
    rating = models.OneToOneField(
        Rating, on_delete=models.CASCADE, related_name="rectification", verbose_name=_("rating")
    )
    status = models.CharField(
        _("status"), max_length=6, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("deadline"))
    measures = models.TextField(_("rectification measures"), blank=True)
    followed_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up record"), blank=True)
    result = models.TextField(_("result"), blank=True)
    requester_reply = models.TextField(_("the requester's reply"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        indexes = [models.Index(fields=["unit", "status", "due_on"], name="cases_rect_unit_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_on__isnull=False), name="cases_rect_done_has_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == RectificationStatus.OPEN
