"""The public "不见面" portal: requests submitted online, their files, their history, and the
failed look-ups that limit guessing of tracking numbers."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.core.models import UnitScopedModel
from investdesk.portal.tracking import grouped


class RequestStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("online request", "new")
    CONVERTED = "converted", _("case opened")
    REJECTED = "rejected", _("not accepted")
    DUPLICATE = "duplicate", _("duplicate")


# The allowed changes of a request's status (STYLE.md habit 3). A request turned into a case is
# finished here: the case carries on. A refusal or a duplicate mark made by mistake can be undone.
TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.NEW: frozenset({RequestStatus.CONVERTED, RequestStatus.REJECTED, RequestStatus.DUPLICATE}),
    RequestStatus.CONVERTED: frozenset(),
    RequestStatus.REJECTED: frozenset({RequestStatus.NEW}),
    RequestStatus.DUPLICATE: frozenset({RequestStatus.NEW}),
}
CATEGORY = {
    RequestStatus.NEW: "open",
    RequestStatus.CONVERTED: "resolved",
    RequestStatus.REJECTED: "closed",
    RequestStatus.DUPLICATE: "closed",
}


class Channel(models.TextChoices):
    ONLINE = "online", _("online, without a visit")


class PortalRequest(UnitScopedModel):
    """A request for 代办/帮办 help submitted on the public portal, stored before anything else.

    Staff turn it into a case (`case`), refuse it with a reason, or mark it as a duplicate of an
    earlier request. The requester follows it with the tracking number and the phone.
    """

    tracking_number = models.CharField(_("tracking number"), max_length=10, unique=True, editable=False)
    enterprise_name = models.CharField(_("enterprise name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    uscc_check_failed = models.BooleanField(
        _("check character fails"),
        default=False,
        help_text=_("The code was accepted as typed; staff check whether it is an early pilot code."),
    )
    contact_name = models.CharField(_("contact person"), max_length=50)
    phone = models.CharField(_("phone"), max_length=40)
    project_name = models.CharField(_("project name"), max_length=200)
    project_code = models.CharField(_("project code"), max_length=30, blank=True)
    help_needed = models.TextField(_("help needed"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW)
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_requests",
        verbose_name=_("enterprise record"),
        help_text=_("The 一企一档 record the request's enterprise was archived as or linked to (建档)."),
    )
    case = models.ForeignKey(
        "cases.AgencyCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_requests",
        verbose_name=_("case"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("online request")
        verbose_name_plural = _("online requests")
        indexes = [
            models.Index(fields=["unit", "status", "submitted_at"], name="portal_req_unit_status"),
            models.Index(fields=["unit", "submitted_at"], name="portal_req_unit_submitted"),
            # The rate limit counts one address's requests in a time window.
            models.Index(fields=["unit", "client_ip", "submitted_at"], name="portal_req_unit_ip"),
            models.Index(fields=["unit", "uscc"], name="portal_req_unit_uscc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reject_reason=""),
                name="portal_request_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="converted") | models.Q(case__isnull=False),
                name="portal_request_converted_has_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_display} {self.enterprise_name}"

    @property
    def tracking_display(self) -> str:
        return grouped(self.tracking_number)

    @property
    def category(self) -> str:
        return CATEGORY[self.status]


def attachment_path(instance: PortalAttachment, filename: str) -> str:
    """Under MEDIA_ROOT (outside the web root); a random name, the original one is in `filename`."""
    suffix = Path(filename).suffix.lower()
    return f"units/{instance.unit_id}/portal/{instance.request_id}/{uuid4().hex}{suffix}"


class PortalAttachment(UnitScopedModel):
    """A file sent with a request, served only to the staff of the request's unit."""

    request = models.ForeignKey(
        PortalRequest, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("request")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("request file")
        verbose_name_plural = _("request files")

    def __str__(self) -> str:
        return self.filename


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted online")
    CONVERTED = "converted", _("turned into a case")
    REJECTED = "rejected", _("not accepted")
    DUPLICATE = "duplicate", _("marked as a duplicate")
    REOPENED = "reopened", _("reopened")
    LINKED = "linked", _("linked to the enterprise archive")


class RequestEvent(UnitScopedModel):
    """One step in a request's history: who did what, when (written by the services only)."""

    request = models.ForeignKey(PortalRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class LookupFailure(UnitScopedModel):
    """A look-up whose tracking number and phone did not match: counted per address to stop guessing."""

    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("failed look-up")
        verbose_name_plural = _("failed look-ups")
        indexes = [models.Index(fields=["unit", "client_ip", "at"], name="portal_lookup_unit_ip")]

    def __str__(self) -> str:
        return f"{self.client_ip} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
