"""The unit's department list: managed by the roles with reference.manage, offered by every
"responsible department" field (catalogue, appeals, visits' appeals, blockers), older text kept
readable, short names mapped on import."""

import io
import re
from datetime import date

import pytest
import xlsxwriter
from django.urls import reverse

from investdesk.cases.models import Blocker, CaseStatus
from investdesk.cases.tests.conftest import case_in
from investdesk.outreach import sheets
from investdesk.outreach.models import Appeal, Visit
from investdesk.outreach.tests.conftest import key_enterprise, make_appeal
from investdesk.projects import departments
from investdesk.projects.models import CatalogueItem, Department
from investdesk.projects.services import ensure_catalogue

LIST = reverse("projects:departments")


def options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.fixture
def listed(people):
    departments.save_department(
        people.unit, actor=people.director, fields={"name": "区发展和改革局", "aliases": "区发改局"}
    )
    departments.save_department(
        people.unit,
        actor=people.director,
        fields={"name": "区住房和城乡建设局", "aliases": "区住建局，住建局", "position": 5},
    )
    return Department.objects.for_unit(people.unit)


def test_the_director_adds_renames_and_removes_a_department_and_the_viewer_only_reads(people):
    director = people.client_for(people.director)
    response = director.post(LIST, {"name": " 区水务局 ", "aliases": "水务局, 区水利局", "position": "3"})
    assert response.status_code == 302
    water = Department.objects.get()
    assert (water.name, water.aliases, water.alias_list) == ("区水务局", "水务局、区水利局", ["水务局", "区水利局"])
    again = director.post(LIST, {"name": "区水务局", "aliases": "", "position": "0"})
    assert "“区水务局”已在列表中。" in again.text and Department.objects.count() == 1
    edit = reverse("projects:department_edit", args=[water.pk])
    assert director.post(edit, {"name": "区水务局（区河长办）", "aliases": "", "position": "3"}).status_code == 302
    assert Department.objects.get().name == "区水务局（区河长办）"
    viewer = people.client_for(people.viewer)
    page = viewer.get(LIST).text
    assert "区水务局（区河长办）" in page and 'id="department-form"' not in page and "department_edit" not in page
    for user in (people.viewer, people.agent, people.finance):
        client = people.client_for(user)
        assert client.post(LIST, {"name": "区财政局", "position": "0"}).status_code == 403
        assert client.get(edit).status_code == 403
        assert client.post(reverse("projects:department_delete", args=[water.pk])).status_code == 403
        assert client.post(reverse("projects:department_defaults")).status_code == 403
    assert list(Department.objects.values_list("name", flat=True)) == ["区水务局（区河长办）"]
    assert director.post(reverse("projects:department_delete", args=[water.pk])).status_code == 302
    assert not Department.objects.exists()


def test_the_usual_departments_are_added_once(people):
    admin = people.client_for(people.admin)
    admin.post(reverse("projects:department_defaults"))
    names = list(Department.objects.for_unit(people.unit).values_list("name", flat=True))
    assert names[:6] == [
        "区发展和改革局",
        "区自然资源局",
        "区住房和城乡建设局",
        "区生态环境局",
        "区市场监督管理局",
        "区政务服务管理局",
    ]
    assert len(names) == len(departments.DEFAULTS) == 16
    response = admin.post(reverse("projects:department_defaults"), follow=True)
    assert "已添加 0 个常用部门。" in response.text
    assert Department.objects.count() == 16
    assert not Department.objects.for_unit(people.other_unit).exists()


def test_the_catalogue_form_chooses_the_department_and_keeps_an_unlisted_one_readable(people, listed):
    ensure_catalogue(people.unit)
    item = CatalogueItem.objects.for_unit(people.unit).get(name="用地预审与选址意见书")  # 区自然资源局: not listed
    client = people.client_for(people.director)
    url = reverse("projects:catalogue_edit", args=[item.pk])
    assert options(client.get(url).text, "department") == [
        ("", "— 请选择 —"),
        ("区发展和改革局", "区发展和改革局"),
        ("区住房和城乡建设局", "区住房和城乡建设局"),
        ("区自然资源局", "区自然资源局（不在部门名录中）"),
    ]
    data = {"stage": item.stage, "name": item.name, "time_limit_workdays": 20, "extension_workdays": 0}
    data |= {"applies_to": item.applies_to, "position": item.position, "is_active": "on", "basis": ""}
    assert client.post(url, {**data, "department": "区自然资源局"}).status_code == 302  # the row's own name stays
    refused = client.post(url, {**data, "department": "区教育体育局"})
    assert 'data-field-error="department"' in refused.text
    assert client.post(url, {**data, "department": "区发展和改革局"}).status_code == 302
    item.refresh_from_db()
    assert item.department == "区发展和改革局"
    create = client.get(reverse("projects:catalogue_create")).text
    assert [value for value, _label in options(create, "department")] == ["", "区发展和改革局", "区住房和城乡建设局"]


