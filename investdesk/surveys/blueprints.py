"""Ready questionnaires for the seed's survey-fed indicators (社会公众满意度, 办事群众、投资客商满意度 with
宣传内容知晓率, 服务企业满意度) and a separate awareness survey. A survey made from one is an ordinary
survey: every question can be changed, moved or removed before it is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Q:
    kind: str
    text: str
    text_en: str
    options: tuple[tuple[str, str], ...] = ()  # (label, English label)
    correct: int | None = None  # 1-based, knowledge questions
    required: bool = True
    counts_for_rate: bool = False


@dataclass(frozen=True)
class Blueprint:
    key: str
    label: object  # lazy translation
    title: str  # "{year}" is replaced by the survey's year
    title_en: str
    audience: str
    slug: str
    intro: str
    intro_en: str
    questions: tuple[Q, ...] = field(default_factory=tuple)


OVERALL = "satisfaction"
SUGGESTIONS = Q(
    "text",
    "您对我们的工作还有什么意见和建议？",
    "Any comments or suggestions for us?",
    required=False,
)
KNOWLEDGE = (
    Q(
        "knowledge",
        "呈贡区投资服务中心提供的代办帮办服务是否收费？",
        "Does the center charge for its delegation (代办帮办) service?",
        (
            ("免费，不收取任何费用", "It is free of charge"),
            ("按项目收费", "A fee per project"),
            ("不清楚", "I don't know"),
        ),
        correct=1,
    ),
    Q(
        "knowledge",
        "代办帮办服务遵循的原则是？",
        "Which principle does the delegation service follow?",
        (
            ("帮办代办不包办", "Help and act on behalf, never take over"),
            ("由中心代替企业作出决定", "The center decides for the enterprise"),
            ("不清楚", "I don't know"),
        ),
        correct=1,
    ),
    Q(
        "knowledge",
        "呈贡区为投资项目搭建的加快开工通道叫什么？",
        "What is the fast track for starting construction of investment projects in Chenggong called?",
        (
            ("“拿地即开工”通道", "“Start construction once the land is acquired”"),
            ("“先开工后补手续”通道", "“Build first, permits later”"),
            ("不清楚", "I don't know"),
        ),
        correct=1,
    ),
)

BLUEPRINTS = (
    Blueprint(
        key="public",
        label=_("Satisfaction of the general public"),
        title="{year}年社会公众满意度调查",
        title_en="{year} survey of public satisfaction",
        audience="public",
        slug="{year}-public",
        intro="为了解社会公众对投资服务中心宣传和服务工作的评价，请您花一分钟填写本问卷。问卷匿名，感谢支持！",
        intro_en="Please take a minute to tell us what you think of the center's publicity and service. "
        "The survey is anonymous. Thank you!",
        questions=(
            Q(
                OVERALL,
                "您对呈贡区投资服务中心的宣传和服务总体是否满意？",
                "Overall, how satisfied are you with the center's publicity and service?",
                counts_for_rate=True,
            ),
            Q(OVERALL, "您对宣传内容的实用性是否满意？", "How satisfied are you with how useful the publicity is?"),
            Q(
                "single",
                "您主要通过哪种途径了解投资服务中心？",
                "How did you mainly hear about the center?",
                (
                    ("政务服务大厅窗口", "The service hall window"),
                    ("微信公众号", "The WeChat official account"),
                    ("政府网站", "The government website"),
                    ("宣传册、横幅", "Brochures and banners"),
                    ("亲友介绍", "Friends or family"),
                    ("其他", "Other"),
                ),
            ),
            SUGGESTIONS,
        ),
    ),
    Blueprint(
        key="service",
        label=_("Satisfaction of people served and investors, with awareness questions"),
        title="{year}年办事群众及投资客商满意度调查",
        title_en="{year} survey of people served and investors",
        audience="citizens_investors",
        slug="{year}-service",
        intro="感谢您到呈贡区投资服务中心办事。请对本次服务作出评价，并回答三道关于我们服务的小问题。问卷匿名。",
        intro_en="Thank you for coming to the center. Please rate our service and answer three short "
        "questions about it. The survey is anonymous.",
        questions=(
            Q(
                OVERALL,
                "您对本次办事（代办）服务总体是否满意？",
                "Overall, how satisfied are you with the service you received?",
                counts_for_rate=True,
            ),
            Q(OVERALL, "您对工作人员的服务态度是否满意？", "How satisfied are you with the staff's attitude?"),
            Q(OVERALL, "您对办事效率是否满意？", "How satisfied are you with how fast things were handled?"),
            *KNOWLEDGE,
            SUGGESTIONS,
        ),
    ),
    Blueprint(
        key="enterprises",
        label=_("Satisfaction of enterprises served"),
        title="{year}年企业服务满意度调查",
        title_en="{year} survey of enterprises served",
        audience="enterprises",
        slug="{year}-enterprises",
        intro="为提高投资项目审批及服务效率，请贵企业对投资服务中心的审批代办和走访服务作出评价。",
        intro_en="To make approvals and services faster, please rate the center's approval, delegation and "
        "visiting services.",
        questions=(
            Q(
                OVERALL,
                "贵企业对投资服务中心提供的项目审批及代办服务总体是否满意？",
                "Overall, how satisfied is your enterprise with the center's approval and delegation service?",
                counts_for_rate=True,
            ),
            Q(OVERALL, "您对项目审批的办理效率是否满意？", "How satisfied are you with the speed of approvals?"),
            Q(OVERALL, "您对上门走访服务是否满意？", "How satisfied are you with our visits to your enterprise?"),
            Q(
                "multiple",
                "您希望我们在哪些方面加强服务？（可多选）",
                "Where should we do more? (several answers possible)",
                (
                    ("政策宣传解读", "Explaining policies"),
                    ("审批代办", "Handling approvals"),
                    ("用地、水电等要素保障协调", "Land, water and power"),
                    ("融资对接", "Finance"),
                    ("人才招聘", "Recruiting"),
                ),
                required=False,
            ),
            SUGGESTIONS,
        ),
    ),
    Blueprint(
        key="awareness",
        label=_("Awareness of the publicity content"),
        title="{year}年宣传内容知晓率调查",
        title_en="{year} survey of awareness of the center's services",
        audience="public",
        slug="{year}-awareness",
        intro="请回答以下几道关于投资服务中心服务的小问题，帮助我们了解宣传效果。问卷匿名。",
        intro_en="Please answer a few short questions about the center's services. The survey is anonymous.",
        questions=KNOWLEDGE,
    ),
)

BY_KEY = {b.key: b for b in BLUEPRINTS}


def choices() -> list[tuple[str, object]]:
    return [(b.key, b.label) for b in BLUEPRINTS]
