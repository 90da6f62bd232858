"""The director's year in Chromium, as 李强 would live it (issue 10): he accepts a delegation case
and gives it to 张敏 with two co-agents, signs the year-end self-evaluation the finance clerk
submitted, and copies the table in force as next year's draft — which does not take over the
dashboard until he adopts it. Each step asserts what the screen shows, not only the rows saved."""

from decimal import Decimal

import pytest

from investdesk.accounts.models import Role
from investdesk.cases import services as cases
from investdesk.cases.models import AgencyCase
from investdesk.performance import services as performance
from investdesk.performance.models import BudgetProject, SelfEvaluation
from investdesk.performance.tests.conftest import SEED_ACTUALS, adopted_seed
from tests.browser import login
from tests.personas import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirm(page) -> None:
    """Answer the shared confirmation dialog (app.js) with its confirming button."""
    page.wait_for_selector("#confirm-modal.show")
    page.click("#confirm-ok")


def a_new_case(people) -> AgencyCase:
    return cases.create_case(
        people.unit,
        actor=people.director,
        channel="window",
        scope="full",
        requester_name="陈先生",
        requester_phone="13987650001",
        enterprise_name="云南呈贡智造装备有限公司",
        help_needed="全程代办施工许可及联合验收",
    )


def a_submitted_evaluation(people) -> SelfEvaluation:
    """The 2022 table in force, its actuals typed, the self-evaluation submitted by 王芳."""
    project = adopted_seed(people.unit)
    project.spent_yuan = Decimal("56480")
    project.save()
    for indicator, actual in zip(project.table.indicators.all(), SEED_ACTUALS, strict=True):
        indicator.manual_actual = actual
        indicator.save()
    evaluation = performance.create_evaluation(project.table, actor=people.finance)
    lines = list(evaluation.lines.select_related("indicator"))
    problems = performance.submission_problems(evaluation, performance.score_evaluation(evaluation, lines), lines)
    reasons = {
        line.pk: {"reason": "上半年人员不足", "measure": "增设通讯员"}
        for line in lines
        if any(p.indicator_id == line.indicator_id for p in problems)
    }
    fields = {"project_lead": "李强", "finance_lead": "王芳"}
    performance.update_evaluation(evaluation, actor=people.finance, fields=fields, lines=reasons)
    return performance.submit_evaluation(evaluation, actor=people.finance)


def assign_with_co_agents(page, case, people, second) -> None:
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.click("#accept-case")
    page.wait_for_selector("#case-status[data-status=accepted]")
    page.select_option("#assign-form select[name=agent]", str(people.agent.pk))
    form = page.locator("#assign-form")
    # Every colleague who may handle cases is offered by name, the lead agent excepted.
    assert "刘洋" in form.inner_text()
    assert "李强" in form.inner_text()
    page.check(f"#assign-form input[name=co_agents][value='{second.pk}']")
    page.check(f"#assign-form input[name=co_agents][value='{people.director.pk}']")
    page.click("#assign-case")
    page.wait_for_selector("#case-status")
    case.refresh_from_db()
    assert case.agent == people.agent
    assert set(case.co_agents.all()) == {second, people.director}
    main = page.inner_text("main")
    assert "张敏" in main and "刘洋" in main


def approve(page, evaluation) -> None:
    page.click("a[data-nav=performance]")
    page.goto(f"{page.base_url}/performance/evaluations/{evaluation.pk}/")
    assert page.inner_text("#evaluation-status") == "已提交"
    total = page.inner_text("#evaluation-total")
    assert total == str(evaluation.total)
    page.click("#approve-evaluation")
    assert "审核" in page.inner_text("#confirm-message")
    confirm(page)
    page.wait_for_selector("#evaluation-status:has-text('已审核')")
    assert page.inner_text("#evaluation-total") == total
    assert page.locator("#review-form").count() == 0  # signed: nothing left to approve or return
    evaluation.refresh_from_db()
    assert evaluation.status == "approved" and evaluation.approved_by.first_name == "李强"


def next_year(page, evaluation) -> None:
    project = evaluation.table.project
    page.goto(f"{page.base_url}/performance/projects/{project.pk}/")
    page.click("#copy-table-button")
    page.wait_for_selector("#adopt-table")
    draft = BudgetProject.objects.get(unit=project.unit, year=2023)
    assert "本目标表是草稿。" in page.inner_text("main")
    assert "已复制为2023年目标表草稿" in page.inner_text(".messages")
    assert draft.table.indicators.count() == 11
    assert list(draft.table.indicators.values_list("metric", flat=True)) == list(
        project.table.indicators.values_list("metric", flat=True)
    )
    # The draft does not take over: the dashboard keeps the 2022 table in force.
    page.click("a[data-nav=dashboard]")
    assert "2022年绩效目标" in page.inner_text("main")
    assert "2023年绩效目标" not in page.inner_text("main")

    page.goto(f"{page.base_url}/performance/projects/{draft.pk}/")
    page.click("#adopt-table")
    confirm(page)
    page.wait_for_selector("#adopted-note")
    page.click("a[data-nav=dashboard]")
    assert "2023年绩效目标" in page.inner_text("main")


def test_the_director_assigns_co_agents_signs_the_self_evaluation_and_opens_next_year(page, people):
    second = make_user("liuyang", "刘洋", people.unit, Role.AGENT)
    case = a_new_case(people)
    evaluation = a_submitted_evaluation(people)
    login(page, "liqiang", PASSWORD)
    page.wait_for_url("**/dashboard/")
    assert "2022年绩效目标" in page.inner_text("main")

    assign_with_co_agents(page, case, people, second)
    approve(page, evaluation)
    next_year(page, evaluation)
