"""The projects services: validation naming the field, transitions as data, events on the timeline."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from investdesk.enterprises.timeline import entries_for
from investdesk.projects import services
from investdesk.projects.catalogue import SEED
from investdesk.projects.models import (
    ITEM_BACKWARD,
    ITEM_TRANSITIONS,
    STATUS_TRANSITIONS,
    ApprovalItem,
    ApprovalType,
    CatalogueItem,
    EventKind,
    FollowUp,
    InvestmentProject,
    ItemStatus,
    ProjectEvent,
    Stage,
    Status,
    is_backward,
)
from investdesk.projects.tests.conftest import code, make_enterprise, make_project
from tests.personas import make_user


def names(project) -> list[str]:
    return list(project.approval_items.order_by("position").values_list("name", flat=True))


def error_of(caught, field: str) -> str:
    return " ".join(caught.value.message_dict[field])


# --- catalogue and items -------------------------------------------------------------------------


def test_the_catalogue_is_seeded_once(people):
    assert services.ensure_catalogue(people.unit) == len(SEED)
    assert services.ensure_catalogue(people.unit) == 0
    assert CatalogueItem.objects.for_unit(people.unit).count() == len(SEED)
    assert {c.stage for c in CatalogueItem.objects.for_unit(people.unit)} == set(Stage.values)


def test_a_filing_project_gets_the_filing_items_and_a_ratification_project_the_ratification_items(people, enterprise):
    filing = make_project(people.unit, enterprise, approval_type=ApprovalType.FILING, project_code=code(1))
    ratified = make_project(people.unit, enterprise, approval_type=ApprovalType.RATIFICATION, project_code=code(2))
    common = ["用地预审与选址意见书", "环境影响评价审批（环评批复）", "建设用地规划许可证", "设计方案审查",
              "建设工程规划许可证", "施工图审查", "消防设计审查", "施工许可证",
              "联合验收（规划、土地、消防、人防、档案）", "竣工验收备案"]  # fmt: skip
    assert names(filing) == ["项目备案", *common]
    assert names(ratified) == ["项目核准", *common]
    ratification = ratified.approval_items.get(name="项目核准")
    assert (ratification.time_limit_workdays, ratification.extension_workdays, ratification.limit_workdays) == (
        20,
        10,
        20,
    )
    assert ratification.department == "区发展和改革局" and ratification.stage == Stage.LAND_PLANNING


def test_an_inactive_catalogue_item_is_not_given_to_new_projects(people, enterprise):
    services.ensure_catalogue(people.unit)
    CatalogueItem.objects.for_unit(people.unit).filter(name="设计方案审查").update(is_active=False)
    assert "设计方案审查" not in names(make_project(people.unit, enterprise))


def test_changing_the_approval_type_swaps_untouched_items_and_keeps_those_with_progress(people, project):
    site = project.approval_items.get(name="用地预审与选址意见书")
    services.record_item(
        site, actor=people.agent, fields={"status": ItemStatus.SUBMITTED, "submitted_on": date(2022, 3, 2)}
    )
    filing = project.approval_items.get(name="项目备案")
    services.update_project(project, actor=people.agent, fields={"approval_type": ApprovalType.RATIFICATION})
    assert not ApprovalItem.objects.filter(pk=filing.pk).exists()
    assert names(project)[0] == "项目核准"
    assert project.approval_items.get(pk=site.pk).status == ItemStatus.SUBMITTED


def test_a_touched_item_that_no_longer_applies_is_kept(people, project):
    filing = project.approval_items.get(name="项目备案")
    services.record_item(
        filing, actor=people.agent, fields={"status": ItemStatus.SUBMITTED, "submitted_on": date(2022, 3, 2)}
    )
    services.update_project(project, actor=people.agent, fields={"approval_type": ApprovalType.RATIFICATION})
    assert project.approval_items.filter(name__in=["项目备案", "项目核准"]).count() == 2


# --- project validation ---------------------------------------------------------------------------


def test_a_duplicate_code_is_refused_and_nothing_is_saved(people, project):
    with pytest.raises(ValidationError) as caught:
        make_project(people.unit, project.enterprise, name="另一个项目", project_code=project.project_code)
    assert "已被本单位的另一个项目使用" in error_of(caught, "project_code")
    assert (
        InvestmentProject.objects.count() == 1 and ApprovalItem.objects.filter(project__name="另一个项目").count() == 0
    )


def test_the_same_code_in_another_unit_is_its_own_business(people, project):
    other = make_project(people.other_unit, make_enterprise(people.other_unit), project_code=project.project_code)
    assert other.project_code == project.project_code


@pytest.mark.parametrize(
    "value, words",
    [
        ("2022-530114-04-01", "5 段"),
        ("2022-530112-04-01-123456", "第2段（地区代码）530112"),
        ("1990-530114-04-01-123456", "第1段（年份）1990"),
        ("2022-530114-04-x1-123456", "第4段（项目类型）"),
    ],
)
def test_a_malformed_code_or_a_wrong_region_is_refused_naming_the_field(people, enterprise, value, words):
    with pytest.raises(ValidationError) as caught:
        make_project(people.unit, enterprise, project_code=value)
    assert words in error_of(caught, "project_code")
    assert InvestmentProject.objects.count() == 0


def test_the_units_region_setting_decides(people, enterprise):
    services.update_settings(people.unit, actor=people.admin, values={"region_code": "530112"})
    with pytest.raises(ValidationError):
        make_project(people.unit, enterprise, project_code=code(1))
    assert make_project(people.unit, enterprise, project_code=code(1, region="530112")).pk


def test_only_a_project_in_negotiation_may_lack_its_code(people, enterprise):
    with pytest.raises(ValidationError) as caught:
        make_project(people.unit, enterprise, project_code="", status=Status.SIGNED)
    assert "只有在谈项目" in error_of(caught, "project_code")
    assert make_project(people.unit, enterprise, project_code="", status=Status.NEGOTIATING, signed_on=None).pk


def test_out_of_order_dates_are_refused_naming_the_later_field(people, enterprise):
    with pytest.raises(ValidationError) as caught:
        make_project(
            people.unit, enterprise, land_acquired_on=date(2022, 5, 1), land_document="contract",
            construction_permit_on=date(2022, 4, 30),
        )  # fmt: skip
    assert "施工许可日期（2022-04-30）不能早于拿地日期（2022-05-01）" in error_of(caught, "construction_permit_on")
    assert InvestmentProject.objects.count() == 0


def test_a_status_needs_its_date_and_a_land_date_its_document(people, enterprise):
    with pytest.raises(ValidationError) as caught:
        make_project(people.unit, enterprise, status=Status.UNDER_CONSTRUCTION, land_acquired_on=date(2022, 4, 1))
    assert "开工日期" in error_of(caught, "started_on")
    assert "出让合同" in error_of(caught, "land_document")


def test_a_future_date_is_refused(people, enterprise):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        make_project(people.unit, enterprise, signed_on=tomorrow)
    assert "不能晚于今天" in error_of(caught, "signed_on")


def test_an_enterprise_of_another_unit_is_refused(people):
    foreign = make_enterprise(people.other_unit)
    with pytest.raises(ValidationError) as caught:
        make_project(people.unit, foreign)
    assert "enterprise" in caught.value.message_dict
    assert InvestmentProject.objects.count() == 0


# --- project status -----------------------------------------------------------------------------------

STATUS_DATES = {
    Status.NEGOTIATING: {},
    Status.SIGNED: {"signed_on": date(2022, 3, 1)},
    Status.PREPARING: {"signed_on": date(2022, 3, 1)},
    Status.UNDER_CONSTRUCTION: {"signed_on": date(2022, 3, 1), "started_on": date(2022, 5, 1)},
    Status.COMPLETED: {"signed_on": date(2022, 3, 1), "started_on": date(2022, 5, 1), "completed_on": date(2022, 9, 1)},
    Status.IN_PRODUCTION: {
        "signed_on": date(2022, 3, 1), "started_on": date(2022, 5, 1), "completed_on": date(2022, 9, 1),
        "production_on": date(2022, 10, 1),
    },
}  # fmt: skip


@pytest.mark.parametrize("start", Status.values)
@pytest.mark.parametrize("target", Status.values)
def test_every_status_pair_is_allowed_or_refused_as_declared(people, enterprise, start, target):
    project = make_project(people.unit, enterprise, status=start, **{"signed_on": None, **STATUS_DATES[start]})
    before = InvestmentProject.objects.filter(pk=project.pk).values().get()
    on = date(2022, 11, 1)
    if target in STATUS_TRANSITIONS[start]:
        back = is_backward(start, target)
        if back:  # a step back is refused until confirmed, and the refusal changes nothing
            with pytest.raises(ValidationError) as caught:
                services.change_status(project, actor=people.agent, to=target, on=on)
            assert "status" in caught.value.message_dict
            assert InvestmentProject.objects.filter(pk=project.pk).values().get() == before
        changed = services.change_status(project, actor=people.agent, to=target, on=on, confirm_back=back)
        assert changed.status == target
        event = ProjectEvent.objects.filter(project=project, kind=EventKind.STATUS).get()
        assert (event.from_status, event.to_status, event.actor) == (start, target, people.agent)
    else:
        with pytest.raises(ValidationError) as caught:
            services.change_status(project, actor=people.agent, to=target, on=on)
        assert "status" in caught.value.message_dict
        assert InvestmentProject.objects.filter(pk=project.pk).values().get() == before
        assert not ProjectEvent.objects.filter(project=project, kind=EventKind.STATUS).exists()


def test_moving_forward_records_the_date_and_a_confirmed_step_back_clears_it_saying_so(people, project):
    services.change_status(project, actor=people.agent, to=Status.UNDER_CONSTRUCTION, on=date(2022, 6, 1))
    project.refresh_from_db()
    assert project.started_on == date(2022, 6, 1)
    with pytest.raises(ValidationError) as caught:
        services.change_status(project, actor=people.agent, to=Status.PREPARING)
    assert caught.value.message_dict["status"] == [
        "从“在建”退回“前期”是更正误操作。将清除开工日期（2022-06-01）。勾选确认后才能退回。"
    ]
    project.refresh_from_db()
    assert (project.status, project.started_on) == (Status.UNDER_CONSTRUCTION, date(2022, 6, 1))
    services.change_status(project, actor=people.agent, to=Status.PREPARING, note="误点", confirm_back=True)
    project.refresh_from_db()
    assert (project.status, project.started_on) == (Status.PREPARING, None)
    event = ProjectEvent.objects.filter(project=project, kind=EventKind.STATUS).first()
    assert (event.to_status, event.note) == (Status.PREPARING, "误点 已清除：开工日期 2022-06-01。")


def test_a_step_forward_keeps_every_date_already_recorded(people, project):
    """Defect 6: a status change never clears a date it was not confirmed to clear."""
    services.change_status(project, actor=people.agent, to=Status.UNDER_CONSTRUCTION, on=date(2022, 6, 1))
    services.change_status(project, actor=people.agent, to=Status.COMPLETED, on=date(2022, 9, 1))
    project.refresh_from_db()
    assert (project.signed_on, project.started_on, project.completed_on) == (
        date(2022, 3, 1),
        date(2022, 6, 1),
        date(2022, 9, 1),
    )


def test_moving_forward_without_the_date_is_refused_naming_it(people, project):
    with pytest.raises(ValidationError) as caught:
        services.change_status(project, actor=people.agent, to=Status.UNDER_CONSTRUCTION)
    assert "开工日期" in error_of(caught, "started_on")
    project.refresh_from_db()
    assert project.status == Status.PREPARING


def test_only_a_project_in_negotiation_can_be_deleted(people, enterprise, project):
    with pytest.raises(ValidationError):
        services.delete_project(project, actor=people.director)
    assert InvestmentProject.objects.filter(pk=project.pk).exists()
    talk = make_project(
        people.unit, enterprise, project_code="", status=Status.NEGOTIATING, signed_on=None, name="在谈"
    )
    services.delete_project(talk, actor=people.director)
    assert not InvestmentProject.objects.filter(pk=talk.pk).exists()


# --- approval items -------------------------------------------------------------------------------------------

ITEM_DATES = {
    ItemStatus.NOT_STARTED: {},
    ItemStatus.NOT_NEEDED: {},
    ItemStatus.SUBMITTED: {"submitted_on": date(2022, 9, 28)},
    ItemStatus.ACCEPTED: {"submitted_on": date(2022, 9, 28), "accepted_on": date(2022, 9, 29)},
    ItemStatus.COMPLETED: {
        "submitted_on": date(2022, 9, 28), "accepted_on": date(2022, 9, 29), "completed_on": date(2022, 10, 10),
    },
}  # fmt: skip
EMPTY = {"submitted_on": None, "accepted_on": None, "completed_on": None}


@pytest.mark.parametrize("start", ItemStatus.values)
@pytest.mark.parametrize("target", ItemStatus.values)
def test_every_item_status_pair_is_allowed_or_refused_as_declared(people, project, start, target):
    item = project.approval_items.get(name="施工许可证")
    ApprovalItem.objects.filter(pk=item.pk).update(status=start, **{**EMPTY, **ITEM_DATES[start]})
    before = ApprovalItem.objects.filter(pk=item.pk).values().get()
    fields = {"status": target, **EMPTY, **ITEM_DATES[target]}
    if target == start or target in ITEM_TRANSITIONS[start]:
        back = target in ITEM_BACKWARD.get(start, ())
        if back:  # a step back is refused until confirmed, and the refusal changes nothing
            with pytest.raises(ValidationError) as caught:
                services.record_item(item, actor=people.agent, fields=fields)
            assert list(caught.value.message_dict) == ["confirm_back"]
            assert ApprovalItem.objects.filter(pk=item.pk).values().get() == before
        assert services.record_item(item, actor=people.agent, fields=fields, confirm_back=back).status == target
    else:
        with pytest.raises(ValidationError) as caught:
            services.record_item(item, actor=people.agent, fields=fields)
        assert "status" in caught.value.message_dict
        assert ApprovalItem.objects.filter(pk=item.pk).values().get() == before
        assert not ProjectEvent.objects.filter(item=item).exists()


def test_completing_an_item_needs_a_completion_date(people, project):
    item = project.approval_items.get(name="施工许可证")
    with pytest.raises(ValidationError) as caught:
        services.record_item(
            item, actor=people.agent, fields={"status": ItemStatus.COMPLETED, "accepted_on": date(2022, 9, 29)}
        )
    assert "办结日期" in error_of(caught, "completed_on")
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED and item.accepted_on is None


@pytest.mark.parametrize(
    "dates, field, words",
    [
        ({"submitted_on": date(2022, 9, 30), "accepted_on": date(2022, 9, 29), "completed_on": date(2022, 10, 10)},
         "accepted_on", "受理日期（2022-09-29）不能早于申报日期（2022-09-30）"),
        ({"submitted_on": None, "accepted_on": date(2022, 10, 11), "completed_on": date(2022, 10, 10)},
         "completed_on", "办结日期（2022-10-10）不能早于受理日期（2022-10-11）"),
    ],
)  # fmt: skip
def test_out_of_order_item_dates_are_refused_naming_the_field(people, project, dates, field, words):
    item = project.approval_items.get(name="施工许可证")
    with pytest.raises(ValidationError) as caught:
        services.record_item(item, actor=people.agent, fields={"status": ItemStatus.COMPLETED, **dates})
    assert words in error_of(caught, field)
    assert ApprovalItem.objects.get(pk=item.pk).status == ItemStatus.NOT_STARTED


def test_an_item_not_started_carries_no_dates(people, project):
    item = project.approval_items.get(name="施工许可证")
    with pytest.raises(ValidationError) as caught:
        services.record_item(
            item, actor=people.agent, fields={"status": ItemStatus.NOT_STARTED, "accepted_on": date(2022, 9, 29)}
        )
    assert "accepted_on" in caught.value.message_dict


def test_completing_an_item_shows_on_the_enterprises_timeline(people, project):
    item = project.approval_items.get(name="施工许可证")
    services.record_item(
        item,
        actor=people.agent,
        fields={"status": ItemStatus.COMPLETED, "accepted_on": date(2022, 9, 29), "completed_on": date(2022, 10, 10),
                "document_number": "530114202210100101"},
    )  # fmt: skip
    entries = entries_for(project.enterprise)
    done = [e for e in entries if e.kind == "projects.approval_item"]
    assert len(done) == 1
    assert done[0].title == "“呈贡智能制造产业园项目”的施工许可证：已办结"
    assert done[0].at == date(2022, 10, 10)
    assert done[0].detail == "文号 530114202210100101"
    assert done[0].actor == "张敏"
    assert done[0].url == f"/projects/{project.pk}/"
    assert any(e.kind == "projects.project" and "呈贡智能制造产业园项目" in e.title for e in entries)


def test_status_changes_and_followups_show_on_the_timeline(people, project):
    services.change_status(project, actor=people.agent, to=Status.UNDER_CONSTRUCTION, on=date(2022, 6, 1))
    services.add_followup(
        project,
        actor=people.agent,
        fields={"followed_on": date(2022, 6, 2), "content": "协调施工用电", "next_step": "回访"},
    )
    entries = [e for e in entries_for(project.enterprise) if e.kind.startswith("projects.")]
    # Registered today (newest), then the follow-up of 2022-06-02 and the start of 2022-06-01.
    assert [e.kind for e in entries] == ["projects.project", "projects.followup", "projects.status"]
    assert entries[2].title == "投资项目“呈贡智能制造产业园项目”：前期 → 在建"
    assert entries[2].at == date(2022, 6, 1)
    assert entries[1].detail == "协调施工用电\n下一步：回访" and entries[1].actor == "张敏"


def test_the_timeline_providers_use_a_fixed_number_of_queries(people, enterprise):
    from investdesk.projects.timeline import event_entries, followup_entries

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            event_entries(enterprise)
            followup_entries(enterprise)
        return len(ctx.captured_queries)

    make_project(people.unit, enterprise, project_code=code(1))
    few = count()
    for n in range(2, 8):
        project = make_project(people.unit, enterprise, project_code=code(n))
        services.add_followup(project, actor=people.agent, fields={"followed_on": date(2022, 6, 2), "content": "x"})
    assert count() == few == 2


def test_a_timeline_shows_only_its_enterprises_projects(people, project):
    other = make_enterprise(people.unit, "昆明另一家有限公司", n=2)
    assert [e for e in entries_for(other) if e.kind.startswith("projects.")] == []


# --- follow-ups and settings -----------------------------------------------------------------------------------------


def test_a_followup_by_someone_outside_the_unit_is_refused(people, project):
    with pytest.raises(ValidationError) as caught:
        services.add_followup(
            project,
            actor=people.agent,
            fields={"followed_on": date(2022, 6, 2), "staff": people.outsider, "content": "x"},
        )
    assert "staff" in caught.value.message_dict
    assert FollowUp.objects.count() == 0


def test_a_followups_next_step_cannot_come_before_it(people, project):
    with pytest.raises(ValidationError) as caught:
        services.add_followup(
            project, actor=people.agent,
            fields={"followed_on": date(2022, 6, 2), "content": "x", "next_on": date(2022, 6, 1)},
        )  # fmt: skip
    assert "next_on" in caught.value.message_dict


def test_a_former_member_is_still_a_valid_staff_member_of_old_records(people, project):
    user = make_user("former", "前同事", people.unit, "agent")
    followup = services.add_followup(
        project, actor=people.agent, fields={"followed_on": date(2022, 6, 2), "staff": user, "content": "x"}
    )
    assert followup.staff == user


def test_settings_are_checked_and_stored(people):
    conf = services.update_settings(
        people.unit, actor=people.admin, values={"region_code": "530114", "accepted_region_codes": ["530100"],
                                                  "land_to_start_threshold_workdays": 15}
    )  # fmt: skip
    people.unit.refresh_from_db()
    assert people.unit.settings["projects"]["land_to_start_threshold_workdays"] == 15
    assert conf.region_codes == ("530114", "530100")
    with pytest.raises(ValueError, match="region_code"):
        services.update_settings(people.unit, actor=people.admin, values={"region_code": "5301"})
