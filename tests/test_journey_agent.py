"""The agent's journey, in Chromium: 张敏 takes an investor's online request from the inbox, archives
the enterprise (建档), opens the case, works it with the director (accept and assign are his) to
completion, visits the enterprise, logs an appeal raised there and follows it to 销号.

Every step asserts what the person sees on the screen: the due date and countdown the portal
promised, the status badges, the names chosen from lists, the history.
"""

import pytest
from django.utils import timezone

from investdesk.cases.models import AgencyCase
from investdesk.core.workdays import Calendar
from investdesk.outreach.models import Appeal
from investdesk.portal.models import PortalRequest
from investdesk.projects import departments
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USCC = "91530114MA6K5U8X61"
PHONE = "13812341234"


def text(page, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


def staff_page(chromium, base: str, username: str):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = base
    login(page, username, PASSWORD)
    page.wait_for_url("**/dashboard/")
    return context, page


def submit_on_the_portal(chromium, base: str) -> tuple[str, str]:
    context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    investor = context.new_page()
    investor.goto(f"{base}/portal/chenggong/apply/")
    investor.fill("#id_enterprise_name", "昆明云投新能源科技有限公司")
    investor.fill("#id_uscc", USCC)
    investor.fill("#id_contact_name", "王立")
    investor.fill("#id_phone", PHONE)
    investor.fill("#id_project_name", "新能源电池组装基地")
    investor.fill("#id_help_needed", "希望帮办项目备案和用地预审手续")
    investor.check("#id_consent")
    investor.click("#submit-request")
    number = investor.get_attribute("#tracking-number", "data-number")
    promised = text(investor, "#accept-by")
    context.close()
    return number, promised


def test_the_agent_takes_a_portal_request_to_a_completed_case_and_an_appeal_to_sign_off(chromium, live_server, people):
    base = live_server.url
    departments.add_defaults(people.unit, actor=people.director)
    number, promised = submit_on_the_portal(chromium, base)
    due = Calendar.for_unit(people.unit).add_workdays(timezone.localdate(), 1)
    assert promised == due.isoformat()

    # 1. 张敏's dashboard counts the new request; the inbox shows the date the portal promised.
    agent_context, agent = staff_page(chromium, base, "zhangmin")
    assert text(agent, "#dashboard-new-requests") == "1"
    agent.click("a[data-nav=portal_requests]")
    row = agent.locator(f"#requests-table tr[data-tracking='{number}']")
    assert " ".join(row.locator("td[data-accept-by]").inner_text().split()) == f"{promised} 还剩 1 个工作日"

    # 2. 建档: the enterprise's 一企一档 record from the request, linked back to it.
    row.locator("a").first.click()
    assert text(agent, "#request-status") == "待处理"
    assert text(agent, "#request-accept-by") == f"受理或答复期限：{promised} 还剩 1 个工作日 （门户向投资者承诺的日期）"
    agent.click("#archive-button")
    assert agent.input_value("#id_name") == "昆明云投新能源科技有限公司"
    assert agent.input_value("#id_uscc") == USCC
    assert agent.input_value("#id_contact-name") == "王立"
    agent.click("#save-button")
    agent.wait_for_selector("#request-enterprise")
    assert text(agent, ".alert-success") == "昆明云投新能源科技有限公司 已建档并关联。"
    assert text(agent, "#request-enterprise") == "已关联记录： 昆明云投新能源科技有限公司"

    # 3. The request becomes a case, with the archived enterprise chosen already.
    assert agent.locator("#id_enterprise option:checked").inner_text() == f"昆明云投新能源科技有限公司 · {USCC}"
    agent.select_option("#id_scope", "assist")
    agent.click("#convert-button")
    agent.wait_for_selector("#case-number")
    case = AgencyCase.objects.get(requester_phone=PHONE)
    assert text(agent, "#case-number") == case.number
    assert text(agent, "#case-status") == "已申请"
    assert agent.locator("#enterprise-link").count() == 1
    assert agent.locator("form[data-transition=accept]").count() == 0  # accepting is the director's

    # 4. The director 李强 accepts the case and assigns it to 张敏.
    director_context, director = staff_page(chromium, base, "liqiang")
    director.goto(f"{base}/cases/{case.pk}/")
    director.click("#accept-case")
    director.wait_for_selector("#case-status[data-status=accepted]")
    assert text(director, "#case-status") == "已受理"
    director.select_option("#assign-form select[name=agent]", str(people.agent.pk))
    director.click("#assign-case")
    director.wait_for_selector(".alert-success")
    assert text(director, "#case-agent") == "张敏"
    director_context.close()

    # 5. 张敏 works the case: starts it, records a blocker at a listed department, resolves it, completes.
    agent.goto(f"{base}/cases/")
    case_row = agent.locator(f"#cases-table tr[data-case='{case.pk}']")
    assert text(agent, f"#cases-table tr[data-case='{case.pk}'] .case-status") == "已受理"
    assert "委托书和代办方案" in case_row.locator("td[data-next-deadline]").inner_text()
    case_row.locator("a.case-link").click()
    agent.click("#start-case")
    agent.wait_for_selector("#complete-case")
    assert text(agent, "#case-status") == "代办中"
    agent.click("#add-blocker")
    assert "区自然资源局" in agent.locator("#id_department option").all_inner_texts()
    agent.select_option("#id_department", "区自然资源局")
    agent.fill("#id_description", "用地预审需补充规划条件")
    agent.click("#blocker-form-submit")
    agent.wait_for_selector("#blocker-list li[data-blocker]")
    assert text(agent, "#blocker-list li strong") == "区自然资源局"
    agent.click("a[data-action=blocker-resolve]")
    agent.fill("#id_resolution", "会同自然资源局现场核实后补正")
    agent.click("#blocker-resolve-form-submit")
    agent.wait_for_selector("#blocker-list li[data-open=no]")
    agent.fill("textarea[name=complete-handover]", "备案回执\n用地预审意见书")
    agent.click("#complete-case")
    agent.click("#confirm-ok")  # completing cannot be undone: the page asks first
    agent.wait_for_selector("#handover-list")
    assert text(agent, "#case-status") == "已办结"
    assert text(agent, "#handover-list") == "备案回执 用地预审意见书"

    # 6. A visit to the enterprise, with an appeal raised there, the department from the list.
    agent.click("#enterprise-link")
    agent.click("#log-visit-link")
    agent.check("#id_purposes_1")  # 摸排问题
    agent.fill("#id_findings", "企业反映施工临时用电报装进度慢")
    agent.select_option("#id_appeals-0-category", "utilities")
    agent.fill("#id_appeals-0-title", "施工临时用电报装进度慢")
    agent.select_option("#id_appeals-0-department", "国网昆明供电局呈贡供电分局")
    agent.click("#save-visit")
    agent.wait_for_selector("#visit-appeals")
    assert text(agent, ".alert-success") == "走访已登记，同时登记诉求 1 条。"
    assert text(agent, "#visit-purposes") == "摸排问题"
    appeal = Appeal.objects.get()
    assert "国网昆明供电局呈贡供电分局" in text(agent, f"#visit-appeals li[data-appeal='{appeal.pk}']")

    # 7. The appeal followed to 销号: coordination, resolution, the enterprise's feedback.
    agent.click(f"#visit-appeals li[data-appeal='{appeal.pk}'] a")
    assert text(agent, "#appeal-marks .appeal-status") == "待协调"
    assert text(agent, "#appeal-department") == "国网昆明供电局呈贡供电分局"
    agent.click("#step-coordinate")
    agent.wait_for_selector("#appeal-marks [data-status=coordinating]")
    assert text(agent, "#appeal-marks .appeal-status") == "协调中"
    agent.fill("#text-resolve", "协调供电分局开辟绿色通道，三日内完成接电")
    agent.click("#step-resolve")
    agent.wait_for_selector("#appeal-marks [data-status=resolved]")
    assert text(agent, "#appeal-marks .appeal-status") == "已解决"
    agent.select_option("#feedback-close", "satisfied")
    agent.fill("#text-close", "企业表示满意")
    agent.click("#step-close")
    agent.wait_for_selector("#appeal-marks [data-status=closed]")
    assert text(agent, "#appeal-marks .appeal-status") == "已销号"
    assert text(agent, "#appeal-feedback").startswith("满意：企业表示满意")
    assert agent.locator("#appeal-events li[data-event=status]").count() == 3
    agent_context.close()

    appeal.refresh_from_db()
    case.refresh_from_db()
    request = PortalRequest.objects.get(tracking_number=number)
    assert (appeal.status, appeal.feedback, appeal.visit.enterprise_id) == ("closed", "satisfied", case.enterprise_id)
    assert (case.status, case.agent, request.case, request.enterprise) == (
        "completed",
        people.agent,
        case,
        case.enterprise,
    )
