"""Study trips to and from Excel: template, every bad row named, all or nothing, export → import."""

import io
from datetime import date
from decimal import Decimal

import pytest
import xlsxwriter
from django.forms.models import model_to_dict
from django.urls import reverse
from python_calamine import CalamineWorkbook

from investdesk.budget.models import Category
from investdesk.budget.tests.conftest import book, make_lines, make_project
from investdesk.core.models import ImportUpload
from investdesk.plans import services, sheets
from investdesk.plans.models import StudyTrip

HEADERS = [
    "考察地点",
    "出发日期",
    "返回日期",
    "参加人员",
    "考察目的",
    "学习到的做法",
    "本地借鉴落实的措施",
    "关联凭证号",
    "备注",
]


def workbook(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book_ = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book_.add_worksheet()
    for col, header in enumerate(HEADERS):
        sheet.write(0, col, header)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book_.close()
    return buffer.getvalue()


def header_row(data: bytes) -> list[str]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[0]


def recorded() -> list[tuple]:
    """Each trip with its fields, participants' user names and linked vouchers."""
    return [
        (
            {k: v for k, v in model_to_dict(t).items() if k not in ("id", "participants", "expenditures")},
            sorted(u.username for u in t.participants.all()),
            sorted(e.voucher_number for e in t.expenditures.all()),
        )
        for t in StudyTrip.objects.order_by("start_on")
    ]


@pytest.fixture
def payments(people):
    project = make_project(people.unit)
    lines = make_lines(project)
    travel = {"category": Category.TRAVEL}
    return {
        "T-1": book(project, lines["差旅费"], date(2022, 8, 23), "7360", "T-1", **travel),
        "T-2": book(project, lines["差旅费"], date(2022, 8, 23), "4480", "T-2", **travel),
        "T-3": book(project, lines["会议费"], date(2022, 11, 10), "2000", "T-3", category=Category.TRAINING),
        "P-1": book(project, lines["印刷费"], date(2022, 3, 1), "3600", "P-1"),
    }


def upload(client, data: bytes):
    file = io.BytesIO(data)
    file.name = "学习考察.xlsx"
    return client.post(reverse("plans:trip_import"), {"file": file})


def test_the_template_and_the_export_have_the_same_headers(people):
    template = sheets.trip_template()
    assert header_row(template) == [
        "考察地点*",
        "出发日期*",
        "返回日期*",
        "参加人员",
        "考察目的",
        "学习到的做法",
        "本地借鉴落实的措施",
        "关联凭证号",
        "备注",
    ]
    example = sheets.read_xlsx(template, sheets.trip_columns()).rows[0]
    assert (example["participants"], example["vouchers"]) == (["李强", "张敏"], ["2022-08-002", "2022-08-003"])
    exported = people.client_for(people.viewer).get(reverse("plans:trip_export")).content
    assert header_row(exported) == [*HEADERS, "费用（元）"]
    response = people.client_for(people.viewer).get(reverse("plans:trip_template"))
    assert response.status_code == 200 and header_row(response.content) == header_row(template)


def test_a_good_sheet_records_every_trip(people, payments):
    data = workbook(
        [
            [
                "上海浦东新区",
                "2022-08-15",
                "2022-08-19",
                "李强、zhangmin",
                "学习营商环境",
                "一网通办",
                "服务专员",
                "T-1, T-2",
                "",
            ],
            ["深圳前海", "2022/11/7", "2022年11月9日", "王芳，赵磊", "", "前海e站通", "", "T-3", "与商务局同行"],
        ]
    )
    result = sheets.plan_trips(people.unit, data)
    assert result.errors == [] and result.warnings == [] and [p.row for p in result.rows] == [2, 3]
    assert sheets.apply_trips(people.unit, result, actor=people.agent) == (2, 0)
    assert [(t[0]["destination"], t[0]["end_on"], t[0]["note"], t[1], t[2]) for t in recorded()] == [
        ("上海浦东新区", date(2022, 8, 19), "", ["liqiang", "zhangmin"], ["T-1", "T-2"]),
        ("深圳前海", date(2022, 11, 9), "与商务局同行", ["wangfang", "zhaolei"], ["T-3"]),
    ]
    costs = [services.trip_cost(t) for t in StudyTrip.objects.order_by("start_on")]
    assert costs == [Decimal("11840.00"), Decimal("2000.00")]
    assert set(StudyTrip.objects.values_list("created_by", flat=True)) == {people.agent.pk}


def test_three_bad_rows_are_named_and_nothing_is_saved(people, payments):
    services.save_trip(
        people.unit,
        actor=None,
        fields={"destination": "杭州", "start_on": date(2022, 5, 9), "end_on": date(2022, 5, 11)},
        participants=[people.director],
        expenditures=[],
    )
    before = recorded()
    data = workbook(
        [
            ["上海浦东新区", "2022-08-15", "2022-08-19", "李强", "", "一网通办", "", "T-1", ""],
            ["苏州工业园区", "2022-09-05", "2022-09-07", "张敏", "", "", "", "T-404", ""],
            ["深圳前海", "2022-11-07", "2022-11-09", "张敏、孙丽", "", "", "", "", ""],
            ["成都天府新区", "2022-10-12", "2022-10-10", "", "", "", "", "", ""],
        ]
    )
    result = sheets.plan_trips(people.unit, data)
    assert [str(e) for e in result.errors] == [
        "第 3 行·关联凭证号：本单位没有凭证号为 T-404 的支出。",
        "第 4 行·参加人员：“孙丽”不是本单位人员。",
        "第 5 行·返回日期：截止日期早于起始日期。",
    ]
    assert not result.ok
    draft = ImportUpload.objects.create(
        unit=people.unit, kind=sheets.TRIPS, created_by=people.agent, filename="学习考察.xlsx", data=data
    )
    response = people.client_for(people.agent).post(reverse("plans:trip_import_preview", args=[draft.pk]))
    assert response.status_code == 200 and 'id="import-errors"' in response.text
    assert [f'data-row="{n}"' in response.text for n in (2, 3, 4, 5)] == [False, True, True, True]
    assert recorded() == before


def test_a_shared_payment_is_a_warning_and_a_printing_payment_an_error(people, payments):
    services.save_trip(
        people.unit,
        actor=None,
        fields={"destination": "杭州", "start_on": date(2022, 8, 1), "end_on": date(2022, 8, 2)},
        participants=[],
        expenditures=[payments["T-1"]],
    )
    data = workbook(
        [
            ["上海浦东新区", "2022-08-15", "2022-08-19", "", "", "", "", "T-1", ""],
            ["深圳前海", "2022-11-07", "2022-11-09", "", "", "", "", "P-1", ""],
        ]
    )
    result = sheets.plan_trips(people.unit, data)
    assert [str(w) for w in result.warnings] == [
        "第 2 行：凭证 T-1 也关联了考察“2022-08-01 杭州”，其费用将在两次考察中都计入。"
    ]
    assert [str(e) for e in result.errors] == [
        "第 3 行·关联凭证号：凭证 P-1 是“30202 印刷费”支出："
        "学习考察只关联差旅、交通、培训、公务接待或其他商品和服务支出。"
    ]


def test_an_export_imports_again_as_updates_or_as_new_trips(people, payments):
    for destination, start, users, linked in (
        ("上海浦东新区", date(2022, 8, 15), [people.director, people.agent], ["T-1", "T-2"]),
        ("深圳前海", date(2022, 11, 7), [people.finance], ["T-3"]),
    ):
        services.save_trip(
            people.unit,
            actor=None,
            fields={
                "destination": destination,
                "start_on": start,
                "end_on": start.replace(day=start.day + 2),
                "purpose": "学习",
                "practices": "一网通办\n企业服务专员",
                "measures": "服务专员",
                "note": "备注",
            },
            participants=users,
            expenditures=[payments[v] for v in linked],
        )
    before = recorded()
    exported = people.client_for(people.viewer).get(reverse("plans:trip_export")).content
    again = sheets.plan_trips(people.unit, exported)
    assert again.errors == [] and again.warnings == [] and again.ignored_headers == ["费用（元）"]
    assert all(p.trip.pk for p in again.rows)
    assert sheets.apply_trips(people.unit, again, actor=people.agent) == (0, 2)
    assert recorded() == before
    StudyTrip.objects.all().delete()
    fresh = sheets.plan_trips(people.unit, exported)
    assert sheets.apply_trips(people.unit, fresh, actor=None) == (2, 0)
    assert recorded() == before


def test_staff_import_with_a_preview_and_the_viewer_cannot(people, payments):
    data = workbook([["上海浦东新区", "2022-08-15", "2022-08-19", "李强", "", "", "", "T-1", ""]])
    viewer = people.client_for(people.viewer)
    assert 'id="trip-import-link"' not in viewer.get(reverse("plans:trips")).text
    for persona in (people.viewer, people.admin):
        client = people.client_for(persona)
        assert client.get(reverse("plans:trip_import")).status_code == 403
        assert upload(client, data).status_code == 403
    assert not ImportUpload.objects.exists()
    client = people.client_for(people.agent)
    assert 'id="trip-import-link"' in client.get(reverse("plans:trips")).text
    form = client.get(reverse("plans:trip_import")).text
    assert f'href="{reverse("plans:trip_template")}" id="template-link"' in form and 'id="tab-trips"' in form
    preview = upload(client, data)["Location"]
    assert "上海浦东新区" in client.get(preview).text and not StudyTrip.objects.exists()
    response = client.post(preview)
    assert response.status_code == 302 and response["Location"] == reverse("plans:trips")
    assert StudyTrip.objects.get().destination == "上海浦东新区" and not ImportUpload.objects.exists()
