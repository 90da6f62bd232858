"""一企一档: one archive per enterprise — identity, industry, place, people, contacts, files and
the tailored service plan (量身定做发展配套服务计划)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.core.identifiers import USCC_CHECKSUM, normalise_uscc, validate_phone, validate_uscc
from investdesk.core.models import UnitScopedModel
from investdesk.core.text import initials, name_key
from investdesk.enterprises import industries

_CJK = re.compile(r"[\u4e00-\u9fff]")


class Origin(models.TextChoices):
    LOCAL = "local", _("local")
    DOMESTIC_EXTERNAL = "domestic_external", _("domestic, from outside the district")
    FOREIGN = "foreign", _("foreign-invested")


EXTERNAL_ORIGINS = (Origin.DOMESTIC_EXTERNAL, Origin.FOREIGN)


class KeyLevel(models.TextChoices):
    PROVINCE = "province", _("province key")
    CITY = "city", _("city key")
    DISTRICT = "district", _("district key")


class Scale(models.TextChoices):
    LARGE = "large", _("large")
    MEDIUM = "medium", _("medium-sized")
    SMALL = "small", _("small")
    MICRO = "micro", _("micro")


class Status(models.TextChoices):
    OPERATING = "operating", _("operating")
    SUSPENDED = "suspended", _("suspended")
    MOVED_OUT = "moved_out", _("moved out")
    DEREGISTERED = "deregistered", _("deregistered")


class AreaKind(models.TextChoices):
    STREET = "street", _("street")
    PARK = "park", _("park")


class Area(UnitScopedModel):
    """A 街道 or 园区 of the unit's district: the reference list enterprises are placed in."""

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("area type"), max_length=10, choices=AreaKind.choices, default=AreaKind.STREET)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = _("street or park")
        verbose_name_plural = _("streets and parks")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="enterprises_area_name_once_per_unit")]

    def __str__(self) -> str:
        return self.name


class Tag(UnitScopedModel):
    """A free label of the unit (专精特新, 上市后备, …) to group and filter enterprises."""

    name = models.CharField(_("name"), max_length=30)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="enterprises_tag_name_once_per_unit")]

    def __str__(self) -> str:
        return self.name


