"""How long the publicity pages, metrics, imports and exports take at a large center's volume.

Run with `make bench` (or `.venv/bin/python bench/bench_publicity.py`). It uses a throw-away
SQLite database under /tmp: 500 materials with 2,000 batches, 3,000 articles with 4 snapshots
each (12,000), and prints the median and the slowest of repeated runs.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="investdesk-bench-")) / "bench.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="investdesk.settings",
    DEBUG="1",
    DATABASE_URL=f"sqlite:///{DB}",
    LOG_LEVEL="WARNING",
    ALLOWED_HOSTS="testserver",
)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from investdesk.accounts.models import Membership, Role  # noqa: E402
from investdesk.core.models import Unit  # noqa: E402
from investdesk.core.periods import Period  # noqa: E402
from investdesk.performance import metrics  # noqa: E402
from investdesk.publicity import platform, queries, sheets  # noqa: E402
from investdesk.publicity.models import Article, Batch, Engagement, Material  # noqa: E402

MATERIALS = 500
ARTICLES = 3000


def timed(label: str, func, runs: int) -> None:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<62} median {statistics.median(samples):8.2f} ms   max {max(samples):8.2f} ms   ({runs} runs)")


class Rollback(Exception):
    pass


def build(unit, user) -> None:
    rng = random.Random(2022)
    materials = Material.objects.bulk_create(
        Material(unit=unit, material_type="guide", title=f"宣传材料{n:04d}") for n in range(MATERIALS)
    )
    Batch.objects.bulk_create(
        Batch(unit=unit, material=m, batch_on=date(2022, 1, 3) + timedelta(days=90 * k + rng.randrange(60)),
              printed_copies=100, distributed_copies=rng.randint(10, 90), distribution="窗口")
        for m in materials for k in range(4)
    )  # fmt: skip
    articles = Article.objects.bulk_create(
        Article(unit=unit, title=f"稿件{n:05d}", channel=rng.choice(["wechat", "website", "short_video"]),
                url=f"https://mp.weixin.qq.com/s/bench{n:05d}", staff=user,
                published_on=date(2022, 1, 1) + timedelta(days=rng.randrange(330)))
        for n in range(ARTICLES)
    )  # fmt: skip
    snapshots = []
    for article in articles:
        views = 0
        for k in range(4):
            views += rng.randint(5, 100)
            day = min(article.published_on + timedelta(days=3 + 20 * k), date(2022, 12, 31))
            if k and day == snapshots[-1].taken_on:
                continue
            snapshots.append(Engagement(unit=unit, article=article, taken_on=day, views=views, likes=views // 10))
    Engagement.objects.bulk_create(snapshots)


def engagement_csv(unit) -> bytes:
    lines = ["标题,链接,统计日期,阅读,点赞,关注,分享,评论"]
    for article in Article.objects.for_unit(unit).order_by("pk")[:1000]:
        lines.append(f"{article.title},{article.url},2022-12-31,500,50,5,20,3")
    return "\n".join(lines).encode("gb18030")


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code="bench")
    user = get_user_model().objects.create_user("bench", password="bench-password-2022")
    Membership.objects.create(user=user, unit=unit, role=Role.AGENT)
    start = time.perf_counter()
    build(unit, user)
    took = time.perf_counter() - start
    print(f"built {MATERIALS} materials, {Batch.objects.count()} batches, {ARTICLES} articles, "
          f"{Engagement.objects.count()} snapshots in {took:.1f} s; SQLite at {DB}")  # fmt: skip
    client = Client()
    client.force_login(user)
    for url in (
        "/publicity/",
        "/publicity/materials/",
        "/publicity/articles/",
        "/publicity/articles/?year=2022&q=稿件",
    ):
        reset_queries()  # DEBUG keeps every query; start each count from an empty log
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timed(f"GET {url} ({len(ctx.captured_queries)} queries)", lambda url=url: client.get(url), 10)
    article = Article.objects.for_unit(unit).first()
    timed("GET an article page (snapshots and chart)", lambda: client.get(f"/publicity/articles/{article.pk}/"), 20)
    year = Period.year_of(2022)
    for name in [m.name for m in metrics.all_metrics() if m.name.startswith("publicity.")]:
        timed(f"metric {name}", lambda name=name: metrics.compute(name, unit, year), 5)
    everything = list(queries.search_articles(unit, {}))
    queries.attach_latest(everything)
    timed(f"export {ARTICLES} articles with their latest snapshot", lambda: sheets.articles_export(everything), 3)
    exported = sheets.articles_export(everything)
    timed(
        f"read and check the article export ({ARTICLES} rows, no save)", lambda: sheets.plan_articles(unit, exported), 3
    )
    data = engagement_csv(unit)
    options = platform.Options(channel="wechat", taken_on=date(2022, 12, 31))
    timed("read and check a 1,000-row engagement CSV (no save)", lambda: platform.plan(unit, "x.csv", data, options), 3)

    def reimport() -> None:
        try:
            with transaction.atomic():
                result = platform.plan(unit, "x.csv", data, options)
                platform.apply(unit, result, actor=user, filename="x.csv")
                raise Rollback
        except Rollback:
            pass

    timed("import it: 1,000 snapshots, one transaction", reimport, 2)


if __name__ == "__main__":
    main()
