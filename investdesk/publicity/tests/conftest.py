"""Helpers for the publicity tests: rows made through the services, as the pages make them."""

from __future__ import annotations

from datetime import date

from investdesk.publicity import services
from investdesk.publicity.models import Article, Batch, Engagement, Material


def make_material(unit, title: str = "昆明市呈贡区投资项目服务指南", kind: str = "guide", actor=None) -> Material:
    return services.save_material(unit, actor=actor, fields={"material_type": kind, "title": title})


def make_batch(material: Material, day: date, printed: int = 0, distributed: int = 0, actor=None, **extra) -> Batch:
    fields = {"batch_on": day, "printed_copies": printed, "distributed_copies": distributed, **extra}
    return services.save_batch(material, actor=actor, fields=fields)


def make_article(unit, title: str = "呈贡区投资服务中心开展政策宣讲", *, day: date = date(2022, 4, 12),
                 channel: str = "wechat", url: str = "", actor=None, **extra) -> Article:  # fmt: skip
    fields = {"title": title, "channel": channel, "url": url, "published_on": day, **extra}
    return services.save_article(unit, actor=actor, fields=fields)


def snap(article: Article, day: date, views=0, likes=0, follows=0, shares=0, comments=0, actor=None) -> Engagement:
    figures = {"views": views, "likes": likes, "follows": follows, "shares": shares, "comments": comments}
    snapshot, _warnings = services.record_snapshot(article, actor=actor, fields={"taken_on": day, **figures})
    return snapshot
