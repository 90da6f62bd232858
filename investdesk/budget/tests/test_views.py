"""The budget pages persona by persona: reading, writing, refusals that change nothing, query counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investdesk.budget.models import Adjustment, BudgetLine, Category, Expenditure, Kind
from investdesk.budget.tests.conftest import book

FORM = {
    "kind": Kind.PAYMENT,
    "refund_voucher": "",
    "spent_on": "2022-03-15",
    "amount_yuan": "3600.00",
    "category": Category.PRINTING,
    "payee": "昆明呈印印务有限公司",
    "voucher_number": "2022-03-015",
    "note": "印制服务指南1000册",
}


def page(project) -> str:
    return reverse("budget:project", args=[project.pk])


def state() -> tuple:
    return tuple(
        [model_to_dict(r) for r in model.objects.order_by("pk")] for model in (BudgetLine, Adjustment, Expenditure)
    )


def test_the_viewer_reads_the_budget_without_edit_controls(people, project, lines):
    book(project, lines["印刷费"], date(2022, 3, 15), "3600", "2022-03-015")
    client = people.client_for(people.viewer)
    index = client.get(reverse("budget:index")).text
    assert 'data-nav="budget"' in index and f'href="{page(project)}"' in index
    text = client.get(page(project)).text
    assert 'id="total-initial">5.80 万元<' in text and 'id="total-spent">0.36 万元<' in text
    assert 'data-expenditure="2022-03-015"' in text and 'id="execution-chart"' in text
    assert "vendor/echarts/echarts.min.js" in text and 'id="execution-data"' in text
    for control in (
        'id="new-line-link"',
        'id="new-expenditure-link"',
        'data-action="edit-expenditure"',
        'id="new-adjustment-link"',
        'id="expenditure-import-link"',
    ):
        assert control not in text


@pytest.mark.parametrize("persona", ["finance", "director"])
def test_finance_and_director_book_an_expenditure(people, project, lines, persona):
    client = people.client_for(getattr(people, persona))
    assert 'id="new-expenditure-link"' in client.get(page(project)).text
    response = client.post(reverse("budget:expenditure_create", args=[project.pk]), FORM | {"line": lines["印刷费"].pk})
    assert response.status_code == 302
    booked = Expenditure.objects.get()
    assert (booked.amount_yuan, booked.year, booked.created_by) == (Decimal("3600.00"), 2022, getattr(people, persona))


@pytest.mark.parametrize("persona", ["agent", "viewer", "admin"])
def test_others_cannot_write_and_nothing_changes(people, project, lines, persona):
    booked = book(project, lines["印刷费"], date(2022, 3, 15), "3600", "2022-03-015")
    before = state()
    client = people.client_for(getattr(people, persona))
    posts = [
        (
            reverse("budget:expenditure_create", args=[project.pk]),
            FORM | {"line": lines["印刷费"].pk, "voucher_number": "N"},
        ),
        (reverse("budget:expenditure_edit", args=[booked.pk]), FORM | {"line": lines["印刷费"].pk, "amount_yuan": "1"}),
        (reverse("budget:expenditure_delete", args=[booked.pk]), {}),
        (reverse("budget:line_create", args=[project.pk]), {"name": "培训费", "initial_yuan": "100", "position": "5"}),
        (reverse("budget:line_delete", args=[lines["会议费"].pk]), {}),
        (
            reverse("budget:adjustment_create", args=[project.pk]),
            {"line": lines["会议费"].pk, "adjusted_on": "2022-05-01", "amount_yuan": "100", "reason": "x"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert state() == before


def test_a_duplicate_voucher_is_shown_on_its_field_and_nothing_is_saved(people, project, lines):
    book(project, lines["印刷费"], date(2022, 3, 1), "100", "2022-03-015")
    before = state()
    client = people.client_for(people.finance)
    response = client.post(reverse("budget:expenditure_create", args=[project.pk]), FORM | {"line": lines["会议费"].pk})
    assert response.status_code == 200
    assert (
        'data-field-error="voucher_number"' in response.text and "凭证号 2022-03-015 在 2022 年已使用" in response.text
    )
    assert state() == before


def test_a_refund_names_its_payment_by_voucher_number(people, project, lines):
    hotel = book(project, lines["差旅费"], date(2022, 8, 23), "4480", "2022-08-002", category=Category.TRAVEL)
    client = people.client_for(people.finance)
    url = reverse("budget:expenditure_create", args=[project.pk])
    data = FORM | {
        "line": lines["差旅费"].pk,
        "kind": Kind.REFUND,
        "spent_on": "2022-09-06",
        "amount_yuan": "320",
        "category": Category.TRAVEL,
        "voucher_number": "2022-09-R01",
    }
    missing = client.post(url, data)
    assert 'data-field-error="refund_voucher"' in missing.text
    unknown = client.post(url, data | {"refund_voucher": "2022-08-999"})
    assert "本项目没有凭证号为 2022-08-999 的支出" in unknown.text
    assert Expenditure.objects.count() == 1
    assert client.post(url, data | {"refund_voucher": "2022-08-002"}).status_code == 302
    refund = Expenditure.objects.get(kind=Kind.REFUND)
    assert refund.refund_of == hotel and refund.signed_yuan == Decimal("-320.00")
    text = client.get(page(project)).text
    assert 'id="total-spent">0.42 万元<' in text and "冲减 2022-08-002" in text


def test_an_attachment_is_uploaded_and_served_only_to_the_unit(people, project, lines, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = people.client_for(people.finance)
    upload = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")
    data = FORM | {"line": lines["印刷费"].pk, "file": upload}
    assert client.post(reverse("budget:expenditure_create", args=[project.pk]), data).status_code == 302
    booked = Expenditure.objects.get()
    url = reverse("budget:expenditure_file", args=[booked.pk])
    response = people.client_for(people.viewer).get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 invoice"
    assert people.client_for(people.outsider).get(url).status_code == 404
    bad = SimpleUploadedFile("病毒.exe", b"MZ\x90", content_type="application/octet-stream")
    response = client.post(
        reverse("budget:expenditure_edit", args=[booked.pk]),
        FORM | {"line": lines["印刷费"].pk, "file": bad, "amount_yuan": "1"},
    )
    assert 'data-field-error="file"' in response.text or "病毒.exe" in response.text
    booked.refresh_from_db()
    assert booked.amount_yuan == Decimal("3600.00") and booked.attachment_name == "发票.pdf"


def test_a_transfer_is_booked_from_the_form(people, project, lines):
    client = people.client_for(people.director)
    response = client.post(
        reverse("budget:adjustment_create", args=[project.pk]),
        {
            "line": lines["差旅费"].pk,
            "counterpart": lines["会议费"].pk,
            "adjusted_on": "2022-07-15",
            "amount_yuan": "2000",
            "reason": "学习考察差旅费不足",
        },
    )
    assert response.status_code == 302
    text = client.get(page(project)).text
    assert 'id="total-budget">5.80 万元<' in text and "与会议费调剂" in text
    response = client.post(
        reverse("budget:adjustment_create", args=[project.pk]),
        {"line": lines["差旅费"].pk, "adjusted_on": "2022-07-15", "amount_yuan": "100", "reason": ""},
    )
    assert 'data-field-error="reason"' in response.text and Adjustment.objects.count() == 2


def test_filters_and_pages_of_fifty(people, project, lines):
    for n in range(1, 61):
        line = lines["印刷费"] if n % 2 else lines["办公费"]
        book(
            project,
            line,
            date(2022, 1, 1) + timedelta(days=n * 5),
            "10",
            f"F-{n:03d}",
            payee="昆明晨光文具有限公司" if n == 7 else "某公司",
        )
    client = people.client_for(people.viewer)
    first = client.get(page(project)).text
    assert first.count('data-expenditure="') == 50 and "page=2" in first
    by_line = client.get(page(project), {"line": lines["办公费"].pk}).text
    assert by_line.count('data-expenditure="') == 30
    assert client.get(page(project), {"q": "晨光"}).text.count('data-expenditure="') == 1
    march = client.get(page(project), {"month": "3"}).text
    assert march.count('data-expenditure="') == 6 and 'id="filtered-total">60.00 元<' in march


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_project_page_costs_the_same_queries_at_10_and_1000_rows(people, project, lines):
    for n in range(10):
        book(project, lines["印刷费"], date(2022, 2, 1), "10", f"Q-{n}")
    client = people.client_for(people.viewer)
    few = _queries(client, page(project))
    Expenditure.objects.bulk_create(
        Expenditure(
            unit=people.unit,
            project=project,
            line=lines["办公费"],
            spent_on=date(2022, 1, 1) + timedelta(days=n % 360),
            year=2022,
            amount_yuan=Decimal("1"),
            category=Category.OFFICE,
            payee="p",
            voucher_number=f"B-{n}",
        )
        for n in range(1000)
    )
    assert _queries(client, page(project)) == few
    assert _queries(client, reverse("budget:index")) == _queries(client, reverse("budget:index"))


def test_the_page_switches_to_english(people, project, lines):
    client = people.client_for(people.viewer)
    client.cookies["django_language"] = "en"
    text = client.get(page(project)).text
    assert "Budget lines" in text and "Full-year budget" in text and "Monthly execution in 2022" in text
