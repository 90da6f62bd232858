"""Demo: the 2022 visits, consultations and appeals of 昆明市呈贡区投资服务中心.

About 120 visits by the demo staff spread over the year reach exactly 47 distinct key
enterprises (the seed's 实际走访的重点企业 ≥ 45: met), with repeat visits and some visits to
enterprises that are not key; about 90 consultations, exactly 44 of them about key projects
(the seed's 每年为重点投资项目提供咨询服务 ≥ 50: deliberately unmet at 88%, above the 80% floor);
40 appeals in every state, with the enterprise's feedback on the closed ones, a few decided
after their deadline and one reopened.

Everything is planned from a fixed seed before anything is written; rows are looked up by
their natural keys (enterprise and date for a visit, time and topic for a consultation,
enterprise, date and text for an appeal), so a second run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from investdesk.core.workdays import Calendar
from investdesk.enterprises.models import Enterprise
from investdesk.outreach import services
from investdesk.outreach.models import (
    Action,
    Appeal,
    AppealKind,
    Category,
    Channel,
    Consultation,
    Feedback,
    Purpose,
    Source,
    Visit,
)
from investdesk.projects.models import InvestmentProject

SEED = 20220315
YEAR = 2022
KEY_VISITED = 47
REPEAT_VISITS = 55
NON_KEY_VISITS = 18
CONSULTATIONS = 90
KEY_PROJECT_CONSULTATIONS = 44
OTHER_PROJECT_CONSULTATIONS = 14
ENTERPRISE_CONSULTATIONS = 16
VISIT_APPEALS = 36  # raised on visits; 4 more come from consultations, the portal and elsewhere

FINDINGS = [
    "企业生产经营总体平稳，反映订单较去年增长，用工需求增加",
    "项目主体工程已封顶，正在进行设备安装，计划年内试生产",
    "宣讲了省市稳增长、助企纾困政策，企业表示将申报相关补助",
    "企业反映厂区周边道路尚未贯通，原材料运输车辆绕行较远",
    "了解企业扩产计划，企业有意在信息产业园区增资建设二期",
    "企业反映施工临时用电报装进度较慢，影响设备调试",
    "企业提出希望简化项目竣工联合验收材料，缩短验收时间",
    "企业资金周转偏紧，希望对接银行开展供应链融资",
    "走访了解企业研发中心建设进度，协调消防设计审查事项",
    "企业对“拿地即开工”审批服务表示满意，提出进一步优化建议",
    "企业反映招聘技术工人困难，希望政府组织专场招聘会",
    "宣传政务服务“不见面”审批和代办帮办服务，企业留存联系卡",
]
CONSULTATION_TOPICS = [
    ("项目备案需要提交哪些材料", "告知投资项目在线审批监管平台备案流程和所需材料，现场演示网上申报"),
    ("施工许可证办理条件和时限", "讲解施工许可办理条件、承诺时限和所需材料清单，提醒同步办理质量安全监督手续"),
    ("用地预审与选址意见书办理流程", "说明办理流程、责任部门和法定时限，建议提前准备项目建议书和用地红线图"),
    ("环评审批类别如何确定", "对照建设项目环境影响评价分类管理名录说明类别，建议联系区生态环境局预审"),
    ("消防设计审查所需材料", "提供消防设计审查材料清单，说明可与施工图审查并联办理"),
    ("竣工联合验收如何预约", "介绍联合验收申请方式和各部门现场验收安排，协助预约验收时间"),
    ("重点项目前期经费申报条件", "说明申报条件和截止时间，提供申报表样式"),
    ("供水供电报装能否并联办理", "说明水电气报装“一窗受理”办理方式，提供各单位联系人"),
    ("外资企业设立登记流程", "讲解外商投资企业设立登记和信息报告流程，指导网上办理"),
    ("稳岗补贴和社保补贴政策", "说明补贴对象、标准和申领渠道，转区人社局跟进"),
    ("代办帮办服务如何申请", "介绍代办帮办服务内容和申请方式，免费全程代办"),
    ("建设工程规划许可证变更", "说明变更情形和所需材料，建议先与区自然资源局沟通方案"),
]
APPEALS = [
    (Category.UTILITIES, "施工临时用电报装进度慢", "国网昆明供电局呈贡供电分局"),
    (Category.INFRASTRUCTURE, "厂区周边道路未贯通，运输车辆绕行", "区交通运输局"),
    (Category.FINANCE, "希望对接银行开展供应链融资", "区财政局"),
    (Category.LABOUR, "技术工人招聘困难，希望组织专场招聘", "区人力资源和社会保障局"),
    (Category.APPROVAL, "竣工联合验收材料较多，希望简化", "区住房和城乡建设局"),
    (Category.LAND, "二期用地规划条件尚未明确", "区自然资源局"),
    (Category.POLICY, "稳岗补贴申领进度咨询", "区人力资源和社会保障局"),
    (Category.UTILITIES, "天然气接入方案待批复", "区住房和城乡建设局"),
    (Category.ENVIRONMENT, "希望减少重复检查", "区市场监督管理局"),
    (Category.APPROVAL, "消防设计审查意见较多，需要指导", "区住房和城乡建设局"),
    (Category.POLICY, "专精特新企业奖励资金兑现", "区工业和信息化局"),
    (Category.INFRASTRUCTURE, "园区公交线路不便，员工通勤困难", "区交通运输局"),
]
SUGGESTIONS = [
    (Category.ENVIRONMENT, "建议建立重点企业服务专员微信群，及时推送政策"),
    (Category.APPROVAL, "建议在政务服务中心设立投资项目代办专窗"),
    (Category.POLICY, "建议汇编惠企政策清单并定期更新"),
]
RESOLUTIONS = [
    "经协调，相关部门已现场办理完毕，企业确认问题解决",
    "召开协调会明确办理路径和时限，相关手续已办结",
    "已对接相关单位，企业诉求已按政策落实",
]
UNRESOLVABLE = "该事项涉及上级审批权限和规划调整，近期无法解决，已向企业说明政策依据并报上级部门"
COMMENTS = {
    Feedback.SATISFIED: "办理及时，感谢投资服务中心的协调",
    Feedback.BASICALLY: "问题基本解决，希望后续继续跟进",
    Feedback.DISSATISFIED: "办理时间较长，问题没有根本解决",
}


@dataclass
class VisitPlan:
    enterprise: Enterprise
    day: date
    staff: list
    purposes: list[str]
    project: InvestmentProject | None
    findings: str
    appeals: list[dict] = field(default_factory=list)


def _workdays(calendar: Calendar) -> list[date]:
    day, days = date(YEAR, 1, 1), []
    while day.year == YEAR:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _plan_visits(rng: random.Random, ctx, key, others, projects_of, days) -> list[VisitPlan]:
    visited = rng.sample(key, KEY_VISITED)
    targets = visited + [rng.choice(visited) for _ in range(REPEAT_VISITS)] + rng.sample(others, NON_KEY_VISITS)
    rng.shuffle(targets)
    agent, director = ctx.users["agent"], ctx.users["director"]
    teams = [[agent], [agent], [agent, director], [director]]
    plans, taken = [], set()
    for n, enterprise in enumerate(targets):
        index = (n * len(days)) // len(targets) + rng.randrange(-3, 4)
        day = days[min(max(index, 0), len(days) - 1)]
        while (enterprise.pk, day) in taken:
            day = days[(days.index(day) + 1) % len(days)]
        taken.add((enterprise.pk, day))
        projects = projects_of.get(enterprise.pk, [])
        purposes = rng.sample(Purpose.values[:3], rng.randint(1, 2))
        project = rng.choice(projects) if projects and rng.random() < 0.6 else None
        if project is not None:
            purposes.append(Purpose.PROJECTS)
        plans.append(VisitPlan(enterprise, day, rng.choice(teams), purposes, project, rng.choice(FINDINGS)))
    plans.sort(key=lambda p: (p.day, p.enterprise.uscc))
    for n, plan in enumerate(rng.sample(plans, VISIT_APPEALS)):
        plan.appeals.append(_appeal_fields(rng, n))
        plan.purposes = sorted(set(plan.purposes) | {Purpose.PROBLEMS})
    return plans


def _appeal_fields(rng: random.Random, n: int) -> dict:
    if n % 12 == 11:
        category, title = SUGGESTIONS[(n // 12) % len(SUGGESTIONS)]
        return {"kind": AppealKind.SUGGESTION, "category": category, "title": title, "department": "区投资促进局"}
    category, title, department = APPEALS[n % len(APPEALS)]
    return {"kind": AppealKind.PROBLEM, "category": category, "title": title, "department": department}


def _plan_consultations(rng: random.Random, key_projects, other_projects, enterprises, days) -> list[dict]:
    links = (
        [{"project": rng.choice(key_projects)} for _ in range(KEY_PROJECT_CONSULTATIONS)]
        + [{"project": rng.choice(other_projects)} for _ in range(OTHER_PROJECT_CONSULTATIONS)]
        + [{"enterprise": rng.choice(enterprises)} for _ in range(ENTERPRISE_CONSULTATIONS)]
    )
    links += [
        {"inquirer": rng.choice(["王先生", "李女士", "陈经理", "赵总", "刘女士"])}
        for _ in range(CONSULTATIONS - len(links))
    ]
    rng.shuffle(links)
    zone = timezone.get_default_timezone()
    plans, taken = [], set()
    for n, link in enumerate(links):
        day = days[(n * len(days)) // len(links)]
        at = datetime(day.year, day.month, day.day, rng.choice([9, 10, 11, 14, 15, 16]), rng.choice([0, 15, 30, 45]))
        topic, answer = rng.choice(CONSULTATION_TOPICS)
        while (at, topic) in taken:
            at += timedelta(minutes=5)
        taken.add((at, topic))
        project = link.get("project")
        plans.append(
            {
                "consulted_at": at.replace(tzinfo=zone),
                "channel": rng.choice([Channel.PHONE, Channel.PHONE, Channel.ONSITE, Channel.ONLINE]),
                "project": project,
                "enterprise": project.enterprise if project else link.get("enterprise"),
                "inquirer": link.get("inquirer", ""),
                "topic": topic,
                "answer": answer,
                "duration_minutes": rng.choice([5, 10, 15, 20, 30, 45, 60]),
            }
        )
    return plans


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    rng = random.Random(SEED)
    calendar = Calendar.for_unit(unit)
    days = [d for d in _workdays(calendar) if d <= date(YEAR, 12, 23)]
    enterprises = list(Enterprise.objects.for_unit(unit).order_by("uscc"))
    key = [e for e in enterprises if e.is_key]
    if len(key) < KEY_VISITED:
        ctx.write(f"outreach: only {len(key)} key enterprises in the archive; demo skipped")
        return
    projects = list(InvestmentProject.objects.for_unit(unit).select_related("enterprise").order_by("name", "pk"))
    projects_of: dict[int, list] = {}
    for project in projects:
        projects_of.setdefault(project.enterprise_id, []).append(project)
    visits = _plan_visits(rng, ctx, key, [e for e in enterprises if not e.is_key], projects_of, days)
    key_projects = [p for p in projects if p.key_level]
    consultations = _plan_consultations(rng, key_projects, [p for p in projects if not p.key_level], enterprises, days)
    staff = [ctx.users["agent"], ctx.users["director"]]
    made = _write_visits(unit, visits, calendar, rng)
    made_c = _write_consultations(unit, consultations, staff, rng)
    made_a = _write_other_appeals(unit, rng, enterprises, calendar, ctx.users["agent"])
    ctx.write(f"outreach: {made} visits, {made_c} consultations, {made_a} other appeals created (2022)")


def _write_visits(unit, plans: list[VisitPlan], calendar: Calendar, rng: random.Random) -> int:
    made, counter = 0, iter(range(10_000))
    existing = set(Visit.objects.for_unit(unit).values_list("enterprise_id", "visited_on"))
    for plan in plans:
        stories = [_appeal_story(rng, next(counter), plan.day, calendar) for _appeal in plan.appeals]
        if (plan.enterprise.pk, plan.day) in existing:
            continue
        fields = {
            "visited_on": plan.day,
            "enterprise": plan.enterprise,
            "purposes": plan.purposes,
            "project": plan.project,
            "findings": plan.findings,
        }
        visit = services.create_visit(unit, actor=plan.staff[0], fields=fields, staff=plan.staff, appeals=plan.appeals)
        for appeal, steps in zip(visit.appeals.order_by("id"), stories, strict=True):
            _play(appeal, steps, plan.staff[0])
        made += 1
    return made


COORDINATE = (Action.COORDINATE, None, "已转责任部门办理", "")


def _appeal_story(rng: random.Random, k: int, raised: date, calendar: Calendar) -> list[tuple]:
    """The steps the k-th appeal raised on a visit takes: the year's last ones are still open,
    the others decided (every tenth could not be resolved, every eighth after its deadline) and
    most closed with the enterprise's feedback."""
    if raised >= date(YEAR, 11, 20):
        return [] if k % 2 == 0 else [COORDINATE]
    late = k % 8 == 3
    decided = calendar.add_workdays(raised, rng.randint(11, 16) if late else rng.randint(2, 9))
    if k % 10 == 4:
        steps = [COORDINATE, (Action.UNRESOLVABLE, decided, UNRESOLVABLE, "")]
    else:
        steps = [COORDINATE, (Action.RESOLVE, decided, rng.choice(RESOLUTIONS), "")]
    if raised < date(YEAR, 10, 1) and k % 6 != 2:
        feedback = Feedback.DISSATISFIED if k % 13 == 7 else (Feedback.BASICALLY if k % 5 == 1 else Feedback.SATISFIED)
        closed = calendar.add_workdays(decided, rng.randint(2, 6))
        steps.append((Action.CLOSE, closed, COMMENTS[feedback], feedback))
    return steps


