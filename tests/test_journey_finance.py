"""The finance clerk's year in Chromium, as 王芳 would live it (issue 10): the budget lines of the
2022 project, its expenditures — one of them overspends its line and is saved with a reason —,
the mid-year monitoring of January–July with a cause for the indicator behind pace and for the
execution, then the year-end self-evaluation with the 偏差原因 typed and submitted to the director.
Each step asserts what the screen shows (texts, lights, figures), not only the rows saved."""

from decimal import Decimal

import pytest

from investdesk.budget.models import BudgetLine, Expenditure
from investdesk.performance.models import EvaluationLine, Monitoring, SelfEvaluation
from investdesk.performance.tests.conftest import SEED_ACTUALS, adopted_seed
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINES = [("印刷费", "20000"), ("差旅费", "18000"), ("会议费", "8000"), ("办公费", "12000")]
# January–July values of the eleven indicators; the 2nd (20 of 50 articles) is behind pace.
PERIOD_VALUES = ["70", "20", "30", "30", "35", "100%", "95%", "400", "85%", "100%", "100%"]


def the_year_2022(people):
    """The seed's 2022 table in force, with the year-end actuals typed (the work summary)."""
    project = adopted_seed(people.unit)
    for indicator, actual in zip(project.table.indicators.all(), SEED_ACTUALS, strict=True):
        indicator.manual_actual = actual
        indicator.save()
    return project


def add_line(page, name: str, amount: str) -> None:
    page.click("#new-line-link")
    page.fill("input[name=name]", name)
    page.fill("input[name=initial_yuan]", amount)
    page.click("#save-button")
    page.wait_for_selector(f"tr[data-line='{name}']")


def expenditure(page, line: str, day: str, amount: str, voucher: str, category: str, payee: str) -> None:
    page.click("#new-expenditure-link")
    page.select_option("select[name=line]", label=line)
    page.fill("input[name=spent_on]", day)
    page.fill("input[name=amount_yuan]", amount)
    page.select_option("select[name=category]", value=category)
    page.fill("input[name=payee]", payee)
    page.fill("input[name=voucher_number]", voucher)
    page.click("#save-button")


def budget(page, project) -> None:
    page.click("a[data-nav=budget]")
    page.click(f"tr[data-project='{project.pk}'] a.project-link")
    page.wait_for_selector("#budget-summary")
    for name, amount in LINES:
        add_line(page, name, amount)
    assert page.inner_text("#total-initial") == "5.80 万元"
    expenditure(page, "印刷费", "2022-03-15", "12000", "2022-03-015", "30202", "昆明呈印印务有限公司")
    page.wait_for_selector("tr[data-expenditure='2022-03-015']")
    expenditure(page, "差旅费", "2022-05-10", "6000", "2022-05-004", "30211", "张敏")
    page.wait_for_selector("tr[data-expenditure='2022-05-004']")

    # 9,000 yuan on the 8,000-yuan 会议费 line: a warning, a reason asked for, nothing saved yet.
    expenditure(page, "会议费", "2022-06-20", "9000", "2022-06-007", "30215", "昆明呈贡七彩云南会务服务有限公司")
    page.wait_for_selector("textarea[name=overspend_reason]")
    warning = page.inner_text("[data-field-error=overspend_reason]")
    assert "预算科目“会议费”将超支：预算 8,000.00 元，支出 9,000.00 元，超出 1,000.00 元。" in warning
    assert "这笔支出超出预算：填写超支原因后才能保存。" in page.inner_text(".messages")
    assert not Expenditure.objects.filter(voucher_number="2022-06-007").exists()
    page.fill("textarea[name=overspend_reason]", "全区招商推介会临时加场，经主任办公会同意")
    page.click("#save-button")
    row = page.locator("tr[data-expenditure='2022-06-007']")
    row.wait_for()
    assert "全区招商推介会临时加场，经主任办公会同意" in row.inner_text()
    assert "超支" in page.inner_text("tr[data-line='会议费']")

    expenditure(page, "办公费", "2022-08-15", "3000", "2022-08-002", "30201", "昆明晨光文具有限公司")
    page.wait_for_selector("tr[data-expenditure='2022-08-002']")
    assert page.inner_text("#total-spent") == "3.00 万元"
    assert page.inner_text("#total-rate").startswith("51.72%")


