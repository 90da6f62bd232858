import pytest
from django.core.exceptions import ValidationError

from investdesk.core.identifiers import USCC_CHECKSUM, mask_phone, validate_phone, validate_uscc


@pytest.mark.parametrize("code", ["914403001922038216", "91530114MA6K5U8X61", "12530121MB1E44219W"])
def test_it_accepts_valid_uscc(code):
    assert validate_uscc(code) == code


def test_it_normalises_spaces_and_lower_case():
    assert validate_uscc(" 91530114ma6k5u8x61 ") == "91530114MA6K5U8X61"


def test_a_failed_check_character_asks_for_confirmation():
    with pytest.raises(ValidationError) as caught:
        validate_uscc("91350203M0001QAY9B")
    assert caught.value.code == USCC_CHECKSUM
    assert validate_uscc("91350203M0001QAY9B", allow_bad_checksum=True) == "91350203M0001QAY9B"


@pytest.mark.parametrize("code", ["abc", "9144030019220382", "91440300192203821I"])
def test_it_rejects_invalid_uscc_even_with_confirmation(code):
    with pytest.raises(ValidationError) as caught:
        validate_uscc(code, allow_bad_checksum=True)
    assert caught.value.code == "uscc_invalid"


@pytest.mark.parametrize("phone", ["13812341234", "0871-67483280", "67483280", "138 1234 1234"])
def test_it_accepts_phone_numbers(phone):
    assert validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "23812341234", "phone"])
def test_it_rejects_bad_phone_numbers(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_phones_are_masked_like_138_stars_1234():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0871-67483280") == "087*****3280"
    assert mask_phone("") == ""


def test_client_ip_believes_forwarded_addresses_only_behind_our_proxies(rf, settings):
    from investdesk.core.middleware import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2", REMOTE_ADDR="10.0.0.1")
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"
    garbage = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-ip", REMOTE_ADDR="10.0.0.1")
    assert client_ip(garbage) == "10.0.0.1"
