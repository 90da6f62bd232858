"""The demo: the 2022 publicity of chenggong — 128 copies, 46 articles, 735 attention; idempotent.

The loader runs after the units and users it needs (core, accounts), as load_demo runs it; the
other ledgers' demos are left out so that this test judges the publicity loader alone.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import Count

from investdesk.accounts import demo as accounts_demo
from investdesk.core import demo as core_demo
from investdesk.core.demo_loader import DemoContext
from investdesk.core.models import Unit
from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.publicity import demo
from investdesk.publicity.models import Article, Batch, Engagement, Material


def snapshot():
    return [list(model.objects.order_by("id").values()) for model in (Material, Batch, Article, Engagement)]


def value(name: str, unit, year: int) -> Decimal:
    return metrics.compute(name, unit, Period.year_of(year)).value


def load() -> list[str]:
    lines: list[str] = []
    ctx = DemoContext(write=lines.append)
    for module in (core_demo, accounts_demo, demo):
        module.load(ctx)
    return lines


def test_the_demo_twice_changes_nothing_of_the_publicity_ledgers(db):
    assert load()[-1] == "publicity: 6 batches and 48 articles with 142 snapshots added"
    first = snapshot()
    assert load()[-1] == "publicity: 0 batches and 0 articles with 0 snapshots added"
    assert snapshot() == first

    unit = Unit.objects.get(code="chenggong")
    assert value("publicity.materials_distributed", unit, 2022) == Decimal(128)  # target 100: met
    assert value("publicity.articles_published", unit, 2022) == Decimal(46)  # target 50: 92%, not met
    assert value("publicity.media_attention", unit, 2022) == Decimal(735)  # target 600: met
    assert value("publicity.materials_distributed", unit, 2023) == Decimal(10)
    assert value("publicity.articles_published", unit, 2023) == Decimal(2)

    materials = Material.objects.for_unit(unit)
    assert sorted(materials.values_list("material_type", flat=True)) == ["banner", "brochure", "guide", "poster"]
    guide = materials.get(material_type="guide")
    assert [b.batch_on.year for b in guide.batches.all()] == [2022, 2022, 2023]
    articles = Article.objects.for_unit(unit).filter(published_on__year=2022)
    assert Counter(articles.values_list("channel", flat=True)) == {
        "wechat": 24, "website": 12, "press": 4, "short_video": 6,
    }  # fmt: skip
    assert {a.published_on.month for a in articles} == set(range(1, 13))
    assert all(a.snapshots.exists() for a in articles)
    assert Engagement.objects.filter(article__in=articles, taken_on__year=2023).exists()  # later, not counted
    twice = articles.values("title").annotate(n=Count("id"))
    assert any(row["n"] == 2 for row in twice)  # the same piece on the WeChat account and the website
    assert not Material.objects.exclude(unit=unit).exists() and not Article.objects.exclude(unit=unit).exists()
    assert Batch.objects.filter(batch_on=date(2023, 1, 12)).get().distributed_copies == 10
