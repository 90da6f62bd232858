"""The ledger's rules and figures: lines, adjustments, bookings, refunds, vouchers, the provider."""

from datetime import date, datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from investdesk.budget import figures, services
from investdesk.budget.models import Adjustment, BudgetLine, Category, Expenditure, Kind
from investdesk.budget.tests.conftest import book, make_lines, make_project
from investdesk.core.periods import Period
from investdesk.performance import metrics

YEAR = Period.year_of(2022)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def rows(model) -> list:
    return [model_to_dict(r) for r in model.objects.order_by("pk")]


def test_a_project_without_lines_has_no_ledger_figures(project):
    assert figures.execution(project, YEAR) is None
    assert metrics.compute("budget.spent_vs_initial", project.unit, YEAR, project).value is None


def test_the_provider_sums_initial_adjustments_and_spending_of_the_period(project, lines, people):
    services.add_adjustment(
        lines["差旅费"],
        actor=people.director,
        counterpart=lines["会议费"],
        fields={"adjusted_on": date(2022, 7, 15), "amount_yuan": Decimal("2000"), "reason": "学习考察差旅费不足"},
    )
    services.add_adjustment(
        lines["办公费"],
        actor=people.director,
        fields={"adjusted_on": date(2022, 9, 1), "amount_yuan": Decimal("1500.50"), "reason": "追加办公经费"},
    )
    book(project, lines["印刷费"], date(2022, 3, 15), "3600", "2022-03-001")
    book(project, lines["差旅费"], date(2022, 8, 23), "7360", "2022-08-001")
    q1 = figures.execution(project, Period.quarter(2022, 1))
    assert (q1.initial_budget, q1.budget, q1.spent, q1.source) == (
        Decimal("58000.00"),
        Decimal("58000.00"),
        Decimal("3600.00"),
        "budget",
    )  # the adjustments of July and September are not in force at the end of March
    year = figures.execution(project, YEAR)
    assert (year.budget, year.spent) == (Decimal("59500.50"), Decimal("10960.00"))
    rows_, totals = figures.line_figures(project)
    assert [(r.line.name, r.adjustments, r.budget, r.spent) for r in rows_] == [
        ("印刷费", Decimal("0.00"), Decimal("20000.00"), Decimal("3600.00")),
        ("差旅费", Decimal("2000.00"), Decimal("20000.00"), Decimal("7360.00")),
        ("会议费", Decimal("-2000.00"), Decimal("6000.00"), Decimal("0.00")),
        ("办公费", Decimal("1500.50"), Decimal("13500.50"), Decimal("0.00")),
    ]
    assert (totals.budget, totals.rate, totals.spent_vs_initial) == (
        Decimal("59500.50"),
        Decimal("18.42"),
        Decimal("18.90"),
    )


def test_an_expenditure_after_year_end_is_outside_the_projects_year(project, lines):
    book(project, lines["办公费"], date(2022, 12, 31), "613", "2022-12-009")
    late = book(project, lines["办公费"], date(2023, 1, 5), "680", "2023-01-001")
    assert not late.in_budget_year and late.year == 2023
    assert figures.execution(project, YEAR).spent == Decimal("613.00")
    assert figures.execution(project, Period.quarter(2022, 4)).spent == Decimal("613.00")
    assert figures.execution(project, Period.year_of(2023)).spent == Decimal("0.00")
    assert figures.monthly(project)[11].cumulative == Decimal("613.00")
    unit = project.unit
    assert metrics.compute("budget.spent", unit, YEAR, project).value == Decimal("613.00")
    assert metrics.compute("budget.spent", unit, Period.year_of(2023), project).value == Decimal("0.00")


@pytest.mark.parametrize(
    ("utc", "local_day", "counted_in"),
    [
        (datetime(2022, 12, 31, 15, 59), date(2022, 12, 31), "2022"),  # 23:59 in Shanghai
        (datetime(2022, 12, 31, 16, 0), date(2023, 1, 1), "2023"),  # 00:00 in Shanghai
    ],
)
def test_a_booking_made_at_the_boundary_takes_the_local_day(project, lines, people, utc, local_day, counted_in):
    from investdesk.budget.forms import ExpenditureForm  # noqa: F401 - the form's default is the local day

    with mock.patch("django.utils.timezone.now", return_value=utc.replace(tzinfo=ZoneInfo("UTC"))):
        from django.utils import timezone

        today = timezone.localdate()
        book(project, lines["办公费"], today, "100", "B-1")
    assert today == local_day
    spent_2022 = metrics.compute("budget.spent", project.unit, YEAR, project).value
    assert spent_2022 == (Decimal("100.00") if counted_in == "2022" else Decimal("0.00"))


