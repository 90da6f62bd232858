"""In Chromium: import the seed through the UI, enter actuals, watch the total and the grade."""

import pytest

from investdesk.performance.models import BudgetProject
from investdesk.performance.tests.fixtures.tables_seed import SEED_PATH
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTUALS = ["120", "40", "45", "40", "50", "100%", "95%", "600", "80%", "100%", "100%"]


def test_finance_imports_the_seed_enters_actuals_and_sees_total_and_grade(page, people):
    login(page, "wangfang", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.click("a[data-nav=performance]")
    page.click("#import-link")
    page.set_input_files("input[name=file]", str(SEED_PATH))
    page.click("#import-preview-button")
    page.wait_for_selector("#preview-table")
    assert page.locator("#preview-table tbody tr").count() == 11
    assert page.inner_text("#preview-name") == "投资服务中心经费"
    page.click("#import-confirm-button")
    page.wait_for_selector("#target-table")
    assert page.inner_text("#live-grade") == "差"  # nothing entered yet

    project = BudgetProject.objects.get()
    indicators = list(project.table.indicators.all())
    for indicator, actual in zip(indicators, ACTUALS, strict=True):
        page.click(f"tr[data-indicator='{indicator.pk}'] a[data-action=actual]")
        page.fill("input[name=manual_actual]", actual)
        page.click("#save-actual")
        page.wait_for_selector("#target-table")
    assert page.inner_text(f"tr[data-indicator='{indicators[1].pk}'] .score-cell").startswith("6.67")

    page.click("text=编辑项目与预算")
    page.fill("input[name=spent_yuan]", "52200")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_selector("#live-total")
    assert page.inner_text("#live-total") == "97.33"
    assert page.inner_text("#live-grade") == "优"
    assert page.inner_text("#execution-rate") == "90.00%"
