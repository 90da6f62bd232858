"""Demo: the three 2022 surveys of 昆明市呈贡区投资服务中心 with 309 answers across 窗口, 走访 and 公众号.

The overall-satisfaction counts are fixed so that the year's figures are those the center reported:
社会公众 125 of 130 satisfied (96.15 %), 办事群众及投资客商 87 of 89 (97.75 %), 企业 86 of 90 (95.56 %),
and 77 of the 89 people served knowing the answers (知晓率 86.52 %). Everything else (days,
channels, the other questions) comes from the module's own seeded random generator.
Idempotent: a survey that exists already is left as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from investdesk.surveys import services
from investdesk.surveys.models import Audience, Channel, QuestionKind, Survey, SurveyStatus

SEED = 20221231
OPENS, CLOSES = date(2022, 3, 1), date(2022, 12, 20)
LEVELS = ("very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied")
SUGGESTIONS = (
    "希望公众号多推送政策解读。",
    "窗口工作人员很耐心，点赞！",
    "审批材料清单能否再精简一些。",
    "建议周末也安排值班代办员。",
    "希望宣传册增加办事流程图。",
    "代办员全程跟进，很省心。",
    "停车位有点紧张。",
    "希望能在线查询代办进度。",
)


@dataclass(frozen=True)
class Plan:
    blueprint: str
    overall: tuple[int, ...]  # answers per level of the overall question, LEVELS order
    channels: dict[str, int]
    knowing: int = 0  # respondents who get the knowledge questions right (the others do not)
    investors: int = 0  # of a mixed survey, the rest being people served


PLANS = (
    Plan("public", (70, 40, 15, 4, 1), {"window": 40, "visit": 30, "wechat": 60}),
    Plan("service", (55, 25, 7, 2, 0), {"window": 50, "visit": 19, "wechat": 20}, knowing=77, investors=29),
    Plan("enterprises", (48, 30, 8, 3, 1), {"window": 15, "visit": 55, "wechat": 20}),
)


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    rng = random.Random(SEED)
    services.ensure_channels(unit)
    channels = {c.code: c for c in Channel.objects.for_unit(unit)}
    actor = ctx.users.get("director")
    for plan in PLANS:
        fields = services.blueprint_fields(plan.blueprint, 2022) | {"opens_on": OPENS, "closes_on": CLOSES}
        if Survey.objects.for_unit(unit).filter(slug=fields["slug"]).exists():
            continue
        survey = services.create_survey(unit, actor=actor, fields=fields, blueprint=plan.blueprint)
        services.change_status(survey, actor=actor, to=SurveyStatus.OPEN)
        answered = _answer(survey, plan, channels, rng)
        services.change_status(survey, actor=actor, to=SurveyStatus.CLOSED)
        ctx.write(f"surveys: {survey.title} with {answered} answers")


def _answer(survey: Survey, plan: Plan, channels: dict, rng: random.Random) -> int:
    questions = list(survey.questions.prefetch_related("options"))
    overall = [level for level, n in zip(LEVELS, plan.overall, strict=True) for _n in range(n)]
    total = len(overall)
    rng.shuffle(overall)
    knows = [True] * plan.knowing + [False] * (total - plan.knowing)
    rng.shuffle(knows)
    investors = set(rng.sample(range(total), plan.investors))
    places = [code for code, n in plan.channels.items() for _n in range(n)]
    rng.shuffle(places)
    days = sorted(_workday(rng) for _n in range(total))
    for n in range(total):
        values = _values(questions, overall[n], knows[n], rng)
        audience = Audience.INVESTORS if n in investors else Audience.CITIZENS
        submission = services.Submission(values=values, audience=audience)
        services.submit_response(survey, submission=submission, channel=channels[places[n]], on=days[n])
    return total


def _workday(rng: random.Random) -> date:
    while True:
        day = OPENS + timedelta(days=rng.randrange((CLOSES - OPENS).days + 1))
        if day.weekday() < 5:
            return day


def _values(questions, overall: str, knows: bool, rng: random.Random) -> dict:
    values: dict[int, object] = {}
    knowledge = [q for q in questions if q.kind == QuestionKind.KNOWLEDGE]
    right = set(rng.sample(range(len(knowledge)), _right_count(len(knowledge), knows, rng)))
    for q in questions:
        options = list(q.options.all())
        if q.kind == QuestionKind.SATISFACTION:
            values[q.pk] = overall if q.counts_for_rate else _near(overall, rng)
        elif q.kind == QuestionKind.KNOWLEDGE:
            wanted = knowledge.index(q) in right
            values[q.pk] = rng.choice([o for o in options if o.is_correct == wanted]).pk
        elif q.kind == QuestionKind.SINGLE:
            values[q.pk] = rng.choice(options).pk
        elif q.kind == QuestionKind.MULTIPLE:
            values[q.pk] = [o.pk for o in rng.sample(options, rng.randint(1, 3))]
        elif rng.random() < 0.15:
            values[q.pk] = rng.choice(SUGGESTIONS)
    return values


def _right_count(asked: int, knows: bool, rng: random.Random) -> int:
    """A knowing respondent gets more than half right (most get all); the others half or fewer."""
    if not asked:
        return 0
    majority = asked // 2 + 1
    if knows:
        return asked if rng.random() < 0.7 else rng.randint(majority, asked)
    return rng.randint(0, asked - majority)


def _near(level: str, rng: random.Random) -> str:
    """Another aspect's level: mostly the overall one, sometimes one step either way."""
    index = LEVELS.index(level) + rng.choice((0, 0, 0, -1, 1))
    return LEVELS[min(max(index, 0), len(LEVELS) - 1)]