def monitoring(page, project) -> None:
    page.click("a[data-nav=performance]")
    page.click(f"a[href='/performance/projects/{project.pk}/']")
    page.fill("#new-monitoring input[name=months]", "7")
    page.click("#start-monitoring")
    page.wait_for_selector("#monitoring-table")
    assert page.inner_text("#monitoring-title").startswith("绩效运行监控 · 2022年1–7月")
    # The ledger's spending of January–July only (27,000 of 58,000; August's 3,000 not yet).
    assert page.inner_text("#monitoring-spent") == "27,000.00 元"
    assert page.inner_text("#monitoring-rate") == "46.55%"
    assert page.inner_text("#monitoring-progress") == "79.80%"
    assert page.get_attribute("#execution-light", "data-light") == "yellow"

    item = Monitoring.objects.get()
    lines = list(item.lines.order_by("indicator__position"))
    for line, value in zip(lines, PERIOD_VALUES, strict=True):
        page.fill(f"input[name='l{line.pk}-manual_actual']", value)
    page.click("#save-monitoring")
    page.wait_for_selector("text=绩效运行监控已保存。")
    first, articles = (f"tr[data-indicator='{lines[n].indicator_id}']" for n in (0, 1))
    assert page.get_attribute(first, "data-light") == "green"
    assert "120.00%" in page.inner_text(f"{first} .progress-cell")
    assert "无需填写" in page.inner_text(first)  # ahead of pace: no cause asked
    assert page.get_attribute(articles, "data-light") == "yellow"
    assert "68.57%" in page.inner_text(f"{articles} .progress-cell")
    assert page.locator("[data-row-problem]").count() == 1
    for word in ("得分", "总分", "未达标"):
        assert word not in page.inner_text("#monitoring-table")

    page.select_option(f"select[name='l{lines[1].pk}-cause']", value="staff")
    page.fill(f"textarea[name='l{lines[1].pk}-measure']", "下半年增设两名通讯员，每月至少发布5篇")
    page.select_option("select[name=execution_cause]", value="funding")
    page.fill("textarea[name=execution_measure]", "推介会、考察费用集中在三季度支付")
    page.click("#submit-monitoring")
    page.wait_for_selector("text=绩效运行监控已提交主任审核。")
    assert page.inner_text("#monitoring-status") == "已提交"


def leaving_is_held(page) -> bool:
    """Whether the page's beforeunload handler asks to stay (unsaved input)."""
    return page.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e);"
        " return e.defaultPrevented; }"
    )


def year_end(page, project) -> None:
    page.click(f"a[href='/performance/projects/{project.pk}/']")
    page.click("#start-evaluation")
    page.wait_for_selector("#evaluation-table")
    evaluation = SelfEvaluation.objects.get()
    articles = EvaluationLine.objects.get(evaluation=evaluation, indicator__name="发布稿件数量")
    assert not leaving_is_held(page)
    page.fill(f"textarea[name='l{articles.pk}-reason']", "上半年通讯员空缺两个月")
    assert leaving_is_held(page)  # typed and not saved: the browser asks before leaving
    page.fill(f"textarea[name='l{articles.pk}-measure']", "增设通讯员，按月考核发稿")
    page.fill("input[name=project_lead]", "李强")
    page.fill("input[name=finance_lead]", "王芳")
    page.click("#submit-evaluation")  # the execution reason (51.72 % < 90 %) is still missing
    page.wait_for_selector("[data-field-problem=execution_reason]")
    assert not leaving_is_held(page)  # what came back is saved
    assert "已保存为草稿，但还不能提交" in page.inner_text(".messages")
    assert page.input_value(f"textarea[name='l{articles.pk}-reason']") == "上半年通讯员空缺两个月"
    assert page.input_value("input[name=project_lead]") == "李强"
    assert "执行率为 51.72%，低于 90%" in page.inner_text("[data-field-problem=execution_reason]")

    page.fill("textarea[name=execution_reason]", "会议费超支已说明；其余支出按合同在次年初结算")
    page.click("#submit-evaluation")
    page.wait_for_selector("text=已提交主任审核。")
    assert page.inner_text("#evaluation-status") == "已提交"
    assert page.inner_text("#evaluation-total") == "93.50"
    assert page.inner_text("#evaluation-execution-rate") == "51.72%"
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total) == ("submitted", Decimal("93.50"))


def test_finance_keeps_the_budget_monitors_mid_year_and_submits_the_self_evaluation(page, people):
    project = the_year_2022(people)
    login(page, "wangfang", PASSWORD)
    page.wait_for_url("**/dashboard/")
    assert "2022年绩效目标 · 投资服务中心经费" in page.inner_text("main")
    budget(page, project)
    assert BudgetLine.objects.filter(project=project).count() == 4
    monitoring(page, project)
    year_end(page, project)
