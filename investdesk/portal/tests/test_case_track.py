"""Every case on the portal, not only those from an online request: a case opened at the window
(窗口) or on a visit (上门) is looked up with its case number and the requester's phone, shows its
public progress and, once completed, takes the requester's rating."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from investdesk.cases import services as case_services
from investdesk.cases.models import Rating, RatingLevel, RatingSource, Rectification
from investdesk.portal.models import LookupFailure
from investdesk.portal.tests.conftest import PHONE, complete, convert, make_request, window_case

NOT_FOUND = "没有与此查询号和电话相符的申请。请核对后重试，或致电中心。"


def track_url(unit) -> str:
    return reverse("portal:track", args=[unit.code])


def case_url(case) -> str:
    return reverse("portal:case_status", args=[case.unit.code, case.number])


def looked_up(case, phone: str = PHONE) -> Client:
    client = Client()
    response = client.post(track_url(case.unit), {"number": case.number, "phone": phone})
    assert response.status_code == 302
    assert response["Location"] == case_url(case)
    return client


@pytest.fixture
def case(people):
    return window_case(people.unit, people)


def test_a_window_case_is_found_by_its_case_number_and_phone(people, case):
    client = Client()
    response = client.post(track_url(people.unit), {"number": case.number, "phone": PHONE})
    assert response.status_code == 302
    assert response["Location"] == f"/portal/chenggong/case/{case.number}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'id="case-number">{case.number}<' in page.text
    assert 'id="case-status" data-status="applied"' in page.text
    assert "昆明窗口来访实业有限公司" in page.text
    progress = case_services.public_progress(case)
    assert len(progress) == 1
    assert f"<div>{progress[0]['text']}</div>" in page.text
    assert 'id="rating-form"' not in page.text
    assert PHONE not in page.text
    assert LookupFailure.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        (lambda n: n.lower(), "+86 138-1234-5678"),
        (lambda n: n.replace("-", " "), "0086 13812345678"),
        (lambda n: n.replace("-", "－").lower(), "138 1234 5678"),  # full-width dashes from a Chinese keyboard
        (lambda n: n.replace("-", ""), PHONE),
    ],
)
def test_the_case_number_and_phone_may_be_typed_loosely(people, case, typed, phone):
    response = Client().post(track_url(people.unit), {"number": typed(case.number), "phone": phone})
    assert response.status_code == 302
    assert response["Location"] == case_url(case)


def test_a_wrong_phone_or_case_number_gets_the_same_not_found_message(people, case):
    wrong_phone = Client().post(track_url(people.unit), {"number": case.number, "phone": "13900000000"})
    wrong_number = Client().post(track_url(people.unit), {"number": case.number[:-1] + "9", "phone": PHONE})
    for response in (wrong_phone, wrong_number):
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [NOT_FOUND]
        assert "昆明窗口来访实业有限公司" not in response.text
    assert LookupFailure.objects.count() == 2


def test_the_case_status_page_needs_the_lookup_first(people, case):
    response = Client().get(case_url(case))
    assert response.status_code == 302
    assert response["Location"] == f"{track_url(people.unit)}?number={case.number}"
    prefilled = Client().get(response["Location"])
    assert f'value="{case.number}"' in prefilled.text
    assert PHONE not in prefilled.text


def test_another_units_case_number_is_not_found_under_this_units_portal(people, case):
    theirs = window_case(people.other_unit, people, enterprise_name="外单位窗口企业")
    client = Client()
    response = client.post(track_url(people.unit), {"number": theirs.number, "phone": PHONE})
    assert response.status_code == 200
    assert NOT_FOUND in response.text
    crossed = client.post(track_url(people.other_unit), {"number": case.number, "phone": PHONE})
    assert NOT_FOUND in crossed.text
    assert LookupFailure.objects.count() == 2
    # Verified on its own portal, the case still does not open under another unit's code.
    assert client.post(track_url(people.other_unit), {"number": theirs.number, "phone": PHONE}).status_code == 302
    opened = client.get(reverse("portal:case_status", args=[people.unit.code, theirs.number]))
    assert opened.status_code == 302
    assert opened["Location"].startswith(track_url(people.unit))


def test_failed_case_lookups_count_towards_the_same_limit(people, case):
    client = Client(REMOTE_ADDR="192.0.2.44")
    for n in range(20):
        assert (
            client.post(track_url(people.unit), {"number": f"CHENGGONG-2022-{n:04d}", "phone": PHONE}).status_code
            == 200
        )
    refused = client.post(track_url(people.unit), {"number": case.number, "phone": PHONE})
    assert refused.status_code == 429
    assert LookupFailure.objects.count() == 20
    assert (
        Client(REMOTE_ADDR="192.0.2.45")
        .post(track_url(people.unit), {"number": case.number, "phone": PHONE})
        .status_code
        == 302
    )


def test_a_case_in_progress_takes_no_rating(people, case):
    client = looked_up(case)
    refused = client.post(case_url(case), {"level": RatingLevel.VERY_SATISFIED})
    assert refused.status_code == 409
    assert "案件办结后方可评价。" in refused.text
    assert Rating.objects.count() == 0


def test_a_completed_window_case_is_rated_from_the_portal_and_a_bad_rating_opens_the_rectification(people, case):
    complete(case, people)
    client = looked_up(case)
    page = client.get(case_url(case))
    assert 'id="case-status" data-status="completed"' in page.text
    assert 'id="rating-form"' in page.text
    assert page.text.count('name="level"') == 5
    response = client.post(case_url(case), {"level": RatingLevel.DISSATISFIED, "comment": "窗口排队太久"})
    assert response.status_code == 302
    assert response["Location"] == case_url(case)
    rating = Rating.objects.get()
    assert (rating.case, rating.level, rating.comment, rating.source, rating.rated_by) == (
        case,
        RatingLevel.DISSATISFIED,
        "窗口排队太久",
        RatingSource.PORTAL,
        None,
    )
    rectification = Rectification.objects.get()
    assert (rectification.case, rectification.rating) == (case, rating)
    thanks = client.get(case_url(case))
    assert 'id="rating-thanks"' in thanks.text
    assert 'id="rating-result" data-level="dissatisfied"' in thanks.text
    assert 'id="rectification-notice"' in thanks.text
    assert 'id="rating-form"' not in thanks.text
    again = client.post(case_url(case), {"level": RatingLevel.VERY_SATISFIED})
    assert again.status_code == 409
    assert Rating.objects.get().level == RatingLevel.DISSATISFIED
    assert Rectification.objects.count() == 1


def test_a_visit_case_is_found_too(people):
    case = window_case(people.unit, people, channel="visit", phone="0871-67483280")
    client = looked_up(case, phone="087167483280")
    assert f'id="case-number">{case.number}<' in client.get(case_url(case)).text


def test_a_case_from_an_online_request_may_be_looked_up_either_way(people):
    obj = convert(make_request(people.unit), people)
    by_tracking = Client().post(track_url(people.unit), {"number": obj.tracking_number, "phone": PHONE})
    assert by_tracking["Location"] == reverse("portal:status", args=[people.unit.code, obj.tracking_number])
    client = looked_up(obj.case)
    page = client.get(case_url(obj.case))
    assert f'id="case-number">{obj.case.number}<' in page.text
    assert "呈祥智能制造有限公司" in page.text


def test_a_lower_case_address_leads_to_the_case_number_as_written(people, case):
    client = looked_up(case)
    response = client.get(reverse("portal:case_status", args=[people.unit.code, case.number.lower()]))
    assert response.status_code == 302
    assert response["Location"] == case_url(case)
