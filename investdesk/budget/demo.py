"""Demo: the budget ledger of the 2022 project 投资服务中心经费 of 昆明市呈贡区投资服务中心.

Four lines totalling the seed's 5.8万元, one transfer between lines (the full-year budget stays
58,000 yuan), 40 bookings through 2022 — among them the Q3 study trip to 上海浦东新区 and one
refund — netting exactly 56,480.00 yuan (97.38 % of the initial budget: a 2.62 % deviation, no
deduction under the seed's cost rule), and one payment dated 2023-01-05 that belongs to 2023.

Fixed seed; every row is looked up by its natural key first, so a second run changes nothing.
The performance demo runs later and imports the seed's table into the same project.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from investdesk.budget import services
from investdesk.budget.models import Adjustment, BudgetLine, Category, Expenditure, Kind
from investdesk.core.workdays import Calendar
from investdesk.performance.models import BudgetProject

SEED = 58000
PROJECT_NAME = "投资服务中心经费"
LINES = [  # name, initial budget, note
    ("印刷费", Decimal("20000.00"), "服务指南、宣传折页、横幅展板印制"),
    ("差旅费", Decimal("18000.00"), "到先进地区学习考察、赴市省对接工作"),
    ("会议费", Decimal("8000.00"), "项目推进协调会、政策宣讲会"),
    ("办公费", Decimal("12000.00"), "办公用品、邮电费"),
]
TRANSFER = (
    date(2022, 7, 15),
    "会议费",
    "差旅费",
    Decimal("2000.00"),
    "赴上海浦东新区学习考察差旅费不足，经主任办公会研究从会议费调剂2000元",
)
# Net spending per line in 2022 (after the refund): 56,480.00 in all.
TARGETS = {
    "印刷费": Decimal("19640.00"),
    "差旅费": Decimal("19260.00"),
    "会议费": Decimal("5780.00"),
    "办公费": Decimal("11800.00"),
}
TRIP_PAYMENTS = [  # the Q3 study trip: date, amount, payee, note
    (date(2022, 8, 23), Decimal("7360.00"), "云南腾达航空服务有限公司", "学习考察往返机票4人（昆明—上海）"),
    (date(2022, 8, 23), Decimal("4480.00"), "上海浦东陆家嘴商务酒店有限公司", "学习考察住宿费4人4晚"),
    (date(2022, 8, 24), Decimal("1960.00"), "李强等4人", "学习考察伙食补助及市内交通费"),
]
TRIP_REFUND = (date(2022, 9, 6), Decimal("320.00"), "酒店退回多收的住宿费")
# Other bookings: line, month, payee, category, note.
OTHERS = [
    ("印刷费", 1, "昆明呈印印务有限公司", Category.PRINTING, "印制《呈贡区投资项目服务指南》1000册"),
    ("印刷费", 2, "昆明呈印印务有限公司", Category.PRINTING, "印制“不见面”服务宣传折页2000份"),
    ("印刷费", 3, "云南彩虹广告制作有限公司", Category.PRINTING, "政务服务中心C区代办服务展板制作"),
    ("印刷费", 3, "昆明呈印印务有限公司", Category.PRINTING, "印制“312”项目服务机制流程图"),
    ("印刷费", 4, "云南彩虹广告制作有限公司", Category.PRINTING, "“拿地即开工”宣传海报"),
    ("印刷费", 5, "云南彩虹广告制作有限公司", Category.PRINTING, "优化营商环境宣传横幅20条"),
    ("印刷费", 6, "昆明呈印印务有限公司", Category.PRINTING, "印制“一企一档”服务手册"),
    ("印刷费", 8, "昆明呈印印务有限公司", Category.PRINTING, "印制惠企政策汇编"),
    ("印刷费", 9, "昆明呈印印务有限公司", Category.PRINTING, "加印服务指南500册"),
    ("印刷费", 11, "云南彩虹广告制作有限公司", Category.PRINTING, "惠企政策宣传展架制作"),
    ("差旅费", 3, "张敏", Category.TRAVEL, "赴昆明市政务服务局对接代办帮办工作"),
    ("差旅费", 5, "李强", Category.TRAVEL, "赴省投资促进局汇报重点项目推进情况"),
    ("差旅费", 6, "张敏", Category.TRAVEL, "陪同企业赴市自然资源规划局办理用地手续"),
    ("差旅费", 10, "张敏", Category.TRAVEL, "赴安宁市交流“拿地即开工”经验"),
    ("差旅费", 11, "李强", Category.TRAVEL, "赴市发展改革委对接重点项目前期工作"),
    ("会议费", 4, "昆明呈贡七彩云南会务服务有限公司", Category.MEETING, "重点项目推进协调会会务费"),
    ("会议费", 6, "昆明呈贡七彩云南会务服务有限公司", Category.MEETING, "惠企政策宣讲会场地及资料费"),
    ("会议费", 8, "昆明呈贡七彩云南会务服务有限公司", Category.MEETING, "学习考察成果交流会资料费"),
    ("会议费", 9, "昆明呈贡七彩云南会务服务有限公司", Category.MEETING, "在建重点企业座谈会会务费"),
    ("会议费", 12, "昆明呈贡七彩云南会务服务有限公司", Category.MEETING, "年度代办服务工作总结会会务费"),
    *[
        ("办公费", month, payee, category, note)
        for month, payee, category, note in [
            (1, "昆明晨光文具有限公司", Category.OFFICE, "办公用品采购"),
            (1, "中国电信股份有限公司昆明分公司", Category.POST, "代办服务热线话费"),
            (2, "昆明晨光文具有限公司", Category.OFFICE, "打印纸及硒鼓"),
            (3, "中国邮政集团有限公司昆明市呈贡区分公司", Category.POST, "寄送审批材料邮寄费"),
            (4, "昆明晨光文具有限公司", Category.OFFICE, "档案盒及文件柜标签（一企一档）"),
            (4, "中国电信股份有限公司昆明分公司", Category.POST, "代办服务热线话费"),
            (5, "昆明晨光文具有限公司", Category.OFFICE, "办公用品采购"),
            (6, "中国邮政集团有限公司昆明市呈贡区分公司", Category.POST, "寄送审批材料邮寄费"),
            (7, "中国电信股份有限公司昆明分公司", Category.POST, "代办服务热线话费"),
            (7, "昆明晨光文具有限公司", Category.OFFICE, "打印纸及硒鼓"),
            (8, "昆明晨光文具有限公司", Category.OFFICE, "办公用品采购"),
            (9, "中国邮政集团有限公司昆明市呈贡区分公司", Category.POST, "寄送审批材料邮寄费"),
            (10, "中国电信股份有限公司昆明分公司", Category.POST, "代办服务热线话费"),
            (10, "昆明晨光文具有限公司", Category.OFFICE, "办公用品采购"),
            (11, "昆明晨光文具有限公司", Category.OFFICE, "打印纸及硒鼓"),
            (12, "中国电信股份有限公司昆明分公司", Category.POST, "代办服务热线话费"),
        ]
    ],
]
NEXT_YEAR = (
    date(2023, 1, 5),
    "办公费",
    Decimal("680.00"),
    "中国电信股份有限公司昆明分公司",
    Category.POST,
    "2022年12月代办服务热线话费（2023年支付，计入2023年）",
)


def _project(unit) -> BudgetProject:
    project = BudgetProject.objects.for_unit(unit).filter(year=2022, name=PROJECT_NAME).first()
    if project is None:  # the performance demo imports the seed's table into it later
        project = BudgetProject.objects.create(unit=unit, year=2022, name=PROJECT_NAME, budget_yuan=Decimal("58000.00"))
    return project


def _workday(calendar: Calendar, day: date) -> date:
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def _split(rng: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """`parts` whole-yuan amounts that add up to `total` exactly, none tiny."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    amounts = [(total * Decimal(w / sum(weights))).quantize(Decimal("1")) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def _planned(rng: random.Random, calendar: Calendar) -> list[dict]:
    """Every 2022 booking but the trip's, with its amount, date and voucher."""
    trip_net = sum(a for _d, a, _p, _n in TRIP_PAYMENTS) - TRIP_REFUND[1]
    rows = []
    for line, target in TARGETS.items():
        entries = [e for e in OTHERS if e[0] == line]
        total = target - (trip_net if line == "差旅费" else 0)
        for (name, month, payee, category, note), amount in zip(entries, _split(rng, total, len(entries)), strict=True):
            day = _workday(calendar, date(2022, month, rng.randint(3, 25)))
            rows.append(
                {
                    "line": name,
                    "spent_on": day,
                    "amount_yuan": amount,
                    "payee": payee,
                    "category": category,
                    "note": note,
                }
            )
    return rows


