"""The public answer page: no login, one answer per person, dates, invitations, channels, the rate limit,
and the language switch."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from investdesk.surveys import services
from investdesk.surveys.conf import SurveySettings
from investdesk.surveys.models import Answer, InviteToken, QuestionKind, RateBucket, Response, SurveyStatus
from investdesk.surveys.public import cookie_name
from investdesk.surveys.tests.conftest import make_survey

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def current(unit, **fields):
    """A survey open today."""
    return make_survey(unit, opens_on=today() - timedelta(days=30), closes_on=today() + timedelta(days=30), **fields)


def url(survey, key=None, **query):
    path = reverse("surveys:answer", kwargs={"unit_code": survey.unit.code, "key": key or survey.slug})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def overall(survey, level="satisfied") -> dict:
    return {f"q{survey.questions.get(counts_for_rate=True).pk}": level}


@pytest.fixture
def live(people):
    return current(people.unit)


def test_the_page_needs_no_login_and_is_in_chinese_with_an_english_switch(live):
    response = Client().get(url(live))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="survey-title">2022年社会公众满意度调查<' in text
    assert "非常满意" in text and "基本满意" in text and "提交" in text
    assert 'id="switch-language-en"' in text
    assert 'data-nav="' not in text  # no staff navigation
    assert 'name="viewport"' in text


def test_the_page_switches_to_english_and_shows_the_english_texts(people):
    survey = current(people.unit, blueprint="public")
    client = Client()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": url(survey)})
    assert switched.status_code == 302 and switched["Location"] == url(survey)
    text = client.get(url(survey)).content.decode()
    assert "Overall, how satisfied are you with the center&#x27;s publicity and service?" in text
    assert "very satisfied" in text and "Submit" in text
    assert 'id="switch-language-zh-hans"' in text


def test_an_answer_is_stored_with_the_channel_and_the_day_then_thanks(live, channels):
    client = Client()
    response = client.post(url(live, ch="window"), {**overall(live, "very_satisfied"), "ch": "window"})
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", kwargs={"unit_code": "chenggong", "key": live.slug})
    stored = Response.objects.get()
    assert (stored.channel, stored.answered_on, stored.audience) == (channels["window"], today(), "public")
    assert list(Answer.objects.values_list("level", flat=True)) == ["very_satisfied"]
    cookie = response.cookies[cookie_name(live)]
    assert cookie["httponly"] and cookie["path"] == "/surveys/p/"
    thanks = client.get(response["Location"])
    assert "感谢您" in thanks.content.decode() or "Thank" in thanks.content.decode()


def test_an_unknown_channel_is_ignored(live, channels):
    Client().post(url(live), {**overall(live), "ch": "nowhere"})
    assert Response.objects.get().channel is None


def test_a_second_answer_from_the_same_person_is_refused(live):
    client = Client()
    client.post(url(live), overall(live, "satisfied"))
    again = client.post(url(live), overall(live, "very_dissatisfied"))
    assert again.status_code == 403
    assert "您已经填写过本问卷" in again.content.decode()
    assert list(Answer.objects.values_list("level", flat=True)) == ["satisfied"]
    assert "您已经填写过本问卷" in client.get(url(live)).content.decode()


def test_a_forged_cookie_does_not_count_as_answered(live):
    client = Client()
    client.cookies[cookie_name(live)] = "1"  # not signed
    assert client.post(url(live), overall(live)).status_code == 302
    assert Response.objects.count() == 1


def test_a_closed_survey_refuses_with_a_clear_message(people):
    survey = current(people.unit, status=SurveyStatus.CLOSED)
    page = Client().get(url(survey))
    assert page.status_code == 200 and "本问卷已结束" in page.content.decode()
    refused = Client().post(url(survey), overall(survey))
    assert refused.status_code == 403 and "本问卷已结束" in refused.content.decode()
    assert Response.objects.count() == 0


def test_a_survey_outside_its_dates_refuses(people):
    later = make_survey(people.unit, opens_on=today() + timedelta(days=3), closes_on=today() + timedelta(days=30))
    response = Client().post(url(later), overall(later))
    assert response.status_code == 403
    assert (today() + timedelta(days=3)).isoformat() in response.content.decode()
    earlier = make_survey(
        people.unit, slug="old", opens_on=today() - timedelta(days=30), closes_on=today() - timedelta(days=1)
    )
    assert "本问卷已于" in Client().get(url(earlier)).content.decode()
    assert Response.objects.count() == 0


def test_a_draft_or_unknown_survey_is_not_found(people):
    draft = current(people.unit, status=SurveyStatus.DRAFT)
    assert Client().get(url(draft)).status_code == 404
    assert Client().get(reverse("surveys:answer", kwargs={"unit_code": "chenggong", "key": "nope"})).status_code == 404
    assert (
        Client().get(reverse("surveys:answer", kwargs={"unit_code": "nowhere", "key": draft.slug})).status_code == 404
    )


def test_a_missing_answer_is_named_and_nothing_is_stored(people):
    survey = current(people.unit, blueprint="service")
    response = Client().post(url(survey), {})
    assert response.status_code == 200
    text = response.content.decode()
    first = survey.questions.get(counts_for_rate=True)
    assert f'data-field-error="q{first.pk}"' in text and 'data-field-error="audience"' in text
    assert "请回答此题" in text
    assert Response.objects.count() == 0


def test_an_invitation_link_answers_once(people):
    survey = current(people.unit, access="invite")
    token = services.generate_tokens(survey, actor=None, count=1, label="", conf=SurveySettings())[0]
    assert "请使用邀请函上的链接" in Client().get(url(survey)).content.decode()
    assert Client().post(url(survey), overall(survey)).status_code == 403
    assert Client().post(url(survey, key=token.token), overall(survey)).status_code == 302
    assert InviteToken.objects.get().used is True
    again = Client().post(url(survey, key=token.token), overall(survey))
    assert again.status_code == 403 and "邀请已使用" in again.content.decode()
    assert Response.objects.count() == 1


def test_the_rate_limit_answers_429_and_keeps_no_address(people):
    services.update_settings(people.unit, actor=people.admin, values={"answers_per_ip_hour": 2})
    survey = current(people.unit)
    for _n in range(2):
        assert Client(REMOTE_ADDR="203.0.113.7").post(url(survey), overall(survey)).status_code == 302
    refused = Client(REMOTE_ADDR="203.0.113.7").post(url(survey), overall(survey))
    assert refused.status_code == 429
    assert "提交次数过多" in refused.content.decode()
    assert Response.objects.count() == 2
    assert Client(REMOTE_ADDR="203.0.113.8").post(url(survey), overall(survey)).status_code == 302
    buckets = list(RateBucket.objects.values())
    assert sorted(b["count"] for b in buckets) == [1, 2]
    assert all("203.0.113" not in str(b) for b in buckets)


def test_old_counters_are_deleted(people):
    survey = current(people.unit)
    old = timezone.now() - timedelta(hours=3)
    RateBucket.objects.create(unit=people.unit, key="x" * 64, hour=old.replace(minute=0, second=0, microsecond=0))
    Client().post(url(survey), overall(survey))
    assert RateBucket.objects.count() == 1 and RateBucket.objects.get().key != "x" * 64


def test_a_named_survey_asks_for_name_and_phone_and_checks_the_phone(people):
    survey = current(people.unit, anonymous=False)
    page = Client().get(url(survey)).content.decode()
    assert 'name="name"' in page and 'name="phone"' in page
    bad = Client().post(url(survey), {**overall(survey), "phone": "12345"})
    assert 'data-field-error="phone"' in bad.content.decode()
    assert Client().post(url(survey), {**overall(survey), "name": "王五", "phone": "13900002222"}).status_code == 302
    assert Response.objects.get().respondent_phone == "13900002222"


def test_an_anonymous_survey_offers_no_personal_field(live):
    page = Client().get(url(live)).content.decode()
    assert 'name="name"' not in page and 'name="phone"' not in page


def test_every_kind_of_question_is_answered_from_the_page(people):
    survey = current(people.unit, blueprint="enterprises")
    questions = list(survey.questions.prefetch_related("options"))
    multiple = next(q for q in questions if q.kind == QuestionKind.MULTIPLE)
    text = next(q for q in questions if q.kind == QuestionKind.TEXT)
    options = [str(o.pk) for o in multiple.options.all()[:2]]
    data = {f"q{questions[0].pk}": "basic", f"q{questions[1].pk}": "satisfied", f"q{questions[2].pk}": "satisfied"}
    data |= {f"q{multiple.pk}": options, f"q{text.pk}": "希望加快审批。"}
    assert Client().post(url(survey), data).status_code == 302
    stored = Answer.objects.order_by("question__position", "option_id")
    assert [(a.level, a.option_id, a.text) for a in stored] == [
        ("basic", None, ""),
        ("satisfied", None, ""),
        ("satisfied", None, ""),
        ("", int(options[0]), ""),
        ("", int(options[1]), ""),
        ("", None, "希望加快审批。"),
    ]
