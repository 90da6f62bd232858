"""The staff survey pages, persona by persona: reading, building, refusals that change nothing,
results, exports and query counts."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from investdesk.surveys import services
from investdesk.surveys.conf import SurveySettings
from investdesk.surveys.models import Channel, InviteToken, Question, QuestionKind, Response, Survey, SurveyStatus
from investdesk.surveys.tests.conftest import answer, answer_many, make_survey
from investdesk.surveys.tests.test_services import snapshot

pytestmark = pytest.mark.django_db

FORM = {
    "title": "2023年社会公众满意度调查",
    "title_en": "",
    "slug": "2023-public",
    "audience": "public",
    "intro": "",
    "intro_en": "",
    "opens_on": "2023-03-01",
    "closes_on": "2023-12-20",
    "access": "public",
    "anonymous": "on",
}


def sheet(response) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()


# --- reading ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["surveys:list", "surveys:channels", "surveys:settings"])
def test_the_viewer_reads_the_pages_without_build_controls(people, survey, name):
    response = people.client_for(people.viewer).get(reverse(name))
    assert response.status_code == 200
    assert 'data-nav="surveys"' in response.text
    for control in ('id="new-survey-link"', 'id="channel-form"', 'id="save-settings"', 'data-action="edit-channel"'):
        assert control not in response.text


@pytest.mark.parametrize("name", ["surveys:detail", "surveys:results", "surveys:tokens", "surveys:poster"])
def test_the_viewer_reads_a_survey_without_build_controls(people, survey, name):
    response = people.client_for(people.viewer).get(reverse(name, args=[survey.pk]))
    assert response.status_code == 200
    for control in ('id="edit-survey"', 'id="status-form"', 'data-action="up"', 'id="token-form"', 'id="new-question"'):
        assert control not in response.text


@pytest.mark.parametrize(
    ("persona", "status"), [("agent", 200), ("director", 200), ("finance", 200), ("viewer", 403), ("admin", 403)]
)
def test_who_may_build_surveys(people, persona, status):
    assert people.client_for(getattr(people, persona)).get(reverse("surveys:create")).status_code == status


def test_the_list_shows_the_years_rates_with_their_counts(people, survey):
    answer_many(survey, {"very_satisfied": 2, "satisfied": 3, "basic": 2, "dissatisfied": 1, "very_dissatisfied": 1})
    response = people.client_for(people.viewer).get(reverse("surveys:list"), {"year": 2022})
    text = response.text
    row = text[text.index('data-rate="public"') : text.index('data-rate="service_users"')]
    assert "77.78%" in row and "7 / 9" in row
    assert "surveys.satisfaction_public" not in row  # codes are for the CLI and exports, not staff pages
    assert f'data-survey="{survey.pk}"' in text
    assert "代办台账暂无好差评" in text or "好评" in text  # the combined rate says how it is counted


# --- building ---------------------------------------------------------------------------------------------


def test_an_agent_creates_a_survey_from_a_template(people):
    client = people.client_for(people.agent)
    page = client.get(reverse("surveys:create"), {"blueprint": "service", "year": 2023})
    assert 'value="2023年办事群众及投资客商满意度调查"' in page.text
    form = FORM | {
        "title": "2023年办事群众及投资客商满意度调查",
        "slug": "2023-service",
        "audience": "citizens_investors",
    }
    response = client.post(reverse("surveys:create"), form | {"blueprint": "service"})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert (survey.year, survey.status, survey.template_key) == (2023, SurveyStatus.DRAFT, "service")
    assert survey.questions.count() == 7


def test_a_bad_survey_form_names_the_field_and_saves_nothing(people):
    response = people.client_for(people.agent).post(reverse("surveys:create"), FORM | {"closes_on": "2023-01-01"})
    assert 'data-field-error="closes_on"' in response.text
    response = people.client_for(people.agent).post(reverse("surveys:create"), FORM | {"slug": "Bad Slug"})
    assert 'data-field-error="slug"' in response.text
    assert Survey.objects.count() == 0


def test_the_viewer_cannot_change_a_survey_and_nothing_changes(people, survey):
    client = people.client_for(people.viewer)
    before = snapshot(survey)
    question = survey.questions.get()
    for url, data in [
        (reverse("surveys:edit", args=[survey.pk]), FORM),
        (reverse("surveys:status", args=[survey.pk]), {"to": "closed"}),
        (reverse("surveys:copy", args=[survey.pk]), {"year": 2023}),
        (reverse("surveys:delete", args=[survey.pk]), {}),
        (reverse("surveys:question_create", args=[survey.pk]), {"kind": "text", "text": "改"}),
        (reverse("surveys:question_edit", args=[question.pk]), {"kind": "text", "text": "改"}),
        (reverse("surveys:question_move", args=[question.pk]), {"direction": "up"}),
        (reverse("surveys:question_delete", args=[question.pk]), {}),
        (reverse("surveys:tokens", args=[survey.pk]), {"count": 5}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert snapshot(survey) == before


def test_editing_refuses_to_change_the_audience_once_answered(people, survey):
    answer(survey, ["satisfied"])
    form = FORM | {"title": survey.title, "slug": survey.slug, "audience": "enterprises", "opens_on": "2022-01-01"}
    response = people.client_for(people.director).post(reverse("surveys:edit", args=[survey.pk]), form)
    assert 'data-field-error="audience"' in response.text
    assert Survey.objects.get(pk=survey.pk).audience == "public"


def test_publishing_and_closing_from_the_survey_page(people):
    survey = make_survey(people.unit, status=SurveyStatus.DRAFT)
    client = people.client_for(people.finance)
    page = client.get(reverse("surveys:detail", args=[survey.pk]))
    assert 'id="status-open"' in page.text
    client.post(reverse("surveys:status", args=[survey.pk]), {"to": "open"})
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN
    refused = client.post(reverse("surveys:status", args=[survey.pk]), {"to": "open"}, follow=True)
    assert "问卷不能从“已发布”变为“已发布”" in refused.text
    client.post(reverse("surveys:status", args=[survey.pk]), {"to": "closed"})
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED


def test_copying_a_survey_to_the_next_year(people, survey):
    response = people.client_for(people.agent).post(
        reverse("surveys:copy", args=[survey.pk]), {"year": 2023, "slug": ""}
    )
    copy = Survey.objects.get(year=2023)
    assert response["Location"] == reverse("surveys:detail", args=[copy.pk])
    assert (copy.title, copy.slug, copy.status) == ("2023年社会公众满意度调查", "2023-public", SurveyStatus.DRAFT)


def test_adding_moving_and_deleting_questions(people):
    survey = make_survey(people.unit, status=SurveyStatus.DRAFT)
    client = people.client_for(people.agent)
    url = reverse("surveys:question_create", args=[survey.pk])
    missing = client.post(
        url, {"kind": "knowledge", "text": "代办收费吗？", "options_text": "免费\n收费", "required": "on"}
    )
    assert 'data-field-error="correct"' in missing.text
    client.post(
        url,
        {
            "kind": "knowledge",
            "text": "代办收费吗？",
            "options_text": "免费 | Free\n收费\n\n不清楚",
            "correct": 1,
            "required": "on",
        },
    )
    knowledge = survey.questions.get(kind=QuestionKind.KNOWLEDGE)
    assert list(knowledge.options.values_list("label", "label_en", "is_correct")) == [
        ("免费", "Free", True),
        ("收费", "", False),
        ("不清楚", "", False),
    ]
    first = survey.questions.get(kind=QuestionKind.SATISFACTION)
    moved = client.post(reverse("surveys:question_move", args=[knowledge.pk]), {"direction": "up"})
    assert moved["Location"].endswith(f"#question-{knowledge.pk}")
    assert list(survey.questions.values_list("id", flat=True)) == [knowledge.pk, first.pk]
    page = client.get(reverse("surveys:detail", args=[survey.pk]))
    assert page.text.index(f'id="question-{knowledge.pk}"') < page.text.index(f'id="question-{first.pk}"')
    client.post(reverse("surveys:question_delete", args=[knowledge.pk]))
    assert list(survey.questions.values_list("id", flat=True)) == [first.pk]


def test_a_question_cannot_change_once_answered_and_the_page_says_why(people, survey):
    answer(survey, ["satisfied"])
    question = survey.questions.get()
    response = people.client_for(people.agent).post(
        reverse("surveys:question_edit", args=[question.pk]), {"kind": "text", "text": "改"}
    )
    assert "已有人填写：题目不能再修改" in response.text
    assert Question.objects.get(pk=question.pk).text == "总体满意度"


# --- invitation codes and posters -------------------------------------------------------------------------


def test_codes_are_created_listed_exported_and_printed(people, survey):
    client = people.client_for(people.agent)
    client.post(reverse("surveys:tokens", args=[survey.pk]), {"count": 3, "label": "招商推介会"})
    tokens = list(InviteToken.objects.order_by("id"))
    assert len(tokens) == 3
    page = client.get(reverse("surveys:tokens", args=[survey.pk]))
    assert f"/surveys/p/chenggong/{tokens[0].token}/" in page.text
    rows = sheet(client.get(reverse("surveys:tokens_export", args=[survey.pk])))
    assert rows[0] == ["邀请码", "链接", "备注", "已使用"]
    assert rows[1][0] == tokens[0].token and rows[1][1].endswith(f"/surveys/p/chenggong/{tokens[0].token}/")
    printed = client.get(reverse("surveys:tokens_print", args=[survey.pk]))
    assert printed.text.count('class="card-token"') == 3 and "<svg" in printed.text
    too_many = client.post(
        reverse("surveys:tokens", args=[survey.pk]), {"count": SurveySettings().max_tokens_per_batch + 1}
    )
    assert 'data-field-error="count"' in too_many.text
    assert InviteToken.objects.count() == 3


def test_a_poster_for_an_unknown_channel_is_not_found(people, survey, channels):
    client = people.client_for(people.viewer)
    assert client.get(reverse("surveys:poster", args=[survey.pk]), {"ch": "nowhere"}).status_code == 404
    page = client.get(reverse("surveys:poster", args=[survey.pk]), {"ch": "wechat"})
    assert 'id="poster-channel">公众号<' in page.text
    assert "http://testserver/surveys/p/chenggong/2022-public/?ch=wechat" in page.text


# --- results and exports ----------------------------------------------------------------------------------


def test_the_results_page_counts_per_level_channel_and_audience(people, channels):
    survey = make_survey(people.unit, blueprint="service")
    for level, channel, audience, known in [
        ("very_satisfied", "window", "citizens", [True, True, True]),
        ("very_satisfied", "window", "citizens", [True, True, False]),
        ("satisfied", "window", "investors", [True, False, False]),
        ("basic", "visit", "investors", [True, True, True]),
        ("dissatisfied", "visit", "citizens", [False, False, False]),
    ]:
        answer(survey, [level, "satisfied", "satisfied"], channel=channels[channel], audience=audience, knowledge=known)
    text = people.client_for(people.viewer).get(reverse("surveys:results", args=[survey.pk])).text
    assert 'id="response-count">5<' in text
    assert 'id="satisfaction-rate">80.00%<' in text and "有效回答 5 份，其中满意 4 份" in text
    assert 'id="awareness-rate">60.00%<' in text and "被调查 5 人，其中知晓 3 人" in text
    first = survey.questions.get(counts_for_rate=True)
    block = text[text.index(f'data-question="{first.pk}"') :]
    for level, count in [
        ("very_satisfied", 2),
        ("satisfied", 1),
        ("basic", 1),
        ("dissatisfied", 1),
        ("very_dissatisfied", 0),
    ]:
        assert f'data-level="{level}"><td>' in block
        cell = block[block.index(f'data-level="{level}"') :]
        assert f'class="text-end count">{count}<' in cell[: cell.index("</tr>")]
    window = text[text.index(f'data-group="{channels["window"].pk}"') :]
    assert "100.00%" in window[: window.index("</tr>")] and "66.67%" in window[: window.index("</tr>")]
    investors = text[text.index('data-group="investors"') :]
    assert "(2/2)" in investors[: investors.index("</tr>")]
    assert 'id="chart-data"' in text and "vendor/echarts/echarts.min.js" in text


def test_an_enterprise_survey_explains_the_combined_rate(people):
    survey = make_survey(people.unit, blueprint="enterprises")
    text = people.client_for(people.viewer).get(reverse("surveys:results", args=[survey.pk])).text
    assert 'id="combined-explanation"' in text and "surveys.satisfaction_enterprises_with_ratings" in text


def test_the_export_of_an_anonymous_survey_has_no_personal_column(people, channels):
    survey = make_survey(people.unit, blueprint="enterprises")
    multiple = survey.questions.get(kind=QuestionKind.MULTIPLE)
    options = list(multiple.options.all()[:2])
    answer(
        survey,
        ["satisfied", "basic", "very_satisfied"],
        channel=channels["visit"],
        values={multiple.pk: [o.pk for o in options]},
    )
    rows = sheet(people.client_for(people.director).get(reverse("surveys:export", args=[survey.pk])))
    assert rows[0][:4] == ["序号", "日期", "渠道", "调查对象"]
    assert not {"姓名", "联系电话", "电话", "提交时间", "邀请码"} & set(rows[0])
    assert rows[1][2:8] == ["走访", "企业", "满意", "基本满意", "非常满意", "政策宣传解读、审批代办"]


def test_the_export_of_a_named_survey_masks_the_phone_for_who_may_not_see_it(people):
    survey = make_survey(people.unit, anonymous=False)
    answer(survey, ["satisfied"], name="王五", phone="13900002222")
    for persona, phone in [("director", "13900002222"), ("viewer", "139****2222")]:
        rows = sheet(people.client_for(getattr(people, persona)).get(reverse("surveys:export", args=[survey.pk])))
        assert rows[0][4:8] == ["姓名", "联系电话", "提交时间", "邀请码"]
        assert rows[1][4:6] == ["王五", phone]


# --- channels and settings --------------------------------------------------------------------------------


def test_the_director_adds_a_channel_and_a_duplicate_code_is_refused(people, channels):
    client = people.client_for(people.director)
    data = {"code": "park", "name": "园区服务站", "name_en": "Park office", "position": 60, "is_active": "on"}
    client.post(reverse("surveys:channels"), data)
    assert Channel.objects.for_unit(people.unit).filter(code="park").exists()
    again = client.post(reverse("surveys:channels"), data | {"name": "另一个"})
    assert 'data-field-error="code"' in again.text
    assert Channel.objects.for_unit(people.unit).count() == 6
    assert people.client_for(people.agent).post(reverse("surveys:channels"), data | {"code": "x"}).status_code == 403


def test_the_administrator_changes_the_settings_and_others_cannot(people):
    values = {"answers_per_ip_hour": 10, "awareness_rule": "all", "max_tokens_per_batch": 100}
    assert people.client_for(people.director).post(reverse("surveys:settings"), values).status_code == 403
    assert "surveys" not in (people.unit.__class__.objects.get(pk=people.unit.pk).settings or {})
    people.client_for(people.admin).post(reverse("surveys:settings"), values)
    people.unit.refresh_from_db()
    assert people.unit.settings["surveys"] == values


# --- query counts -----------------------------------------------------------------------------------------


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _bulk_surveys(unit, start, n):
    Survey.objects.bulk_create(
        Survey(
            unit=unit,
            title=f"问卷{i}",
            slug=f"s-{i}",
            audience="public",
            year=2022,
            opens_on=date(2022, 1, 1),
            closes_on=date(2022, 12, 31),
        )
        for i in range(start, start + n)
    )


def test_the_list_costs_the_same_queries_at_10_and_1000_surveys(people):
    client = people.client_for(people.viewer)
    _bulk_surveys(people.unit, 0, 10)
    at_10 = _count(client, reverse("surveys:list"), {"year": 2022})
    _bulk_surveys(people.unit, 10, 990)
    assert Survey.objects.count() == 1000
    assert _count(client, reverse("surveys:list"), {"year": 2022}) == at_10


def test_the_results_and_codes_pages_cost_the_same_queries_at_10_and_1000_rows(people, channels):
    survey = make_survey(people.unit, blueprint="service")
    client = people.client_for(people.viewer)

    def grow(n):
        for i in range(n):
            answer(
                survey,
                ["satisfied"] * 3,
                audience="citizens",
                channel=channels["window"],
                knowledge=[True, i % 2 == 0, True],
            )
        services.generate_tokens(survey, actor=None, count=n, label="", conf=SurveySettings(max_tokens_per_batch=5000))

    grow(10)
    results, codes = (
        _count(client, reverse("surveys:results", args=[survey.pk])),
        _count(client, reverse("surveys:tokens", args=[survey.pk])),
    )
    grow(990)
    assert Response.objects.count() == 1000 and InviteToken.objects.count() == 1000
    assert _count(client, reverse("surveys:results", args=[survey.pk])) == results
    assert _count(client, reverse("surveys:tokens", args=[survey.pk])) == codes


def test_an_unknown_template_is_not_found_and_nothing_is_saved(people):
    response = people.client_for(people.agent).post(reverse("surveys:create"), FORM | {"blueprint": "nope"})
    assert response.status_code == 404
    assert Survey.objects.count() == 0


def test_an_answered_survey_is_not_offered_back_to_draft(people, survey):
    answer(survey, ["satisfied"])
    page = people.client_for(people.agent).get(reverse("surveys:detail", args=[survey.pk]))
    assert 'id="status-closed"' in page.text and 'id="status-draft"' not in page.text
