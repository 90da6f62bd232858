"""The pure parts: tracking numbers, phone comparison, the limits' arithmetic, the settings,
and the status table walked pair by pair."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from investdesk.portal import conf, limits, services, tracking
from investdesk.portal.models import TRANSITIONS, PortalRequest, RequestStatus
from investdesk.portal.tests.conftest import make_request


def test_tracking_numbers_are_ten_readable_characters():
    numbers = {tracking.new_number() for _ in range(500)}
    assert len(numbers) == 500
    for number in numbers:
        assert len(number) == 10
        assert not set(number) & set("01OI")
        assert tracking.is_valid_number(number)


@given(st.text(alphabet=tracking.ALPHABET, min_size=10, max_size=10))
def test_a_number_read_back_loosely_is_the_same_number(number):
    typed = f" {number[:5].lower()}－{number[5:]} "
    assert tracking.normalise_number(typed) == number
    assert tracking.normalise_number(tracking.grouped(number)) == number


@pytest.mark.parametrize("bad", ["", "ABCDE2345", "ABCDE234567", "ABCDE2345O", "ABCDE23451"])
def test_malformed_numbers_are_not_valid(bad):
    assert not tracking.is_valid_number(tracking.normalise_number(bad))


@pytest.mark.parametrize(
    ("given", "stored", "same"),
    [
        ("138 1234 5678", "13812345678", True),
        ("+86 138-1234-5678", "13812345678", True),
        ("008613812345678", "13812345678", True),
        ("0871-67483280", "087167483280", True),
        ("13812345679", "13812345678", False),
        ("", "", False),
    ],
)
def test_phones_are_compared_by_their_digits(given, stored, same):
    assert tracking.same_phone(given, stored) is same


def test_retry_is_when_the_oldest_counted_entry_leaves_the_window():
    now = datetime(2022, 6, 1, 10, 0, tzinfo=UTC)
    window = timedelta(minutes=10)
    times = [now - timedelta(minutes=m) for m in (1, 2, 3, 4, 5)]  # newest first
    assert limits._retry_at(times[:4], 5, window) is None
    assert limits._retry_at(times, 5, window) == now + timedelta(minutes=5)


def test_unit_settings_override_the_defaults_and_bad_ones_fall_back(caplog):
    class U:
        code = "u"
        settings = {"portal": {"submit_per_window": "3", "lookup_failures_per_hour": 7}}

    assert conf.settings_for(U()) == conf.PortalSettings(submit_per_window=3, lookup_failures_per_hour=7)
    U.settings = {"portal": {"submit_per_day": 0}}
    assert conf.settings_for(U()) == conf.PortalSettings()
    assert "invalid portal settings" in caplog.text
    with pytest.raises(ValueError, match="submit_window_minutes"):
        conf.PortalSettings.from_dict({"submit_window_minutes": True})


ALL = list(RequestStatus)


@pytest.mark.parametrize(("old", "new"), list(itertools.product(ALL, ALL)))
def test_every_status_pair_is_allowed_or_refused_by_the_table(old, new):
    if new in TRANSITIONS[old]:
        services.check_transition(old, new)
    else:
        with pytest.raises(ValidationError):
            services.check_transition(old, new)


def test_a_refused_transition_changes_nothing(people):
    obj = make_request(people.unit)
    services.reject_request(obj, actor=people.director, reason="不在范围")
    with pytest.raises(ValidationError):
        services.mark_duplicate(obj, actor=people.director, original=make_request(people.unit, ip="192.0.2.1"))
    fresh = PortalRequest.objects.get(pk=obj.pk)
    assert (fresh.status, fresh.reject_reason, fresh.duplicate_of_id) == (RequestStatus.REJECTED, "不在范围", None)
    assert fresh.events.count() == 2


def test_a_tracking_number_collision_draws_another(people, monkeypatch):
    first = make_request(people.unit)
    drawn = iter([first.tracking_number, "ZZZZZ22222"])
    monkeypatch.setattr(tracking, "new_number", lambda: next(drawn))
    second = make_request(people.unit, ip="192.0.2.2")
    assert second.tracking_number == "ZZZZZ22222"
