"""Rating a case from the portal (好差评, RULES.md §4): refused before completion, accepted once,
and a 差评 tells the requester that a rectification follows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from investdesk.cases import services as case_services
from investdesk.cases.models import Rating, RatingLevel, RatingSource, Rectification
from investdesk.portal.tests.conftest import PHONE, complete, convert, make_request


@pytest.fixture
def obj(people):
    return make_request(people.unit)


def looked_up(obj) -> Client:
    client = Client()
    response = client.post(
        reverse("portal:track", args=[obj.unit.code]), {"number": obj.tracking_number, "phone": PHONE}
    )
    assert response.status_code == 302
    return client


def status_url(obj) -> str:
    return reverse("portal:status", args=[obj.unit.code, obj.tracking_number])


def test_a_new_request_cannot_be_rated(people, obj):
    client = looked_up(obj)
    response = client.post(status_url(obj), {"level": RatingLevel.SATISFIED})
    assert response.status_code == 409
    assert "该申请尚未受理立案，办结后方可评价。" in response.text
    assert Rating.objects.count() == 0


def test_a_case_in_progress_shows_its_progress_but_takes_no_rating(people, obj):
    obj = convert(obj, people)
    client = looked_up(obj)
    page = client.get(status_url(obj))
    assert page.status_code == 200
    assert f'id="case-number">{obj.case.number}<' in page.text
    assert 'id="case-status" data-status="applied"' in page.text
    progress = case_services.public_progress(obj.case)
    assert len(progress) == 1
    assert f"<div>{progress[0]['text']}</div>" in page.text  # what the cases app lets the requester see
    assert 'id="rating-form"' not in page.text
    refused = client.post(status_url(obj), {"level": RatingLevel.VERY_SATISFIED})
    assert refused.status_code == 409
    assert "案件办结后方可评价。" in refused.text
    assert Rating.objects.count() == 0


def test_a_completed_case_is_rated_once_from_the_portal(people, obj):
    obj = convert(obj, people)
    complete(obj.case, people)
    client = looked_up(obj)
    page = client.get(status_url(obj))
    assert 'id="rating-form"' in page.text
    assert page.text.count('name="level"') == 5
    missing = client.post(status_url(obj), {"comment": "没选等级"})
    assert missing.status_code == 200
    assert 'data-field-error="level"' in missing.text
    assert Rating.objects.count() == 0
    response = client.post(status_url(obj), {"level": RatingLevel.VERY_SATISFIED, "comment": "办事效率高"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.case, rating.level, rating.comment, rating.source, rating.rated_by) == (
        obj.case,
        RatingLevel.VERY_SATISFIED,
        "办事效率高",
        RatingSource.PORTAL,
        None,
    )
    thanks = client.get(status_url(obj))
    assert 'id="rating-thanks"' in thanks.text
    assert 'id="rectification-notice"' not in thanks.text
    assert 'id="rating-form"' not in thanks.text
    assert 'id="rating-thanks"' not in client.get(status_url(obj)).text  # said once
    again = client.post(status_url(obj), {"level": RatingLevel.VERY_DISSATISFIED})
    assert again.status_code == 409
    assert Rating.objects.get().level == RatingLevel.VERY_SATISFIED


def test_a_bad_rating_reports_that_a_rectification_follows(people, obj):
    obj = convert(obj, people)
    complete(obj.case, people)
    client = looked_up(obj)
    response = client.post(status_url(obj), {"level": RatingLevel.DISSATISFIED, "comment": "材料退回了两次"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert 'id="rating-result" data-level="dissatisfied"' in page.text
    assert 'id="rectification-notice"' in page.text
    assert "中心将回访您并进行整改" in page.text
    rectification = Rectification.objects.get()
    assert (rectification.case, rectification.rating.level) == (obj.case, RatingLevel.DISSATISFIED)


def test_the_rating_form_is_in_english_when_chosen(people, obj):
    from django.conf import settings

    obj = convert(obj, people)
    complete(obj.case, people)
    client = looked_up(obj)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(status_url(obj))
    assert "Rate our service" in page.text
    assert "very dissatisfied" in page.text
