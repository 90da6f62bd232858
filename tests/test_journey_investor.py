"""The investor's journey on a 390×844 phone, in Chromium: ask for help on the portal, follow the
request with its number and phone, and rate the service once the center has completed the case.

Each step asserts what the investor sees on the screen (and that nothing is wider than it); the
center's work in between goes through the cases services, as the staff's own journey tests it.
"""

import pytest
from django.utils import timezone

from investdesk.cases import services as cases
from investdesk.cases.models import AgencyCase, Rating
from investdesk.core.workdays import Calendar
from investdesk.portal import services as portal
from investdesk.portal.models import PortalRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13887654321"
SCREEN = {"width": 390, "height": 844}


def on_phone(chromium):
    context = chromium.new_context(locale="zh-CN", viewport=SCREEN, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def fits(page) -> None:
    """Nothing scrolls sideways on the phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]


def text(page, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


def track(page, base: str, number: str) -> None:
    page.goto(f"{base}/portal/chenggong/track/")
    fits(page)
    page.fill("#id_number", number)
    page.fill("#id_phone", PHONE)
    page.click("#track-button")
    page.wait_for_load_state()


def test_the_investor_asks_on_the_phone_follows_the_request_and_rates_the_completed_case(chromium, live_server, people):
    base = live_server.url
    context, phone = on_phone(chromium)

    # 1. The start page of the portal, then the request form.
    phone.goto(f"{base}/portal/chenggong/")
    assert text(phone, "#portal-title") == "项目审批代办帮办，不见面办理"
    fits(phone)
    phone.click("#action-apply")
    fits(phone)
    phone.fill("#id_enterprise_name", "昆明云投新能源科技有限公司")
    phone.fill("#id_uscc", "91530114MA6K5U8X61")
    phone.fill("#id_contact_name", "王立")
    phone.fill("#id_phone", PHONE)
    phone.fill("#id_project_name", "新能源电池组装基地")
    phone.fill("#id_help_needed", "希望帮办项目备案和用地预审手续")
    phone.check("#id_consent")
    phone.click("#submit-request")

    # 2. The confirmation: the tracking number and the date the center promises an answer by.
    phone.wait_for_selector("#request-received")
    assert text(phone, "#request-received h1") == "您的申请已收到"
    obj = PortalRequest.objects.get(phone=PHONE)
    assert text(phone, "#tracking-number") == obj.tracking_display
    promised = Calendar.for_unit(people.unit).add_workdays(timezone.localdate(), 1)  # 1 working day to accept
    assert text(phone, "#accept-by") == promised.isoformat()
    fits(phone)
    context.close()

    # 3. Days later, on the same phone, with the number written down.
    context, phone = on_phone(chromium)
    track(phone, base, obj.tracking_display)
    assert phone.get_attribute("#request-status", "data-status") == "new"
    assert text(phone, "#request-status-label") == "待处理"
    assert (
        text(phone, "#status-explanation")
        == f"我们已收到您的申请，将于 {promised.isoformat()} 前受理或告知不予受理的理由。"
    )
    assert phone.locator("#rating-form").count() == 0
    fits(phone)
    context.close()

    # The center turns the request into a case, works on it and completes it.
    portal.convert_request(obj, actor=people.director, scope="assist")
    case = AgencyCase.objects.get(requester_phone=PHONE)
    cases.accept_case(case, actor=people.director)
    cases.assign_case(case, actor=people.director, agent=people.agent)
    cases.start_case(case, actor=people.agent)
    cases.complete_case(case, actor=people.agent, handover="备案回执\n用地预审意见书")

    # 4. The investor follows the request again: the case, its progress, and the rating form.
    context, phone = on_phone(chromium)
    track(phone, base, obj.tracking_number.lower())  # typed without the dash, in small letters
    assert text(phone, "#request-status-label") == "已立案"
    assert text(phone, "#case-number") == case.number
    assert text(phone, "#case-status") == "已办结"
    assert "已办结" in text(phone, "#case-progress")
    assert phone.locator("#rating-form").count() == 1
    fits(phone)

    # 5. The rating, with a comment; the page thanks the investor and shows the rating.
    phone.click("label[data-level-label=very_satisfied]")
    phone.fill("#id_comment", "代办员主动上门，手续办得快")
    phone.click("#rate-button")
    phone.wait_for_selector("#rating-result")
    assert text(phone, "#rating-thanks") == "感谢您的评价。"
    assert text(phone, "#rating-result") == "感谢您的评价。 您的评价： 非常满意 代办员主动上门，手续办得快"
    assert phone.locator("#rating-form").count() == 0
    fits(phone)
    context.close()

    rating = Rating.objects.get(case=case)
    assert (rating.level, rating.comment, rating.source, rating.is_default) == (
        "very_satisfied",
        "代办员主动上门，手续办得快",
        "portal",
        False,
    )
