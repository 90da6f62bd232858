"""Publicity (宣传): printed materials and their batches, published articles and their engagement.

RULES.md §8: materials are counted by the copies *distributed*, batch by batch; an article is one
publication on one channel (the same piece on the WeChat account and the website is two articles);
media attention (媒体关注量) is views + likes + follows + shares + comments, recorded as dated
snapshots of the platform's cumulative figures, and the indicator takes the latest snapshot per
article (see `metrics.py` for exactly which articles and snapshots count).
"""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.core.models import UnitScopedModel


class MaterialType(models.TextChoices):
    GUIDE = "guide", _("service guide")
    BROCHURE = "brochure", _("brochure")
    BANNER = "banner", _("banner")
    POSTER = "poster", _("poster")
    OTHER = "other", pgettext_lazy("material type", "other")


class Channel(models.TextChoices):
    WECHAT = "wechat", _("WeChat official account")
    WEBSITE = "website", _("website")
    PRESS = "press", _("newspaper or magazine")
    TV = "tv", _("television")
    SHORT_VIDEO = "short_video", _("short video")
    OTHER = "other", pgettext_lazy("channel", "other")


class SnapshotSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    IMPORT = "import", _("imported from a platform export")


# The five figures that make up media attention (媒体关注量), in the order the pages show them.
ENGAGEMENT_FIELDS = ("views", "likes", "follows", "shares", "comments")


class Material(UnitScopedModel):
    """A publicity material the center prints (a service guide, a brochure, a banner…).

    Its copies are printed and handed out in batches (`Batch`); the title is unique in the
    unit, so a spreadsheet row can name the material by its title.
    """

    material_type = models.CharField(_("type"), max_length=12, choices=MaterialType.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
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
        ordering = ["title", "pk"]
        verbose_name = _("publicity material")
        verbose_name_plural = _("publicity materials")
        constraints = [models.UniqueConstraint(fields=["unit", "title"], name="publicity_material_unit_title")]

    def __str__(self) -> str:
        return self.title


def evidence_path(instance: Batch, filename: str) -> str:
    """Under MEDIA_ROOT (outside the web root); a random name, the original one is in `evidence_name`."""
    suffix = Path(filename).suffix.lower()
    return f"units/{instance.unit_id}/publicity/batches/{uuid4().hex}{suffix}"


class Batch(UnitScopedModel):
    """One print run or hand-out of a material: copies printed and copies distributed on a date.

    A batch may only print (stock for later) or only distribute (from earlier stock), but over
    the material's batches in date order the copies distributed never exceed the copies printed
    (checked by the service, which sees all batches).
    """

    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="batches", verbose_name=_("material"))
    batch_on = models.DateField(_("date"))
    printed_copies = models.PositiveIntegerField(_("copies printed"), default=0)
    distributed_copies = models.PositiveIntegerField(_("copies distributed"), default=0)
    distribution = models.CharField(
        _("where and how distributed"),
        max_length=200,
        blank=True,
        help_text=_("E.g. service window of the government service center, enterprise visits, project fair."),
    )
    cost_yuan = models.DecimalField(
        _("cost (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    evidence = models.FileField(_("photo or evidence"), upload_to=evidence_path, max_length=300, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
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
        ordering = ["batch_on", "pk"]
        verbose_name = _("material batch")
        verbose_name_plural = _("material batches")
        indexes = [models.Index(fields=["unit", "batch_on"], name="publicity_batch_unit_date")]

    def __str__(self) -> str:
        return f"{self.material} {self.batch_on:%Y-%m-%d}"


# Links of the platforms are long (WeChat article links carry several parameters).
URL_MAX_LENGTH = 1000


class Article(UnitScopedModel):
    """One publication of a piece on one channel; its URL, when it has one, is unique in the unit."""

    title = models.CharField(_("title"), max_length=300)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    url = models.CharField(
        _("URL"),
        max_length=URL_MAX_LENGTH,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The link of the publication (http or https); may be empty for print and television."),
    )
    published_on = models.DateField(_("publication date"))
    author = models.CharField(_("author"), max_length=100, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible staff"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
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
        ordering = ["-published_on", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["unit", "url"], condition=~Q(url=""), name="publicity_article_unit_url")
        ]
        indexes = [
            models.Index(fields=["unit", "published_on"], name="publicity_article_unit_date"),
            models.Index(fields=["unit", "channel", "published_on"], name="publicity_article_channel"),
            models.Index(fields=["unit", "title"], name="publicity_article_unit_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Engagement(UnitScopedModel):
    """A dated snapshot of an article's cumulative figures on its platform (one per article a day)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("article"))
    taken_on = models.DateField(_("snapshot date"))
    views = models.PositiveIntegerField(_("views"), default=0)
    likes = models.PositiveIntegerField(_("likes"), default=0)
    follows = models.PositiveIntegerField(_("follows"), default=0)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    source = models.CharField(_("source"), max_length=8, choices=SnapshotSource.choices, default=SnapshotSource.MANUAL)
    source_file = models.CharField(_("imported from"), max_length=255, blank=True)
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
        ordering = ["taken_on", "pk"]
        verbose_name = _("engagement snapshot")
        verbose_name_plural = _("engagement snapshots")
        constraints = [models.UniqueConstraint(fields=["article", "taken_on"], name="publicity_engagement_article_day")]

    def __str__(self) -> str:
        return f"{self.article} {self.taken_on:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in ENGAGEMENT_FIELDS)
