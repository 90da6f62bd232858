"""A small unit's ledgers for the page-level tests (sorting, phone layout): a few rows in every
main list, with the long names and texts a real center has, made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from investdesk.budget.tests.conftest import book, make_lines
from investdesk.budget.tests.conftest import make_project as make_budget_project
from investdesk.cases.models import CaseStatus, Channel
from investdesk.cases.tests.conftest import case_in
from investdesk.outreach.models import Category
from investdesk.outreach.tests.conftest import local, make_appeal, make_consultation, make_visit
from investdesk.plans import services as plan_services
from investdesk.projects.tests.conftest import code, make_enterprise, make_project
from investdesk.publicity.tests.conftest import make_article, make_batch, make_material
from investdesk.surveys.tests.conftest import make_survey

ENTERPRISES = (
    "云南呈贡国际新能源汽车零部件智能制造产业园开发建设有限公司",
    "昆明滇池花卉有限公司",
    "云南七彩科技有限公司",
)


@dataclass
class Ledgers:
    enterprises: list
    projects: list
    cases: list
    visits: list
    consultations: list
    appeals: list
    materials: list
    articles: list
    surveys: list
    budget: object
    expenditures: list
    milestones: list


def make_ledgers(people) -> Ledgers:
    unit, agent = people.unit, people.agent
    enterprises = [
        make_enterprise(unit, name, n=n, is_key=n == 1, key_level="city" if n == 1 else "")
        for n, name in enumerate(ENTERPRISES, 1)
    ]
    projects = [
        make_project(
            unit,
            enterprises[0],
            actor=agent,
            name="新能源汽车零部件智能制造产业园一期建设项目",
            project_code=code(1),
            total_investment_yuan=1_250_000_000,
        ),
        make_project(
            unit,
            enterprises[1],
            actor=agent,
            name="花卉交易中心",
            project_code=code(2),
            total_investment_yuan=80_000_000,
        ),
    ]
    cases = [
        case_in(people, CaseStatus.IN_PROGRESS, enterprise=enterprises[0]),
        case_in(people, CaseStatus.APPLIED, channel=Channel.ONLINE, enterprise_name="云南新设食品加工有限公司（筹）"),
        case_in(people, CaseStatus.COMPLETED, enterprise=enterprises[1]),
    ]
    visits = [
        make_visit(
            unit,
            enterprises[0],
            date(2022, 3, 8),
            staff=[agent, people.director],
            project=projects[0],
            findings="企业反映施工临时用电报装进度慢，需协调供电部门；另需协调园区道路、排水管网配套建设",
        ),
        make_visit(unit, enterprises[2], date(2022, 5, 16), staff=[agent]),
    ]
    consultations = [
        make_consultation(unit, local(2022, 4, 2, 10, 30), staff=agent, project=projects[0], enterprise=enterprises[0]),
        make_consultation(unit, local(2022, 6, 9, 15, 0), staff=people.director, inquirer="陈先生", topic="用地预审"),
    ]
    appeals = [
        make_appeal(unit, enterprises[0], date(2022, 3, 8), actor=agent),
        make_appeal(
            unit,
            enterprises[2],
            date(2022, 6, 1),
            actor=agent,
            category=Category.OTHER,
            title="招工难",
            department="呈贡区人力资源和社会保障局",
        ),
    ]
    materials = [make_material(unit), make_material(unit, "“不见面”审批服务宣传折页", kind="brochure")]
    make_batch(materials[0], date(2022, 3, 1), printed=500, distributed=320)
    articles = [make_article(unit), make_article(unit, "呈贡区优化营商环境上门服务小分队成立", channel="website")]
    surveys = [make_survey(unit)]
    budget = make_budget_project(unit)
    lines = make_lines(budget, people.finance)
    expenditures = [
        book(budget, lines["印刷费"], date(2022, 3, 2), "4800", "记-2022-031", payee="云南彩虹广告制作有限公司"),
        book(budget, lines["差旅费"], date(2022, 5, 20), "1260.50", "记-2022-077"),
    ]
    milestones = [
        plan_services.create_milestone(
            budget, actor=None, fields={"quarter": 1, "title": "印制投资项目服务指南等宣传资料"}
        ),
        plan_services.create_milestone(budget, actor=None, fields={"quarter": 3, "title": "开展重点企业走访"}),
    ]
    return Ledgers(
        enterprises,
        projects,
        cases,
        visits,
        consultations,
        appeals,
        materials,
        articles,
        surveys,
        budget,
        expenditures,
        milestones,
    )
