"""Staff see the ledger sources by name, never their codes (issue 10, defect 13); the codes stay in
the command-line output and the exports' technical sheet (数据来源)."""

import io
import re

import openpyxl
from django.urls import reverse

from investdesk.performance import metrics, services
from investdesk.performance.models import SelfEvaluation

METRIC = "publicity.materials_distributed"
MATERIALS = "公开发放的宣传材料数量"
CODE = re.compile(r"\b(?:" + "|".join(re.escape(m.name) for m in metrics.all_metrics()) + r")\b")


def _bind(seed_project):
    indicator = seed_project.table.indicators.get(name=MATERIALS)
    services.set_actual(indicator, actor=None, metric=METRIC, manual_actual="", note="")
    return indicator


def _visible(html: str) -> str:
    """The page without attribute values meant for scripts and tests (option values, data-*)."""
    html = re.sub(r'<option value="[^"]*"', "<option", html)
    html = re.sub(r'<script id="metric-definitions"[^>]*>.*?</script>', "", html, flags=re.S)
    return re.sub(r'\sdata-[\w-]+="[^"]*"', "", html)


def test_no_page_of_the_table_shows_a_metric_code(seed_project, people):
    indicator = _bind(seed_project)
    evaluation = services.create_evaluation(seed_project.table, actor=people.finance)
    client = people.client_for(people.finance)
    label = str(metrics.get(METRIC).label)
    for url in (
        reverse("performance:project", args=[seed_project.pk]),
        reverse("performance:evaluation", args=[evaluation.pk]),
        reverse("performance:indicator_actual", args=[indicator.pk]),
        reverse("dashboard:index"),
    ):
        page = client.get(url).text
        assert not CODE.findall(_visible(page)), url
        assert "metric:" not in page, url
    assert label in client.get(reverse("performance:evaluation", args=[evaluation.pk])).text


def test_the_source_dropdown_lists_names_grouped_by_ledger_with_the_definition(seed_project, people):
    indicator = _bind(seed_project)
    page = people.client_for(people.finance).get(reverse("performance:indicator_actual", args=[indicator.pk])).text
    select = page[page.index('name="metric"') : page.index("</select>", page.index('name="metric"'))]
    assert '<optgroup label="宣传">' in select
    label = str(metrics.get(METRIC).label)
    assert f'<option value="{METRIC}" selected>{label}（份）</option>' in select
    assert not CODE.findall(re.sub(r'value="[^"]*"', "", select))
    definition = str(metrics.get(METRIC).description)
    assert f'id="metric-definition"><i class="bi bi-info-circle"></i> <span>{definition}</span>' in page


def test_the_exports_technical_sheet_keeps_the_codes(seed_project, people):
    _bind(seed_project)
    evaluation = services.create_evaluation(seed_project.table, actor=people.finance)
    assert SelfEvaluation.objects.count() == 1
    response = people.client_for(people.viewer).get(
        reverse("performance:evaluation_export", args=[evaluation.pk, "xlsx"])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sources = workbook["数据来源"]
    assert [c.value for c in sources[1]] == ["三级指标", "取值来源", "指标代码", "口径说明"]
    first = [c.value for c in sources[2]]
    assert first[:3] == [MATERIALS, f"台账：{metrics.get(METRIC).label}", f"metric:{METRIC}"]
    assert [c.value for c in sources[3]][1:3] == ["手工填报", "manual"]