def test_a_blocker_takes_its_department_from_the_list(people, listed):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    client = people.client_for(people.agent)
    url = reverse("cases:blocker_create", args=[case.pk])
    assert [v for v, _label in options(client.get(url).text, "department")] == [
        "",
        "区发展和改革局",
        "区住房和城乡建设局",
    ]
    refused = client.post(url, {"department": "区住建局", "description": "图审意见反复", "raised_on": "2022-09-29"})
    assert 'data-field-error="department"' in refused.text and not Blocker.objects.exists()
    data = {"department": "区住房和城乡建设局", "description": "图审意见反复", "raised_on": "2022-09-29"}
    assert client.post(url, data).status_code == 302
    assert Blocker.objects.get().department == "区住房和城乡建设局"


def test_appeals_and_a_visits_appeal_rows_choose_the_department(people, listed):
    enterprise = key_enterprise(people.unit, "昆明呈祥智能制造有限公司", 1)
    client = people.client_for(people.agent)
    form = client.get(reverse("outreach:appeal_create")).text
    assert [v for v, _label in options(form, "department")] == ["", "区发展和改革局", "区住房和城乡建设局"]
    old = make_appeal(people.unit, enterprise, date(2022, 3, 1), actor=people.agent)  # 国网…供电分局: typed long ago
    edit = client.get(reverse("outreach:appeal_edit", args=[old.pk])).text
    assert ("国网昆明供电局呈贡供电分局", "国网昆明供电局呈贡供电分局（不在部门名录中）") in options(edit, "department")
    visit_form = client.get(reverse("outreach:visit_create")).text
    assert [v for v, _label in options(visit_form, "appeals-0-department")] == [
        "",
        "区发展和改革局",
        "区住房和城乡建设局",
    ]
    data = {
        "visited_on": "2022-06-01",
        "enterprise": enterprise.pk,
        "staff": [people.agent.pk],
        "purposes": ["problems"],
        "findings": "企业反映办证问题",
        "appeals-TOTAL_FORMS": "1",
        "appeals-INITIAL_FORMS": "0",
        "appeals-0-kind": "problem",
        "appeals-0-category": "approval",
        "appeals-0-title": "施工许可办理慢",
        "appeals-0-department": "住建局",
    }
    refused = client.post(reverse("outreach:visit_create"), data)
    assert refused.status_code == 200 and not Visit.objects.exists()
    client.post(reverse("outreach:visit_create"), {**data, "appeals-0-department": "区住房和城乡建设局"})
    assert Appeal.objects.get(title="施工许可办理慢").department == "区住房和城乡建设局"


def test_an_appeal_import_maps_a_short_name_to_the_listed_one(people, listed):
    enterprise = key_enterprise(people.unit, "昆明呈祥智能制造有限公司", 1)
    rows = [
        ["提出日期", "企业统一社会信用代码", "类别", "诉求内容", "责任部门"],
        ["2022-03-02", enterprise.uscc, "审批手续", "备案信息变更", "区发改局"],
        ["2022-03-03", enterprise.uscc, "审批手续", "图审意见反复", " 住建局 "],
        ["2022-03-04", enterprise.uscc, "融资信贷", "融资难", "区财政局"],
    ]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    result = sheets.plan(people.unit, "appeals", buffer.getvalue(), actor=people.agent)
    assert result.errors == []
    sheets.apply(people.unit, "appeals", result, actor=people.agent)
    assert list(Appeal.objects.order_by("raised_on").values_list("department", flat=True)) == [
        "区发展和改革局",
        "区住房和城乡建设局",
        "区财政局",  # not on the list: kept as written
    ]
