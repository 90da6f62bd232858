"""The archive's rules, through its services: codes, similar names, contacts, the service plan, areas."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from investdesk.core.identifiers import USCC_CHECKSUM
from investdesk.enterprises import industries, services
from investdesk.enterprises.models import (
    PLAN_TRANSITIONS,
    Contact,
    Enterprise,
    KeyLevel,
    Origin,
    PlanStatus,
    ServicePlanItem,
)
from investdesk.enterprises.tests.factories import PILOT, VALID, VALID_SHENZHEN, area, enterprise


def create(unit, **fields):
    fields.setdefault("name", "云南呈贡示例科技有限公司")
    return services.create_enterprise(unit, actor=None, fields=fields)


def test_it_archives_an_enterprise_with_its_derived_names(people):
    made = services.create_enterprise(
        people.unit,
        actor=people.agent,
        fields={
            "uscc": "91530114ma6k5u8x61 ",
            "name": "云南省昆明市呈贡区云投建设有限公司",
            "former_names": "呈贡云投工程有限公司",
            "origin": Origin.DOMESTIC_EXTERNAL,
            "is_key": True,
            "key_level": KeyLevel.CITY,
            "industry_division": "48",
            "registered_capital": Decimal("5000000.00"),
        },
        tags=["专精特新", "规上企业", "专精特新"],
    )
    made.refresh_from_db()
    assert made.uscc == VALID
    assert made.uscc_confirmed is False
    assert made.name_key == "云投建设"
    assert made.name_initials == "ynskmscgqytjsyxgs cgytgcyxgs"
    assert made.industry_section == "E"
    assert sorted(made.tags.values_list("name", flat=True)) == ["专精特新", "规上企业"]
    assert made.archived_on == timezone.localdate()


def test_it_rejects_an_invalid_uscc_naming_the_field(people):
    with pytest.raises(ValidationError) as caught:
        create(people.unit, uscc="91530114MA6K5U8X6")
    assert caught.value.message_dict == {
        "uscc": ["“91530114MA6K5U8X6”不是有效的统一社会信用代码：应为 18 位数字或大写字母（不含 I、O、S、V、Z）。"]
    }
    assert Enterprise.objects.count() == 0


def test_a_pilot_code_that_fails_the_check_is_saved_only_after_confirmation(people):
    with pytest.raises(ValidationError) as caught:
        create(people.unit, uscc=PILOT)
    assert caught.value.error_dict["uscc"][0].code == USCC_CHECKSUM
    assert Enterprise.objects.count() == 0

    made = create(people.unit, uscc=PILOT, uscc_confirmed=True)
    assert (made.uscc, made.uscc_confirmed) == (PILOT, True)


def test_confirming_a_valid_code_keeps_no_confirmation(people):
    made = create(people.unit, uscc=VALID, uscc_confirmed=True)
    assert made.uscc_confirmed is False


def test_the_same_uscc_twice_in_one_unit_is_refused_but_allowed_in_another(people):
    create(people.unit, uscc=VALID, name="甲公司")
    with pytest.raises(ValidationError) as caught:
        create(people.unit, uscc=VALID, name="乙公司")
    assert caught.value.message_dict == {"uscc": ["统一社会信用代码 91530114MA6K5U8X61 已在档案中：甲公司。"]}
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["甲公司"]

    other = create(people.other_unit, uscc=VALID, name="乙公司")
    assert other.unit == people.other_unit


def test_a_similar_name_asks_for_confirmation_before_saving(people):
    first = create(people.unit, uscc=VALID, name="云南省昆明市呈贡区云投建设有限公司")
    with pytest.raises(services.SimilarNames) as caught:
        create(people.unit, uscc=VALID_SHENZHEN, name="云投建设（集团）股份有限公司")
    assert caught.value.matches == [first]
    assert Enterprise.objects.count() == 1

    second = services.create_enterprise(
        people.unit,
        actor=None,
        fields={"uscc": VALID_SHENZHEN, "name": "云投建设（集团）股份有限公司"},
        confirm_similar=True,
    )
    assert Enterprise.objects.count() == 2
    # Editing another field of the pair does not ask again; only a changed name does.
    services.update_enterprise(second, actor=None, fields={"legal_rep": "张三"})
    assert Enterprise.objects.get(pk=second.pk).legal_rep == "张三"


@pytest.mark.parametrize(
    "a, b, close",
    [
        ("斗南花卉城", "斗南花卉园", True),
        ("七彩云南花卉", "七彩云南花木", True),
        ("云投建设", "云投建材", False),  # short names only match when equal
        ("呈贡花卉物流", "呈贡花卉科技", False),
    ],
)
def test_very_close_names_count_as_similar(a, b, close):
    assert services.names_are_close(a, b) is close


def test_similar_names_of_another_unit_are_not_shown(people):
    create(people.other_unit, uscc=VALID, name="云投建设有限公司")
    assert services.similar_enterprises(people.unit, "云投建设股份有限公司") == []


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"key_level": KeyLevel.CITY}, "key_level", "只有重点企业才有重点级别。"),
        ({"is_key": True}, "key_level", "请选择重点企业的级别。"),
        (
            {"industry_section": "C", "industry_division": "48"},
            "industry_division",
            "大类 48 土木工程建筑业 属于门类 E 建筑业，不属于 C。",
        ),
        ({"founded_on": date.today() + timedelta(days=3)}, "founded_on", "成立日期晚于今天。"),
        ({"registered_capital": Decimal("-1")}, "registered_capital", "确保该值大于或等于0。"),
    ],
)
def test_inconsistent_fields_are_refused_by_name(people, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        create(people.unit, uscc=VALID, **fields)
    assert caught.value.message_dict[field] == [message]
    assert Enterprise.objects.count() == 0


def test_the_industry_list_has_20_sections_and_97_divisions():
    assert list(industries.SECTIONS) == list("ABCDEFGHIJKLMNOPQRST")
    assert list(industries.DIVISIONS) == [f"{n:02d}" for n in range(1, 98)]
    assert {section for section, _name in industries.DIVISIONS.values()} == set(industries.SECTIONS)
    assert industries.parse_division("39 计算机、通信和其他电子设备制造业") == "39"
    assert industries.parse_division("1") == "01"
    assert industries.parse_section("C 制造业") == industries.parse_section("制造业") == "C"
    with pytest.raises(ValueError):
        industries.parse_section("Z")


def test_a_contact_phone_is_checked_and_compacted(people):
    company = enterprise(people.unit)
    saved = services.save_contact(company, actor=None, fields={"name": "王经理", "phone": "138 1234 5678"})
    assert Contact.objects.get(pk=saved.pk).phone == "13812345678"
    with pytest.raises(ValidationError) as caught:
        services.save_contact(company, actor=None, fields={"name": "李经理", "phone": "12345"})
    assert list(caught.value.message_dict) == ["phone"]
    assert Contact.objects.count() == 1


def test_every_plan_status_change_follows_the_transition_table(people):
    company = enterprise(people.unit)
    for old in PlanStatus.values:
        for new in PlanStatus.values:
            item = ServicePlanItem.objects.create(
                unit=people.unit,
                enterprise=company,
                content="协助申报专精特新",
                status=old,
                done_on=timezone.localdate() if old == PlanStatus.DONE else None,
            )
            allowed = old == new or new in PLAN_TRANSITIONS[old]
            if allowed:
                services.save_plan_item(company, actor=None, fields={"status": new}, item=item)
                assert ServicePlanItem.objects.get(pk=item.pk).status == new
            else:
                with pytest.raises(ValidationError):
                    services.save_plan_item(company, actor=None, fields={"status": new}, item=item)
                assert ServicePlanItem.objects.get(pk=item.pk).status == old


def test_a_done_item_gets_its_done_date_and_an_open_one_loses_it(people):
    company = enterprise(people.unit)
    item = services.save_plan_item(
        company, actor=None, fields={"content": "对接银行融资", "owner": people.agent, "due_on": date(2022, 5, 1)}
    )
    assert item.is_overdue(date(2022, 5, 2)) is True
    assert item.is_overdue(date(2022, 5, 1)) is False
    services.save_plan_item(company, actor=None, fields={"status": PlanStatus.DONE}, item=item)
    item.refresh_from_db()
    assert (item.status, item.done_on) == (PlanStatus.DONE, timezone.localdate())
    assert item.is_overdue(date(2030, 1, 1)) is False
    services.save_plan_item(company, actor=None, fields={"status": PlanStatus.IN_PROGRESS}, item=item)
    item.refresh_from_db()
    assert item.done_on is None


def test_a_plan_item_owner_must_work_in_the_unit(people):
    company = enterprise(people.unit)
    with pytest.raises(ValidationError) as caught:
        services.save_plan_item(company, actor=None, fields={"content": "走访", "owner": people.outsider})
    assert list(caught.value.message_dict) == ["owner"]
    assert ServicePlanItem.objects.count() == 0


def test_an_area_in_use_cannot_be_deleted(people):
    street = area(people.unit)
    enterprise(people.unit, area=street)
    with pytest.raises(services.Refused) as caught:
        services.delete_area(street, actor=None)
    assert caught.value.messages == ["吴家营街道 不能删除：有 1 家企业属于该街道/园区。"]
    with pytest.raises(ValidationError):
        services.save_area(people.unit, actor=None, fields={"name": " 吴家营街道 ", "kind": "street", "position": 1})
