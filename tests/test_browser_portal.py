"""In Chromium, across the portal and the cases: an investor asks for help online, staff accept,
assign and complete the case, the investor rates it 不满意 on the portal, a rectification opens
and the 好评率 metric changes."""

import pytest
from django.utils import timezone

from investdesk.cases import services as cases
from investdesk.cases.models import AgencyCase, Rectification
from investdesk.core.periods import Period
from investdesk.performance import metrics
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def earlier_good_case(people):
    """One case already rated 满意 this year, so the rate starts at 100 %."""
    case = cases.create_case(
        people.unit,
        actor=people.director,
        channel="window",
        scope="assist",
        requester_name="刘先生",
        requester_phone="13900001111",
        enterprise_name="昆明示例商贸有限公司",
        help_needed="咨询备案",
    )
    cases.accept_case(case, actor=people.director)
    cases.assign_case(case, actor=people.director, agent=people.agent)
    cases.start_case(case, actor=people.agent)
    cases.complete_case(case, actor=people.agent, handover="备案回执一份")
    cases.rate_case(case, level="satisfied", source="phone", actor=people.agent)


def phone(chromium):
    """The investor's own browser: a phone-sized context, closed after each visit so that no idle
    keep-alive connection is left to the live server while staff work."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def good_rate(unit):
    return metrics.compute("cases.good_rating_rate", unit, Period.year_of(timezone.localdate().year)).value


def test_an_online_request_becomes_a_case_that_the_investor_rates_dissatisfied(page, chromium, people):
    earlier_good_case(people)
    assert good_rate(people.unit) == 100

    context, investor = phone(chromium)
    investor.goto(f"{page.base_url}/portal/chenggong/apply/")
    investor.fill("#id_enterprise_name", "昆明云投新能源科技有限公司")
    investor.fill("#id_uscc", "91530114MA6K5U8X61")
    investor.fill("#id_contact_name", "王立")
    investor.fill("#id_phone", "13812341234")
    investor.fill("#id_project_name", "新能源电池组装基地")
    investor.fill("#id_help_needed", "希望帮办项目备案和用地预审手续")
    investor.check("#id_consent")
    investor.click("#submit-request")
    number = investor.get_attribute("#tracking-number", "data-number")
    assert number
    context.close()

    login(page, "liqiang", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("a[data-nav=portal_requests]")
    page.click(f"#requests-table tr[data-tracking='{number}'] a")
    page.select_option("#id_scope", "assist")
    page.click("#convert-button")
    page.wait_for_selector("form[data-transition=accept]")
    case = AgencyCase.objects.get(requester_phone="13812341234")
    page.click("#accept-case")
    page.wait_for_selector("#assign-form")
    page.select_option("#assign-form select[name=agent]", str(people.agent.pk))
    page.click("#assign-case")
    page.wait_for_selector("#start-case")
    page.click("#start-case")
    page.wait_for_selector("#complete-case")
    page.fill("textarea[name=complete-handover]", "备案回执、用地预审意见书各一份")
    page.click("#complete-case")
    page.wait_for_selector("#confirm-modal.show")  # completing cannot be undone: it asks first
    page.click("#confirm-ok")
    page.wait_for_selector("#case-status[data-status=completed]")
    case.refresh_from_db()
    assert case.status == "completed"

    context, investor = phone(chromium)
    investor.goto(f"{page.base_url}/portal/chenggong/track/")
    investor.fill("#id_number", number)
    investor.fill("#id_phone", "13812341234")
    investor.click("#track-button")
    assert investor.get_attribute("#case-status", "data-status") == "completed"
    investor.click("label[data-level-label=dissatisfied]")
    investor.fill("#id_comment", "材料退回两次，沟通不及时")
    investor.click("#rate-button")
    investor.wait_for_selector("#rectification-notice")
    assert investor.get_attribute("#rating-result", "data-level") == "dissatisfied"
    context.close()

    page.reload()
    assert page.get_attribute("#rating-level", "data-level") == "dissatisfied"
    assert page.locator("#rectification").count() == 1
    rectification = Rectification.objects.get(rating__case=case)
    assert rectification.due_on > timezone.localdate()
    assert good_rate(people.unit) == 50
