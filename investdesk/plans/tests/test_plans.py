"""Milestones (transitions, evidence, overdue, metrics on the period boundary) and study trips."""

import io
from datetime import date, datetime
from decimal import Decimal
from itertools import product
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investdesk.budget.models import Category, Kind
from investdesk.budget.tests.conftest import book, make_lines, make_project
from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.plans import services, sheets
from investdesk.plans.models import BACKWARD, TRANSITIONS, Milestone, MilestoneEvent, Status, StudyTrip

YEAR = Period.year_of(2022)


@pytest.fixture
def project(people):
    return make_project(people.unit)


def milestone(project, quarter=1, title="印制服务指南", **fields):
    return services.create_milestone(project, actor=None, fields={"quarter": quarter, "title": title} | fields)


def set_status(m, status, on=date(2022, 3, 25)):
    """Put a milestone in any status directly (the walk below starts from each one)."""
    done = status == Status.DONE
    Milestone.objects.filter(pk=m.pk).update(
        status=status,
        done_on=on if done else None,
        evidence_note="已完成" if done else "",
        drop_reason="不再需要" if status == Status.DROPPED else "",
    )
    m.refresh_from_db()
    return m


def test_the_due_date_defaults_to_the_quarters_end(project):
    assert milestone(project, 3).due_on == date(2022, 9, 30)
    with pytest.raises(ValidationError) as caught:
        milestone(project, 4, "其他", due_on=date(2023, 1, 15))
    assert "due_on" in caught.value.message_dict


@pytest.mark.parametrize(("start", "target"), list(product(Status.values, Status.values)))
def test_every_status_step_is_allowed_or_refused_by_the_table(project, start, target):
    m = set_status(milestone(project), start)
    if start == target:
        return
    before = model_to_dict(Milestone.objects.get(pk=m.pk))
    if target in TRANSITIONS[start]:
        back = target in BACKWARD.get(start, ())
        if back:  # a step back is refused until confirmed, and the refusal changes nothing
            with pytest.raises(ValidationError):
                services.change_status(m, actor=None, to=target, note="原因", evidence_note="佐证")
            assert model_to_dict(Milestone.objects.get(pk=m.pk)) == before
        kwargs = {"note": "原因", "evidence_note": "佐证", "confirm_back": back}
        services.change_status(m, actor=None, to=target, on=date(2022, 3, 25), **kwargs)
        assert Milestone.objects.get(pk=m.pk).status == target
        assert MilestoneEvent.objects.filter(milestone=m, from_status=start, to_status=target).count() == 1
    else:
        with pytest.raises(ValidationError):
            services.change_status(m, actor=None, to=target, note="原因", evidence_note="佐证")
        assert model_to_dict(Milestone.objects.get(pk=m.pk)) == before


def test_done_needs_evidence_dropped_needs_a_reason_and_reopening_clears_the_date(project):
    m = milestone(project)
    with pytest.raises(ValidationError) as caught:
        services.change_status(m, actor=None, to=Status.DONE, on=date(2022, 3, 25))
    assert "evidence_note" in caught.value.message_dict
    assert Milestone.objects.get(pk=m.pk).status == Status.PLANNED
    m.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.change_status(m, actor=None, to=Status.DROPPED, note=" ")
    assert "drop_reason" in caught.value.message_dict
    m.refresh_from_db()
    services.change_status(m, actor=None, to=Status.DONE, on=date(2022, 3, 25), evidence_note="印制1000册")
    services.change_status(m, actor=None, to=Status.IN_PROGRESS, note="发现遗漏", confirm_back=True)
    m.refresh_from_db()
    assert (m.status, m.done_on, m.evidence_note) == (Status.IN_PROGRESS, None, "印制1000册")
    assert m.events.order_by("-id").first().note == "发现遗漏 已清除：完成日期 2022-03-25。"


def test_the_status_form_preselects_nothing_and_a_step_back_needs_the_box(people, project):
    m = milestone(project)
    services.change_status(m, actor=None, to=Status.DONE, on=date(2022, 3, 25), evidence_note="印制1000册")
    client = people.client_for(people.agent)
    page = client.get(reverse("plans:milestone_edit", args=[m.pk])).text
    assert (
        '<option value="" selected>— 请选择新状态 —</option><option value="in_progress">退回“进行中”（更正）</option>'
        in page
    )
    url = reverse("plans:milestone_status", args=[m.pk])
    response = client.post(url, {"to": "", "note": ""}, follow=True)
    assert "新状态：请选择新状态。" in response.text
    response = client.post(url, {"to": "in_progress", "note": "发现遗漏"}, follow=True)
    assert "“已完成” → “进行中”是退回一步：请勾选确认这次更正。" in response.text
    m.refresh_from_db()
    assert (m.status, m.done_on) == (Status.DONE, date(2022, 3, 25))
    client.post(url, {"to": "in_progress", "note": "发现遗漏", "confirm_back": "on"})
    m.refresh_from_db()
    assert (m.status, m.done_on) == (Status.IN_PROGRESS, None)


