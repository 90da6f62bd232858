"""Mid-year monitoring (绩效运行监控, RULES.md §3): lights, no scores, causes only where asked, exports."""

import io
import itertools
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from investdesk.performance import metrics, monitoring, services
from investdesk.performance.models import EvaluationStatus, Indicator, Monitoring, MonitoringLine, TableStatus
from investdesk.performance.tests.conftest import import_seed

# January to July: each seed indicator's value for the period (the 2nd is behind: 20 of 50 articles).
PERIOD_VALUES = ["70", "20", "30", "30", "35", "100%", "95%", "400", "85%", "100%", "100%"]
ARTICLES = "发布稿件数量"


@pytest.fixture
def started(seed_project, people):
    """A monitoring of January–July with the period's values typed and 30,000 yuan spent."""
    item = monitoring.create_monitoring(seed_project.table, actor=people.finance, months=7)
    lines = list(item.lines.order_by("indicator__position"))
    for line, value in zip(lines, PERIOD_VALUES, strict=True):
        line.manual_actual = value
        line.save()
    item.spent_yuan = Decimal("30000")
    item.save()
    return item


def _rows(item):
    return {row.indicator.name: row for row in monitoring.figures(item).rows}


def test_ahead_of_pace_is_green_and_nothing_is_scored(started):
    rows = _rows(started)
    first = rows["公开发放的宣传材料数量"]  # 70 of 100 by July: 70 ÷ (100 × 7/12) = 120 %
    assert (first.progress.progress, first.progress.light, first.forecast) == (Decimal("120.00"), "green", "120")
    assert (first.likelihood, first.needs_cause, first.problems) == ("certain", False, [])
    articles = rows[ARTICLES]  # 20 ÷ (50 × 7/12) = 68.57 %: yellow, asked for a cause
    assert (articles.progress.progress, articles.progress.light, articles.forecast) == (
        Decimal("68.57"),
        "yellow",
        "34",
    )
    assert (articles.likelihood, articles.needs_cause) == ("possible", True)
    # a rate is compared with its target as it stands, never pro-rated
    assert rows["提高投资项目审批及服务效率"].progress.progress == Decimal("105.56")
    assert not any(hasattr(row, "score") for row in rows.values())


def test_only_rows_not_on_track_block_submission(started, people):
    found = monitoring.figures(started)
    assert [(p.message, p.indicator_id is not None) for p in found.problems] == [
        ("发布稿件数量：进度落后或有完不成的风险，请选择原因类型并填写纠偏措施。", True)
    ]
    with pytest.raises(services.Refused):
        monitoring.submit_monitoring(started, actor=people.finance)
    started.refresh_from_db()
    assert started.status == EvaluationStatus.DRAFT
    line = started.lines.get(indicator__name=ARTICLES)
    monitoring.update_monitoring(
        started, actor=people.finance, fields={}, lines={line.pk: {"cause": "staff", "measure": "增加通讯员"}}
    )
    monitoring.submit_monitoring(started, actor=people.finance)
    started.refresh_from_db()
    assert (started.status, started.budget_yuan, started.spent_yuan) == (
        EvaluationStatus.SUBMITTED,
        Decimal("58000.00"),
        Decimal("30000.00"),
    )
    line.refresh_from_db()
    assert (line.actual, line.light, line.progress, line.forecast, line.likelihood) == (
        "20",
        "yellow",
        Decimal("68.57"),
        "34",
        "possible",
    )


def test_a_green_row_stated_as_uncertain_asks_for_a_cause(started, people):
    line = started.lines.get(indicator__name="公开发放的宣传材料数量")
    monitoring.update_monitoring(started, actor=people.finance, fields={}, lines={line.pk: {"likelihood": "possible"}})
    row = _rows(started)["公开发放的宣传材料数量"]
    assert (row.progress.light, row.needs_cause) == ("green", True)
    assert len(row.problems) == 1


def test_budget_execution_is_the_spending_of_the_period(started):
    execution = monitoring.figures(started).execution  # 30,000 of 58,000 by July: 51.72 % ÷ 7/12
    assert (execution.budget, execution.spent, execution.rate, execution.schedule) == (
        Decimal("58000"),
        Decimal("30000"),
        Decimal("51.72"),
        Decimal("58.33"),
    )
    assert (execution.progress, execution.light) == (Decimal("88.67"), "green")


