"""The survey services: templates, publishing, status table, copies, questions, codes and answers."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from investdesk.surveys import services
from investdesk.surveys.conf import SurveySettings
from investdesk.surveys.models import (
    SURVEY_TRANSITIONS,
    Answer,
    InviteToken,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from investdesk.surveys.tests.conftest import add_question, answer, make_survey

pytestmark = pytest.mark.django_db


def snapshot(survey):
    return (
        model_to_dict(Survey.objects.get(pk=survey.pk)),
        list(Question.objects.filter(survey=survey).values()),
        list(Option.objects.filter(question__survey=survey).values()),
        list(Response.objects.filter(survey=survey).values()),
        list(Answer.objects.filter(response__survey=survey).values()),
        list(InviteToken.objects.filter(survey=survey).values()),
    )


# --- templates and building ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "audience", "questions", "knowledge"),
    [("public", "public", 4, 0), ("service", "citizens_investors", 7, 3), ("enterprises", "enterprises", 5, 0)],
)
def test_each_seed_template_makes_a_publishable_survey(people, key, audience, questions, knowledge):
    survey = make_survey(people.unit, blueprint=key)
    assert survey.status == SurveyStatus.OPEN
    assert survey.audience == audience and survey.slug == f"2022-{key}" and survey.title.startswith("2022年")
    assert survey.questions.count() == questions
    assert survey.questions.filter(kind=QuestionKind.KNOWLEDGE).count() == knowledge
    assert list(survey.questions.filter(counts_for_rate=True).values_list("position", flat=True)) == [10]
    for q in survey.questions.filter(kind=QuestionKind.KNOWLEDGE):
        assert q.options.filter(is_correct=True).count() == 1


def test_publishing_names_each_problem_and_changes_nothing(people):
    survey = make_survey(people.unit, status=SurveyStatus.DRAFT)
    question = add_question(survey, QuestionKind.KNOWLEDGE, "代办收费吗？", options=["免费", "收费"], correct=1)
    Option.objects.filter(question=question).update(is_correct=False)
    before = snapshot(survey)
    with pytest.raises(ValidationError) as caught:
        services.change_status(survey, actor=people.agent, to=SurveyStatus.OPEN)
    assert caught.value.message_dict["status"] == ["第 2 题：请标出且只标出一个正确答案。"]
    assert snapshot(survey) == before


def test_an_empty_survey_cannot_be_published(people):
    survey = services.create_survey(
        people.unit,
        actor=people.agent,
        fields={
            "title": "空问卷",
            "slug": "empty",
            "audience": "public",
            "opens_on": date(2022, 1, 1),
            "closes_on": date(2022, 2, 1),
        },
    )
    with pytest.raises(ValidationError, match="请至少添加一道题目"):
        services.change_status(survey, actor=people.agent, to=SurveyStatus.OPEN)


def test_it_refuses_a_closing_date_before_the_opening_date(people):
    with pytest.raises(ValidationError) as caught:
        make_survey(people.unit, opens_on=date(2022, 5, 1), closes_on=date(2022, 4, 30))
    assert "closes_on" in caught.value.message_dict
    assert not Survey.objects.exists()


def test_it_refuses_a_link_name_used_by_another_survey_of_the_unit(people):
    make_survey(people.unit)
    with pytest.raises(ValidationError) as caught:
        make_survey(people.unit, title="另一份")
    assert "slug" in caught.value.message_dict
    make_survey(people.other_unit)  # another unit may use the same link name
    assert Survey.objects.count() == 2


@pytest.mark.parametrize("source", list(SurveyStatus))
@pytest.mark.parametrize("target", list(SurveyStatus))
def test_every_status_pair_follows_the_table(people, source, target):
    survey = make_survey(people.unit, status=SurveyStatus.DRAFT)
    Survey.objects.filter(pk=survey.pk).update(status=source)
    allowed = target in SURVEY_TRANSITIONS[source]
    if allowed:
        assert services.change_status(survey, actor=people.director, to=target).status == target
    else:
        with pytest.raises(ValidationError):
            services.change_status(survey, actor=people.director, to=target)
        assert Survey.objects.get(pk=survey.pk).status == source


def test_a_survey_with_answers_does_not_go_back_to_draft(survey, people):
    answer(survey, ["satisfied"])
    with pytest.raises(ValidationError, match="问卷不能退回草稿"):
        services.change_status(survey, actor=people.director, to=SurveyStatus.DRAFT)
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN


def test_questions_are_locked_once_answered_but_can_be_reordered(people):
    survey = make_survey(people.unit, blueprint="public")
    first, second = list(survey.questions.all())[:2]
    answer(survey, ["satisfied", "basic"])
    before = list(Question.objects.filter(survey=survey).values("id", "text", "kind"))
    with pytest.raises(ValidationError, match="题目不能再修改"):
        services.save_question(survey, actor=people.agent, fields={"text": "改"}, options=[], question=first)
    with pytest.raises(ValidationError, match="题目不能再修改"):
        services.delete_question(first, actor=people.agent)
    with pytest.raises(ValidationError, match="请结束问卷，不能删除"):
        services.delete_survey(survey, actor=people.agent)
    assert list(Question.objects.filter(survey=survey).values("id", "text", "kind")) == before
    services.move_question(second, actor=people.agent, up=True)
    assert list(survey.questions.values_list("id", flat=True))[:2] == [second.pk, first.pk]


def test_moving_questions_up_and_down_swaps_neighbours_and_stops_at_the_ends(people):
    survey = make_survey(people.unit, blueprint="enterprises", status=SurveyStatus.DRAFT)
    ids = list(survey.questions.values_list("id", flat=True))
    last = Question.objects.get(pk=ids[-1])
    services.move_question(last, actor=people.agent, up=False)  # already last: stays
    assert list(survey.questions.values_list("id", flat=True)) == ids
    services.move_question(last, actor=people.agent, up=True)
    assert list(survey.questions.values_list("id", flat=True)) == [*ids[:-2], ids[-1], ids[-2]]
    assert list(survey.questions.values_list("position", flat=True)) == [10, 20, 30, 40, 50]
    services.move_question(Question.objects.get(pk=ids[0]), actor=people.agent, up=True)
    assert list(survey.questions.values_list("id", flat=True))[0] == ids[0]


def test_a_choice_question_needs_two_distinct_options_and_a_knowledge_question_its_answer(survey, people):
    count = survey.questions.count()
    cases = [
        (QuestionKind.SINGLE, [("只有一项", "")], None, "options"),
        (QuestionKind.MULTIPLE, [("同", ""), ("同", "")], None, "options"),
        (QuestionKind.KNOWLEDGE, [("免费", ""), ("收费", "")], None, "correct"),
        (QuestionKind.KNOWLEDGE, [("免费", ""), ("收费", "")], 3, "correct"),
    ]
    for kind, options, correct, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.save_question(
                survey, actor=people.agent, fields={"kind": kind, "text": "问"}, options=options, correct=correct
            )
        assert field in caught.value.message_dict
    assert survey.questions.count() == count


def test_editing_a_question_replaces_its_options_and_only_satisfaction_counts_for_the_rate(people):
    survey = make_survey(people.unit, status=SurveyStatus.DRAFT)
    question = add_question(survey, QuestionKind.SINGLE, "途径", options=["窗口", "网站"], counts_for_rate=True)
    assert question.counts_for_rate is False
    services.save_question(
        survey,
        actor=people.agent,
        fields={"kind": QuestionKind.KNOWLEDGE, "text": "代办收费吗？"},
        options=[("免费", "Free"), ("收费", "Paid"), ("不清楚", "")],
        correct=1,
        question=question,
    )
    assert list(question.options.values_list("label", "label_en", "is_correct")) == [
        ("免费", "Free", True),
        ("收费", "Paid", False),
        ("不清楚", "", False),
    ]


def test_copying_to_a_new_year_moves_dates_title_and_link_and_copies_questions(people):
    survey = make_survey(people.unit, blueprint="service", opens_on=date(2020, 2, 29), closes_on=date(2020, 12, 31))
    survey.title = "2020年办事群众及投资客商满意度调查"
    survey.slug = "2020-service"
    survey.save()
    answer(survey, ["satisfied"] * 3, audience="citizens", on=date(2020, 3, 2), knowledge=[True, True, True])
    copy = services.copy_survey(survey, actor=people.agent, year=2023)
    assert (copy.title, copy.slug, copy.year) == ("2023年办事群众及投资客商满意度调查", "2023-service", 2023)
    assert (copy.opens_on, copy.closes_on) == (date(2023, 2, 28), date(2023, 12, 31))
    assert copy.status == SurveyStatus.DRAFT and copy.copied_from == survey
    assert list(copy.questions.values_list("text", "kind", "counts_for_rate")) == list(
        survey.questions.values_list("text", "kind", "counts_for_rate")
    )
    assert Option.objects.filter(question__survey=copy, is_correct=True).count() == 3
    assert copy.responses.count() == 0 and survey.responses.count() == 1


def test_tokens_are_created_in_batches_within_the_limit(survey, people):
    made = services.generate_tokens(survey, actor=people.agent, count=25, label="招商会", conf=SurveySettings())
    assert len(made) == 25 == len({t.token for t in made})
    assert all(len(t.token) == 10 and t.label == "招商会" for t in made)
    with pytest.raises(ValidationError) as caught:
        services.generate_tokens(
            survey, actor=people.agent, count=6, label="", conf=SurveySettings(max_tokens_per_batch=5)
        )
    assert "count" in caught.value.message_dict
    assert InviteToken.objects.count() == 25


# --- answering ----------------------------------------------------------------------------------------------


def test_an_anonymous_answer_stores_nothing_personal(people, channels):
    survey = make_survey(people.unit, blueprint="service")
    LogEntry.objects.all().delete()
    response = answer(
        survey,
        ["very_satisfied", "satisfied", "basic"],
        audience="investors",
        channel=channels["window"],
        knowledge=[True, False, True],
        name="张三",
        phone="13800001234",
        on=date(2022, 6, 1),
    )
    stored = Response.objects.filter(pk=response.pk).values().get()
    assert stored == {
        "id": response.pk,
        "unit_id": people.unit.pk,
        "survey_id": survey.pk,
        "channel_id": channels["window"].pk,
        "audience": "investors",
        "answered_on": date(2022, 6, 1),
        "respondent_name": "",
        "respondent_phone": "",
        "submitted_at": None,
        "token_id": None,
    }
    answers = list(Answer.objects.filter(response=response).values())
    assert {tuple(sorted(a)) for a in answers} == {
        ("correct", "id", "level", "option_id", "question_id", "response_id", "text", "unit_id")
    }
    assert all(a["text"] == "" for a in answers)
    assert not LogEntry.objects.filter(
        content_type__app_label="surveys", content_type__model__in=["response", "answer"]
    ).exists()


def test_an_anonymous_answer_by_invitation_marks_the_code_used_without_linking_it(people):
    survey = make_survey(people.unit, access="invite")
    token = services.generate_tokens(survey, actor=None, count=1, label="", conf=SurveySettings())[0]
    submission = services.Submission(values={survey.questions.get().pk: "satisfied"})
    response = services.submit_response(survey, submission=submission, token=token, on=date(2022, 3, 1))
    token.refresh_from_db()
    assert token.used is True
    assert response.token_id is None and response.submitted_at is None
    before = snapshot(survey)
    with pytest.raises(services.Refused, match="此邀请已使用"):
        services.submit_response(survey, submission=submission, token=token, on=date(2022, 3, 1))
    assert snapshot(survey) == before


def test_an_invitation_survey_refuses_an_answer_without_a_code(people):
    survey = make_survey(people.unit, access="invite")
    with pytest.raises(services.Refused, match="本问卷凭邀请填写"):
        answer(survey, ["satisfied"])
    assert Response.objects.count() == 0


def test_a_named_answer_keeps_name_phone_time_and_code_and_refuses_the_same_phone_twice(people):
    survey = make_survey(people.unit, anonymous=False)
    token = services.generate_tokens(survey, actor=None, count=2, label="", conf=SurveySettings())[0]
    submission = services.Submission(values={survey.questions.get().pk: "basic"}, name="李四", phone="138 0000 1234")
    response = services.submit_response(survey, submission=submission, token=token, on=date(2022, 5, 5))
    response.refresh_from_db()
    assert (response.respondent_name, response.respondent_phone, response.token_id) == ("李四", "13800001234", token.pk)
    assert response.submitted_at is not None
    before = snapshot(survey)
    with pytest.raises(services.Refused, match="已收到使用该电话号码的答卷"):
        answer(survey, ["satisfied"], phone="13800001234", on=date(2022, 5, 6))
    assert snapshot(survey) == before


def test_a_bad_phone_is_named_with_the_other_problems(people):
    survey = make_survey(people.unit, anonymous=False)
    with pytest.raises(ValidationError) as caught:
        services.submit_response(survey, submission=services.Submission(values={}, phone="12345"), on=date(2022, 5, 5))
    assert set(caught.value.message_dict) == {f"q{survey.questions.get().pk}", "phone"}
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "day", "message"),
    [
        (SurveyStatus.CLOSED, date(2022, 6, 1), "本问卷已结束"),
        (SurveyStatus.OPEN, date(2021, 12, 31), "本问卷将于 2022-01-01 开放"),
        (SurveyStatus.OPEN, date(2023, 1, 1), "本问卷已于 2022-12-31 截止"),
    ],
)
def test_a_closed_survey_or_a_day_outside_its_dates_refuses(people, status, day, message):
    survey = make_survey(people.unit, status=status)
    before = snapshot(survey)
    with pytest.raises(services.Refused, match=message):
        answer(survey, ["satisfied"], on=day)
    assert snapshot(survey) == before


def test_answers_are_checked_question_by_question(people):
    survey = make_survey(people.unit, blueprint="service")
    questions = list(survey.questions.all())
    other_option = Option.objects.filter(question=questions[4]).first().pk
    values = {questions[0].pk: "great", questions[3].pk: other_option, questions[7 - 1].pk: "x" * 1001}
    with pytest.raises(ValidationError) as caught:
        services.submit_response(survey, submission=services.Submission(values=values), on=date(2022, 6, 1))
    errors = caught.value.message_dict
    assert errors[f"q{questions[0].pk}"] == ["请在五个等级中选择一个。"]
    assert errors[f"q{questions[3].pk}"] == ["请在所列选项中选择。"]
    assert errors[f"q{questions[1].pk}"] == ["请回答此题。"]
    assert errors[f"q{questions[6].pk}"] == ["回答请不超过 1000 字。"]
    assert errors["audience"] == ["请选择您是办事群众还是投资客商。"]
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_a_multiple_choice_answer_is_one_row_per_option_and_knowledge_answers_are_marked(people):
    survey = make_survey(people.unit, blueprint="enterprises")
    multiple = survey.questions.get(kind=QuestionKind.MULTIPLE)
    picked = list(multiple.options.values_list("pk", flat=True)[:2])
    response = answer(survey, ["satisfied", "satisfied", "basic"], values={multiple.pk: picked})
    assert (
        sorted(Answer.objects.filter(response=response, question=multiple).values_list("option_id", flat=True))
        == picked
    )

    service = make_survey(people.unit, blueprint="service")
    response = answer(service, ["satisfied"] * 3, audience="citizens", knowledge=[True, False, True])
    marks = Answer.objects.filter(response=response, question__kind=QuestionKind.KNOWLEDGE).order_by(
        "question__position"
    )
    assert list(marks.values_list("correct", flat=True)) == [True, False, True]
