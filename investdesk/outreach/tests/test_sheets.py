"""Excel for the three ledgers: templates, export → import round trips, every bad row named,
all or nothing, records updated by their number, appeals imported in their recorded state."""

import io
from datetime import date

import pytest
import xlsxwriter
from django.urls import reverse
from python_calamine import CalamineWorkbook

from investdesk.enterprises.models import KeyLevel
from investdesk.outreach import services, sheets
from investdesk.outreach.models import Action, Appeal, AppealEvent, AppealStatus, Consultation, EventKind, Visit
from investdesk.outreach.tests.conftest import (
    code,
    key_enterprise,
    local,
    make_appeal,
    make_consultation,
    make_project,
    make_visit,
)


def workbook(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def cells(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


@pytest.mark.parametrize("kind", ["visits", "consultations", "appeals"])
def test_each_template_has_its_headers_and_an_example(people, kind):
    response = people.client_for(people.viewer).get(reverse(f"outreach:{kind}_template"))
    assert response.status_code == 200
    rows = cells(response.content)
    headers = [str(c).rstrip("*") for c in rows[0]]
    assert headers[0] == "编号" and len(rows) == 2
    required = {"visits": "走访日期*", "consultations": "咨询时间*", "appeals": "提出日期*"}[kind]
    assert required in rows[0]


VISIT_HEADERS = ["走访日期", "企业统一社会信用代码", "走访人员", "走访目的", "项目代码", "走访情况"]


def test_visits_import_with_staff_by_name_and_purposes_by_label(people, key_ent):
    project = make_project(people.unit, key_ent, key_level=KeyLevel.CITY)
    data = workbook(
        [
            VISIT_HEADERS,
            ["2022-03-15", key_ent.uscc, "张敏、liqiang", "宣传政策、跟促项目", project.project_code, "了解项目进度"],
            ["2022年4月2日", key_ent.uscc, "李强", "摸排问题", "", "企业反映用电问题"],
        ]
    )
    result = sheets.plan(people.unit, "visits", data, actor=people.agent)
    assert result.errors == [] and (result.created, result.updated) == (2, 0)
    sheets.apply(people.unit, "visits", result, actor=people.agent)
    first, second = Visit.objects.order_by("visited_on")
    assert (first.purposes, first.project, sorted(first.staff_names())) == (
        "policy,projects",
        project,
        ["张敏", "李强"],
    )
    assert (second.visited_on, second.staff_names()) == (date(2022, 4, 2), ["李强"])


def test_every_bad_visit_row_is_named_and_nothing_is_saved(people, key_ent, plain_ent):
    other = make_project(people.unit, plain_ent, name="彩云商贸物流中心项目", project_code=code(2))
    data = workbook(
        [
            VISIT_HEADERS,
            ["2022-03-15", key_ent.uscc, "张敏", "宣传政策", "", "正常的一行"],
            ["2022-13-01", key_ent.uscc, "张敏", "宣传政策", "", "日期不对"],
            ["2022-03-15", "91530114MA0000001X", "张敏", "宣传政策", "", "企业不在档案"],
            ["2022-03-15", key_ent.uscc, "孙丽", "宣传政策", "", "外单位人员"],
            ["2022-03-15", key_ent.uscc, "张敏", "吃饭", "", "目的不对"],
            ["2022-03-15", key_ent.uscc, "张敏", "宣传政策", other.project_code, "别的企业的项目"],
            ["2022-03-16", key_ent.uscc, "", "宣传政策", "", ""],
        ]
    )
    result = sheets.plan(people.unit, "visits", data, actor=people.agent)
    named = {(e.row, e.column) for e in result.errors}
    assert named == {
        (3, "走访日期"),
        (4, "企业统一社会信用代码"),
        (5, "走访人员"),
        (6, "走访目的"),
        (7, "项目代码"),
        (8, "走访人员"),
        (8, "走访情况"),
    }
    assert not result.ok
    with pytest.raises(services.ValidationError):
        sheets.apply(people.unit, "visits", result, actor=people.agent)
    assert Visit.objects.count() == 0


def test_an_exported_visit_list_imports_again_as_updates_that_change_nothing(people, key_ent):
    make_visit(people.unit, key_ent, date(2022, 3, 15), staff=[people.agent, people.director])
    make_visit(people.unit, key_ent, date(2022, 5, 15), staff=[people.director])
    exported = people.client_for(people.agent).get(reverse("outreach:visits_export"))
    before = list(Visit.objects.order_by("id").values())
    result = sheets.plan(people.unit, "visits", exported.content, actor=people.agent)
    assert result.errors == [] and (result.created, result.updated) == (0, 2)
    sheets.apply(people.unit, "visits", result, actor=people.agent)
    after = list(Visit.objects.order_by("id").values())
    assert [{k: v for k, v in r.items() if k != "updated_at"} for r in after] == [
        {k: v for k, v in r.items() if k != "updated_at"} for r in before
    ]


def test_a_record_number_of_another_unit_is_refused(people, key_ent):
    foreign = key_enterprise(people.other_unit, "外单位企业有限公司", 9)
    visit = make_visit(people.other_unit, foreign, date(2022, 3, 15), staff=[people.outsider])
    data = workbook([["编号", *VISIT_HEADERS], [visit.pk, "2022-03-15", foreign.uscc, "张敏", "宣传政策", "", "x"]])
    result = sheets.plan(people.unit, "visits", data, actor=people.agent)
    assert {e.column for e in result.errors} == {"编号", "企业统一社会信用代码"}


def test_consultations_import_with_local_times_and_key_projects(people, key_ent):
    project = make_project(people.unit, key_ent, key_level=KeyLevel.PROVINCE)
    data = workbook(
        [
            ["咨询时间", "方式", "项目代码", "咨询人", "咨询事项", "答复内容", "时长（分钟）", "答复人员"],
            ["2022-12-31 23:59", "电话", project.project_code, "王先生", "施工许可", "告知材料", 15, "李强"],
            ["2023-01-01 00:00", "online", "", "李女士", "备案", "网上办理", "10", ""],
            ["2023-01-01 25:00", "传真", "", "", "", "", "-3", "张三"],
        ]
    )
    result = sheets.plan(people.unit, "consultations", data, actor=people.agent)
    assert {(e.row, e.column) for e in result.errors} == {
        (4, "咨询时间"),
        (4, "咨询方式"),
        (4, "咨询事项"),
        (4, "答复内容"),
        (4, "时长（分钟）"),
        (4, "答复人员"),
    }
    data = workbook(cells(data)[:3])
    result = sheets.plan(people.unit, "consultations", data, actor=people.agent)
    sheets.apply(people.unit, "consultations", result, actor=people.agent)
    first, second = Consultation.objects.order_by("consulted_at")
    assert (first.consulted_at, first.enterprise, first.staff) == (
        local(2022, 12, 31, 23, 59),
        key_ent,
        people.director,
    )
    assert (second.consulted_at, second.channel, second.staff) == (local(2023, 1, 1, 0, 0), "online", people.agent)


APPEAL_HEADERS = ["提出日期", "企业统一社会信用代码", "类别", "诉求内容", "责任部门", "状态", "办结日期", "解决情况",
                  "企业反馈", "销号日期", "走访编号"]  # fmt: skip


def test_appeals_import_in_their_recorded_state_with_one_event_each(people, key_ent):
    visit = make_visit(people.unit, key_ent, date(2022, 3, 1), staff=[people.agent])
    data = workbook(
        [
            APPEAL_HEADERS,
            [
                "2022-03-01",
                key_ent.uscc,
                "水电气讯",
                "用电报装慢",
                "供电局",
                "已销号",
                "2022-03-08",
                "已接电",
                "满意",
                "2022-03-10",
                visit.pk,
            ],
            ["2022-03-02", key_ent.uscc, "融资信贷", "融资难", "区财政局", "", "", "", "", "", ""],
        ]  # fmt: skip
    )
    result = sheets.plan(people.unit, "appeals", data, actor=people.agent)
    assert result.errors == []
    sheets.apply(people.unit, "appeals", result, actor=people.agent)
    closed, pending = Appeal.objects.order_by("raised_on")
    assert (closed.status, closed.outcome, closed.feedback, closed.visit, closed.source) == (
        AppealStatus.CLOSED,
        "resolved",
        "satisfied",
        visit,
        "visit",
    )
    assert [e.kind for e in closed.events.order_by("id")] == [EventKind.IMPORTED, EventKind.STATUS]
    assert (pending.status, pending.due_on) == (AppealStatus.PENDING, date(2022, 3, 16))


def test_an_appeal_import_that_would_go_back_or_lacks_its_decision_is_refused(people, key_ent):
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)
    services.change_appeal(appeal, actor=people.agent, action=Action.COORDINATE)
    rows = [
        ["编号", *APPEAL_HEADERS],
        [appeal.pk, "2022-03-01", key_ent.uscc, "水电气讯", "用电报装慢", "供电局", "待协调", "", "", "", "", "", ""],
        [
            "",
            "2022-03-02",
            key_ent.uscc,
            "水电气讯",
            "已解决却没写怎么解决",
            "供电局",
            "已解决",
            "2022-03-05",
            "",
            "",
            "",
            "",
        ],
        ["", "2022-03-02", key_ent.uscc, "水电气讯", "走访来源没有编号", "供电局", "", "", "", "", "", "99999"],
    ]
    result = sheets.plan(people.unit, "appeals", workbook(rows), actor=people.agent)
    assert {(e.row, e.column) for e in result.errors} == {(2, "状态"), (3, "解决情况"), (4, "走访编号")}
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.COORDINATING and AppealEvent.objects.count() == 2


def test_the_import_pages_preview_and_then_save_everything(people, key_ent):
    client = people.client_for(people.agent)
    data = workbook([VISIT_HEADERS, ["2022-03-15", key_ent.uscc, "张敏", "宣传政策", "", "了解情况"]])
    upload = io.BytesIO(data)
    upload.name = "走访.xlsx"
    response = client.post(reverse("outreach:visits_import"), {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert 'id="preview-table"' in preview.text and Visit.objects.count() == 0
    saved = client.post(response["Location"])
    assert saved.status_code == 302 and saved["Location"] == reverse("outreach:visits")
    assert Visit.objects.count() == 1


def test_a_file_that_is_not_xlsx_is_refused_on_its_field(people):
    upload = io.BytesIO(b"not a workbook")
    upload.name = "走访.csv"
    response = people.client_for(people.agent).post(reverse("outreach:visits_import"), {"file": upload})
    assert 'data-field-error="file"' in response.text


def test_the_appeal_export_reads_back_with_its_state(people, key_ent):
    appeal = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent)
    services.change_appeal(appeal, actor=people.agent, action=Action.RESOLVE, on=date(2022, 3, 4), text="已解决")
    make_consultation(people.unit, local(2022, 3, 1, 9, 0), staff=people.agent)
    rows = cells(people.client_for(people.viewer).get(reverse("outreach:appeals_export")).content)
    header, row = rows[0], rows[1]
    assert row[header.index("状态")] == "已解决" and row[header.index("到期日")] is not None
    result = sheets.plan(people.unit, "appeals", people.client_for(people.viewer).get(
        reverse("outreach:appeals_export")).content, actor=people.agent)  # fmt: skip
    assert result.errors == [] and result.updated == 1
