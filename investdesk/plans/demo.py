"""Demo: the seed's 项目实施计划 for 2022 — one milestone per quarter, each done in its quarter
with its evidence — and the Q3 study trip to 上海浦东新区 linked to its 差旅费 payments.

Runs after the budget demo (INSTALLED_APPS order), which created the project and the trip's
payments. Rows are looked up by their natural keys first, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from investdesk.budget.models import Expenditure, Kind
from investdesk.performance.models import BudgetProject
from investdesk.plans import services
from investdesk.plans.models import Milestone, Status, StudyTrip

MILESTONES = [  # quarter, owner, title, description, done on, evidence
    (
        1,
        "agent",
        "印制投资项目服务指南等宣传资料，优化“不见面”服务和“312”项目服务工作机制",
        "印制昆明市呈贡区投资项目服务指南等宣传资料，不断优化完善“不见面”服务和“312”项目服务工作机制运行模式。",
        date(2022, 3, 25),
        "印制《呈贡区投资项目服务指南》1000册、“不见面”服务宣传折页2000份，已在政务服务中心C区和各街道发放；"
        "修订“312”项目服务工作机制流程图，3月起全部代办事项实行网上受理。",
    ),
    (
        2,
        "agent",
        "主动对接在建重点企业，开展“上门式协调服务”",
        "通过实地走访，务实开展宣传政策、摸排问题、采集建议、跟促项目等“上门式协调服务”。",
        date(2022, 6, 28),
        "二季度走访在建重点企业26家，建立“一企一档”，收集问题诉求14条并转交责任部门，已办结11条。",
    ),
    (
        3,
        "director",
        "组织到先进地区学习投资服务工作经验和成效",
        "主动对标先进地区投资服务工作最佳改革实践，结合我区实际推动投资服务模式创新。",
        date(2022, 8, 26),
        "8月15日至19日赴上海浦东新区学习“一网通办”和企业服务专员制度，形成考察报告，提出改进措施5条。",
    ),
    (
        4,
        "director",
        "推出更广泛、更具体的便民利民惠民措施，服务重心倾向中小型企业",
        "不断推出更广泛、更具体的便民利民惠民措施，并将惠民惠企服务模式重心倾向一些中小型企业。",
        date(2022, 12, 20),
        "出台《中小企业代办帮办服务十项措施》，推行“企业服务专员”制度，为38家中小企业提供全程代办。",
    ),
]
TRIP = {
    "destination": "上海浦东新区",
    "start_on": date(2022, 8, 15),
    "end_on": date(2022, 8, 19),
    "purpose": "学习先进地区投资服务工作经验和成效",
    "practices": "浦东新区“一网通办”企业开办全程网办、“企业服务专员”一对一跟进重点项目、"
    "“证照分离”改革和审批事项告知承诺制。",
    "measures": "在呈贡区推行“企业服务专员”制度，为重点项目指定专员；代办事项全部纳入网上受理；"
    "编制《中小企业代办帮办服务十项措施》。",
    "note": "考察报告已报区政务服务管理局。",
}
TRIP_PAYEES = ("云南腾达航空服务有限公司", "上海浦东陆家嘴商务酒店有限公司", "李强等4人")


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    project = BudgetProject.objects.for_unit(unit).filter(year=2022, name="投资服务中心经费").first()
    if project is None:
        ctx.write("plans: no 2022 project (the budget demo creates it) — skipped")
        return
    for quarter, owner, title, description, done_on, evidence in MILESTONES:
        if Milestone.objects.filter(project=project, quarter=quarter, title=title).exists():
            continue
        user = ctx.users[owner]
        fields = {"quarter": quarter, "title": title, "description": description, "owner": user}
        milestone = services.create_milestone(project, actor=user, fields=fields)
        services.change_status(milestone, actor=user, to=Status.IN_PROGRESS)
        services.change_status(milestone, actor=user, to=Status.DONE, on=done_on, evidence_note=evidence)
    if not StudyTrip.objects.for_unit(unit).filter(destination=TRIP["destination"], start_on=TRIP["start_on"]).exists():
        payments = Expenditure.objects.filter(project=project, kind=Kind.PAYMENT, payee__in=TRIP_PAYEES, year=2022)
        participants = [ctx.users[name] for name in ("director", "agent", "finance", "viewer")]
        trip = services.save_trip(
            unit, actor=ctx.users["director"], fields=TRIP, participants=participants, expenditures=payments
        )
        ctx.write(f"plans: study trip to {trip.destination}, cost {services.trip_cost(trip)} yuan")
    ctx.write(f"plans: {Milestone.objects.filter(project=project).count()} milestones of {project}")


TRIP_COST = Decimal("13480.00")  # the three payments less the hotel's refund (budget demo)
