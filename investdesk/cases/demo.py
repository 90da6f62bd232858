"""Demo: about 40 delegation cases of 昆明市呈贡区投资服务中心 in 2022, in every status, on the
demo projects' approval items — with pauses, blockers and their 会办/督办, ratings of every
level (a few 差评 with their rectification) and default ratings.

Everything comes from a fixed seed and is planned before anything is written; a case whose
requester already has a case on that day is left alone, so a second run changes nothing.
Every write goes through the services, dated in 2022.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from investdesk.cases import services
from investdesk.cases.models import AgencyCase, CaseStatus, Channel, RatingLevel, Scope
from investdesk.core.workdays import Calendar
from investdesk.enterprises.models import Enterprise
from investdesk.projects.models import InvestmentProject, ItemStatus

SEED = 20220707
LAST_DAY = date(2022, 12, 30)
# 40 cases: every status, most of them finished by the end of the year.
STATUSES = (
    [CaseStatus.APPLIED] * 3
    + [CaseStatus.REJECTED] * 2
    + [CaseStatus.ACCEPTED] * 3
    + [CaseStatus.IN_PROGRESS] * 7
    + [CaseStatus.PAUSED] * 3
    + [CaseStatus.TERMINATED] * 2
    + [CaseStatus.COMPLETED] * 5
    + [CaseStatus.VISITED] * 7
    + [CaseStatus.ARCHIVED] * 8
)
FINISHED = (CaseStatus.COMPLETED, CaseStatus.VISITED, CaseStatus.ARCHIVED)
RUNNING = (CaseStatus.IN_PROGRESS, CaseStatus.PAUSED)
# Ratings of the 20 finished cases, in order; None: no rating in the window (基本满意 by default).
LEVELS = [
    RatingLevel.VERY_SATISFIED,
    RatingLevel.SATISFIED,
    RatingLevel.VERY_SATISFIED,
    RatingLevel.DISSATISFIED,
    None,
    RatingLevel.VERY_SATISFIED,
    RatingLevel.BASIC,
    RatingLevel.SATISFIED,
    RatingLevel.VERY_DISSATISFIED,
    RatingLevel.VERY_SATISFIED,
    RatingLevel.SATISFIED,
    None,
    RatingLevel.VERY_SATISFIED,
    RatingLevel.DISSATISFIED,
    RatingLevel.SATISFIED,
    RatingLevel.VERY_SATISFIED,
    RatingLevel.BASIC,
    RatingLevel.VERY_SATISFIED,
    RatingLevel.SATISFIED,
    RatingLevel.VERY_SATISFIED,
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = ["建华", "晓东", "丽娟", "志强", "海燕", "云峰", "国庆", "春梅", "明辉", "玉兰"]
HELP = [
    "全程代办项目立项、用地规划及施工许可手续",
    "代办建设工程规划许可证及施工图审查",
    "帮办施工许可证申请材料，协调联合审图",
    "代办环评批复和节能审查",
    "帮办竣工联合验收预约和资料准备",
]
BAD_COMMENTS = {
    RatingLevel.DISSATISFIED: "材料补正往返多次，进度比承诺的慢",
    RatingLevel.VERY_DISSATISFIED: "代办员电话经常联系不上，项目拖了很久",
}
GOOD_COMMENTS = ["代办员全程跟进，非常专业", "服务热情，节省了很多时间", "手续办得很快，感谢", ""]
BLOCKERS = [
    ("区自然资源局", "用地红线与规划条件不一致，需重新核定", "会办：召集自然资源、住建部门现场核对红线"),
    ("区住房和城乡建设局", "施工图审查意见反复，消防设计需补正", "督办：报请分管领导督办审查进度"),
    ("区发展和改革局", "项目备案信息与可研报告投资额不一致", "会办：与企业、发改局三方核对投资构成"),
]


@dataclass
class Plan:
    status: str
    requester: str
    phone: str
    applied_on: date
    scope: str
    channel: str
    help_needed: str
    enterprise: object = None
    enterprise_name: str = ""
    project: object = None
    items: list = field(default_factory=list)  # approval items to plan
    level: str | None = "unrated"
    steps: list = field(default_factory=list)  # (name, date, kwargs)


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    agent, director = ctx.users["agent"], ctx.users["director"]
    projects = list(
        InvestmentProject.objects.for_unit(unit).select_related("enterprise").prefetch_related("approval_items")
    )
    if not projects:
        ctx.write("cases: no demo projects, no demo cases")
        return
    enterprises = list(Enterprise.objects.for_unit(unit).order_by("uscc"))
    calendar = Calendar.for_unit(unit)
    plans = plan_cases(random.Random(SEED), projects, enterprises, calendar)
    existing = set(AgencyCase.objects.for_unit(unit).values_list("requester_name", "applied_on"))
    created = 0
    # Written in the order of their application dates, so the case numbers follow the dates.
    for n, plan in sorted(enumerate(plans), key=lambda pair: (pair[1].applied_on, pair[0])):
        if (plan.requester, plan.applied_on) in existing:
            continue
        _write(unit, plan, n, agent=agent, director=director, calendar=calendar, second=ctx.users.get("agent2"))
        created += 1
    ctx.write(f"cases: {created} demo delegation cases created, {len(plans) - created} already there")


# --- planning (no writes) ----------------------------------------------------------------------------


def _workday(calendar: Calendar, day: date, later: int = 0) -> date:
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return calendar.add_workdays(day, later) if later else day


def _before(calendar: Calendar, day: date, n: int) -> date:
    while n:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def _done_items(project) -> list:
    return [i for i in project.approval_items.all() if i.status == ItemStatus.COMPLETED and i.accepted_on]


def _running_items(project) -> list:
    return [i for i in project.approval_items.all() if i.status == ItemStatus.ACCEPTED]


def plan_cases(rng: random.Random, projects: list, enterprises: list, calendar: Calendar) -> list[Plan]:
    finished_pool = [p for p in projects if len(_done_items(p)) >= 3]
    running_pool = [p for p in projects if _running_items(p)]
    rng.shuffle(finished_pool)
    rng.shuffle(running_pool)
    levels = iter(LEVELS)
    plans = []
    for n, status in enumerate(STATUSES):
        name = f"{SURNAMES[n % len(SURNAMES)]}{GIVEN[(n * 3) % len(GIVEN)]}"
        plan = Plan(
            status=status,
            requester=name,
            phone=f"13{rng.randint(3, 9)}{rng.randrange(10**8):08d}",
            applied_on=date(2022, 1, 4),
            scope=rng.choice([Scope.FULL, Scope.FULL, Scope.PARTIAL, Scope.ASSIST]),
            channel=rng.choice([Channel.WINDOW, Channel.WINDOW, Channel.ONLINE, Channel.ONLINE, Channel.VISIT]),
            help_needed=HELP[rng.randrange(len(HELP))],
        )
        if status in FINISHED and finished_pool:
            _finished(rng, plan, finished_pool.pop(), calendar)
            plan.level = next(levels, RatingLevel.SATISFIED)
        elif status in RUNNING and running_pool:
            _running(rng, plan, running_pool.pop(), calendar)
        else:
            _early(rng, plan, enterprises, calendar)
        plans.append(plan)
    return plans


def _finished(rng: random.Random, plan: Plan, project, calendar: Calendar) -> None:
    done = sorted(_done_items(project), key=lambda i: i.accepted_on)
    chosen = done[-rng.randint(2, min(4, len(done))) :]
    first = min(i.accepted_on for i in chosen)
    plan.project, plan.enterprise, plan.items = project, project.enterprise, chosen
    plan.applied_on = max(_before(calendar, first, rng.randint(4, 10)), date(2022, 1, 4))
    accepted = _workday(calendar, plan.applied_on, 1)
    started = _workday(calendar, accepted, rng.randint(1, 3))
    plan.steps = [("accept", accepted, {}), ("start", started, {})]
    last = max(i.completed_on for i in chosen)
    if rng.random() < 0.3 and calendar.workdays_between(started, last) > 6:
        pause = _workday(calendar, started, 2)
        resume = _workday(calendar, pause, rng.randint(2, 4))
        if resume < last:
            plan.steps += [
                ("pause", pause, {"reason": "等待企业补充不动产权证明及股东会决议"}),
                ("resume", resume, {"note": "企业已补齐材料"}),
            ]
    completed = min(_workday(calendar, last, rng.randint(1, 3)), date(2022, 12, 20))
    completed = max(completed, last)
    handover = "\n".join(f"{i.name}（{i.document_number}）" for i in chosen)
    plan.steps.append(("complete", completed, {"handover": handover}))
    if plan.status in (CaseStatus.VISITED, CaseStatus.ARCHIVED):
        visited = _workday(calendar, completed, rng.randint(1, 4))
        plan.steps.append(("visit", visited, {"note": "电话回访，企业对代办服务总体满意"}))
    if plan.status == CaseStatus.ARCHIVED:
        plan.steps.append(("archive", _workday(calendar, completed, 8), {}))


def _running(rng: random.Random, plan: Plan, project, calendar: Calendar) -> None:
    items = _running_items(project)
    first = min(i.accepted_on for i in items)
    plan.project, plan.enterprise, plan.items = project, project.enterprise, items
    plan.applied_on = max(_before(calendar, first, rng.randint(3, 8)), date(2022, 1, 4))
    accepted = _workday(calendar, plan.applied_on, 1)
    started = _workday(calendar, accepted, rng.randint(1, 2))
    plan.steps = [("accept", accepted, {}), ("start", started, {})]
    if plan.status == CaseStatus.PAUSED:
        pause = min(_workday(calendar, max(started, first), 3), date(2022, 12, 28))
        plan.steps.append(("pause", pause, {"reason": "等待企业提交修改后的施工图设计文件"}))


def _early(rng: random.Random, plan: Plan, enterprises: list, calendar: Calendar) -> None:
    """申请, 受理, 不予受理 and 终止: requests of December, some from enterprises not archived yet."""
    plan.applied_on = _workday(calendar, date(2022, 12, 1) + timedelta(days=rng.randint(0, 24)))
    if rng.random() < 0.5 or not enterprises:
        plan.enterprise_name = (
            f"云南{plan.requester[0]}氏{rng.choice(['新材料', '数字科技', '康养', '冷链物流'])}有限公司"
        )
    else:
        plan.enterprise = enterprises[rng.randrange(len(enterprises))]
    accepted = _workday(calendar, plan.applied_on, 1)
    if plan.status == CaseStatus.REJECTED:
        plan.steps = [("reject", accepted, {"reason": "申请事项为个人建房审批，不属于投资项目代办范围"})]
    elif plan.status == CaseStatus.ACCEPTED:
        plan.steps = [("accept", accepted, {})]
    elif plan.status == CaseStatus.TERMINATED:
        plan.steps = [
            ("accept", accepted, {}),
            ("terminate", _workday(calendar, accepted, 2), {"reason": "企业决定暂缓投资，撤回代办委托"}),
        ]


# --- writing (through the services) --------------------------------------------------------------------


def _write(unit, plan: Plan, n: int, *, agent, director, calendar: Calendar, second=None) -> None:
    case = services.create_case(
        unit,
        actor=director if plan.channel != Channel.ONLINE else None,
        channel=plan.channel,
        scope=plan.scope,
        requester_name=plan.requester,
        requester_phone=plan.phone,
        enterprise=plan.enterprise,
        enterprise_name=plan.enterprise_name,
        project=plan.project,
        help_needed=plan.help_needed,
        applied_on=plan.applied_on,
        notify_staff=False,
    )
    handler = director if n % 7 == 0 else agent
    if plan.status not in (CaseStatus.APPLIED, CaseStatus.REJECTED):
        co = [director] if handler is agent and n % 3 == 0 else []
        if second is not None and n % 4 == 1:
            co.append(second)  # the second agent helps on every fourth case
        case = services.assign_case(case, actor=director, agent=handler, co_agents=co, on=plan.applied_on)
    for name, on, kwargs in plan.steps:
        if name == "start":
            _prepare_start(case, plan, on, handler, n)
        if name == "complete":
            _resolve_blockers(case, on, handler)
        actor = director if name in ("accept", "reject", "archive") else handler
        if name == "archive":
            _rate(case, plan, handler, calendar)
        case = services.change_status(case, name, actor=actor, on=on, **kwargs)
        if name == "start" and n % 4 == 1:
            _blocker(case, plan, on, handler, director, n)
    if plan.status in (CaseStatus.COMPLETED, CaseStatus.VISITED):
        _rate(case, plan, handler, calendar)


def _prepare_start(case, plan: Plan, on: date, handler, n: int) -> None:
    if case.needs_mandate:
        services.set_mandate(case, actor=handler, number=f"呈投代〔2022〕{n + 1}号", signed_on=plan.applied_on)
    if plan.items:
        promised = {}
        for item in plan.items:
            limit = item.limit_workdays
            promised[item.pk] = max(1, limit - (limit // 4 if n % 3 else 0))
        services.save_plan(case, actor=handler, promised=promised, on=on)


def _blocker(case, plan: Plan, on: date, handler, director, n: int) -> None:
    department, text, action = BLOCKERS[n % len(BLOCKERS)]
    raised = on + timedelta(days=1)
    if raised > LAST_DAY:
        return
    blocker = services.add_blocker(case, actor=handler, fields={"department": department, "description": text,
                                                                 "raised_on": raised})  # fmt: skip
    kind = "coordination" if action.startswith("会办") else "supervision"
    services.add_blocker_action(
        blocker,
        actor=director,
        fields={"kind": kind, "taken_on": raised, "content": action[3:], "result": "各方已明确办理意见"},
    )


def _resolve_blockers(case, on: date, handler) -> None:
    for blocker in case.blockers.filter(resolved_on__isnull=True):
        resolved = max(on, blocker.raised_on)
        services.resolve_blocker(blocker, actor=handler, resolved_on=resolved, resolution="协调会后部门已按意见办结")


def _rate(case, plan: Plan, handler, calendar: Calendar) -> None:
    case.refresh_from_db()
    if plan.level == "unrated" or case.completed_on is None:
        return
    if plan.level is None:
        services.give_default_rating(case)
        return
    on = _workday(calendar, case.completed_on, 1 + (case.pk % 3))
    bad = plan.level in BAD_COMMENTS
    comment = BAD_COMMENTS.get(plan.level) or GOOD_COMMENTS[case.pk % len(GOOD_COMMENTS)]
    source = "portal" if case.channel == Channel.ONLINE else "phone"
    rating = services.rate_case(
        case, level=plan.level, comment=comment, source=source, actor=None if source == "portal" else handler, on=on
    )
    if bad:
        _rectify(rating, handler, calendar, close=plan.status == CaseStatus.ARCHIVED or case.pk % 2 == 0)


def _rectify(rating, handler, calendar: Calendar, *, close: bool) -> None:
    rectification = rating.rectification
    opened = rectification.opened_on
    services.update_rectification(
        rectification,
        actor=handler,
        responsible=handler,
        measures="指定专人每日跟进，材料一次性告知，每周向企业通报进度",
    )
    services.record_rectification_followup(
        rectification,
        actor=handler,
        followed_up_on=_workday(calendar, opened, 2),
        follow_up_note="已向企业致歉并说明改进措施",
    )
    if close:
        services.close_rectification(
            rectification,
            actor=handler,
            result="已建立一次性告知清单和每周进度通报",
            requester_reply="企业表示理解，认可整改措施",
            closed_on=_workday(calendar, opened, 4),
        )
