"""Sign-in security: lockout, password policy, idle sessions."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD

LOGIN = reverse("accounts:login")


def _attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_login_page_is_chinese(db):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert "登录投资服务台" in response.text
    assert '<html lang="zh-hans">' in response.text


def test_it_signs_in_with_the_right_password(people):
    response = _attempt(Client(), "zhangmin", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")


def test_it_locks_a_user_after_five_failures_even_with_the_right_password(people):
    client = Client()
    for n in range(4):
        response = _attempt(client, "zhangmin", f"wrong-{n}", ip=f"10.0.0.{n + 1}")
        assert response.status_code == 200
        assert "请输入一个正确的" in response.text
    fifth = _attempt(client, "zhangmin", "wrong-5", ip="10.0.0.5")
    assert fifth.status_code == 429
    locked = _attempt(client, "zhangmin", PASSWORD, ip="10.0.0.99")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.text
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_after_five_failures_across_users(people):
    client = Client()
    for name in ("a1", "a2", "a3", "a4", "a5"):
        _attempt(client, name, "wrong-password", ip="10.9.9.9")
    locked = _attempt(client, "liqiang", PASSWORD, ip="10.9.9.9")
    assert locked.status_code == 429
    elsewhere = _attempt(Client(), "liqiang", PASSWORD, ip="10.1.1.1")
    assert elsewhere.status_code == 302


def test_four_failures_do_not_lock(people):
    client = Client()
    for n in range(4):
        _attempt(client, "wangfang", f"wrong-{n}")
    assert _attempt(client, "wangfang", PASSWORD).status_code == 302


def test_failures_older_than_fifteen_minutes_no_longer_count(people):
    client = Client()
    for n in range(5):
        _attempt(client, "zhaolei", f"wrong-{n}")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _attempt(client, "zhaolei", PASSWORD, ip="10.0.0.1").status_code == 302


@pytest.mark.parametrize(
    "password, message",
    [
        ("short-pw1", "密码太短：至少需要 10 个字符。"),
        ("1234567890123", "密码只包含数字。"),
        ("zhangmin2022", "密码跟 用户名 太相似了。"),
    ],
)
def test_the_password_policy_refuses_weak_passwords(people, password, message):
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password(password, people.agent)
    assert message in caught.value.messages


def test_password_change_shows_the_policy_errors_and_keeps_the_old_password(people):
    client = people.client_for(people.agent)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678901", "new_password2": "12345678901"},
    )
    assert response.status_code == 200
    assert "密码只包含数字。" in response.text
    people.agent.refresh_from_db()
    assert people.agent.check_password(PASSWORD)


def test_password_change_works(people):
    client = people.client_for(people.agent)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Dai-ban-2022!", "new_password2": "Dai-ban-2022!"},
    )
    assert response.status_code == 302
    people.agent.refresh_from_db()
    assert people.agent.check_password("Dai-ban-2022!")


def test_an_idle_session_ends_after_thirty_minutes(people, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    client = people.client_for(people.director)
    assert client.get(reverse("dashboard:index")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_each_request_pushes_the_idle_deadline_forward(people):
    client = people.client_for(people.director)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get(reverse("dashboard:index"))
    remaining = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_logout_needs_post_and_ends_the_session(people):
    client = people.client_for(people.director)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard:index")).status_code == 302
