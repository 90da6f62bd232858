"""In Chromium: the header's search box finds an enterprise, its page's 打印 button opens a clean
A4 sheet that prints to a PDF; on a phone the header shows a search icon that opens the search."""

import pytest

from investdesk.enterprises.models import Contact, Enterprise
from investdesk.projects.tests.conftest import make_project
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def archive(people) -> Enterprise:
    company = Enterprise.objects.create(unit=people.unit, uscc="91530114MA6K5U8X61", name="昆明呈祥智能制造有限公司")
    Contact.objects.create(unit=people.unit, enterprise=company, name="欧阳明", phone="13812345678")
    make_project(people.unit, company, actor=people.agent, name="呈祥智能装备生产线项目")
    return company


def test_the_header_search_leads_to_the_record_and_its_print_sheet(page, people):
    company = archive(people)
    login(page, people.agent.username, PASSWORD)
    page.fill("#header-search-input", "cxzn")
    page.press("#header-search-input", "Enter")
    page.wait_for_selector("#search-summary")
    assert page.locator("#kind-enterprises .search-hit a").first.inner_text() == company.name
    assert page.locator('[data-count="projects"]').get_attribute("data-value") == "1"  # its project, by initials
    page.click("#kind-enterprises .search-hit a")
    page.wait_for_selector("#enterprise-name")
    with page.expect_popup() as opened:
        page.click("#print-link")
    sheet = opened.value
    assert sheet.url.endswith(f"/enterprises/{company.pk}/print/?dialog=1")  # opens the print dialog at once
    # Headless Chromium keeps that dialog "printing"; the same sheet without it prints to a PDF.
    sheet.goto(sheet.url.split("?")[0])
    sheet.wait_for_selector("#print-sheet")
    assert sheet.locator("#print-unit").inner_text() == "昆明市呈贡区投资服务中心"
    assert company.name in sheet.locator("#print-title").inner_text()
    assert "138****5678" not in sheet.locator("#print-contacts").inner_text()  # the agent sees the phone
    sheet.emulate_media(media="print")
    assert sheet.locator("#print-toolbar").is_hidden()
    assert sheet.locator("#add-project-link").is_hidden()
    assert sheet.locator("#main-nav").count() == 0
    pdf = sheet.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 10_000


def test_on_a_phone_the_search_is_an_icon_that_opens_the_search_page(chromium, live_server, people):
    archive(people)
    context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(15000)
    phone.base_url = live_server.url
    try:
        login(phone, people.viewer.username, PASSWORD)
        phone.wait_for_selector("#header-search-link")
        assert phone.locator("#header-search-input").is_hidden()
        phone.click("#header-search-link")
        phone.wait_for_selector("#search-help")
        phone.fill("#search-input", "欧阳")
        phone.click("#search-button")
        phone.wait_for_selector("#kind-contacts")
        assert "138****5678" in phone.locator("#kind-contacts").inner_text()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        context.close()
