"""Unit switching, the permission map, unit details, members and the audit trail."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from investdesk.accounts.models import Membership, Role
from investdesk.accounts.permissions import ALL_PERMISSIONS, ROLE_PERMISSIONS, role_can
from investdesk.core.models import Unit


def test_every_role_has_an_entry_in_the_permission_map():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    for perms in ROLE_PERMISSIONS.values():
        assert perms <= ALL_PERMISSIONS


def test_unknown_permissions_are_a_programming_error():
    with pytest.raises(ValueError):
        role_can(Role.DIRECTOR, "launch.rockets")


@pytest.mark.parametrize(
    "role, perm, allowed",
    [
        (Role.VIEWER, "view", True),
        (Role.VIEWER, "ledger.edit", False),
        (Role.AGENT, "ledger.edit", True),
        (Role.AGENT, "audit.view", False),
        (Role.FINANCE, "budget.edit", True),
        (Role.DIRECTOR, "performance.approve", True),
        (Role.FINANCE, "performance.approve", False),
        (Role.ADMIN, "unit.manage", True),
        (Role.DIRECTOR, "unit.manage", False),
    ],
)
def test_the_permission_map(role, perm, allowed):
    assert role_can(role, perm) is allowed


def test_the_dashboard_shows_the_unit_and_the_role(people):
    response = people.client_for(people.finance).get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert "昆明市呈贡区投资服务中心" in response.text
    assert "当前用户：王芳，角色：财务" in response.text


def test_a_user_without_membership_gets_the_chinese_403_page(people):
    Membership.objects.filter(user=people.viewer).update(is_active=False)
    response = people.client_for(people.viewer).get(reverse("dashboard:index"))
    assert response.status_code == 403
    assert "无权访问" in response.text


def test_unknown_pages_get_the_chinese_404_page(people):
    response = people.client_for(people.viewer).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.text


def test_a_user_in_two_units_switches_between_them(people):
    Membership.objects.create(user=people.director, unit=people.other_unit, role=Role.VIEWER)
    client = people.client_for(people.director)
    assert "当前用户：李强，角色：主任" in client.get(reverse("dashboard:index")).text
    response = client.post(reverse("accounts:switch_unit"), {"unit": people.other_unit.pk, "next": "/dashboard/"})
    assert response.status_code == 302
    page = client.get(reverse("dashboard:index")).text
    assert '<h1 class="h4 mb-1" id="dashboard-unit">外单位投资服务中心</h1>' in page
    assert "角色：只读" in page


def test_switching_to_a_unit_one_is_not_a_member_of_is_refused(people):
    client = people.client_for(people.agent)
    client.post(reverse("accounts:switch_unit"), {"unit": people.other_unit.pk})
    page = client.get(reverse("dashboard:index")).text
    assert 'id="dashboard-unit">昆明市呈贡区投资服务中心<' in page


def test_switch_unit_refuses_an_outside_redirect(people):
    client = people.client_for(people.agent)
    response = client.post(reverse("accounts:switch_unit"), {"unit": people.unit.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("persona", ["agent", "finance", "viewer", "director"])
def test_only_the_admin_edits_the_unit(people, persona):
    response = people.client_for(getattr(people, persona)).post(reverse("accounts:unit_edit"), {"name": "x"})
    assert response.status_code == 403
    assert Unit.objects.get(pk=people.unit.pk).name == "昆明市呈贡区投资服务中心"


def _unit_form(**overrides):
    data = {
        "name": "昆明市呈贡区投资服务中心",
        "uscc": "12530121MB1E44219W",
        "address": "呈祥街",
        "phone": "0871-67483280",
        "legal_rep": "孙浩",
        "funding_source": "财政全额拨款",
        "department": "区政务服务管理局",
        "profile": "",
    }
    data.update(overrides)
    return data


def test_the_admin_edits_the_unit_and_the_change_is_audited_with_actor_and_ip(people):
    client = people.client_for(people.admin)
    response = client.post(
        reverse("accounts:unit_edit"), _unit_form(address="呈祥街下沉广场C区"), REMOTE_ADDR="10.20.30.40"
    )
    assert response.status_code == 302
    people.unit.refresh_from_db()
    assert people.unit.address == "呈祥街下沉广场C区"
    entry = LogEntry.objects.get_for_object(people.unit).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == people.admin
    assert entry.remote_addr == "10.20.30.40"
    assert entry.changes_dict["address"] == ["", "呈祥街下沉广场C区"]


def test_a_bad_uscc_is_refused_with_a_message_naming_the_field(people):
    client = people.client_for(people.admin)
    response = client.post(reverse("accounts:unit_edit"), _unit_form(uscc="ABC", address="changed"))
    assert response.status_code == 200
    assert 'data-field-error="uscc"' in response.text
    assert "不是有效的统一社会信用代码" in response.text
    people.unit.refresh_from_db()
    assert people.unit.address == ""


def test_a_uscc_failing_its_check_is_saved_only_after_confirmation(people):
    client = people.client_for(people.admin)
    response = client.post(reverse("accounts:unit_edit"), _unit_form(uscc="91350203M0001QAY9B"))
    assert response.status_code == 200
    assert "校验位不符" in response.text
    assert 'name="confirm_uscc"' in response.text
    people.unit.refresh_from_db()
    assert people.unit.uscc == "12530121MB1E44219W"
    response = client.post(reverse("accounts:unit_edit"), _unit_form(uscc="91350203M0001QAY9B", confirm_uscc="on"))
    assert response.status_code == 302
    people.unit.refresh_from_db()
    assert people.unit.uscc == "91350203M0001QAY9B"


def test_the_admin_adds_a_member_with_a_policy_checked_password(people):
    client = people.client_for(people.admin)
    weak = client.post(
        reverse("accounts:members"), {"username": "liuyang", "full_name": "刘洋", "role": "agent", "password": "123"}
    )
    assert weak.status_code == 200
    assert "密码太短" in weak.text
    assert not Membership.objects.filter(user__username="liuyang").exists()
    ok = client.post(
        reverse("accounts:members"),
        {"username": "liuyang", "full_name": "刘洋", "role": "agent", "password": "Dai-ban-2022!"},
    )
    assert ok.status_code == 302
    assert Membership.objects.get(user__username="liuyang").role == Role.AGENT


def test_the_last_admin_cannot_demote_themselves(people):
    client = people.client_for(people.admin)
    membership = Membership.objects.get(user=people.admin)
    response = client.post(
        reverse("accounts:member_change", args=[membership.pk]), {"role": "viewer", "is_active": "on"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_the_admin_changes_a_role(people):
    membership = Membership.objects.get(user=people.viewer)
    people.client_for(people.admin).post(
        reverse("accounts:member_change", args=[membership.pk]), {"role": "agent", "is_active": "on"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.AGENT


@pytest.mark.parametrize(
    "persona, status", [("director", 200), ("admin", 200), ("agent", 403), ("viewer", 403), ("finance", 403)]
)
def test_the_audit_trail_is_for_director_and_admin(people, persona, status):
    assert people.client_for(getattr(people, persona)).get(reverse("accounts:audit_log")).status_code == status


def test_the_audit_trail_shows_only_the_units_changes_and_filters(people):
    people.client_for(people.admin).post(reverse("accounts:unit_edit"), _unit_form(address="呈祥街一号"))
    Unit.objects.filter(pk=people.other_unit.pk)  # the other unit's creation is logged too
    client = people.client_for(people.director)
    page = client.get(reverse("accounts:audit_log")).text
    assert "呈祥街一号" in page
    assert "外单位投资服务中心" not in page
    filtered = client.get(reverse("accounts:audit_log"), {"actor": people.admin.pk, "action": "1"}).text
    assert "呈祥街一号" in filtered
    none = client.get(reverse("accounts:audit_log"), {"actor": people.director.pk, "action": "1"}).text
    assert "呈祥街一号" not in none
    assert "没有符合条件的变更记录" in none


def test_the_audit_filter_reports_a_reversed_date_range(people):
    page = (
        people.client_for(people.director)
        .get(reverse("accounts:audit_log"), {"date_from": "2022-12-31", "date_to": "2022-01-01"})
        .text
    )
    assert "截止日期早于起始日期。" in page


def test_the_audit_page_keeps_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    client = people.client_for(people.director)
    for n in range(30):
        Membership.objects.filter(user=people.viewer).update(role=Role.VIEWER)
        people.unit.address = f"地址{n}"
        people.unit.save()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:audit_log"))
    for n in range(60):
        people.unit.address = f"更多地址{n}"
        people.unit.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:audit_log"))


def test_the_500_page_is_chinese_and_needs_no_database(rf):
    from investdesk.core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()


def test_the_admin_enters_a_later_years_holiday_and_deadlines_follow_it(people):
    from datetime import date

    from investdesk.core.models import CalendarDay
    from investdesk.core.workdays import Calendar

    client = people.client_for(people.admin)
    response = client.post(reverse("accounts:calendar"), {"date": "2027-10-01", "is_workday": "0", "note": "国庆节"})
    assert response.status_code == 302
    entry = CalendarDay.objects.get(unit=people.unit)
    assert (entry.date, entry.is_workday, entry.note) == (date(2027, 10, 1), False, "国庆节")
    assert Calendar.for_unit(people.unit).add_workdays(date(2027, 9, 30), 1) == date(2027, 10, 4)
    client.post(reverse("accounts:calendar_delete", args=[entry.pk]))
    assert not CalendarDay.objects.exists()


def test_a_bad_calendar_date_is_refused_naming_the_field(people):
    from investdesk.core.models import CalendarDay

    response = people.client_for(people.admin).post(
        reverse("accounts:calendar"), {"date": "2027-02-30", "is_workday": "0"}
    )
    assert response.status_code == 200
    assert 'data-field-error="date"' in response.text
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize("persona", ["director", "agent", "viewer", "finance"])
def test_only_the_admin_changes_the_calendar(people, persona):
    from investdesk.core.models import CalendarDay

    client = people.client_for(getattr(people, persona))
    assert client.get(reverse("accounts:calendar")).status_code == 200
    assert client.post(reverse("accounts:calendar"), {"date": "2027-10-01", "is_workday": "0"}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_notifications_are_written_once_per_key_and_read_by_their_owner(people, django_assert_max_num_queries):
    from investdesk.core.models import Notification
    from investdesk.core.notify import Notice, notify

    notice = Notice(key="case:1:due", kind="due_soon", title="代办件即将到期", url="/dashboard/")
    assert notify(people.unit, [people.agent, people.director], notice, dry_run=True) == 2
    assert Notification.objects.count() == 0
    assert notify(people.unit, [people.agent, people.director], notice) == 2
    assert notify(people.unit, [people.agent, people.director], notice) == 0
    client = people.client_for(people.agent)
    page = client.get(reverse("accounts:notifications")).text
    assert 'id="unread-count">1<' in page and "代办件即将到期" in page
    mine = Notification.objects.get(user=people.agent)
    response = client.post(reverse("accounts:notification_open", args=[mine.pk]))
    assert response["Location"] == "/dashboard/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert Notification.objects.get(user=people.director).read_at is None
    theirs = Notification.objects.get(user=people.director)
    assert client.post(reverse("accounts:notification_open", args=[theirs.pk])).status_code == 404
    for n in range(60):
        notify(people.unit, [people.agent], Notice(key=f"k{n}", kind="x", title=f"第{n}条"))
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:notifications"))
    client.post(reverse("accounts:notifications_read_all"))
    assert not Notification.objects.filter(user=people.agent, read_at__isnull=True).exists()


def _logged(unit, model, changes: dict, action=LogEntry.Action.CREATE) -> LogEntry:
    from django.contrib.contenttypes.models import ContentType

    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="1",
        object_repr="走访记录",
        action=action,
        changes=changes,
        additional_data={"unit_id": unit.pk},
    )


def test_the_audit_page_shows_reverse_relations_many_to_many_and_odd_values_without_failing(people):
    # Regression: entries written by auditlog for a visit listed its reverse relation "appeals"
    # ('ManyToOneRel' object has no attribute 'choices') and its staff as an m2m dict (too many
    # values to unpack): the whole audit page answered 500.
    from investdesk.outreach.models import Visit

    _logged(people.unit, Visit, {"appeals": ["None", "outreach.Appeal.None"], "findings": ["", "了解用电困难"]})
    _logged(people.unit, Visit, {"staff": {"type": "m2m", "operation": "add", "objects": ["zhangmin", "liqiang"]}})
    _logged(people.unit, Visit, {"staff": {"type": "m2m", "operation": "delete", "objects": ["liqiang"]}})
    _logged(people.unit, Visit, {"findings": "一个旧格式的值"})
    response = people.client_for(people.director).get(reverse("accounts:audit_log"))
    assert response.status_code == 200
    page = response.text
    assert "了解用电困难" in page
    assert "zhangmin、liqiang" in page
    assert "liqiang → ∅" in page
    assert "一个旧格式的值" in page
    assert "outreach.Appeal.None" not in page


def test_new_audit_entries_leave_out_reverse_relations(people):
    from datetime import date

    from investdesk.outreach.tests.conftest import key_enterprise, make_visit

    enterprise = key_enterprise(people.unit, "昆明审计测试有限公司", 1)
    visit = make_visit(people.unit, enterprise, date(2022, 3, 1), staff=[people.agent])
    entry = LogEntry.objects.get_for_object(visit).get(action=LogEntry.Action.CREATE)
    assert "findings" in entry.changes_dict
    assert "appeals" not in entry.changes_dict


def test_the_audit_page_shows_local_times_yes_no_people_by_name_and_skips_empty_fields(people):
    from investdesk.portal.models import PortalRequest

    _logged(
        people.unit,
        PortalRequest,
        {
            "submitted_at": ["None", "2026-12-03 19:59:27.384521"],  # auditlog writes UTC
            "uscc_check_failed": ["None", "False"],
            "handled_by": ["None", str(people.director.pk)],
            "reject_reason": ["", ""],
        },
    )
    page = people.client_for(people.director).get(reverse("accounts:audit_log")).text
    assert "2026-12-04 03:59:27" in page
    assert "19:59:27" not in page
    assert "∅ → 否" in page
    assert "∅ → 李强" in page
    assert "不予受理的理由" not in page
    assert "新建" in page and "create" not in page.split('id="audit-table"')[1]