def _play(appeal: Appeal, steps: list[tuple], actor) -> None:
    for action, on, text, feedback in steps:
        appeal = services.change_appeal(
            appeal, actor=actor, action=action, on=on, text=text, feedback=feedback, confirm_back=True
        )


def _write_consultations(unit, plans: list[dict], staff: list, rng: random.Random) -> int:
    existing = set(Consultation.objects.for_unit(unit).values_list("consulted_at", "topic"))
    made = 0
    for plan in plans:
        answered_by = rng.choice(staff)
        if (plan["consulted_at"], plan["topic"]) in existing:
            continue
        services.create_consultation(unit, actor=answered_by, fields={**plan, "staff": answered_by})
        made += 1
    return made


OTHER_APPEALS = [
    (
        date(2022, 3, 8),
        Source.PORTAL,
        "TZ20220308-0012",
        Category.APPROVAL,
        "网上申报项目备案系统提示材料不全",
        "区发展和改革局",
    ),
    (date(2022, 6, 15), Source.CONSULTATION, "", Category.UTILITIES, "供水接入管径不足", "区水务局"),
    (date(2022, 9, 20), Source.OTHER, "区政务服务管理局转办", Category.LAND, "临时用地审批时限较长", "区自然资源局"),
    (date(2022, 12, 12), Source.PORTAL, "TZ20221212-0031", Category.POLICY, "招商引资奖励兑现进度", "区投资促进局"),
]


