"""The read side of the publicity pages: one query function per list, related rows fetched there
(STYLE.md habit 10), so a page costs the same number of queries at 10 rows and at 1,000."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from investdesk.core.periods import Period
from investdesk.publicity import metrics
from investdesk.publicity.models import Article, Batch, Channel, Engagement, Material


def default_year(unit) -> int:
    """The year the pages open on: this year when it has batches or articles; otherwise the year
    with the most of them (the latest of equals), so a ledger kept for an earlier year — or with a
    few rows of the next January — opens on its main year, not on an empty one."""
    this_year = timezone.localdate().year
    counts: Counter[int] = Counter()
    for model, field in ((Batch, "batch_on"), (Article, "published_on")):
        rows = model.objects.for_unit(unit).annotate(y=ExtractYear(field)).values_list("y").annotate(n=Count("pk"))
        counts.update(dict(rows.order_by()))
    if not counts or counts.get(this_year):
        return this_year
    return max(counts, key=lambda year: (counts[year], year))


def _zero(expression):
    return Coalesce(expression, Value(0), output_field=IntegerField())


def search_materials(unit, filters: dict) -> QuerySet:
    year = Period.year_of(int(filters["year"]))
    in_year = Q(batches__batch_on__range=(year.start, year.end))
    materials = (
        Material.objects.for_unit(unit)
        .annotate(
            batch_count=Count("batches"),
            printed_total=_zero(Sum("batches__printed_copies")),
            distributed_total=_zero(Sum("batches__distributed_copies")),
            printed_year=_zero(Sum("batches__printed_copies", filter=in_year)),
            distributed_year=_zero(Sum("batches__distributed_copies", filter=in_year)),
            cost_year=Sum("batches__cost_yuan", filter=in_year),
            last_batch_on=Max("batches__batch_on"),
        )
        .annotate(stock=F("printed_total") - F("distributed_total"))
    )
    q = (filters.get("q") or "").strip()
    if q:
        materials = materials.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if filters.get("material_type"):
        materials = materials.filter(material_type=filters["material_type"])
    return materials.order_by("title", "pk")


def _latest_snapshot_pk():
    return Engagement.objects.filter(article=OuterRef("pk")).order_by("-taken_on", "-pk").values("pk")[:1]


def search_articles(unit, filters: dict) -> QuerySet:
    articles = (
        Article.objects.for_unit(unit).select_related("staff").annotate(latest_pk=Subquery(_latest_snapshot_pk()))
    )
    q = (filters.get("q") or "").strip()
    if q:
        articles = articles.filter(Q(title__icontains=q) | Q(url__icontains=q) | Q(author__icontains=q))
    if filters.get("channel"):
        articles = articles.filter(channel=filters["channel"])
    if filters.get("year"):
        year = Period.year_of(int(filters["year"]))
        articles = articles.filter(published_on__range=(year.start, year.end))
    return articles.order_by("-published_on", "-pk")


def attach_latest(articles: list[Article]) -> None:
    """`.latest` (the newest snapshot or None) on each article annotated by `search_articles`,
    with one query for all of them."""
    wanted = [a.latest_pk for a in articles if getattr(a, "latest_pk", None)]
    found = Engagement.objects.in_bulk(wanted) if wanted else {}
    for article in articles:
        article.latest = found.get(getattr(article, "latest_pk", None))


def batches_of(material: Material) -> list[Batch]:
    """The material's batches in date order, each with `.stock`: copies printed minus distributed so far."""
    stock = 0
    batches = list(material.batches.select_related("created_by").order_by("batch_on", "pk"))
    for batch in batches:
        stock += batch.printed_copies - batch.distributed_copies
        batch.stock = stock
    return batches


def monthly(unit, year: int) -> list[dict]:
    """Per month of the year: copies distributed and articles published (two grouped queries)."""
    period = Period.year_of(year)
    copies = dict(
        Batch.objects.for_unit(unit)
        .filter(batch_on__range=(period.start, period.end))
        .annotate(month=ExtractMonth("batch_on"))
        .values_list("month")
        .annotate(n=Sum("distributed_copies"))
        .order_by()
    )
    articles = dict(
        Article.objects.for_unit(unit)
        .filter(published_on__range=(period.start, period.end))
        .annotate(month=ExtractMonth("published_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [{"month": m, "copies": copies.get(m) or 0, "articles": articles.get(m) or 0} for m in range(1, 13)]


def by_channel(unit, year: int) -> list[dict]:
    """Articles published in the year per channel, and their attention (as the metric counts it)."""
    period = Period.year_of(year)
    counts = dict(
        Article.objects.for_unit(unit)
        .filter(published_on__range=(period.start, period.end))
        .values_list("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    attention: dict[str, int] = {}
    for row in metrics.latest_snapshots(unit, period).values("article__channel", "views", "likes", "follows",
                                                                 "shares", "comments"):  # fmt: skip
        total = row["views"] + row["likes"] + row["follows"] + row["shares"] + row["comments"]
        attention[row["article__channel"]] = attention.get(row["article__channel"], 0) + total
    return [
        {"channel": value, "label": label, "articles": counts.get(value, 0), "attention": attention.get(value, 0)}
        for value, label in Channel.choices
        if counts.get(value) or attention.get(value)
    ]