class Enterprise(UnitScopedModel):
    """One enterprise the center serves, identified in its unit by the 统一社会信用代码."""

    uscc = models.CharField(_("unified social credit code"), max_length=18)
    uscc_confirmed = models.BooleanField(
        _("check character confirmed"), default=False, help_text=_("Saved although the check character fails.")
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(_("comparable name"), max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=200, editable=False)
    former_names = models.TextField(_("former names"), blank=True, help_text=_("One name per line."))
    legal_rep = models.CharField(_("legal representative"), max_length=50, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (yuan)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    founded_on = models.DateField(_("date of establishment"), null=True, blank=True)
    industry_section = models.CharField(
        _("industry section"), max_length=1, choices=industries.section_choices(), blank=True
    )
    industry_division = models.CharField(
        _("industry division"), max_length=2, choices=industries.division_choices(), blank=True
    )
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("street or park"),
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.LOCAL)
    is_key = models.BooleanField(_("key enterprise"), default=False)
    key_level = models.CharField(_("key level"), max_length=10, choices=KeyLevel.choices, blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPERATING)
    liaison_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("liaison leader"),
    )
    service_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service officer"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="enterprises", verbose_name=_("tags"))
    note = models.TextField(_("note"), blank=True)
    archived_on = models.DateField(_("archived on"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [models.UniqueConstraint(fields=["unit", "uscc"], name="enterprises_uscc_once_per_unit")]
        indexes = [
            models.Index(fields=["unit", "is_key", "key_level"], name="ent_unit_key"),
            models.Index(fields=["unit", "origin"], name="ent_unit_origin"),
            models.Index(fields=["unit", "status"], name="ent_unit_status"),
            models.Index(fields=["unit", "area"], name="ent_unit_area"),
            models.Index(fields=["unit", "industry_section"], name="ent_unit_section"),
            models.Index(fields=["unit", "scale"], name="ent_unit_scale"),
            models.Index(fields=["unit", "name_initials"], name="ent_unit_initials"),
            models.Index(fields=["unit", "name"], name="ent_unit_name"),
            models.Index(fields=["unit", "archived_on"], name="ent_unit_archived"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def former_name_list(self) -> list[str]:
        return split_former_names(self.former_names)

    @property
    def registered_capital_wan(self):
        return None if self.registered_capital is None else self.registered_capital / 10000

    def industry_section_label(self) -> str:
        return industries.section_label(self.industry_section)

    def industry_division_label(self) -> str:
        return industries.division_label(self.industry_division)

    def fill_derived(self) -> None:
        """Names with Chinese brackets; the similar-name key, the searchable initials (of the former
        names too) and the 门类 of the 大类."""
        self.name = chinese_brackets(self.name)
        self.former_names = "\n".join(chinese_brackets(n) for n in split_former_names(self.former_names))
        self.name_key = name_key(self.name)[:200]
        self.name_initials = " ".join(initials(n) for n in [self.name, *self.former_name_list])[:200]
        if self.industry_division and not self.industry_section:
            self.industry_section = industries.section_of(self.industry_division) or ""

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.fill_derived()
        errors: dict[str, list] = {}
        if self.uscc:
            try:
                self.uscc = validate_uscc(self.uscc)
                self.uscc_confirmed = False  # a good code needs no confirmation
            except ValidationError as exc:
                if exc.code == USCC_CHECKSUM and self.uscc_confirmed:
                    self.uscc = normalise_uscc(self.uscc)
                else:
                    errors["uscc"] = exc.error_list
        if self.key_level and not self.is_key:
            errors["key_level"] = [ValidationError(_("Only a key enterprise has a key level."), code="key_level")]
        elif self.is_key and not self.key_level:
            errors["key_level"] = [ValidationError(_("Choose the level of the key enterprise."), code="key_level")]
        section = industries.section_of(self.industry_division) if self.industry_division else None
        if section and self.industry_section != section:
            message = _("Division %(division)s belongs to section %(section)s, not %(chosen)s.") % {
                "division": industries.division_label(self.industry_division),
                "section": industries.section_label(section),
                "chosen": self.industry_section,
            }
            errors["industry_division"] = [ValidationError(message, code="industry_division")]
        if self.founded_on and self.founded_on > timezone.localdate():
            errors["founded_on"] = [ValidationError(_("The date of establishment is in the future."), code="future")]
        if errors:
            raise ValidationError(errors)


def chinese_brackets(name: str | None) -> str:
    """Registered names write their brackets full-width: 云投建设（集团）, whatever was typed or pasted."""
    name = (name or "").strip()
    return name.replace("(", "（").replace(")", "）") if _CJK.search(name) else name


def split_former_names(text: str | None) -> list[str]:
    return [part.strip() for part in re.split(r"[\n;；]+", text or "") if part.strip()]


# Columns left out of the audit trail: derived or bookkeeping values.
AUDIT_EXCLUDED = frozenset(
    {"id", "unit", "name_key", "name_initials", "created_at", "updated_at", "uploaded_at", "file"}
)


def audited_fields(model) -> list:
    """The row's own columns that the audit trail records (never other apps' reverse relations)."""
    return [f for f in model._meta.concrete_fields if f.name not in AUDIT_EXCLUDED]


class Contact(UnitScopedModel):
    """A person to call at the enterprise. Phones are masked for roles without personal-data rights."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("enterprise")
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["enterprise", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # The global search finds people by name in the unit, in name order.
        indexes = [models.Index(fields=["unit", "name"], name="ent_contact_unit_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name

    def clean(self) -> None:
        if self.phone:
            try:
                self.phone = validate_phone(self.phone)
            except ValidationError as exc:
                raise ValidationError({"phone": exc.error_list}) from None


def attachment_path(instance: Attachment, filename: str) -> str:
    """Under MEDIA_ROOT (outside the web root); a random name, the original one is in `filename`."""
    suffix = Path(filename).suffix.lower()
    return f"units/{instance.unit_id}/enterprises/{instance.enterprise_id}/{uuid4().hex}{suffix}"


class Attachment(UnitScopedModel):
    """A file in the archive (licence, agreement, photo…), served only to the unit's users."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("enterprise")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
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
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


# The allowed status changes of a service-plan item; staying in the same status is always allowed.
PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.PLANNED: frozenset({PlanStatus.IN_PROGRESS, PlanStatus.DONE, PlanStatus.CANCELLED}),
    PlanStatus.IN_PROGRESS: frozenset({PlanStatus.PLANNED, PlanStatus.DONE, PlanStatus.CANCELLED}),
    PlanStatus.DONE: frozenset({PlanStatus.IN_PROGRESS}),
    PlanStatus.CANCELLED: frozenset({PlanStatus.PLANNED}),
}
OPEN_PLAN_STATUSES = (PlanStatus.PLANNED, PlanStatus.IN_PROGRESS)


class ServicePlanItem(UnitScopedModel):
    """One item of the enterprise's tailored development service plan (量身定做发展配套服务计划)."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("enterprise")
    )
    content = models.CharField(_("service"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["enterprise", "status", "due_on", "pk"]
        verbose_name = _("service plan item")
        verbose_name_plural = _("service plan items")
        indexes = [models.Index(fields=["unit", "status", "due_on"], name="ent_plan_unit_status_due")]

    def __str__(self) -> str:
        return self.content

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in OPEN_PLAN_STATUSES and self.due_on is not None and self.due_on < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def clean(self) -> None:
        if self.done_on and self.status != PlanStatus.DONE:
            raise ValidationError({"done_on": _("Only a done item has a done date.")})
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("The done date is in the future.")})
