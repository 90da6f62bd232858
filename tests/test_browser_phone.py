"""Staff pages on a 390×844 phone and the confirmation dialog, in Chromium (issue 10, defects 7,
11 and 12): nothing outside a box that scrolls on its own is wider than the screen, list rows
are cards of a sensible height (no column one character wide), and a delete asks first — the
dialog's cancel keeps the row, its confirm deletes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from investdesk.budget.models import Expenditure
from investdesk.projects.models import InvestmentProject
from tests.browser import login
from tests.personas import PASSWORD
from tests.ui_data import make_ledgers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Elements wider than the screen, leaving out those inside a box that scrolls or clips by itself
# (a table in .table-responsive, the module strip): what would make the whole page scroll sideways.
TOO_WIDE = """(limit) => {
  const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  const wide = [];
  if (document.documentElement.scrollWidth > limit) wide.push('page ' + document.documentElement.scrollWidth);
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > limit + 1 && !clipped(e))
      wide.push(e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(r.right));
  }
  return wide.slice(0, 5); }"""
# Rows taller than a card should be, and text cells squeezed to a character or two per line.
SQUEEZED = """() => {
  const bad = [];
  for (const row of document.querySelectorAll('main table > tbody > tr')) {
    const h = row.getBoundingClientRect().height;
    if (h > 800) bad.push('row ' + Math.round(h) + 'px: ' + row.innerText.slice(0, 40));
    for (const cell of row.children) {
      const r = cell.getBoundingClientRect();
      if (cell.innerText.trim().length > 3 && r.width > 0 && r.width < 44)
        bad.push('cell ' + Math.round(r.width) + 'px: ' + cell.innerText.slice(0, 20));
    }
  }
  return bad.slice(0, 5); }"""


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


def pages(ledgers) -> list[str]:
    pk = {
        "enterprise": ledgers.enterprises[0].pk,
        "project": ledgers.projects[0].pk,
        "case": ledgers.cases[0].pk,
        "visit": ledgers.visits[0].pk,
        "consultation": ledgers.consultations[0].pk,
        "appeal": ledgers.appeals[0].pk,
        "material": ledgers.materials[0].pk,
        "article": ledgers.articles[0].pk,
        "survey": ledgers.surveys[0].pk,
        "budget": ledgers.budget.pk,
    }
    return [
        reverse("dashboard:index"),
        reverse("enterprises:list"),
        reverse("enterprises:detail", args=[pk["enterprise"]]),
        reverse("enterprises:edit", args=[pk["enterprise"]]),
        reverse("projects:list"),
        reverse("projects:detail", args=[pk["project"]]),
        reverse("projects:items"),
        reverse("projects:followups"),
        reverse("cases:list"),
        reverse("cases:detail", args=[pk["case"]]),
        reverse("cases:ratings"),
        reverse("portal_staff:inbox"),
        reverse("outreach:visits"),
        reverse("outreach:visit_detail", args=[pk["visit"]]),
        reverse("outreach:consultations"),
        reverse("outreach:consultation_detail", args=[pk["consultation"]]),
        reverse("outreach:appeals"),
        reverse("outreach:appeal_detail", args=[pk["appeal"]]),
        reverse("publicity:summary"),
        reverse("publicity:materials"),
        reverse("publicity:material_detail", args=[pk["material"]]),
        reverse("publicity:articles"),
        reverse("publicity:article_detail", args=[pk["article"]]),
        reverse("surveys:list"),
        reverse("surveys:detail", args=[pk["survey"]]),
        reverse("budget:index"),
        reverse("budget:project", args=[pk["budget"]]),
        reverse("plans:index"),
        reverse("accounts:audit_log"),
    ]


def test_main_lists_and_records_fit_a_phone(phone, people):
    ledgers = make_ledgers(people)
    login(phone, "liqiang", PASSWORD)
    phone.wait_for_url("**/dashboard/")
    problems = {}
    for path in pages(ledgers):
        response = phone.goto(phone.base_url + path)
        assert response.status == 200, path
        wide = phone.evaluate(TOO_WIDE, PHONE["width"])
        squeezed = phone.evaluate(SQUEEZED)
        if wide or squeezed:
            problems[path] = wide + squeezed
    assert problems == {}


def test_a_list_becomes_cards_labelled_with_their_columns(phone, people):
    ledgers = make_ledgers(people)
    login(phone, "liqiang", PASSWORD)
    phone.wait_for_url("**/dashboard/")
    phone.goto(phone.base_url + reverse("enterprises:list"))
    row = phone.locator(f'tr[data-enterprise="{ledgers.enterprises[0].pk}"]')
    assert row.locator("td").nth(1).get_attribute("data-label") == "信用代码"
    box = row.bounding_box()
    assert box["width"] <= PHONE["width"] and box["height"] < 400
    # The sortable headers stay above the cards as buttons; they sort.
    phone.click('th[data-sort-key="uscc"] a')
    phone.wait_for_url("**sort=uscc**")
    assert phone.locator('th[data-sort-key="uscc"]').get_attribute("aria-sort") == "ascending"


def test_a_delete_asks_first_and_cancelling_keeps_the_row(page, people):
    ledgers = make_ledgers(people)
    expenditure = ledgers.expenditures[0]
    login(page, "wangfang", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(page.base_url + reverse("budget:project", args=[ledgers.budget.pk]))
    row = page.locator(f'tr[data-expenditure="{expenditure.voucher_number}"]')

    row.locator('[data-action="delete-expenditure"]').click()
    dialog = page.locator("#confirm-modal")
    dialog.wait_for(state="visible")
    assert page.inner_text("#confirm-message") == "删除此笔支出？"
    assert page.inner_text("#confirm-ok") == "删除"
    page.click("#confirm-cancel")
    dialog.wait_for(state="hidden")
    page.reload()
    assert row.count() == 1
    assert Expenditure.objects.filter(pk=expenditure.pk).exists()

    row.locator('[data-action="delete-expenditure"]').click()
    dialog.wait_for(state="visible")
    page.click("#confirm-ok")
    page.wait_for_load_state()
    page.locator(".alert-success").wait_for()
    assert row.count() == 0
    assert not Expenditure.objects.filter(pk=expenditure.pk).exists()


def test_the_project_delete_link_posts_only_after_confirming(page, people):
    ledgers = make_ledgers(people)
    project = ledgers.projects[1]
    InvestmentProject.objects.filter(pk=project.pk).update(status="negotiating")
    login(page, "zhangmin", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(page.base_url + reverse("projects:detail", args=[project.pk]))
    page.click("#delete-project")
    page.locator("#confirm-modal").wait_for(state="visible")
    assert "花卉交易中心" in page.inner_text("#confirm-message")
    page.click("#confirm-cancel")
    assert InvestmentProject.objects.filter(pk=project.pk).exists()
    assert page.url.endswith(reverse("projects:detail", args=[project.pk]))
    page.click("#delete-project")
    page.click("#confirm-ok")
    page.wait_for_url("**/projects/")
    assert not InvestmentProject.objects.filter(pk=project.pk).exists()
