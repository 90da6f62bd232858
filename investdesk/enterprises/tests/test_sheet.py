"""The enterprise sheet: template, import plan and commit (all or nothing), export and re-import."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from investdesk.enterprises import services, sheet
from investdesk.enterprises.models import Contact, Enterprise, Origin
from investdesk.enterprises.tests.factories import PILOT, VALID, VALID_SHENZHEN, area, contact, enterprise, read_sheet
from investdesk.enterprises.tests.factories import sheet as make_sheet
from investdesk.enterprises.tests.factories import uscc as make_uscc

HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "曾用名",
    "法定代表人",
    "注册资本（万元）",
    "成立日期",
    "行业门类",
    "行业大类",
    "注册地址",
    "所属街道/园区",
    "企业来源",
    "重点企业",
    "重点级别",
    "企业规模",
    "经营状态",
    "挂钩领导",
    "服务专员",
    "联系人",
    "联系人职务",
    "联系电话",
    "标签",
    "建档日期",
    "企业备注",
]


def test_the_template_has_every_header_required_ones_marked_and_an_example_row():
    rows = read_sheet(sheet.template())
    assert rows[0] == [f"{h}*" if h in ("统一社会信用代码", "企业名称") else h for h in HEADERS]
    assert rows[1][:2] == ["91530114MA6K5U8X61", "昆明呈贡示例科技有限公司"]


def test_the_template_imports_as_it_is(people):
    area(people.unit)
    plan = sheet.plan_import(people.unit, sheet.template())
    assert plan.errors == []
    assert [(r.enterprise.name, r.enterprise.registered_capital) for r in plan.rows] == [
        ("昆明呈贡示例科技有限公司", Decimal("5000000.00"))
    ]


def test_a_sheet_with_three_bad_rows_saves_nothing_and_names_all_three(people):
    enterprise(people.unit, name="已建档企业有限公司", uscc=VALID_SHENZHEN)
    data = make_sheet(
        [
            ["统一社会信用代码", "企业名称", "成立日期"],
            [VALID, "昆明甲科技有限公司", "2020-05-06"],
            ["91530114MA6K5U8X6", "昆明乙科技有限公司", "2020-05-06"],  # 17 characters
            [VALID_SHENZHEN, "昆明丙科技有限公司", "2020-05-06"],  # already archived
            [make_uscc(7), "昆明丁科技有限公司", "2020-02-30"],  # no such day
        ]
    )
    plan = sheet.plan_import(people.unit, data)
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "统一社会信用代码"),
        (4, "统一社会信用代码"),
        (5, "成立日期"),
    ]
    assert [str(e) for e in plan.errors] == [
        "第 3 行·统一社会信用代码：“91530114MA6K5U8X6”不是有效的统一社会信用代码："
        "应为 18 位数字或大写字母（不含 I、O、S、V、Z）。",
        "第 4 行·统一社会信用代码：914403001922038216 已在档案中：已建档企业有限公司。",
        "第 5 行·成立日期：“2020-02-30”不是日期（请写成 2022-10-08）。",
    ]
    with pytest.raises(services.Refused) as caught:
        sheet.commit_import(people.unit, plan, actor=people.agent)
    assert len(caught.value.messages) == 3
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["已建档企业有限公司"]


def test_the_same_code_twice_in_a_file_names_the_second_row(people):
    data = make_sheet([["统一社会信用代码", "企业名称"], [VALID, "甲有限公司"], [VALID, "乙有限公司"]])
    plan = sheet.plan_import(people.unit, data)
    assert [str(e) for e in plan.errors] == ["第 3 行·统一社会信用代码：91530114MA6K5U8X61 与第 2 行重复。"]


def test_unknown_areas_staff_and_bad_phones_are_reported_by_row_and_column(people):
    data = make_sheet(
        [
            [
                "统一社会信用代码",
                "企业名称",
                "所属街道/园区",
                "服务专员",
                "联系电话",
                "重点级别",
                "行业门类",
                "行业大类",
            ],
            [VALID, "甲有限公司", "火星街道", "不存在的人", "12345", "", "C", "48"],
            [VALID_SHENZHEN, "乙有限公司", "", "孙丽", "", "区重点", "", ""],
        ]
    )
    plan = sheet.plan_import(people.unit, data)
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "联系电话"),
        (2, "所属街道/园区"),
        (2, "服务专员"),
        (2, "行业大类"),
        (3, "服务专员"),
    ]
    assert "“孙丽”不是本单位人员。" in str(plan.errors[-1])
    assert plan.rows == []


def test_a_key_level_alone_makes_a_key_enterprise(people):
    plan = sheet.plan_import(
        people.unit, make_sheet([["统一社会信用代码", "企业名称", "重点级别"], [VALID, "甲", "区重点"]])
    )
    assert [(r.enterprise.is_key, r.enterprise.key_level) for r in plan.rows] == [(True, "district")]


def test_a_good_sheet_archives_every_row_with_contacts_tags_and_the_audit_trail(people):
    area(people.unit, "斗南街道")
    data = make_sheet(
        [
            HEADERS[:4]
            + ["注册资本（万元）", "所属街道/园区", "企业来源", "重点级别", "服务专员", "联系人", "联系电话", "标签"],
            [
                VALID,
                "昆明甲科技有限公司",
                "昆明甲贸易有限公司",
                "张三",
                "500",
                "斗南街道",
                "外资",
                "省重点",
                "张敏",
                "王五",
                "13800001234",
                "专精特新、规上企业",
            ],
            [make_uscc(11), "昆明乙科技有限公司", "", "", "", "", "本地", "", "zhangmin", "", "", "规上企业"],
            [PILOT, "厦门试点有限公司", "", "", "", "", "外来内资", "", "", "", "", ""],
        ]
    )
    plan = sheet.plan_import(people.unit, data)
    assert plan.errors == []
    assert [str(w) for w in plan.warnings] == [
        "第 4 行·统一社会信用代码：91350203M0001QAY9B 的校验位不符：将作为早期试点代码保存。"
    ]
    created = sheet.commit_import(people.unit, plan, actor=people.agent, remote_addr="127.0.0.1")
    assert len(created) == 3
    first = Enterprise.objects.get(uscc=VALID)
    assert (first.name, first.former_names, first.origin, first.key_level, first.is_key) == (
        "昆明甲科技有限公司",
        "昆明甲贸易有限公司",
        Origin.FOREIGN,
        "province",
        True,
    )
    assert first.registered_capital == Decimal("5000000.00")
    assert first.area.name == "斗南街道" and first.service_officer == people.agent
    assert first.name_initials == "kmjkjyxgs kmjmyyxgs"
    assert list(first.contacts.values_list("name", "phone")) == [("王五", "13800001234")]
    assert sorted(first.tags.values_list("name", flat=True)) == ["专精特新", "规上企业"]
    assert Enterprise.objects.get(uscc=PILOT).uscc_confirmed is True
    types = ContentType.objects.get_for_models(Enterprise, Contact).values()
    entries = LogEntry.objects.filter(content_type__in=types, action=LogEntry.Action.CREATE)
    assert sorted(entries.values_list("object_repr", flat=True)) == sorted(
        ["昆明甲科技有限公司", "昆明乙科技有限公司", "厦门试点有限公司", "王五"]
    )
    assert {e["unit_id"] for e in entries.values_list("additional_data", flat=True)} == {people.unit.pk}
    assert LogEntry.objects.get_for_object(first).get().actor == people.agent


def test_similar_names_in_the_file_and_in_the_archive_are_warnings(people):
    enterprise(people.unit, name="云南省昆明市呈贡区云投建设有限公司", uscc=VALID_SHENZHEN)
    data = make_sheet(
        [
            ["统一社会信用代码", "企业名称"],
            [VALID, "云投建设（集团）股份有限公司"],
            [make_uscc(21), "斗南花卉有限公司"],
            [make_uscc(22), "斗南花卉有限责任公司"],
        ]
    )
    plan = sheet.plan_import(people.unit, data)
    assert plan.errors == []
    assert [str(w) for w in plan.warnings] == [
        "第 2 行·企业名称：“云投建设（集团）股份有限公司”与档案中的 云南省昆明市呈贡区云投建设有限公司 名称相似。",
        "第 4 行·企业名称：“斗南花卉有限责任公司”与第 3 行的名称相似。",
    ]
    assert len(sheet.commit_import(people.unit, plan, actor=None)) == 3


def test_an_export_imports_again_into_another_unit(people):
    for unit in (people.unit, people.other_unit):
        area(unit, "洛龙街道")
    company = enterprise(
        people.unit,
        name="昆明导出测试科技有限公司",
        uscc=VALID,
        former_names="昆明导出测试商贸有限公司\n导出测试经营部",
        legal_rep="赵六",
        registered_capital=Decimal("12345678.90"),
        founded_on=date(2015, 3, 4),
        industry_division="65",
        address="昆明市呈贡区春融街1号",
        area=people.unit and area(people.unit, "乌龙街道"),
        origin=Origin.DOMESTIC_EXTERNAL,
        is_key=True,
        key_level="city",
        scale="small",
        status="operating",
        archived_on=date(2022, 3, 1),
        note="备注内容",
    )
    company.tags.set(services._tags_for(people.unit, ["专精特新"]))
    contact(company, "钱七", "13912345678", "董事长")
    area(people.other_unit, "乌龙街道")
    data = sheet.export(Enterprise.objects.for_unit(people.unit), show_phones=True)
    rows = read_sheet(data)
    assert rows[0] == HEADERS
    assert rows[1][:8] == [
        VALID,
        "昆明导出测试科技有限公司",
        "昆明导出测试商贸有限公司；导出测试经营部",
        "赵六",
        1234.56789,
        rows[1][5],
        "I 信息传输、软件和信息技术服务业",
        "65 软件和信息技术服务业",
    ]
    plan = sheet.plan_import(people.other_unit, data)
    assert plan.errors == [] and plan.warnings == []
    [copy] = sheet.commit_import(people.other_unit, plan, actor=None)
    fields = [
        "uscc", "name", "former_names", "legal_rep", "registered_capital", "founded_on", "industry_section",
        "industry_division", "address", "origin", "is_key", "key_level", "scale", "status", "archived_on", "note",
        "name_key", "name_initials",
    ]  # fmt: skip
    original = Enterprise.objects.get(pk=company.pk)
    assert {f: getattr(copy, f) for f in fields} == {f: getattr(original, f) for f in fields}
    assert copy.area.name == "乌龙街道" and copy.area.unit == people.other_unit
    assert list(Contact.objects.filter(enterprise=copy).values_list("name", "post", "phone")) == [
        ("钱七", "董事长", "13912345678")
    ]
    assert list(copy.tags.values_list("name", flat=True)) == ["专精特新"]


def test_the_export_masks_phones_when_asked(people):
    contact(enterprise(people.unit), "钱七", "13912345678")
    rows = read_sheet(sheet.export(Enterprise.objects.for_unit(people.unit), show_phones=False))
    assert rows[1][HEADERS.index("联系电话")] == "139****5678"


def test_a_file_that_is_not_a_workbook_is_one_clear_error(people):
    plan = sheet.plan_import(people.unit, b"not a workbook")
    assert [str(e) for e in plan.errors] == ["第 0 行：无法按 Excel 工作簿（.xlsx）读取该文件。"]
    assert plan.ok is False