def load(ctx) -> None:
    unit, finance, director = ctx.units["chenggong"], ctx.users["finance"], ctx.users["director"]
    rng = random.Random(SEED)
    project = _project(unit)
    lines = {}
    for position, (name, amount, note) in enumerate(LINES, 1):
        line = BudgetLine.objects.filter(project=project, name=name).first()
        fields = {"name": name, "initial_yuan": amount, "position": position, "note": note}
        lines[name] = line or services.save_line(project, actor=finance, fields=fields)
    on, source, target, amount, reason = TRANSFER
    if not Adjustment.objects.filter(line__project=project, reason=reason).exists():
        services.add_adjustment(
            lines[target],
            actor=director,
            fields={"adjusted_on": on, "amount_yuan": amount, "reason": reason},
            counterpart=lines[source],
        )
    rows = _planned(rng, Calendar.for_unit(unit))
    rows += [
        {"line": "差旅费", "spent_on": d, "amount_yuan": a, "payee": p, "category": Category.TRAVEL, "note": n}
        for d, a, p, n in TRIP_PAYMENTS
    ]
    rows.sort(key=lambda r: (r["spent_on"], r["line"], r["note"]))
    _book(project, lines, rows, finance)
    _book_refund(project, lines, finance)
    day, line, amount, payee, category, note = NEXT_YEAR
    _book(
        project,
        lines,
        [{"line": line, "spent_on": day, "amount_yuan": amount, "payee": payee, "category": category, "note": note}],
        finance,
    )
    ctx.write(f"budget: {Expenditure.objects.filter(project=project).count()} expenditures on {len(lines)} lines")