def test_the_cost_metric_is_spending_against_the_initial_budget(project, lines, people):
    services.add_adjustment(
        lines["办公费"],
        actor=people.finance,
        fields={"adjusted_on": date(2022, 6, 1), "amount_yuan": Decimal("2000"), "reason": "追加"},
    )
    book(project, lines["印刷费"], date(2022, 5, 10), "19000", "2022-05-001")
    book(project, lines["办公费"], date(2022, 11, 10), "13000", "2022-11-001")
    unit = project.unit
    assert metrics.compute("budget.spent_vs_initial", unit, YEAR, project).value == Decimal("55.17")  # 32000/58000
    assert metrics.compute("budget.execution_rate", unit, YEAR, project).value == Decimal("53.33")  # 32000/60000
    other = make_project(people.other_unit)
    assert metrics.compute("budget.spent", unit, YEAR, other).value is None  # another unit's project: no answer


def test_a_refund_lowers_the_spending_and_never_exceeds_its_payment(project, lines):
    hotel = book(project, lines["差旅费"], date(2022, 8, 23), "4480", "2022-08-002", category=Category.TRAVEL)
    book(project, lines["差旅费"], date(2022, 9, 6), "320", "2022-09-R01", kind=Kind.REFUND, refund_of=hotel)
    assert figures.execution(project, YEAR).spent == Decimal("4160.00")
    before = rows(Expenditure)
    with pytest.raises(ValidationError) as caught:
        book(project, lines["差旅费"], date(2022, 9, 7), "4200", "2022-09-R02", kind=Kind.REFUND, refund_of=hotel)
    assert "4480.00" in caught.value.message_dict["amount_yuan"][0]
    with pytest.raises(ValidationError) as caught:
        book(project, lines["印刷费"], date(2022, 9, 7), "10", "2022-09-R03", kind=Kind.REFUND, refund_of=hotel)
    assert "refund_of" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        book(project, lines["差旅费"], date(2022, 8, 1), "10", "2022-09-R04", kind=Kind.REFUND, refund_of=hotel)
    assert "spent_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.delete_expenditure(hotel, actor=None)
    assert rows(Expenditure) == before


def test_voucher_numbers_are_unique_per_unit_and_year(project, lines, people):
    book(project, lines["印刷费"], date(2022, 3, 1), "100", "2022-03-001")
    with pytest.raises(ValidationError) as caught:
        book(project, lines["会议费"], date(2022, 7, 1), "100", "2022-03-001")
    assert caught.value.message_dict["voucher_number"] == ["凭证号 2022-03-001 在 2022 年已使用。"]
    book(project, lines["会议费"], date(2023, 1, 3), "100", "2022-03-001")  # a new year restarts the numbers
    other = make_project(people.other_unit)
    other_line = make_lines(other)["印刷费"]
    book(other, other_line, date(2022, 3, 1), "100", "2022-03-001")  # another unit has its own numbers
    assert Expenditure.objects.filter(voucher_number="2022-03-001").count() == 3


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"spent_on": date(2021, 12, 31)}, "spent_on"),
        ({"spent_on": date(2099, 1, 1)}, "spent_on"),
        ({"amount_yuan": Decimal("0")}, "amount_yuan"),
        ({"amount_yuan": Decimal("-5")}, "amount_yuan"),
        ({"payee": ""}, "payee"),
        ({"category": "99999"}, "category"),
        ({"kind": Kind.REFUND}, "refund_of"),
    ],
)
def test_a_bad_booking_names_its_field_and_saves_nothing(project, lines, fields, field):
    values = {
        "line": lines["印刷费"],
        "kind": Kind.PAYMENT,
        "spent_on": date(2022, 3, 1),
        "amount_yuan": Decimal("10"),
        "category": Category.PRINTING,
        "payee": "某公司",
        "voucher_number": "X-1",
        "note": "",
    } | fields
    with pytest.raises(ValidationError) as caught:
        services.add_expenditure(project, actor=None, fields=values)
    assert field in caught.value.message_dict
    assert not Expenditure.objects.exists()


