"""How the isolation test reaches the survey URLs with another unit's rows."""

from datetime import date

from investdesk.surveys import services
from investdesk.surveys.conf import SurveySettings
from investdesk.surveys.models import Channel, Question, QuestionKind, Survey, SurveyStatus
from tests.isolation import Public, Row


def survey(unit, marker):
    found = Survey.objects.for_unit(unit).filter(slug="victim-survey").first()
    if found:
        return found
    made = services.create_survey(
        unit,
        actor=None,
        fields={
            "title": f"问卷{marker}",
            "slug": "victim-survey",
            "audience": "public",
            "intro": marker,
            "opens_on": date(2022, 1, 1),
            "closes_on": date(2022, 12, 31),
        },
    )
    services.save_question(
        made,
        actor=None,
        fields={"kind": QuestionKind.SATISFACTION, "text": f"满意吗{marker}", "counts_for_rate": True},
        options=[],
    )
    services.generate_tokens(made, actor=None, count=1, label=marker, conf=SurveySettings())
    made = services.change_status(made, actor=None, to=SurveyStatus.OPEN)
    services.submit_response(
        made, submission=services.Submission(values={made.questions.get().pk: "satisfied"}), on=date(2022, 5, 1)
    )
    return made


def question(unit, marker):
    return Question.objects.filter(survey=survey(unit, marker)).first()


def channel(unit, marker):
    services.ensure_channels(unit)
    found = Channel.objects.for_unit(unit).first()
    Channel.objects.filter(pk=found.pk).update(name_en=marker)
    return found


def public_link(unit, marker):
    return {"unit_code": unit.code, "key": survey(unit, marker).slug}


PUBLIC = "the public answer page of a published survey: anyone with its link may answer it"

SPECS = {
    "surveys:detail": Row(survey),
    "surveys:edit": Row(survey),
    "surveys:status": Row(survey),
    "surveys:copy": Row(survey),
    "surveys:delete": Row(survey),
    "surveys:question_create": Row(survey),
    "surveys:tokens": Row(survey),
    "surveys:tokens_export": Row(survey),
    "surveys:tokens_print": Row(survey),
    "surveys:poster": Row(survey),
    "surveys:results": Row(survey),
    "surveys:export": Row(survey),
    "surveys:question_edit": Row(question),
    "surveys:question_move": Row(question),
    "surveys:question_delete": Row(question),
    "surveys:channel_edit": Row(channel),
    "surveys:answer": Public(public_link, PUBLIC),
    "surveys:thanks": Public(public_link, "the thank-you page after answering; shows the survey title only"),
}
