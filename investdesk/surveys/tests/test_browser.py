"""In Chromium: a member of the public answers a survey on a phone; the staff see the results and the
performance indicator bound to the survey metric move (社会公众满意度: 90.00 % → 90.91 %)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from investdesk.performance import services as performance
from investdesk.performance.tests.conftest import import_seed
from investdesk.surveys.tests.conftest import answer_many, make_survey
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def indicator_row(page, indicator) -> tuple[str, str]:
    row = page.locator(f"tr[data-indicator='{indicator.pk}']")
    score = row.locator(".score-cell").inner_text().strip().splitlines()[0]  # without the "unmet" badge
    return row.locator(".actual-cell .fw-semibold").inner_text(), score


def test_a_phone_answer_moves_the_results_and_the_indicator(chromium, live_server, page, people, channels):
    today = timezone.localdate()
    survey = make_survey(
        people.unit, slug="live-public", opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=10)
    )
    answer_many(survey, {"satisfied": 9, "dissatisfied": 1}, on=today)  # 90.00 %: not above 90, scores 0
    project = import_seed(people.unit)
    project.year = today.year
    project.save()
    indicator = project.table.indicators.get(name="社会公众满意度")
    performance.set_actual(indicator, actor=None, metric="surveys.satisfaction_public", manual_actual="", note="")

    login(page, "liqiang", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/performance/projects/{project.pk}/")
    assert indicator_row(page, indicator) == ("90", "0.00")

    phone = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    public = phone.new_page()
    public.set_default_timeout(15000)
    public.goto(f"{live_server.url}/surveys/p/chenggong/live-public/?ch=wechat")
    assert public.inner_text("#survey-title") == "2022年社会公众满意度调查"
    assert public.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    public.click("#submit-answers")  # nothing chosen: the question is marked, nothing stored
    assert public.locator("[data-field-error]").count() == 1
    public.click("label.choice:has-text('非常满意')")
    public.click("#submit-answers")
    public.wait_for_selector("#public-message")
    assert "感谢您" in public.inner_text("#public-message")
    public.goto(f"{live_server.url}/surveys/p/chenggong/live-public/")
    assert "您已经填写过本问卷" in public.inner_text("#public-message")
    phone.close()

    page.goto(f"{live_server.url}/surveys/{survey.pk}/results/")
    assert page.inner_text("#response-count") == "11"
    assert page.inner_text("#satisfaction-rate") == "90.91%"
    wechat = channels["wechat"].pk
    assert page.inner_text(f"#by-channel tr[data-group='{wechat}'] td:nth-child(2)") == "1"
    page.goto(f"{live_server.url}/performance/projects/{project.pk}/")
    assert indicator_row(page, indicator) == ("90.91", "4.55")