def test_spending_above_the_budget_is_overspent_never_green(started, people):
    monitoring.update_monitoring(started, actor=people.finance, fields={"spent_yuan": Decimal("60000")}, lines={})
    found = monitoring.figures(started)
    assert (found.execution.light, found.execution_needs_cause) == ("overspent", True)
    assert [p.field for p in found.problems if p.indicator_id is None] == ["execution_measure"]


def test_a_ledger_metric_is_read_up_to_the_end_of_month_n(started):
    seen = []

    def visits(unit, period):
        seen.append(period.key)
        return Decimal(33)

    metrics.register("test.visits", "走访的重点企业", "个")(visits)
    try:
        Indicator.objects.filter(table=started.table, name="实际走访的重点企业").update(metric="test.visits")
        row = _rows(started)["实际走访的重点企业"]
    finally:
        metrics.unregister("test.visits")
    assert seen == ["2022-YTD07"]
    assert (row.actual.value, row.actual.source, row.metric.label) == ("33", "metric:test.visits", "走访的重点企业")


def test_a_submitted_monitoring_keeps_its_figures(started, people):
    MonitoringLine.objects.filter(monitoring=started).update(cause="staff", measure="已说明")
    monitoring.submit_monitoring(started, actor=people.finance)
    MonitoringLine.objects.filter(monitoring=started).update(manual_actual="1")
    started.refresh_from_db()
    assert _rows(started)["公开发放的宣传材料数量"].actual.value == "70"
    with pytest.raises(services.Refused):
        monitoring.update_monitoring(started, actor=people.finance, fields={}, lines={})


def test_a_draft_table_cannot_be_monitored(people):
    project = import_seed(people.unit)
    assert project.table.status == TableStatus.DRAFT
    with pytest.raises(services.Refused, match="启用"):
        monitoring.create_monitoring(project.table, actor=people.finance)
    assert Monitoring.objects.count() == 0


@pytest.mark.parametrize("start, target", list(itertools.product(EvaluationStatus.values, repeat=2)))
def test_every_transition_pair_is_allowed_or_refused_by_the_table(started, people, start, target):
    MonitoringLine.objects.filter(monitoring=started).update(cause="staff", measure="已说明")
    Monitoring.objects.filter(pk=started.pk).update(status=start)
    started.refresh_from_db()
    action = {
        EvaluationStatus.SUBMITTED: lambda: monitoring.submit_monitoring(started, actor=people.finance),
        EvaluationStatus.APPROVED: lambda: monitoring.approve_monitoring(started, actor=people.director),
        EvaluationStatus.DRAFT: lambda: monitoring.return_monitoring(started, actor=people.director, reason="退回"),
    }[target]
    if target in Monitoring.TRANSITIONS[start]:
        action()
        started.refresh_from_db()
        assert started.status == target
    else:
        with pytest.raises(services.Refused):
            action()
        started.refresh_from_db()
        assert started.status == start


# --- pages -------------------------------------------------------------------------------------


def _form(item, **changes) -> dict:
    data = {"months": str(item.months), "budget_yuan": "58000", "spent_yuan": "30000"}
    for line in item.lines.all():
        data[f"l{line.pk}-manual_actual"] = line.manual_actual
        data[f"l{line.pk}-likelihood"] = line.likelihood
    data.update(changes)
    return data


def test_the_page_shows_progress_lights_and_no_score(started, people):
    page = people.client_for(people.viewer).get(reverse("performance:monitoring", args=[started.pk])).text
    assert "2022年1–7月" in page
    assert 'data-light="green"' in page and 'data-light="yellow"' in page
    table = page[page.index('id="monitoring-table"') : page.index("</table>", page.index('id="monitoring-table"'))]
    for word in ("分值", "得分", "总分", "等级", "未达标"):
        assert word not in table
    assert "得分" not in page and "未达标" not in page and 'id="evaluation-total"' not in page
    assert 'id="monitoring-rate">51.72%<' in page


def test_finance_starts_the_monitoring_from_the_project_page(seed_project, people):
    client = people.client_for(people.finance)
    response = client.post(reverse("performance:monitoring_create", args=[seed_project.pk]), {"months": "7"})
    item = Monitoring.objects.get()
    assert response["Location"] == reverse("performance:monitoring", args=[item.pk])
    assert (item.months, item.lines.count()) == (7, 11)
    page = client.get(reverse("performance:project", args=[seed_project.pk])).text
    assert f'data-monitoring="{item.pk}"' in page and 'id="new-monitoring"' not in page


