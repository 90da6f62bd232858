"""Demo: the 2022 publicity ledgers of 昆明市呈贡区投资服务中心.

Four materials (the service guide in two batches, a brochure, banners, posters) with 128 copies
distributed in 2022 (target 100: met); 46 articles published in 2022 on the WeChat account, the
district website, the press and short-video platforms (target 50: deliberately not met, 92%);
snapshots through the year whose latest values by 31 December add up to 735 (target 600: met).
A batch and two articles dated January 2023 — and later snapshots of December articles — show
what does not count for 2022.

Everything comes from a fixed seed and is planned before anything is written; rows that exist
already (material by title, batch by material, date and place, article by link or by title,
channel and date, snapshot by article and date) are left alone, so a second run changes nothing.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from investdesk.publicity import services
from investdesk.publicity.models import ENGAGEMENT_FIELDS, Article, Batch, Channel, Engagement, Material, MaterialType

SEED = 20220815
ATTENTION_2022 = 735
YEAR_END = date(2022, 12, 31)

GUIDE = "昆明市呈贡区投资项目服务指南（2022年版）"
MATERIALS = [
    (MaterialType.GUIDE, GUIDE,
     "投资项目从签约、立项用地规划许可到竣工验收的办事流程、材料清单、办理时限和代办帮办联系方式。"),
    (MaterialType.BROCHURE, "呈贡区“拿地即开工”审批服务宣传册",
     "介绍“拿地即开工”模式、并联审批和容缺受理的做法及典型案例。"),
    (MaterialType.BANNER, "“优化营商环境 当好企业服务员”宣传横幅", "在各街道便民服务中心和重点园区悬挂。"),
    (MaterialType.POSTER, "投资项目“不见面”代办帮办服务海报", "扫码申请代办、进度查询和好差评二维码。"),
]  # fmt: skip
# (material title, date, printed, distributed, where and how, cost in yuan)
BATCHES = [
    (GUIDE, date(2022, 3, 15), 60, 45, "政务服务中心C区投资服务窗口发放", "900.00"),
    (MATERIALS[1][1], date(2022, 5, 18), 30, 25, "呈贡区招商引资项目推介会现场发放", "1200.00"),
    (MATERIALS[2][1], date(2022, 6, 10), 8, 8, "各街道便民服务中心及信息产业园区悬挂", "640.00"),
    (GUIDE, date(2022, 9, 20), 40, 38, "重点企业走访时发放", "600.00"),
    (MATERIALS[3][1], date(2022, 11, 8), 15, 12, "政务服务中心、大学城及各园区张贴", "300.00"),
    (GUIDE, date(2023, 1, 12), 0, 10, "2023年新春重点项目推介会发放", None),  # January 2023: not 2022's
]

WECHAT_TOPICS = [
    "呈贡区投资服务中心2022年代办帮办服务启动", "一图读懂投资项目“不见面”审批", "呈贡区召开重点项目审批服务推进会",
    "“妈妈式”服务护航企业开工复工", "投资服务中心走访信息产业园区重点企业", "“拿地即开工”让项目跑出加速度",
    "工程建设项目审批制度改革政策解读", "代办员带你了解施工许可办理流程", "呈贡区优化营商环境上门服务小分队成立",
    "重点项目“一企一档”服务全覆盖", "企业开办和项目审批“一窗通办”", "投资项目在线审批监管平台操作指南",
    "呈贡区联合验收改革提速竣工验收", "投资服务中心赴先进地区学习交流", "“312”项目服务机制运行情况通报",
    "为中小企业提供全程代办服务", "惠企政策宣讲进园区", "重点项目前期工作集中攻坚",
    "投资服务中心开展好差评回访", "数字经济产业项目落地跟踪服务", "审批服务“加速跑” 企业办事“零跑腿”",
    "呈贡区投资服务满意度调查结果发布", "年末重点项目开工服务保障", "一企一策解决企业用地难题",
]  # fmt: skip
PRESS_TOPICS = [
    "呈贡：代办帮办服务让项目落地提速", "“拿地即开工”跑出呈贡速度",
    "呈贡区投资服务中心当好企业“服务员”", "优化营商环境 呈贡在行动",
]  # fmt: skip
VIDEO_TOPICS = [
    "30秒看懂“不见面”代办申请", "代办员的一天", "跟着代办员跑审批", "项目开工现场直击",
    "企业家说：服务就在身边", "扫码就能申请代办",
]  # fmt: skip
REVIEW_2023 = "2022年呈贡区投资服务工作回顾"
WEIGHTS = {Channel.WECHAT: 1.6, Channel.WEBSITE: 0.8, Channel.PRESS: 0.3, Channel.SHORT_VIDEO: 1.4}
SHARES = {"views": 0.74, "likes": 0.10, "follows": 0.03, "shares": 0.09, "comments": 0.04}


@dataclass
class PlannedArticle:
    title: str
    channel: str
    published_on: date
    url: str
    author: str
    staff: str  # the demo username
    snapshots: list[tuple[date, dict[str, int]]] = field(default_factory=list)


def _weekday(rng: random.Random, year: int, month: int, first: int = 1, last: int = 28) -> date:
    while True:
        day = date(year, month, rng.randint(first, last))
        if day.weekday() < 5:
            return day


def _url(rng: random.Random, channel: str, day: date) -> str:
    if channel == Channel.WECHAT:
        return "https://mp.weixin.qq.com/s/" + "".join(rng.choices(string.ascii_letters + string.digits, k=22))
    if channel == Channel.WEBSITE:
        return f"http://www.chenggong.gov.cn/c/{day:%Y-%m-%d}/{rng.randint(5000000, 5999999)}.shtml"
    if channel == Channel.SHORT_VIDEO:
        return f"https://www.douyin.com/video/71{rng.randint(10**16, 10**17 - 1)}"
    return ""  # print: no link


def plan_articles(rng: random.Random) -> list[PlannedArticle]:
    articles = []
    authors = [("张敏", "agent"), ("李强", "director"), ("中心综合科", "agent")]
    for n, title in enumerate(WECHAT_TOPICS):
        month = n // 2 + 1
        day = _weekday(rng, 2022, month, 1 if n % 2 == 0 else 15, 14 if n % 2 == 0 else 28)
        author, staff = authors[rng.randrange(len(authors))]
        articles.append(PlannedArticle(title, Channel.WECHAT, day, _url(rng, Channel.WECHAT, day), author, staff))
        if n % 2 == 0:  # every other piece is also published on the district website: a second article
            later = day + timedelta(days=rng.randint(0, 2))
            articles.append(
                PlannedArticle(title, Channel.WEBSITE, later, _url(rng, Channel.WEBSITE, later), author, staff)
            )
    for n, title in enumerate(PRESS_TOPICS):
        day = _weekday(rng, 2022, 3 * n + 2)
        articles.append(PlannedArticle(title, Channel.PRESS, day, "", "昆明日报记者", "director"))
    for n, title in enumerate(VIDEO_TOPICS):
        day = _weekday(rng, 2022, 2 * n + 2)
        articles.append(
            PlannedArticle(title, Channel.SHORT_VIDEO, day, _url(rng, Channel.SHORT_VIDEO, day), "张敏", "agent")
        )
    for channel, day in ((Channel.WECHAT, date(2023, 1, 6)), (Channel.WEBSITE, date(2023, 1, 9))):
        articles.append(PlannedArticle(REVIEW_2023, channel, day, _url(rng, channel, day), "李强", "director"))
    return articles


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` in whole parts proportional to `weights` (largest remainder), adding up exactly."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[index] += 1
    return parts


def _figures(rng: random.Random, total: int) -> dict[str, int]:
    weights = [SHARES[name] * rng.uniform(0.7, 1.3) for name in ENGAGEMENT_FIELDS]
    return dict(zip(ENGAGEMENT_FIELDS, _split(total, weights), strict=True))


def _scaled(figures: dict[str, int], share: float) -> dict[str, int]:
    return {name: int(value * share) for name, value in figures.items()}


def plan_snapshots(rng: random.Random, articles: list[PlannedArticle]) -> None:
    """Snapshots a few days, a month and a quarter after publication; by 31 December the latest
    values of the 2022 articles add up to ATTENTION_2022. December articles get one more in 2023."""
    this_year = [a for a in articles if a.published_on.year == 2022]
    totals = _split(ATTENTION_2022, [WEIGHTS[a.channel] * rng.uniform(0.6, 1.4) for a in this_year])
    for article, total in zip(this_year, totals, strict=True):
        final = _figures(rng, total)
        days = sorted({min(article.published_on + timedelta(days=d), YEAR_END) for d in (3, 30, 90)})
        shares = [0.55, 0.85, 1.0][-len(days) :]
        article.snapshots = [(d, _scaled(final, s)) for d, s in zip(days[:-1], shares[:-1], strict=True)]
        article.snapshots.append((days[-1], final))
        if article.published_on.month == 12:
            grown = {name: value + rng.randint(1, 6) for name, value in final.items()}
            article.snapshots.append((date(2023, 1, 10), grown))  # after the year: does not count for 2022
    for article in articles:
        if article.published_on.year == 2023:
            first = _figures(rng, rng.randint(20, 40))
            later = {name: value + rng.randint(0, 5) for name, value in first.items()}
            article.snapshots = [(article.published_on + timedelta(days=3), first), (date(2023, 2, 28), later)]


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    rng = random.Random(SEED)
    articles = plan_articles(rng)
    plan_snapshots(rng, articles)
    actor = ctx.users["agent"]
    made = _load_materials(unit, actor)
    added = _load_articles(unit, actor, ctx.users, articles)
    ctx.write(f"publicity: {made} batches and {added[0]} articles with {added[1]} snapshots added")


def _load_materials(unit, actor) -> int:
    materials = {}
    for kind, title, description in MATERIALS:
        material = Material.objects.for_unit(unit).filter(title=title).first()
        fields = {"material_type": kind, "title": title, "description": description}
        materials[title] = material or services.save_material(unit, actor=actor, fields=fields)
    added = 0
    for title, day, printed, distributed, place, cost in BATCHES:
        material = materials[title]
        if Batch.objects.filter(material=material, batch_on=day, distribution=place).exists():
            continue
        fields = {
            "batch_on": day,
            "printed_copies": printed,
            "distributed_copies": distributed,
            "distribution": place,
            "cost_yuan": Decimal(cost) if cost else None,
        }
        services.save_batch(material, actor=actor, fields=fields)
        added += 1
    return added


def _existing(unit, planned: PlannedArticle) -> Article | None:
    articles = Article.objects.for_unit(unit)
    if planned.url:
        return articles.filter(url=planned.url).first()
    return articles.filter(title=planned.title, channel=planned.channel, published_on=planned.published_on).first()


def _load_articles(unit, actor, users: dict, planned: list[PlannedArticle]) -> tuple[int, int]:
    articles = snapshots = 0
    for plan in planned:
        article = _existing(unit, plan)
        if article is None:
            fields = {
                "title": plan.title,
                "channel": plan.channel,
                "url": plan.url,
                "published_on": plan.published_on,
                "author": plan.author,
                "staff": users[plan.staff],
            }
            article = services.save_article(unit, actor=actor, fields=fields)
            articles += 1
        have = set(Engagement.objects.filter(article=article).values_list("taken_on", flat=True))
        for day, figures in plan.snapshots:
            if day not in have:
                services.record_snapshot(article, actor=actor, fields={"taken_on": day, **figures})
                snapshots += 1
    return articles, snapshots
