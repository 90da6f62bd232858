"""Regression (issue 10, defect 9): an evaluation approved at 2026-12-03 20:00 UTC was shown as
2026-12-04 on the page but dated 2026-12-03 in its .docx. Asia/Shanghai everywhere."""

import io
from datetime import UTC, datetime

import openpyxl
from django.urls import reverse
from docx import Document

from investdesk.performance import monitoring, services
from investdesk.performance.models import EvaluationLine, Monitoring, MonitoringLine, SelfEvaluation

LATE_EVENING_UTC = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)  # 2026-12-04 04:00 in Shanghai


def _approved(seed_project, people) -> SelfEvaluation:
    evaluation = services.create_evaluation(seed_project.table, actor=people.finance)
    EvaluationLine.objects.filter(evaluation=evaluation).update(reason="已说明")
    services.submit_evaluation(evaluation, actor=people.finance)
    services.approve_evaluation(evaluation, actor=people.director)
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(submitted_at=LATE_EVENING_UTC, approved_at=LATE_EVENING_UTC)
    return evaluation


def test_the_evaluation_page_and_its_files_give_the_local_day(seed_project, people):
    evaluation = _approved(seed_project, people)
    client = people.client_for(people.viewer)
    page = client.get(reverse("performance:evaluation", args=[evaluation.pk])).text
    assert "2026-12-04 04:00" in page and "2026-12-03" not in page
    docx = client.get(reverse("performance:evaluation_export", args=[evaluation.pk, "docx"]))
    note = Document(io.BytesIO(docx.content)).paragraphs[1].text
    assert note == "已审核 李强 2026-12-04"
    xlsx = client.get(reverse("performance:evaluation_export", args=[evaluation.pk, "xlsx"]))
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active["A2"].value == "已审核 李强 2026-12-04"


def test_the_monitoring_files_give_the_local_day(seed_project, people):
    item = monitoring.create_monitoring(seed_project.table, actor=people.finance, months=7)
    MonitoringLine.objects.filter(monitoring=item).update(manual_actual="100%", cause="staff", measure="已说明")
    item.spent_yuan = 40000
    item.save()
    monitoring.submit_monitoring(item, actor=people.finance)
    Monitoring.objects.filter(pk=item.pk).update(submitted_at=LATE_EVENING_UTC)
    docx = people.client_for(people.viewer).get(reverse("performance:monitoring_export", args=[item.pk, "docx"]))
    assert Document(io.BytesIO(docx.content)).paragraphs[1].text == "已提交 2026-12-04"