def test_saving_says_the_monitoring_was_saved(started, people):
    client = people.client_for(people.finance)
    url = reverse("performance:monitoring", args=[started.pk])
    response = client.post(url, _form(started, action="save"), follow=True)
    assert "绩效运行监控已保存。" in response.text
    assert "绩效自评已保存" not in response.text


def test_a_refused_submission_keeps_what_was_typed_and_marks_the_row(started, people):
    client = people.client_for(people.finance)
    url = reverse("performance:monitoring", args=[started.pk])
    line = started.lines.get(indicator__name=ARTICLES)
    response = client.post(url, _form(started, action="submit", **{f"l{line.pk}-manual_actual": "21"}))
    assert response.status_code == 200
    assert f'data-row-problem="{line.indicator_id}"' in response.text
    assert f'name="l{line.pk}-manual_actual" value="21"' in response.text
    line.refresh_from_db()
    started.refresh_from_db()
    assert (line.manual_actual, started.status) == ("21", EvaluationStatus.DRAFT)


def test_submitting_with_the_cause_written_goes_to_the_director(started, people):
    client = people.client_for(people.finance)
    line = started.lines.get(indicator__name=ARTICLES)
    form = _form(started, action="submit", **{f"l{line.pk}-cause": "staff", f"l{line.pk}-measure": "增加通讯员"})
    response = client.post(reverse("performance:monitoring", args=[started.pk]), form)
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == EvaluationStatus.SUBMITTED
    director = people.client_for(people.director)
    assert (
        people.client_for(people.finance)
        .post(reverse("performance:monitoring_transition", args=[started.pk, "approve"]))
        .status_code
        == 403
    )
    director.post(reverse("performance:monitoring_transition", args=[started.pk, "approve"]))
    started.refresh_from_db()
    assert (started.status, started.approved_by) == (EvaluationStatus.APPROVED, people.director)


def test_a_viewer_cannot_change_a_monitoring(started, people):
    response = people.client_for(people.viewer).post(
        reverse("performance:monitoring", args=[started.pk]), _form(started, months="6")
    )
    assert response.status_code == 403
    started.refresh_from_db()
    assert started.months == 7


# --- exports -----------------------------------------------------------------------------------

COLUMNS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "1-7月完成值",
    "进度",
    "亮灯",
    "全年预计完成值",
    "完成目标可能性",
    "原因类型",
    "纠偏措施",
]


def test_the_excel_table_carries_the_period_and_the_monitoring_columns(started, people):
    line = started.lines.get(indicator__name=ARTICLES)
    monitoring.update_monitoring(
        started, actor=people.finance, fields={}, lines={line.pk: {"cause": "staff", "measure": "增加通讯员"}}
    )
    response = people.client_for(people.viewer).get(reverse("performance:monitoring_export", args=[started.pk, "xlsx"]))
    assert "2022%E5%B9%B41-7%E6%9C%88" in response["Content-Disposition"]  # 2022年1-7月
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["1-7月绩效运行监控表", "数据来源"]
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "2022年1-7月绩效运行监控表"
    assert [c.value for c in sheet[7]] == COLUMNS
    articles = [c.value for c in sheet[9]]
    assert articles[2:] == [
        "发布稿件数量",
        "≥50篇（次）",
        "20",
        "68.57%",
        "黄灯",
        "34",
        "有可能",
        "人员保障",
        "增加通讯员",
    ]
    first = [c.value for c in sheet[8]]
    assert first[5:] == ["120.00%", "绿灯", "120", "确定能", None, None]
    execution = [c.value for c in sheet[6]][1:7]
    assert execution == ["5.80", "3.00", "51.72%", "58.33%", "88.67%", "绿灯"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    for word in ("得分", "总分", "等级", "分值"):
        assert word not in text
    sources = workbook["数据来源"]
    assert [c.value for c in sources[2]][:3] == ["公开发放的宣传材料数量", "手工填报", "manual"]


def test_the_word_table_has_the_period_in_its_title(started, people):
    response = people.client_for(people.viewer).get(reverse("performance:monitoring_export", args=[started.pk, "docx"]))
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "2022年1-7月绩效运行监控表"
    header = [cell.text for cell in document.tables[0].rows[4].cells]
    assert header == COLUMNS
    assert "得分" not in "".join(cell.text for row in document.tables[0].rows for cell in row.cells)
