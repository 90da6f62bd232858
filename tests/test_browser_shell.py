"""The shell in a real browser: sign in, see the dashboard, switch language, sign out."""

import pytest

from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_signs_in_switches_language_and_signs_out(page, people):
    login(page, "liqiang", PASSWORD)
    page.wait_for_url("**/dashboard/")
    assert page.inner_text("#dashboard-unit") == "昆明市呈贡区投资服务中心"
    assert "主任" in page.inner_text("main")
    assert "工作台" in page.inner_text("#main-nav")

    page.click("#switch-language-en")
    page.wait_for_selector("html[lang=en]")
    assert "Director" in page.inner_text("main")
    assert "Dashboard" in page.inner_text("#main-nav")

    page.click("#user-menu")
    page.click("#logout-button")
    page.wait_for_url("**/accounts/login/")
    page.goto(f"{page.base_url}/dashboard/")
    assert "/accounts/login/" in page.url


def test_wrong_password_shows_a_chinese_message(page, people):
    login(page, "liqiang", "wrong-password-123")
    assert "请输入一个正确的" in page.inner_text("main")