def test_a_line_of_another_project_is_refused(project, lines, people):
    other = make_project(people.unit, name="另一个项目")
    other_line = make_lines(other)["印刷费"]
    with pytest.raises(ValidationError) as caught:
        book(project, other_line, date(2022, 3, 1), "10", "X-2")
    assert "line" in caught.value.message_dict


def test_adjustments_need_a_reason_a_date_in_the_year_and_a_non_zero_amount(project, lines):
    line = lines["会议费"]
    for fields, field in (
        ({"adjusted_on": date(2022, 5, 1), "amount_yuan": Decimal("100"), "reason": " "}, "reason"),
        ({"adjusted_on": date(2023, 1, 2), "amount_yuan": Decimal("100"), "reason": "调整"}, "adjusted_on"),
        ({"adjusted_on": date(2022, 5, 1), "amount_yuan": Decimal("0"), "reason": "调整"}, "amount_yuan"),
        ({"adjusted_on": date(2022, 5, 1), "amount_yuan": Decimal("-8000.01"), "reason": "调减"}, "amount_yuan"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.add_adjustment(line, actor=None, fields=fields)
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:  # a transfer taking more than the giving line has
        services.add_adjustment(
            lines["差旅费"],
            actor=None,
            counterpart=line,
            fields={"adjusted_on": date(2022, 5, 1), "amount_yuan": Decimal("9000"), "reason": "调剂"},
        )
    assert "会议费" in caught.value.message_dict["amount_yuan"][0]
    assert not Adjustment.objects.exists()


def test_a_transfer_keeps_the_total_and_is_deleted_whole(project, lines):
    first = services.add_adjustment(
        lines["差旅费"],
        actor=None,
        counterpart=lines["会议费"],
        fields={"adjusted_on": date(2022, 7, 15), "amount_yuan": Decimal("2000"), "reason": "调剂"},
    )
    assert figures.execution(project, YEAR).budget == Decimal("58000.00")
    assert sorted(Adjustment.objects.values_list("amount_yuan", flat=True)) == [Decimal("-2000"), Decimal("2000")]
    assert first.pair.pair_id == first.pk
    services.delete_adjustment(first.pair, actor=None)
    assert not Adjustment.objects.exists()


def test_a_line_with_bookings_cannot_be_deleted_and_names_are_unique(project, lines):
    book(project, lines["印刷费"], date(2022, 3, 1), "10", "X-3")
    with pytest.raises(ValidationError):
        services.delete_line(lines["印刷费"], actor=None)
    with pytest.raises(ValidationError) as caught:
        services.save_line(project, actor=None, fields={"name": "印刷费", "initial_yuan": Decimal("1")})
    assert "name" in caught.value.message_dict
    services.delete_line(lines["会议费"], actor=None)
    assert list(BudgetLine.objects.values_list("name", flat=True)) == ["印刷费", "差旅费", "办公费"]


def test_an_attachment_is_checked_stored_and_replaced(project, lines, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("发票.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        book(project, lines["印刷费"], date(2022, 3, 1), "10", "X-4", upload=fake)
    assert "attachment" in caught.value.message_dict
    assert not Expenditure.objects.exists() and not list(tmp_path.rglob("*.pdf"))
    pdf = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")
    booked = book(project, lines["印刷费"], date(2022, 3, 1), "10", "X-4", upload=pdf)
    assert booked.attachment_name == "发票.pdf"
    assert booked.attachment.name.startswith(f"units/{project.unit_id}/budget/")
    assert booked.attachment.read() == b"%PDF-1.4 invoice"


def test_the_monthly_series_and_the_light(project, lines):
    book(project, lines["印刷费"], date(2022, 1, 20), "5800", "M-1")
    book(project, lines["印刷费"], date(2022, 3, 20), "8700", "M-2")
    months = figures.monthly(project)
    assert [m.spent for m in months[:3]] == [Decimal("5800.00"), Decimal("0.00"), Decimal("8700.00")]
    assert (months[2].cumulative, months[2].rate, months[2].schedule) == (
        Decimal("14500.00"),
        Decimal("25.00"),
        Decimal("25.00"),
    )
    march = figures.execution_light(project, months, today=date(2022, 3, 31))
    assert (march.months, march.value, march.colour) == (3, Decimal("100.00"), "green")
    year_end = figures.execution_light(project, months, today=date(2024, 5, 1))
    assert (year_end.months, year_end.value, year_end.colour) == (12, Decimal("25.00"), "red")
    assert figures.execution_light(project, months, today=date(2021, 5, 1)).colour is None
