"""The tenant (Unit), the unit-scoped base model, and the unit's calendar entries."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from investdesk.core.identifiers import validate_uscc

UNIT_CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_-]{1,31}$",
    _("Use 2–32 lower-case letters, digits, “-” or “_”, starting with a letter."),
)


class Unit(models.Model):
    """A 投资服务中心 (investment service center): the tenant every business row belongs to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[UNIT_CODE_VALIDATOR],
        help_text=_("Short code used by commands, e.g. chenggong."),
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    legal_rep = models.CharField(_("legal representative"), max_length=50, blank=True)
    funding_source = models.CharField(_("source of funds"), max_length=100, blank=True)
    department = models.CharField(_("competent department"), max_length=200, blank=True)
    profile = models.TextField(_("unit profile"), blank=True)
    settings = models.JSONField(
        _("settings"),
        default=dict,
        blank=True,
        help_text=_("Overrides of the default rules (scoring, deadlines, thresholds)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        return {"unit_id": self.pk}

    def clean(self) -> None:
        if self.uscc:
            # A unit's own code comes from its registration papers; pilot codes that fail the
            # check are confirmed in the unit form, here we only keep the format strict.
            try:
                self.uscc = validate_uscc(self.uscc, allow_bad_checksum=True)
            except ValidationError as exc:
                raise ValidationError({"uscc": exc}) from None


def apply_changes(instance: models.Model, fields: dict) -> models.Model:
    """Set the fields, validate the whole row (ValidationError names the field), save."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


class UnitQuerySet(models.QuerySet):
    def for_unit(self, unit: Unit | int) -> UnitQuerySet:
        unit_id = unit.pk if isinstance(unit, Unit) else unit
        if unit_id is None:
            return self.none()
        return self.filter(unit_id=unit_id)


class UnitScopedModel(models.Model):
    """Base for every business row: it belongs to exactly one unit.

    Reach rows through `Model.objects.for_unit(request.unit)`; views never query a
    unit-scoped model without it.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("unit"), related_name="+")

    objects = UnitQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        """Stored with every audit-log row so the trail can be filtered by unit."""
        return {"unit_id": self.unit_id}


class CalendarDay(UnitScopedModel):
    """A unit's own entry in the working-day calendar; it wins over the chinese-calendar package.

    Used for years the package does not know yet (RULES.md §9) and for local adjustments.
    """

    date = models.DateField(_("date"))
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="core_calendarday_unit_date")]

    def __str__(self) -> str:
        kind = _("working day") if self.is_workday else _("holiday")
        return f"{self.date:%Y-%m-%d} {kind}"


class ImportUpload(UnitScopedModel):
    """A spreadsheet uploaded for import, kept until its preview is confirmed or abandoned.

    Only the person who uploaded it sees it; `kind` names the ledger ("enterprises", …).
    """

    kind = models.CharField(_("kind"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return self.filename


class Notification(UnitScopedModel):
    """An in-app notice to one staff user (a deadline coming, a new portal request, …).

    `key` makes writing idempotent: a periodic job that runs every few minutes writes each
    notice once per user (unique per user and key).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_notification_once_per_key")]
        indexes = [models.Index(fields=["user", "unit", "read_at"], name="core_notification_unread")]

    def __str__(self) -> str:
        return self.title
