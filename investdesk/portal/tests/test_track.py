"""Looking a request up with its tracking number and phone: the same answer for a wrong number
and a wrong phone, a limit on failed look-ups, and no way across units."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from investdesk.portal.models import LookupFailure
from investdesk.portal.tests.conftest import PHONE, make_request

NOT_FOUND = "没有与此查询号和电话相符的申请"


def track_url(unit) -> str:
    return reverse("portal:track", args=[unit.code])


def status_url(obj) -> str:
    return reverse("portal:status", args=[obj.unit.code, obj.tracking_number])


@pytest.fixture
def obj(people):
    return make_request(people.unit)


def test_the_right_number_and_phone_show_the_status(people, obj):
    client = Client()
    response = client.post(track_url(people.unit), {"number": obj.tracking_number, "phone": PHONE})
    assert response.status_code == 302
    assert response["Location"] == status_url(obj)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="request-status" data-status="new"' in page.text
    assert obj.tracking_display in page.text
    assert "昆明呈祥智能制造有限公司" in page.text
    assert 'id="rating-form"' not in page.text
    assert LookupFailure.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        (lambda n: f"{n[:5].lower()}-{n[5:].lower()}", "+86 138-1234-5678"),  # as read back over the phone
        (lambda n: " ".join(n), "0086 13812345678"),
        (lambda n: f"{n[:5]}－{n[5:]}", "138 1234 5678"),  # a full-width dash from a Chinese keyboard
    ],
)
def test_the_number_and_phone_may_be_typed_loosely(people, obj, typed, phone):
    response = Client().post(track_url(people.unit), {"number": typed(obj.tracking_number), "phone": phone})
    assert response.status_code == 302


def test_a_wrong_phone_and_a_wrong_number_get_the_same_answer(people, obj):
    wrong_phone = Client().post(track_url(people.unit), {"number": obj.tracking_number, "phone": "13900000000"})
    wrong_number = Client().post(track_url(people.unit), {"number": "ABCDE23456", "phone": PHONE})
    for response in (wrong_phone, wrong_number):
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "没有与此查询号和电话相符的申请。请核对后重试，或致电中心。"
        ]
        assert obj.enterprise_name not in response.text
    assert LookupFailure.objects.count() == 2


def test_the_status_page_needs_the_lookup_first(people, obj):
    response = Client().get(status_url(obj))
    assert response.status_code == 302
    assert response["Location"] == f"{track_url(people.unit)}?number={obj.tracking_number}"
    prefilled = Client().get(response["Location"])
    assert f'value="{obj.tracking_number}"' in prefilled.text
    assert PHONE not in prefilled.text


def test_too_many_failed_lookups_are_refused_with_429_even_with_the_right_phone(people, obj):
    client = Client(REMOTE_ADDR="192.0.2.44")
    right = {"number": obj.tracking_number, "phone": PHONE}
    for n in range(20):
        guess = {"number": f"ABCDE{n:02d}XYZ", "phone": PHONE}
        assert client.post(track_url(people.unit), guess).status_code == 200
    refused = client.post(track_url(people.unit), right)
    assert refused.status_code == 429
    assert "您所在网络多次查询不符。为保护申请信息，请于" in refused.text
    assert int(refused["Retry-After"]) > 3000
    assert LookupFailure.objects.count() == 20  # a refused look-up is not even tried
    assert Client(REMOTE_ADDR="192.0.2.45").post(track_url(people.unit), right).status_code == 302


def test_another_units_portal_cannot_find_the_request(people, obj):
    client = Client()
    response = client.post(track_url(people.other_unit), {"number": obj.tracking_number, "phone": PHONE})
    assert response.status_code == 200
    assert NOT_FOUND in response.text
    # Even a browser that looked it up on the right portal cannot open it under another unit's code.
    assert client.post(track_url(people.unit), {"number": obj.tracking_number, "phone": PHONE}).status_code == 302
    crossed = client.get(reverse("portal:status", args=[people.other_unit.code, obj.tracking_number]))
    assert crossed.status_code == 302
    assert crossed["Location"].startswith(track_url(people.other_unit))


def test_a_rejected_request_shows_the_reason(people, obj):
    from investdesk.portal import services

    services.reject_request(obj, actor=people.director, reason="该项目不在本区范围，请联系市投资促进局。")
    client = Client()
    client.post(track_url(people.unit), {"number": obj.tracking_number, "phone": PHONE})
    page = client.get(status_url(obj))
    assert 'data-status="rejected"' in page.text
    assert "该项目不在本区范围，请联系市投资促进局。" in page.text


def test_old_failures_are_pruned_when_a_new_one_is_recorded(people):
    from datetime import timedelta

    from django.utils import timezone

    LookupFailure.objects.create(unit=people.unit, client_ip="192.0.2.1", at=timezone.now() - timedelta(days=2))
    Client().post(track_url(people.unit), {"number": "ABCDE23456", "phone": PHONE})
    assert LookupFailure.objects.count() == 1