def test_an_open_milestone_past_its_due_date_is_overdue(project):
    m = milestone(project, 1)
    assert m.is_overdue(date(2022, 4, 1)) and not m.is_overdue(date(2022, 3, 31))
    services.change_status(m, actor=None, to=Status.DONE, on=date(2022, 3, 30), evidence_note="完成")
    assert not m.is_overdue(date(2022, 4, 1))


@pytest.mark.parametrize(
    ("utc", "done_on", "counted_in"),
    [
        (datetime(2022, 12, 31, 15, 59), date(2022, 12, 31), 2022),  # 31 Dec 23:59 in Shanghai
        (datetime(2022, 12, 31, 16, 0), date(2023, 1, 1), 2023),  # 1 Jan 00:00 in Shanghai
    ],
)
def test_a_milestone_done_at_the_year_boundary_counts_in_the_local_year(project, utc, done_on, counted_in):
    m = milestone(project, 4, "推出便民措施")
    with mock.patch("django.utils.timezone.now", return_value=utc.replace(tzinfo=ZoneInfo("UTC"))):
        services.change_status(m, actor=None, to=Status.DONE, evidence_note="出台十项措施")
    assert Milestone.objects.get(pk=m.pk).done_on == done_on
    unit = project.unit
    done = {year: metrics.compute("plans.milestones_done", unit, Period.year_of(year)).value for year in (2022, 2023)}
    assert done == {2022: Decimal(counted_in == 2022), 2023: Decimal(counted_in == 2023)}
    rate = metrics.compute("plans.milestones_done_rate", unit, YEAR).value
    assert rate == (Decimal("100.00") if counted_in == 2022 else Decimal("0.00"))


def test_the_done_rate_leaves_dropped_milestones_out(project):
    for quarter in (1, 2, 3, 4):
        milestone(project, quarter, f"事项{quarter}")
    first, second, third = Milestone.objects.order_by("quarter")[:3]
    services.change_status(first, actor=None, to=Status.DONE, on=date(2022, 3, 20), evidence_note="完成")
    services.change_status(second, actor=None, to=Status.DROPPED, note="并入三季度")
    unit = project.unit
    assert metrics.compute("plans.milestones_done_rate", unit, YEAR).value == Decimal("33.33")
    assert metrics.compute("plans.milestones_done_rate", unit, Period.quarter(2022, 1)).value == Decimal("100.00")
    assert metrics.compute("plans.milestones_done_rate", unit, Period.year_of(2021)).value is None
    assert metrics.compute("plans.milestones_done", unit, Period.quarter(2022, 2)).value == Decimal("0")
    assert third.status == Status.PLANNED