def _voucher(day: date, counters: dict) -> str:
    """记账凭证号 numbered per month in booking order: 2022-08-003."""
    key = (day.year, day.month)
    counters[key] = counters.get(key, 0) + 1
    return f"{day:%Y-%m}-{counters[key]:03d}"


def _book(project, lines: dict, rows: list[dict], actor) -> None:
    counters: dict = {}
    for row in rows:
        row = dict(row, line=lines[row["line"]], kind=Kind.PAYMENT)
        row["voucher_number"] = _voucher(row["spent_on"], counters)
        if not Expenditure.objects.filter(
            unit=project.unit, year=row["spent_on"].year, voucher_number=row["voucher_number"]
        ).exists():
            services.add_expenditure(project, actor=actor, fields=row)


def _book_refund(project, lines: dict, actor) -> None:
    day, amount, note = TRIP_REFUND
    voucher = f"{day:%Y-%m}-R01"
    if Expenditure.objects.filter(unit=project.unit, year=day.year, voucher_number=voucher).exists():
        return
    _d, _a, payee, _n = TRIP_PAYMENTS[1]
    hotel = Expenditure.objects.get(project=project, payee=payee, kind=Kind.PAYMENT)
    fields = {
        "line": lines["差旅费"],
        "kind": Kind.REFUND,
        "spent_on": day,
        "amount_yuan": amount,
        "payee": payee,
        "category": Category.TRAVEL,
        "voucher_number": voucher,
        "note": note,
    }
    services.add_expenditure(project, actor=actor, fields=fields, refund_of=hotel)
