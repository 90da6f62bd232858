"""Investment projects (投资项目), their approval items (审批事项) and follow-ups (跟进记录).

RULES.md §5: four approval stages, each with items that have a responsible department and a
legal time limit in working days; the project code (GB/T 40058-2021); "拿地即开工".
Statuses are data: the allowed transitions are in `STATUS_TRANSITIONS` / `ITEM_TRANSITIONS`,
and every change goes through one service in `services.py` that also writes a `ProjectEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.core.models import UnitScopedModel
from investdesk.enterprises import industries
from investdesk.enterprises.models import Enterprise, KeyLevel
from investdesk.projects.codes import validate_code
from investdesk.projects.conf import settings_for


class InvestorType(models.TextChoices):
    GOVERNMENT = "government", _("government investment")
    ENTERPRISE = "enterprise", _("enterprise investment")


class ApprovalType(models.TextChoices):
    APPROVAL = "approval", pgettext_lazy("approval type", "approval")
    RATIFICATION = "ratification", pgettext_lazy("approval type", "ratification")
    FILING = "filing", pgettext_lazy("approval type", "filing")


class Status(models.TextChoices):
    NEGOTIATING = "negotiating", pgettext_lazy("project status", "in negotiation")
    SIGNED = "signed", pgettext_lazy("project status", "signed")
    PREPARING = "preparing", pgettext_lazy("project status", "preparatory work")
    UNDER_CONSTRUCTION = "under_construction", pgettext_lazy("project status", "under construction")
    COMPLETED = "completed", pgettext_lazy("project status", "construction completed")
    IN_PRODUCTION = "in_production", pgettext_lazy("project status", "in production")


# One step forward, or one step back to correct a mistake; nothing else.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEGOTIATING: frozenset({Status.SIGNED}),
    Status.SIGNED: frozenset({Status.PREPARING, Status.NEGOTIATING}),
    Status.PREPARING: frozenset({Status.UNDER_CONSTRUCTION, Status.SIGNED}),
    Status.UNDER_CONSTRUCTION: frozenset({Status.COMPLETED, Status.PREPARING}),
    Status.COMPLETED: frozenset({Status.IN_PRODUCTION, Status.UNDER_CONSTRUCTION}),
    Status.IN_PRODUCTION: frozenset({Status.COMPLETED}),
}
# The date a project must carry once it has reached a status (and every later one).
STATUS_DATES: dict[str, str] = {
    Status.SIGNED: "signed_on",
    Status.UNDER_CONSTRUCTION: "started_on",
    Status.COMPLETED: "completed_on",
    Status.IN_PRODUCTION: "production_on",
}
STATUS_ORDER = list(Status.values)


def is_backward(current: str, to: str) -> bool:
    """A step back along the pipeline (to correct a mistake): it asks for confirmation."""
    return STATUS_ORDER.index(to) < STATUS_ORDER.index(current)


# The phase of a status: what the list filters and the dashboard group by.
STATUS_PHASE = {
    Status.NEGOTIATING: "pipeline",
    Status.SIGNED: "pipeline",
    Status.PREPARING: "construction",
    Status.UNDER_CONSTRUCTION: "construction",
    Status.COMPLETED: "done",
    Status.IN_PRODUCTION: "done",
}


class LandDocument(models.TextChoices):
    CONTRACT = "contract", _("land transfer contract (出让合同)")
    CERTIFICATE = "certificate", _("real estate title certificate (不动产权证)")


class Stage(models.TextChoices):
    LAND_PLANNING = "land_planning", _("project approval and land-use planning permit")
    ENGINEERING = "engineering", _("construction engineering permit")
    CONSTRUCTION = "construction", _("construction permit")
    ACCEPTANCE = "acceptance", _("completion acceptance")


STAGE_ORDER = list(Stage.values)


class AppliesTo(models.TextChoices):
    ALL = "all", _("all projects")
    APPROVAL = ApprovalType.APPROVAL.value, _("approval projects only")
    RATIFICATION = ApprovalType.RATIFICATION.value, _("ratification projects only")
    FILING = ApprovalType.FILING.value, _("filing projects only")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("approval item", "not started")
    SUBMITTED = "submitted", pgettext_lazy("approval item", "submitted")
    ACCEPTED = "accepted", pgettext_lazy("approval item", "accepted")
    COMPLETED = "completed", pgettext_lazy("approval item", "completed")
    NOT_NEEDED = "not_needed", pgettext_lazy("approval item", "not needed")


# Staff often record an item after the fact, so forward jumps are allowed; going back is one step.
ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.NOT_STARTED: frozenset(
        {ItemStatus.SUBMITTED, ItemStatus.ACCEPTED, ItemStatus.COMPLETED, ItemStatus.NOT_NEEDED}
    ),
    ItemStatus.SUBMITTED: frozenset({ItemStatus.ACCEPTED, ItemStatus.COMPLETED, ItemStatus.NOT_STARTED}),
    ItemStatus.ACCEPTED: frozenset({ItemStatus.COMPLETED, ItemStatus.SUBMITTED}),
    ItemStatus.COMPLETED: frozenset({ItemStatus.ACCEPTED}),
    ItemStatus.NOT_NEEDED: frozenset({ItemStatus.NOT_STARTED}),
}
# The steps back of an item (a correction): they ask for confirmation.
ITEM_BACKWARD: dict[str, frozenset[str]] = {
    ItemStatus.SUBMITTED: frozenset({ItemStatus.NOT_STARTED}),
    ItemStatus.ACCEPTED: frozenset({ItemStatus.SUBMITTED}),
    ItemStatus.COMPLETED: frozenset({ItemStatus.ACCEPTED}),
    ItemStatus.NOT_NEEDED: frozenset({ItemStatus.NOT_STARTED}),
}
ITEM_CATEGORY = {
    ItemStatus.NOT_STARTED: "open",
    ItemStatus.SUBMITTED: "waiting",
    ItemStatus.ACCEPTED: "waiting",
    ItemStatus.COMPLETED: "resolved",
    ItemStatus.NOT_NEEDED: "closed",
}
# The dates an item must carry in each status; the others must be empty.
ITEM_DATES: dict[str, tuple[str, ...]] = {
    ItemStatus.NOT_STARTED: (),
    ItemStatus.SUBMITTED: ("submitted_on",),
    ItemStatus.ACCEPTED: ("accepted_on",),
    ItemStatus.COMPLETED: ("accepted_on", "completed_on"),
    ItemStatus.NOT_NEEDED: (),
}
ITEM_DATE_FIELDS = ("submitted_on", "accepted_on", "completed_on")
ITEM_ALLOWED_DATES: dict[str, tuple[str, ...]] = {
    ItemStatus.NOT_STARTED: (),
    ItemStatus.SUBMITTED: ("submitted_on",),
    ItemStatus.ACCEPTED: ("submitted_on", "accepted_on"),
    ItemStatus.COMPLETED: ITEM_DATE_FIELDS,
    ItemStatus.NOT_NEEDED: (),
}


def _not_in_future(instance: models.Model, names: tuple[str, ...], errors: dict) -> None:
    today = timezone.localdate()
    for name in names:
        value = getattr(instance, name)
        if value and value > today:
            label = instance._meta.get_field(name).verbose_name
            errors.setdefault(name, []).append(
                _("%(field)s cannot be in the future (today is %(today)s).") % {"field": label, "today": today}
            )


def _in_order(instance: models.Model, pairs: tuple[tuple[str, str], ...], errors: dict) -> None:
    """Each (earlier, later) pair of dates in order; the message sits on the later field."""
    for earlier, later in pairs:
        a, b = getattr(instance, earlier), getattr(instance, later)
        if a and b and b < a:
            errors.setdefault(later, []).append(
                _("%(later)s (%(b)s) cannot be before %(earlier)s (%(a)s).")
                % {
                    "later": instance._meta.get_field(later).verbose_name,
                    "earlier": instance._meta.get_field(earlier).verbose_name,
                    "a": a,
                    "b": b,
                }
            )


class InvestmentProject(UnitScopedModel):
    """An investment project the center follows, from negotiation to production."""

    project_code = models.CharField(
        _("project code"),
        max_length=24,
        blank=True,
        help_text=_("24 characters, e.g. 2022-530114-04-01-123456. A project in negotiation may have none yet."),
    )
    name = models.CharField(_("project name"), max_length=200)
    name_initials = models.CharField(_("pinyin initials"), max_length=200, editable=False, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="investment_projects", verbose_name=_("enterprise")
    )
    investor_type = models.CharField(
        _("investor type"), max_length=12, choices=InvestorType.choices, default=InvestorType.ENTERPRISE
    )
    approval_type = models.CharField(
        _("approval type"), max_length=12, choices=ApprovalType.choices, default=ApprovalType.FILING
    )
    total_investment_yuan = models.DecimalField(
        _("total investment (yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    key_level = models.CharField(_("key level"), max_length=10, choices=KeyLevel.choices, blank=True)
    industry = models.CharField(
        _("industry"),
        max_length=1,
        choices=industries.section_choices(),
        blank=True,
        help_text=_("The section (门类) of GB/T 4754-2017, as in the enterprise archive."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEGOTIATING)
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    land_acquired_on = models.DateField(_("land acquisition date"), null=True, blank=True)
    land_document = models.CharField(_("land acquired by"), max_length=12, choices=LandDocument.choices, blank=True)
    construction_permit_on = models.DateField(_("construction permit date"), null=True, blank=True)
    started_on = models.DateField(_("construction start date"), null=True, blank=True)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    production_on = models.DateField(_("production start date"), null=True, blank=True)
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "project_code"],
                condition=~Q(project_code=""),
                name="projects_code_once_per_unit",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "name"], name="projects_unit_name"),
            models.Index(fields=["unit", "status"], name="projects_unit_status"),
            models.Index(fields=["unit", "key_level"], name="projects_unit_key_level"),
            models.Index(fields=["unit", "industry"], name="projects_unit_industry"),
            models.Index(fields=["unit", "approval_type"], name="projects_unit_approval_type"),
            models.Index(fields=["unit", "started_on"], name="projects_unit_started_on"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_key(self) -> bool:
        return bool(self.key_level)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        self.name = (self.name or "").strip()
        self._clean_code(errors)
        _in_order(
            self,
            (
                ("land_acquired_on", "construction_permit_on"),
                ("land_acquired_on", "started_on"),
                ("signed_on", "started_on"),
                ("started_on", "completed_on"),
                ("construction_permit_on", "completed_on"),
                ("completed_on", "production_on"),
            ),
            errors,
        )
        _not_in_future(
            self,
            (
                "signed_on",
                "land_acquired_on",
                "construction_permit_on",
                "started_on",
                "completed_on",
                "production_on",
            ),
            errors,
        )
        reached = STATUS_ORDER.index(self.status) if self.status in STATUS_ORDER else 0
        for status, name in STATUS_DATES.items():
            if STATUS_ORDER.index(status) <= reached and not getattr(self, name):
                errors.setdefault(name, []).append(
                    _("A project that is “%(status)s” needs its %(field)s.")
                    % {"status": self.get_status_display(), "field": self._meta.get_field(name).verbose_name}
                )
        if self.land_acquired_on and not self.land_document:
            errors.setdefault("land_document", []).append(
                _("Say how the land was acquired: land transfer contract or title certificate.")
            )
        if errors:
            raise ValidationError(errors)

    def _clean_code(self, errors: dict) -> None:
        if not self.project_code:
            if self.status != Status.NEGOTIATING:
                errors["project_code"] = [_("Only a project in negotiation may be saved without its project code.")]
            return
        conf = settings_for(self.unit) if self.unit_id else settings_for(None)
        try:
            self.project_code = validate_code(
                self.project_code, regions=conf.region_codes, this_year=timezone.localdate().year
            )
        except ValidationError as exc:
            errors["project_code"] = exc.messages
            return
        taken = InvestmentProject.objects.for_unit(self.unit_id).filter(project_code=self.project_code)
        if self.pk:
            taken = taken.exclude(pk=self.pk)
        if taken.exists():
            errors["project_code"] = [
                _("The project code %(code)s is already used by another project of this unit.")
                % {"code": self.project_code}
            ]


class FollowUp(UnitScopedModel):
    """A 跟进记录: who followed the project up on which day, what was done and what comes next."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="followups", verbose_name=_("investment project")
    )
    followed_on = models.DateField(_("follow-up date"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    content = models.TextField(_("what was done"))
    next_step = models.TextField(_("next step"), blank=True)
    next_on = models.DateField(_("next step by"), null=True, blank=True)
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
        ordering = ["-followed_on", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["unit", "followed_on"], name="projects_followup_unit_date")]

    def __str__(self) -> str:
        return f"{self.followed_on} {self.project}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        _not_in_future(self, ("followed_on",), errors)
        _in_order(self, (("followed_on", "next_on"),), errors)
        if errors:
            raise ValidationError(errors)


class Department(UnitScopedModel):
    """A department of the district (区发展和改革局, 区自然资源局, …): the unit's reference list that
    approval items, the catalogue, appeals and blockers take their responsible department from.

    Rows name their department by its text, so a renamed or removed entry leaves the rows that
    named it readable; `aliases` (short or former names) are accepted by imports and mapped to
    the name.
    """

    name = models.CharField(_("name"), max_length=100)
    aliases = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Short or former names, separated by 、 or commas (e.g. 区发改局); imports accept them."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name", "id"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="projects_department_once_per_unit")]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a for a in (p.strip() for p in self.aliases.replace("，", "、").replace(",", "、").split("、")) if a]