def test_a_study_trip_links_payments_and_costs_them_less_refunds(project, people):
    lines = make_lines(project)
    air = book(project, lines["差旅费"], date(2022, 8, 23), "7360", "T-1", category=Category.TRAVEL)
    hotel = book(project, lines["差旅费"], date(2022, 8, 23), "4480", "T-2", category=Category.TRAVEL)
    refund = book(project, lines["差旅费"], date(2022, 9, 6), "320", "T-3", kind=Kind.REFUND, refund_of=hotel)
    fields = {
        "destination": "上海浦东新区",
        "start_on": date(2022, 8, 15),
        "end_on": date(2022, 8, 19),
        "practices": "一网通办",
        "measures": "企业服务专员",
    }
    trip = services.save_trip(
        people.unit,
        actor=people.director,
        fields=fields,
        participants=[people.director, people.agent],
        expenditures=[air, hotel],
    )
    assert services.trip_cost(trip) == Decimal("11520.00") and trip.days == 5
    assert metrics.compute("plans.study_trips", people.unit, Period.quarter(2022, 3)).value == Decimal("1")
    assert metrics.compute("plans.study_trips", people.unit, Period.quarter(2022, 4)).value == Decimal("0")
    other = make_project(people.other_unit)
    foreign = book(other, make_lines(other)["差旅费"], date(2022, 8, 1), "10", "T-9")
    for kwargs, field in (
        ({"participants": [people.outsider], "expenditures": []}, "participants"),
        ({"participants": [], "expenditures": [foreign]}, "expenditures"),
        ({"participants": [], "expenditures": [refund]}, "expenditures"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.save_trip(people.unit, actor=None, fields=fields | {"destination": "深圳前海"}, **kwargs)
        assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.save_trip(
            people.unit, actor=None, fields=fields | {"end_on": date(2022, 8, 1)}, participants=[], expenditures=[]
        )
    assert "end_on" in caught.value.message_dict
    assert StudyTrip.objects.count() == 1


# --- pages -----------------------------------------------------------------------------------------------


def test_the_viewer_reads_the_plan_without_edit_controls(people, project):
    m = milestone(project, 1, owner=people.agent)
    client = people.client_for(people.viewer)
    text = client.get(reverse("plans:index")).text
    assert 'data-nav="plans"' in text and f'data-milestone="{m.pk}"' in text and 'data-flag="overdue"' in text
    assert 'id="new-milestone-link"' not in text and 'data-action="edit-milestone"' not in text
    assert (
        client.post(reverse("plans:milestone_status", args=[m.pk]), {"to": "dropped", "note": "x"}).status_code == 403
    )
    assert client.post(reverse("plans:milestone_delete", args=[m.pk])).status_code == 403
    assert Milestone.objects.get(pk=m.pk).status == Status.PLANNED
    assert people.client_for(people.admin).get(reverse("plans:milestone_create")).status_code == 403


@pytest.mark.parametrize("persona", ["agent", "finance", "director"])
def test_staff_add_a_milestone_and_mark_it_done_with_evidence(people, project, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = people.client_for(getattr(people, persona))
    response = client.post(
        reverse("plans:milestone_create"),
        {
            "project": project.pk,
            "quarter": "2",
            "title": "走访重点企业",
            "description": "",
            "owner": people.agent.pk,
            "due_on": "",
            "evidence_note": "",
        },
    )
    assert response.status_code == 302
    m = Milestone.objects.get()
    assert (m.due_on, m.owner) == (date(2022, 6, 30), people.agent)
    evidence = io.BytesIO(b"%PDF-1.4 report")
    evidence.name = "走访台账.pdf"
    response = client.post(
        reverse("plans:milestone_status", args=[m.pk]),
        {"to": "done", "on": "2022-06-28", "note": "", "evidence_note": "", "file": evidence},
    )
    m.refresh_from_db()
    assert (m.status, m.done_on, m.evidence_name) == (Status.DONE, date(2022, 6, 28), "走访台账.pdf")
    download = people.client_for(people.viewer).get(reverse("plans:milestone_evidence", args=[m.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 report"


def test_a_refused_step_is_explained_and_changes_nothing(people, project):
    m = milestone(project)
    client = people.client_for(people.agent)
    response = client.post(
        reverse("plans:milestone_status", args=[m.pk]), {"to": "done", "on": "2022-03-25"}, follow=True
    )
    assert "请填写完成情况或上传佐证材料" in response.text
    assert Milestone.objects.get(pk=m.pk).status == Status.PLANNED
    response = client.post(reverse("plans:milestone_create"), {"project": project.pk, "quarter": "5", "title": ""})
    assert 'data-field-error="quarter"' in response.text and 'data-field-error="title"' in response.text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_queries_at_10_and_1000_rows(people, project):
    for n in range(10):
        milestone(project, n % 4 + 1, f"事项{n}", owner=people.agent)
    client = people.client_for(people.viewer)
    few = _queries(client, reverse("plans:index"))
    Milestone.objects.bulk_create(
        Milestone(
            unit=people.unit,
            project=project,
            quarter=n % 4 + 1,
            title=f"批量{n}",
            owner=people.agent,
            due_on=date(2022, 12, 31),
        )
        for n in range(1000)
    )
    assert _queries(client, reverse("plans:index")) == few
    lines = make_lines(project)
    payment = book(project, lines["差旅费"], date(2022, 8, 1), "10", "Q-1", category=Category.TRAVEL)
    for n in range(3):
        services.save_trip(
            people.unit,
            actor=None,
            participants=[people.agent],
            expenditures=[payment],
            fields={"destination": f"地点{n}", "start_on": date(2022, 8, 1), "end_on": date(2022, 8, 2)},
        )
    few = _queries(client, reverse("plans:trips"))
    for n in range(40):
        services.save_trip(
            people.unit,
            actor=None,
            participants=[people.agent, people.director],
            expenditures=[payment],
            fields={"destination": f"批量{n}", "start_on": date(2022, 7, 1), "end_on": date(2022, 7, 2)},
        )
    assert _queries(client, reverse("plans:trips")) == few


def test_a_trip_is_recorded_from_the_form(people, project):
    lines = make_lines(project)
    payment = book(project, lines["差旅费"], date(2022, 8, 23), "7360", "T-1", category=Category.TRAVEL)
    client = people.client_for(people.director)
    form = client.get(reverse("plans:trip_create")).text
    assert "T-1" in form
    response = client.post(
        reverse("plans:trip_create"),
        {
            "destination": "上海浦东新区",
            "start_on": "2022-08-15",
            "end_on": "2022-08-19",
            "participants": [people.director.pk, people.agent.pk],
            "purpose": "",
            "practices": "一网通办",
            "measures": "企业服务专员",
            "expenditures": [payment.pk],
            "note": "",
        },
    )
    assert response.status_code == 302
    text = client.get(reverse("plans:trips")).text
    assert 'data-cost="7360.00"' in text and "上海浦东新区" in text


# --- Excel -------------------------------------------------------------------------------------------------


def workbook(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book_ = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book_.add_worksheet()
    headers = ["年度", "项目名称", "季度", "事项", "负责人", "计划完成日期", "状态", "完成日期", "完成情况", "放弃原因"]
    for col, header in enumerate(headers):
        sheet.write(0, col, header)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    book_.close()
    return buffer.getvalue()


def test_milestones_import_and_update_all_or_nothing(people, project):
    data = workbook(
        [
            [2022, "投资服务中心经费", "一季度", "印制服务指南", "张敏", "", "已完成", "2022-03-25", "印制1000册", ""],
            [2022, "投资服务中心经费", "Q2", "走访重点企业", "zhangmin", "2022-06-30", "", "", "", ""],
        ]
    )
    result = sheets.plan(people.unit, data)
    assert result.errors == []
    assert sheets.apply(people.unit, result, actor=people.agent) == (2, 0)
    done = Milestone.objects.get(quarter=1)
    assert (done.status, done.done_on, done.owner, done.due_on) == (
        Status.DONE,
        date(2022, 3, 25),
        people.agent,
        date(2022, 3, 31),
    )
    before = [model_to_dict(m) for m in Milestone.objects.order_by("pk")]
    bad = workbook(
        [
            [2022, "投资服务中心经费", "一季度", "印制服务指南", "张敏", "", "计划中", "", "", ""],
            [2022, "不存在的项目", "1", "x", "", "", "", "", "", ""],
            [2022, "投资服务中心经费", "五", "y", "", "", "", "", "", ""],
            [2022, "投资服务中心经费", "3", "z", "孙丽", "", "", "", "", ""],
            [2022, "投资服务中心经费", "4", "w", "", "", "已取消", "", "", ""],
            [2022, "投资服务中心经费", "2", "走访重点企业", "", "", "已完成", "2022-06-28", "", ""],
        ]
    )
    result = sheets.plan(people.unit, bad)
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "状态"),
        (3, "项目"),
        (4, "季度"),
        (5, "责任人"),
        (6, "取消原因"),
        (7, "佐证材料"),
    }
    assert [model_to_dict(m) for m in Milestone.objects.order_by("pk")] == before
    exported = sheets.export(Milestone.objects.select_related("project", "owner"))
    again = sheets.plan(people.unit, exported)
    assert again.errors == [] and all(m.pk for _n, m, _b in again.rows)


def test_the_milestone_pages_import_with_a_preview(people, project):
    client = people.client_for(people.finance)
    upload = io.BytesIO(workbook([[2022, "投资服务中心经费", "1", "印制服务指南", "", "", "", "", "", ""]]))
    upload.name = "计划.xlsx"
    preview = client.post(reverse("plans:milestone_import"), {"file": upload})["Location"]
    assert "印制服务指南" in client.get(preview).text and not Milestone.objects.exists()
    assert client.post(preview).status_code == 302 and Milestone.objects.count() == 1
    assert people.client_for(people.viewer).get(reverse("plans:milestone_import")).status_code == 403