def _write_other_appeals(unit, rng: random.Random, enterprises: list, calendar: Calendar, agent) -> int:
    """Four appeals not raised on visits; the first is reopened once after closing."""
    made = 0
    for n, (raised, source, reference, category, title, department) in enumerate(OTHER_APPEALS):
        enterprise = enterprises[(n * 29 + 7) % len(enterprises)]
        if Appeal.objects.for_unit(unit).filter(enterprise=enterprise, raised_on=raised, title=title).exists():
            continue
        fields = {
            "source": source,
            "reference": reference,
            "enterprise": enterprise,
            "raised_on": raised,
            "category": category,
            "title": title,
            "department": department,
            "handler": agent,
        }
        appeal = services.raise_appeal(unit, actor=agent, fields=fields)
        if n == 0:
            day = calendar.add_workdays(raised, 5)
            _play(
                appeal,
                [
                    (Action.COORDINATE, None, "已联系区发展和改革局", ""),
                    (Action.RESOLVE, day, "指导企业补齐材料后备案通过", ""),
                    (Action.CLOSE, calendar.add_workdays(day, 2), "", Feedback.SATISFIED),
                    (Action.REOPEN, None, "企业反映备案信息有误需变更", ""),
                    (Action.RESOLVE, calendar.add_workdays(day, 6), "已协助办理备案变更", ""),
                    (Action.CLOSE, calendar.add_workdays(day, 8), COMMENTS[Feedback.SATISFIED], Feedback.SATISFIED),
                ],
                agent,
            )
        elif n in (1, 2):
            decided = calendar.add_workdays(raised, 8)
            _play(appeal, [(Action.RESOLVE, decided, rng.choice(RESOLUTIONS), "")], agent)
        made += 1
    return made
