"""In Chromium: a visit logged through the form moves the seed's indicator 实际走访的重点企业 —
its actual and its score on the target table page change at once."""

from datetime import date
from decimal import Decimal

import pytest

from investdesk.outreach.tests.conftest import key_enterprise, make_visit
from investdesk.performance import services as performance
from investdesk.performance.tests.conftest import import_seed
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
INDICATOR = "实际走访的重点企业"


def _cells(page, indicator) -> tuple[str, str]:
    page.goto(f"{page.base_url}/performance/projects/{indicator.table.project_id}/")
    row = f"tr[data-indicator='{indicator.pk}']"
    actual = page.inner_text(f"{row} .actual-cell span.fw-semibold")
    score = page.inner_text(f"{row} .score-cell").split()[0]
    return actual, score


def test_logging_a_visit_to_a_new_key_enterprise_moves_the_indicator(page, people):
    project = import_seed(people.unit)
    indicator = project.table.indicators.get(name=INDICATOR)
    performance.set_actual(indicator, actor=None, metric="outreach.key_enterprises_visited", manual_actual="", note="")
    for n in range(40):
        enterprise = key_enterprise(people.unit, f"呈贡重点企业{n:02d}有限公司", 100 + n)
        make_visit(people.unit, enterprise, date(2022, 3, 1 + n % 28), staff=[people.agent])
    visited = key_enterprise(people.unit, "呈贡重点企业00有限公司分部", 200)  # already visited twice below
    make_visit(people.unit, visited, date(2022, 4, 1), staff=[people.agent])
    make_visit(people.unit, visited, date(2022, 5, 1), staff=[people.agent])
    key_enterprise(people.unit, "云南滇池新能源科技有限公司", 300)  # key, not visited yet
    before = performance.score_table(project.table).rows
    expected_before = next(r for ind, _a, r in before if ind.pk == indicator.pk).score

    login(page, "zhangmin", PASSWORD)
    page.wait_for_url("**/dashboard/")
    assert _cells(page, indicator) == ("41", str(expected_before))
    assert expected_before == Decimal("7.59")  # 41 of 45 × its 8.33 points

    page.goto(f"{page.base_url}/dashboard/")
    page.click("a[data-nav=outreach]")
    page.click("#new-link")
    page.fill("input[name=visited_on]", "2022-06-15")
    page.fill("#enterprise-search", "滇池新能源")
    page.wait_for_selector("#id_enterprise option:checked:has-text('云南滇池新能源科技有限公司')", state="attached")
    page.check("input[name=purposes][value=policy]")
    page.check("input[name=purposes][value=problems]")
    assert page.is_checked(f"input[name=staff][value='{people.agent.pk}']")
    page.fill("textarea[name=findings]", "宣讲稳增长政策，企业反映用电报装进度慢")
    page.fill("input[name='appeals-0-title']", "施工临时用电报装进度慢")
    page.fill("input[name='appeals-0-department']", "国网昆明供电局呈贡供电分局")
    page.click("#save-visit")
    page.wait_for_selector("#visit-appeals")
    assert "施工临时用电报装进度慢" in page.inner_text("#visit-appeals")

    after = next(r for ind, _a, r in performance.score_table(project.table).rows if ind.pk == indicator.pk).score
    assert _cells(page, indicator) == ("42", str(after))
    assert after == Decimal("7.77")  # 42 of 45 × 8.33 points
