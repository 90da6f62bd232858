"""Demo: the 2022 investment projects of 昆明市呈贡区投资服务中心 — about 60 projects (45 key) of
the archive's enterprises, in every status, with approval items in every stage (some overdue,
some still being handled) and follow-ups through the year by the demo staff.

Everything comes from a fixed seed and is planned before anything is written; a project whose
name already exists is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from investdesk.core.workdays import Calendar
from investdesk.enterprises.models import Enterprise, KeyLevel
from investdesk.projects import departments, services
from investdesk.projects.catalogue import SEED as CATALOGUE
from investdesk.projects.models import (
    ApprovalType,
    InvestmentProject,
    InvestorType,
    ItemStatus,
    LandDocument,
    Stage,
    Status,
)

SEED = 20221231
YEAR_END = date(2022, 12, 31)
STATUSES = (
    [Status.NEGOTIATING] * 6
    + [Status.SIGNED] * 6
    + [Status.PREPARING] * 12
    + [Status.UNDER_CONSTRUCTION] * 18
    + [Status.COMPLETED] * 8
    + [Status.IN_PRODUCTION] * 10
)
KEY_LEVELS = [KeyLevel.PROVINCE] * 8 + [KeyLevel.CITY] * 15 + [KeyLevel.DISTRICT] * 22  # 45 key projects
FOLLOWED_KEY = 42  # key projects followed up in 2022 (the seed's indicator 每年跟进重点投资项目)
WORKS = [
    ("智能制造基地", "C"), ("生产线技术改造", "C"), ("研发中心建设", "M"), ("仓储物流园", "G"),
    ("总部大楼", "L"), ("花卉交易中心", "F"), ("生物医药产业化基地", "C"), ("数据中心", "I"),
    ("冷链物流中心", "G"), ("新能源电池材料", "C"), ("绿色食品加工", "C"), ("文旅综合体", "R"),
    ("康养中心", "Q"), ("职业培训基地", "P"), ("商业综合体", "F"), ("软件产业园", "I"),
]  # fmt: skip
STREETS = ["吴家营街道", "乌龙街道", "斗南街道", "洛羊街道", "大渔街道", "七甸街道", "马金铺街道", "雨花街道"]
FOLLOW_UP_TEXT = [
    ("了解项目前期手续办理进度，梳理待办审批事项清单", "协助准备用地预审材料"),
    ("陪同企业到区自然资源局咨询用地规划条件", "跟进规划条件出具"),
    ("协调供电、供水接入方案", "督促供电方案批复"),
    ("现场查看施工准备情况，提醒办理施工许可", "施工许可证发放后现场回访"),
    ("召开项目推进协调会，解决施工用地临时占道问题", "一周后回访协调结果"),
    ("了解项目建设进度和用工需求", "对接区人社局招聘会"),
    ("协助企业申报重点项目前期经费", "跟进资金拨付"),
    ("走访企业，宣传“拿地即开工”审批服务", "收集企业意见"),
    ("帮办消防设计审查材料补正", "跟进审查意见"),
    ("了解竣工验收准备情况，讲解联合验收流程", "协助预约联合验收"),
]


def back_workdays(calendar: Calendar, day: date, n: int) -> date:
    """The date n working days before `day` (the inverse of add_workdays for planning)."""
    current = day
    while n:
        current -= timedelta(days=1)
        if calendar.is_workday(current):
            n -= 1
    return current


def next_workday(calendar: Calendar, day: date) -> date:
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


@dataclass
class Plan:
    fields: dict
    items: dict[str, dict] = field(default_factory=dict)  # catalogue name → item fields
    followups: list[dict] = field(default_factory=list)


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    departments.add_defaults(unit, actor=None)  # idempotent: only the missing ones
    enterprises = list(Enterprise.objects.for_unit(unit).order_by("uscc"))
    if not enterprises:
        ctx.write("projects: the enterprise archive is empty, no demo projects")
        return
    services.ensure_catalogue(unit)
    staff = [ctx.users["agent"], ctx.users["director"]]
    plans = plan_projects(random.Random(SEED), enterprises, Calendar.for_unit(unit), staff)
    existing = set(InvestmentProject.objects.for_unit(unit).values_list("name", flat=True))
    created = 0
    for plan in plans:
        if plan.fields["name"] in existing:
            continue
        _write(unit, plan, actor=staff[0])
        created += 1
    ctx.write(f"projects: {created} demo projects created, {len(plans) - created} already there")


def _write(unit, plan: Plan, *, actor) -> None:
    project = services.create_project(unit, actor=actor, fields=plan.fields)
    for item in project.approval_items.all():
        fields = plan.items.get(item.name)
        if fields:
            services.record_item(item, actor=actor, fields=fields)
    for followup in plan.followups:
        services.add_followup(project, actor=followup["staff"], fields=followup)


def plan_projects(rng: random.Random, enterprises: list, calendar: Calendar, staff: list) -> list[Plan]:
    statuses = STATUSES[:]
    rng.shuffle(statuses)
    levels = KEY_LEVELS + [""] * (len(statuses) - len(KEY_LEVELS))
    rng.shuffle(levels)
    types = [ApprovalType.APPROVAL] * 8 + [ApprovalType.RATIFICATION] * 10
    types += [ApprovalType.FILING] * (len(statuses) - len(types))
    rng.shuffle(types)
    plans, names = [], set()
    for n, (status, level, approval_type) in enumerate(zip(statuses, levels, types, strict=True)):
        enterprise = enterprises[rng.randrange(len(enterprises))]
        work, section = WORKS[rng.randrange(len(WORKS))]
        name = _name(enterprise.name, work, names)
        plan = Plan(_project_fields(rng, n, name, enterprise, status, level, approval_type, section))
        plan.items = _item_plan(rng, calendar, plan.fields)
        plans.append(plan)
    key_plans = [p for p in plans if p.fields["key_level"]]
    followed = {id(p) for p in key_plans[:FOLLOWED_KEY]} | {id(p) for p in plans if not p.fields["key_level"]}
    for plan in plans:
        if id(plan) in followed:
            count = rng.randint(2, 6) if plan.fields["key_level"] else rng.randint(0, 2)
            plan.followups = _followups(rng, count, staff)
    return plans


def _name(enterprise_name: str, work: str, taken: set) -> str:
    short = enterprise_name
    for prefix in ("云南省", "云南", "昆明市", "昆明", "呈贡区", "呈贡"):
        short = short.removeprefix(prefix)
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "集团"):
        short = short.removesuffix(suffix)
    name = f"{short}{work}项目"
    n = 2
    while name in taken:
        name = f"{short}{work}（{n}期）项目"
        n += 1
    taken.add(name)
    return name


def _code(rng: random.Random, approval_type: str) -> str:
    kind = {ApprovalType.APPROVAL: "01", ApprovalType.RATIFICATION: "02", ApprovalType.FILING: "03"}[approval_type]
    department = rng.choice(["04", "05", "07", "12", "40"])
    return f"2022-530114-{department}-{kind}-{rng.randrange(100000):05d}{rng.randrange(10)}"


def _project_fields(rng, n, name, enterprise, status, level, approval_type, section) -> dict:
    order = list(Status.values).index(status)
    fields = {
        "name": name,
        "enterprise": enterprise,
        "project_code": "" if status == Status.NEGOTIATING else _code(rng, approval_type),
        "investor_type": InvestorType.GOVERNMENT if approval_type == ApprovalType.APPROVAL else InvestorType.ENTERPRISE,
        "approval_type": approval_type,
        "total_investment_yuan": rng.choice([800, 1500, 3000, 5000, 12000, 20000, 50000, 120000]) * 10000,
        "key_level": level,
        "industry": section,
        "location": f"呈贡区{rng.choice(STREETS)}",
        "status": status,
    }
    if order >= 1:
        fields["signed_on"] = date(2022, 1, 4) + timedelta(days=rng.randrange(0, 80 if order >= 3 else 300))
    if order >= 3 or (order == 2 and rng.random() < 0.5):  # land for every project from 在建 on, half of 前期
        fields["land_acquired_on"] = fields["signed_on"] + timedelta(days=rng.randint(20, 50))
        fields["land_document"] = rng.choice(LandDocument.values)
    return fields


def _item_plan(rng: random.Random, calendar: Calendar, fields: dict) -> dict[str, dict]:
    """Dates for each catalogue item, anchored on the land date, the permit and the start."""
    status = fields["status"]
    order = list(Status.values).index(status)
    plan: dict[str, dict] = {}
    if order < 2:
        return plan
    signed = fields["signed_on"]
    land = fields.get("land_acquired_on")
    fast = rng.random() < 0.4  # 拿地即开工: stages 2 and 3 reviewed in parallel before the land is taken
    stage1_end = land or min(signed + timedelta(days=60), date(2022, 12, 20))
    for name in _stage_names(fields["approval_type"], Stage.LAND_PLANNING):
        plan[name] = _done(rng, calendar, stage1_end - timedelta(days=rng.randint(0, 12)), name)
    if "环境影响评价审批（环评批复）" in plan and fields["approval_type"] == ApprovalType.FILING and rng.random() < 0.3:
        plan["环境影响评价审批（环评批复）"] = {"status": ItemStatus.NOT_NEEDED}  # 登记表 only: no approval
    if order == 2:
        _still_running(rng, plan)
        return plan
    permit = calendar.add_workdays(land, rng.randint(3, 12) if fast else rng.randint(25, 70))
    start = calendar.add_workdays(permit, rng.randint(1, 4) if fast else rng.randint(3, 20))
    fields["construction_permit_on"], fields["started_on"] = permit, start
    for name in _stage_names(fields["approval_type"], Stage.ENGINEERING, Stage.CONSTRUCTION):
        target = permit if name == "施工许可证" else permit - timedelta(days=rng.randint(1, 10))
        plan[name] = _done(rng, calendar, target, name)
    if order >= 4:
        completed = min(start + timedelta(days=rng.randint(120, 200)), date(2022, 11, 30))
        fields["completed_on"] = completed
        for name in _stage_names(fields["approval_type"], Stage.ACCEPTANCE):
            plan[name] = _done(rng, calendar, completed + timedelta(days=rng.randint(5, 20)), name)
    if order >= 5:
        fields["production_on"] = min(completed + timedelta(days=rng.randint(20, 40)), YEAR_END)
    return plan


def _stage_names(approval_type: str, *stages: str) -> list[str]:
    return [s.name for s in CATALOGUE if s.stage in stages and s.applies_to in ("all", approval_type)]


def _done(rng: random.Random, calendar: Calendar, completed: date, name: str) -> dict:
    limit = next(s.limit for s in CATALOGUE if s.name == name)
    used = limit + rng.randint(1, 6) if rng.random() < 0.12 else rng.randint(max(1, limit // 4), limit)
    completed = next_workday(calendar, min(completed, YEAR_END - timedelta(days=3)))
    accepted = back_workdays(calendar, completed, used)
    return {
        "status": ItemStatus.COMPLETED,
        "submitted_on": accepted - timedelta(days=rng.randint(0, 2)),
        "accepted_on": accepted,
        "completed_on": completed,
        "document_number": f"呈{name[:2]}〔2022〕{rng.randint(1, 300)}号",
    }


def _still_running(rng: random.Random, plan: dict) -> None:
    """A project in 前期: its last items are still being handled at the end of the year."""
    names = [n for n, f in plan.items() if f["status"] == ItemStatus.COMPLETED]
    for name in names[-rng.randint(1, 3) :]:
        fields = plan[name]
        if rng.random() < 0.5:
            plan[name] = {"status": ItemStatus.ACCEPTED, "submitted_on": fields["submitted_on"],
                          "accepted_on": fields["accepted_on"]}  # fmt: skip
        else:
            plan[name] = {"status": ItemStatus.SUBMITTED, "submitted_on": fields["submitted_on"]}


def _followups(rng: random.Random, count: int, staff: list) -> list[dict]:
    days = sorted(rng.sample(range(3, 362), count))
    result = []
    for day in days:
        content, next_step = FOLLOW_UP_TEXT[rng.randrange(len(FOLLOW_UP_TEXT))]
        followed = date(2022, 1, 1) + timedelta(days=day)
        result.append(
            {
                "followed_on": followed,
                "staff": staff[rng.randrange(len(staff))],
                "content": content,
                "next_step": next_step,
                "next_on": min(followed + timedelta(days=rng.randint(5, 20)), YEAR_END),
            }
        )
    return result