class CatalogueItem(UnitScopedModel):
    """One approval item of the unit's catalogue: its stage, department and legal time limit."""

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    name = models.CharField(_("item"), max_length=100)
    department = models.CharField(_("responsible department"), max_length=100)
    time_limit_workdays = models.PositiveSmallIntegerField(_("legal time limit (working days)"))
    extension_workdays = models.PositiveSmallIntegerField(
        _("extension allowed (working days)"),
        default=0,
        help_text=_("e.g. 10 for ratification: 20 working days, extendable by 10 with approval."),
    )
    applies_to = models.CharField(_("applies to"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    seed_key = models.CharField(_("seed key"), max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("approval catalogue")
        constraints = [
            models.UniqueConstraint(fields=["unit", "stage", "name"], name="projects_catalogue_item_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def applies(self, approval_type: str) -> bool:
        return self.applies_to in (AppliesTo.ALL, approval_type)


class ApprovalItem(UnitScopedModel):
    """One approval item of one project, copied from the catalogue with its limit at that time."""

    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.CASCADE,
        related_name="approval_items",
        verbose_name=_("investment project"),
    )
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("catalogue item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    name = models.CharField(_("item"), max_length=100)
    department = models.CharField(_("responsible department"), max_length=100)
    time_limit_workdays = models.PositiveSmallIntegerField(_("legal time limit (working days)"))
    extension_workdays = models.PositiveSmallIntegerField(_("extension allowed (working days)"), default=0)
    extended = models.BooleanField(_("time limit extended"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED)
    submitted_on = models.DateField(_("submission date"), null=True, blank=True)
    accepted_on = models.DateField(_("acceptance date"), null=True, blank=True)
    completed_on = models.DateField(pgettext_lazy("approval item", "date completed"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("approval item")
        verbose_name_plural = _("approval items")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "catalogue_item"],
                condition=Q(catalogue_item__isnull=False),
                name="projects_item_once_per_project",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="projects_item_unit_status"),
            models.Index(fields=["unit", "completed_on"], name="projects_item_unit_completed"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.name}"

    @property
    def limit_workdays(self) -> int:
        return self.time_limit_workdays + (self.extension_workdays if self.extended else 0)

    @property
    def is_open(self) -> bool:
        return self.status == ItemStatus.ACCEPTED

    @property
    def is_untouched(self) -> bool:
        return self.status == ItemStatus.NOT_STARTED and not any(getattr(self, n) for n in ITEM_DATE_FIELDS)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        required = ITEM_DATES.get(self.status, ())
        allowed = ITEM_ALLOWED_DATES.get(self.status, ())
        for name in ITEM_DATE_FIELDS:
            label = self._meta.get_field(name).verbose_name
            value = getattr(self, name)
            params = {"status": self.get_status_display(), "field": label}
            if name in required and not value:
                errors.setdefault(name, []).append(_("An item that is “%(status)s” needs its %(field)s.") % params)
            elif value and name not in allowed:
                errors.setdefault(name, []).append(
                    _("An item that is “%(status)s” has no %(field)s: clear it or choose another status.") % params
                )
        _in_order(self, (("submitted_on", "accepted_on"), ("accepted_on", "completed_on")), errors)
        _not_in_future(self, ITEM_DATE_FIELDS, errors)
        if self.extended and not self.extension_workdays:
            errors.setdefault("extended", []).append(_("This item allows no extension of its time limit."))
        if errors:
            raise ValidationError(errors)


class EventKind(models.TextChoices):
    CREATED = "created", _("project registered")
    IMPORTED = "imported", _("project imported")
    STATUS = "status", _("project status changed")
    ITEM = "item", _("approval item progress")


class ProjectEvent(UnitScopedModel):
    """A domain event of a project, written by the service that made the change (the timeline)."""

    project = models.ForeignKey(
        InvestmentProject, on_delete=models.CASCADE, related_name="events", verbose_name=_("investment project")
    )
    item = models.ForeignKey(
        ApprovalItem, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("item")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    on = models.DateField(_("date"), null=True, blank=True)  # the business date (e.g. the completion date)
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("project event")
        verbose_name_plural = _("project events")

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()} {self.to_status}"

    @property
    def to_status_label(self) -> str:
        choices = ItemStatus if self.kind == EventKind.ITEM else Status
        return str(choices(self.to_status).label) if self.to_status in choices.values else self.to_status
