"""Demo: the archive of 昆明市呈贡区投资服务中心 in 2022 — streets and parks, about 120 enterprises
(about 50 key, about 60 from outside the district), contacts, tags and service plans.

Everything is generated from a fixed seed, and rows are looked up by their natural keys (area
name, credit code) before anything is written, so a second run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from stdnum.cn.uscc import calc_check_digit

from investdesk.enterprises import services
from investdesk.enterprises.models import (
    Area,
    AreaKind,
    Enterprise,
    KeyLevel,
    Origin,
    PlanStatus,
    Scale,
    Status,
)

SEED = 20220114
TOTAL = 120
KEY_COUNT = 50
RENAMED = (3, 17, 42)
ORIGINS = [Origin.LOCAL] * 60 + [Origin.DOMESTIC_EXTERNAL] * 45 + [Origin.FOREIGN] * 15

STREETS = [
    "龙城街道",
    "乌龙街道",
    "斗南街道",
    "吴家营街道",
    "雨花街道",
    "洛羊街道",
    "大渔街道",
    "七甸街道",
    "马金铺街道",
    "洛龙街道",
]
PARKS = ["呈贡信息产业园区", "昆明呈贡经济技术开发区", "斗南国际花卉产业园区"]

BRANDS = (
    "滇池 春城 彩云 七彩 金马 碧鸡 云岭 呈祥 捞鱼河 白龙潭 梁王 三台 瑞丰 恒信 宏达 鼎盛 华创 博远 致远 宇辰 "
    "嘉禾 泰和 康源 绿源 蓝天 远航 汇通 聚力 天朗 益康 普惠 诚泰 正邦 中联 德隆 昊天 星辰 润丰 启明 新航 "
    "明达 金穗 丰泽 兴滇 云聚 睿智 同创 安泰 世纪 锦程"
).split()
# (business word, GB/T 4754 division)
TRADES = [
    ("科技", "65"),
    ("生物医药", "27"),
    ("花卉", "01"),
    ("物流", "58"),
    ("建设工程", "48"),
    ("食品", "14"),
    ("新能源", "44"),
    ("电子", "39"),
    ("房地产开发", "70"),
    ("商贸", "51"),
    ("酒店管理", "61"),
    ("餐饮管理", "62"),
    ("文化传媒", "88"),
    ("医疗器械", "35"),
    ("精密机械", "34"),
    ("新材料", "30"),
    ("农业开发", "05"),
    ("供应链管理", "72"),
    ("检测技术", "74"),
    ("数据服务", "64"),
    ("汽车销售", "52"),
    ("茶业", "15"),
]
LOCAL_PREFIXES = ["云南", "昆明", "昆明市呈贡区", "云南省"]
OUTSIDE = [("深圳", "440300"), ("上海", "310115"), ("北京", "110108"), ("成都", "510100"), ("杭州", "330106")]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高段杞普李"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂华云海文斌晨"
ROADS = ["春融街", "彩云北路", "吴家营路", "雨花路", "联大街", "洛羊路", "斗南路"]
POSTS = ["董事长", "总经理", "副总经理", "办公室主任", "财务总监", "项目经理"]
TAGS = ["专精特新", "高新技术企业", "规上企业", "招商引资", "上市后备", "科技型中小企业"]
SERVICES = [
    "协助申报省级专精特新企业",
    "对接银行开展融资需求座谈",
    "协调解决厂区周边道路配套",
    "组织参加南博会招商推介",
    "协助办理项目施工许可手续",
    "落实稳岗补贴政策兑现",
    "对接高校开展人才引进",
    "协调水电气报装接入",
]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class Spec:
    uscc: str
    name: str
    fields: dict
    tags: list[str]
    contacts: list[dict]
    plan: list[dict] = field(default_factory=list)
    former: str = ""


def uscc_for(rng: random.Random, region: str) -> str:
    body = "91" + region + "MA" + "".join(rng.choice(ALPHABET) for _ in range(7))
    return body + calc_check_digit(body)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "150", "151", "158", "187", "188", "135"]) + f"{rng.randrange(10**8):08d}"


def _name(rng: random.Random, origin: str, brand: str, trade: str) -> tuple[str, str]:
    """The enterprise name and the region of its credit code."""
    if origin == Origin.LOCAL:
        return f"{rng.choice(LOCAL_PREFIXES)}{brand}{trade}有限公司", "530114"
    if origin == Origin.FOREIGN:
        return f"昆明{brand}{trade}（中外合资）有限公司", rng.choice(["530114", "530114", "530100"])
    city, code = rng.choice(OUTSIDE)
    if rng.random() < 0.3:  # a company registered at its head office elsewhere
        return f"{city}{brand}{trade}股份有限公司", code
    return f"{brand}{trade}（云南）有限公司", rng.choice(["530114", "530114", "530100"])


def specs(rng: random.Random, areas: list[str]) -> list[Spec]:
    pairs = rng.sample([(b, t) for b in BRANDS for t in TRADES], TOTAL)
    origins = rng.sample(ORIGINS, TOTAL)
    keys = set(rng.sample(range(TOTAL), KEY_COUNT))
    result, codes = [], set()
    for n, ((brand, (trade, division)), origin) in enumerate(zip(pairs, origins, strict=True)):
        name, region = _name(rng, origin, brand, trade)
        code = uscc_for(rng, region)
        while code in codes:
            code = uscc_for(rng, region)
        codes.add(code)
        is_key = n in keys
        founded = date(2005, 1, 1) + timedelta(days=rng.randrange(16 * 365))
        archived = max(founded, date(2019, 1, 1)) + timedelta(days=rng.randrange(365))
        fields = {
            "uscc": code,
            "name": name,
            "legal_rep": _person(rng),
            "registered_capital": Decimal(rng.choice([100, 200, 500, 1000, 2000, 5000, 10000, 30000])) * 10000,
            "founded_on": founded,
            "industry_division": division,
            "address": f"昆明市呈贡区{rng.choice(STREETS)}{rng.choice(ROADS)}{rng.randrange(1, 999)}号",
            "area_name": rng.choice(areas),
            "origin": origin,
            "is_key": is_key,
            "key_level": rng.choice([KeyLevel.PROVINCE, KeyLevel.CITY, KeyLevel.DISTRICT, KeyLevel.DISTRICT])
            if is_key
            else "",
            "scale": rng.choice([Scale.LARGE, Scale.MEDIUM, Scale.SMALL, Scale.SMALL, Scale.MICRO]),
            "status": rng.choice([Status.OPERATING] * 18 + [Status.SUSPENDED, Status.MOVED_OUT]),
            "archived_on": min(archived, date(2022, 12, 20)),
        }
        tags = rng.sample(TAGS, rng.choice((0, 1, 1, 2)))
        if origin != Origin.LOCAL and "招商引资" not in tags:
            tags.append("招商引资")
        contacts = [
            {"name": _person(rng), "post": rng.choice(POSTS), "phone": _phone(rng)} for _ in range(rng.choice((1, 2)))
        ]
        spec = Spec(code, name, fields, tags, contacts)
        if n in RENAMED:  # renamed since it was founded: it used to be a trading company
            spec.former = name.replace(trade, "贸易" if trade == "商贸" else "商贸")
        if is_key:
            for service in rng.sample(SERVICES, rng.choice((1, 2, 3))):
                due = date(2022, 1, 1) + timedelta(days=rng.randrange(365))
                status = rng.choice([PlanStatus.DONE, PlanStatus.DONE, PlanStatus.IN_PROGRESS, PlanStatus.PLANNED])
                done = min(due, date(2022, 12, 30)) if status == PlanStatus.DONE else None
                spec.plan.append({"content": service, "due_on": due, "status": status, "done_on": done})
        result.append(spec)
    return result


def _areas(unit) -> dict[str, Area]:
    for position, name in enumerate(STREETS, 1):
        Area.objects.get_or_create(unit=unit, name=name, defaults={"kind": AreaKind.STREET, "position": position})
    for position, name in enumerate(PARKS, 1):
        Area.objects.get_or_create(unit=unit, name=name, defaults={"kind": AreaKind.PARK, "position": position})
    return {a.name: a for a in Area.objects.for_unit(unit)}


def _create(unit, spec: Spec, areas: dict[str, Area], ctx) -> None:
    director, agent = ctx.users["director"], ctx.users["agent"]
    fields = dict(spec.fields)
    fields["area"] = areas[fields.pop("area_name")]
    fields["former_names"] = spec.former
    fields["liaison_leader"] = director if spec.fields["is_key"] else None
    fields["service_officer"] = agent
    enterprise = services.create_enterprise(unit, actor=None, fields=fields, tags=spec.tags, confirm_similar=True)
    for contact in spec.contacts:
        services.save_contact(enterprise, actor=None, fields=contact)
    for item in spec.plan:
        owner = agent if item["content"] != SERVICES[0] else director
        services.save_plan_item(enterprise, actor=None, fields={**item, "owner": owner})


def load(ctx) -> None:
    rng = random.Random(SEED)
    unit = ctx.units["chenggong"]
    areas = _areas(unit)
    existing = set(Enterprise.objects.for_unit(unit).values_list("uscc", flat=True))
    created = 0
    for spec in specs(rng, STREETS + PARKS):
        if spec.uscc not in existing:
            _create(unit, spec, areas, ctx)
            created += 1
    ctx.write(f"enterprises: {len(areas)} streets and parks, {created} enterprises created for chenggong")
    other = ctx.units["demo2"]
    for code, name in (
        ("91530114MA6K5U8X61", "演示区示例科技有限公司"),
        ("914403001922038216", "演示区示例物流有限公司"),
    ):
        if not Enterprise.objects.for_unit(other).filter(uscc=code).exists():
            services.create_enterprise(other, actor=None, fields={"uscc": code, "name": name}, confirm_similar=True)
