"""The publicity ledger's metrics for the performance module (registered in AppConfig.ready).

All dates are business dates (Asia/Shanghai): a batch, an article or a snapshot belongs to the
period its date falls in, so 2022-12-31 (even at 23:59) is 2022 and 2023-01-01 00:00 is 2023.

Media attention (媒体关注量), exactly: take the articles **published in the period**; for each, its
**latest snapshot taken on or before the period's last day** (the latest date; two snapshots
cannot share a date); add up views + likes + follows + shares + comments of those snapshots. An
article without such a snapshot adds 0. Snapshots taken after the period's end never count, so
a closed year's figure does not move when next January's figures are entered; an article
published in December 2021 belongs to 2021's attention, however much it is read in 2022.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from investdesk.core.periods import Period
from investdesk.performance.metrics import register
from investdesk.publicity.models import ENGAGEMENT_FIELDS, Article, Batch, Engagement


def _in(period: Period) -> tuple:
    return (period.start, period.end)


def _copies(unit, period: Period, field: str) -> Decimal:
    total = Batch.objects.for_unit(unit).filter(batch_on__range=_in(period)).aggregate(n=Sum(field))["n"]
    return Decimal(total or 0)


@register(
    "publicity.materials_distributed",
    _("publicity materials distributed"),
    "份",
    _("Copies distributed in the batches dated in the period, all materials together (printed copies not counted)."),
)
def materials_distributed(unit, period: Period) -> Decimal:
    return _copies(unit, period, "distributed_copies")


@register(
    "publicity.materials_printed",
    _("publicity materials printed"),
    "份",
    _("Copies printed in the batches dated in the period, all materials together."),
)
def materials_printed(unit, period: Period) -> Decimal:
    return _copies(unit, period, "printed_copies")


@register(
    "publicity.articles_published",
    _("articles published"),
    "篇",
    _("Articles with a publication date in the period; the same piece on two channels counts twice."),
)
def articles_published(unit, period: Period) -> Decimal:
    return Decimal(Article.objects.for_unit(unit).filter(published_on__range=_in(period)).count())


def latest_snapshots(unit, period: Period):
    """The snapshots that count for the period: per article published in the period, the one
    with the latest date on or before the period's end."""
    latest = (
        Engagement.objects.filter(article=OuterRef("pk"), taken_on__lte=period.end)
        .order_by("-taken_on", "-pk")
        .values("pk")[:1]
    )
    chosen = (
        Article.objects.for_unit(unit)
        .filter(published_on__range=_in(period))
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .values("latest")
    )
    return Engagement.objects.filter(pk__in=chosen)


def attention_totals(unit, period: Period) -> dict[str, int]:
    """Each of the five figures summed over the counting snapshots (see the module docstring)."""
    sums = latest_snapshots(unit, period).aggregate(**{name: Sum(name) for name in ENGAGEMENT_FIELDS})
    return {name: sums[name] or 0 for name in ENGAGEMENT_FIELDS}


@register(
    "publicity.media_attention",
    _("media attention"),
    "次",
    _(
        "For each article published in the period: its latest snapshot taken on or before the period's last day; "
        "views + likes + follows + shares + comments of those snapshots, summed. Articles without such a snapshot "
        "add 0; snapshots taken after the period never count."
    ),
)
def media_attention(unit, period: Period) -> Decimal:
    return Decimal(sum(attention_totals(unit, period).values()))


@register(
    "publicity.views",
    _("article views"),
    "次",
    _(
        "Views alone, counted like media attention: the latest snapshot by the period's end "
        "of each article published in it."
    ),
)
def views(unit, period: Period) -> Decimal:
    return Decimal(attention_totals(unit, period)["views"])
