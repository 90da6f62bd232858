"""好差评 (RULES.md §4): one rating per finished case, the rating window, default ratings, and the
rectification every 差评 opens; what the requester sees on the portal."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from investdesk.cases import services
from investdesk.cases.models import CaseStatus, Rating, Rectification
from investdesk.cases.tests.conftest import case_in
from investdesk.core.models import Notification

COMPLETED_ON = date(2022, 10, 10)  # the fixed path's 办结; the window runs to 2022-10-17


def rows() -> tuple:
    return (
        list(Rating.objects.values()),
        list(Rectification.objects.values()),
    )


@pytest.fixture
def completed(people):
    return case_in(people, CaseStatus.COMPLETED)


@pytest.mark.parametrize("status", [s for s in CaseStatus.values if s not in ("completed", "visited", "archived")])
def test_a_rating_before_completion_is_refused(people, status):
    case = case_in(people, status)
    with pytest.raises(services.Refused) as refused:
        services.rate_case(case, level="satisfied", source="portal", on=date(2022, 10, 12))
    label = case.get_status_display()
    assert refused.value.messages == [f"只有已办结的代办件才能评价；此件为“{label}”。"]
    assert rows() == ([], [])


@pytest.mark.parametrize("status", ["completed", "visited", "archived"])
def test_a_finished_case_is_rated_once(people, status):
    case = case_in(people, status)
    rating = services.rate_case(case, level="very_satisfied", comment="很专业", source="portal", on=date(2022, 10, 12))
    assert (rating.level, rating.source, rating.is_default, rating.rated_by, rating.unit_id) == (
        "very_satisfied", "portal", False, None, people.unit.pk,
    )  # fmt: skip
    before = rows()
    with pytest.raises(services.Refused) as refused:
        services.rate_case(case, level="dissatisfied", source="portal", on=date(2022, 10, 13))
    assert refused.value.messages == ["此件已评价；每件只能评价一次。"]
    assert rows() == before


def test_a_rating_is_taken_within_the_window_only(people, completed):
    assert services.rating_window_end(completed) == date(2022, 10, 17)
    with pytest.raises(services.Refused) as refused:
        services.rate_case(completed, level="satisfied", source="portal", on=date(2022, 10, 18))
    assert refused.value.messages == ["评价期限已于 2022-10-17 截止；该件默认为“基本满意”。"]
    with pytest.raises(services.Refused) as refused:
        services.rate_case(completed, level="satisfied", source="portal", on=date(2022, 10, 7))
    assert refused.value.messages == ["日期：评价不能早于办结日期（2022-10-10）。"]
    assert rows() == ([], [])
    assert services.rate_case(completed, level="satisfied", source="portal", on=date(2022, 10, 17)).level == "satisfied"


@pytest.mark.parametrize(
    ("level", "source", "actor", "message"),
    [
        ("excellent", "portal", None, "评价：请在五个等级中选择一个。"),
        ("satisfied", "default", None, "来源：评价来自网上或电话回访。"),
        ("satisfied", "portal", "agent", "网上评价由申请人本人作出，工作人员不能代为评价。"),
        ("satisfied", "phone", None, "只有主任和该件的代办员可以登记电话回访评价。"),
        ("satisfied", "phone", "viewer", "只有主任和该件的代办员可以登记电话回访评价。"),
        ("satisfied", "phone", "outsider", "只有主任和该件的代办员可以登记电话回访评价。"),
    ],
)
def test_bad_rating_input_is_refused_with_a_clear_message(people, completed, level, source, actor, message):
    user = getattr(people, actor) if actor else None
    with pytest.raises(services.Refused) as refused:
        services.rate_case(completed, level=level, source=source, actor=user, on=date(2022, 10, 11))
    assert refused.value.messages == [message]
    assert rows() == ([], [])


def test_the_agent_records_a_rating_taken_by_phone(people, completed):
    rating = services.rate_case(completed, level="basic", source="phone", actor=people.agent, on=date(2022, 10, 11))
    assert (rating.source, rating.rated_by, rating.is_good, rating.is_bad) == ("phone", people.agent, True, False)
    assert not Rectification.objects.exists()


@pytest.mark.parametrize("level", ["dissatisfied", "very_dissatisfied"])
def test_a_bad_rating_opens_a_rectification_due_in_five_working_days(
    people, completed, level, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rating = services.rate_case(completed, level=level, comment="太慢", source="portal", on=date(2022, 10, 11))
    rectification = rating.rectification
    assert (rectification.opened_on, rectification.due_on) == (date(2022, 10, 11), date(2022, 10, 18))
    assert (rectification.responsible, rectification.status, rectification.case) == (people.agent, "open", completed)
    titles = set(Notification.objects.filter(kind="bad_rating").values_list("user__username", "title"))
    expected = f"代办件 {completed.number} 收到差评：请于 2022-10-18 前整改"
    assert titles == {("zhangmin", expected), ("liqiang", expected)}


def test_a_rectification_due_date_crosses_national_day(people):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    case = services.change_status(case, "complete", actor=people.agent, on=date(2022, 9, 29), handover="备案证明")
    rating = services.rate_case(case, level="dissatisfied", source="portal", on=date(2022, 9, 30))
    assert rating.rectification.due_on == date(2022, 10, 12)  # 10-08, 09, 10, 11, 12


def test_the_rectification_is_followed_up_and_closed_in_order(people, completed):
    rating = services.rate_case(completed, level="dissatisfied", source="portal", on=date(2022, 10, 11))
    rectification = rating.rectification
    before = model_to_dict(Rectification.objects.get(pk=rectification.pk))
    with pytest.raises(ValidationError) as refused:
        services.close_rectification(rectification, actor=people.agent, result="", requester_reply="")
    assert refused.value.message_dict == {
        "followed_up_on": ["请先登记对申请人的回访。"],
        "result": ["请填写整改结果。"],
        "requester_reply": ["请登记申请人的反馈。"],
    }
    with pytest.raises(ValidationError) as refused:
        services.record_rectification_followup(
            rectification, actor=people.agent, followed_up_on=date(2022, 10, 10), follow_up_note=""
        )
    assert refused.value.message_dict == {
        "follow_up_note": ["请填写回访时申请人的意见。"],
        "followed_up_on": ["回访日期不能早于差评日期。"],
    }
    with pytest.raises(services.NotAllowed):
        services.update_rectification(rectification, actor=people.viewer, responsible=people.agent, measures="x")
    assert model_to_dict(Rectification.objects.get(pk=rectification.pk)) == before
    services.update_rectification(
        rectification, actor=people.director, responsible=people.director, measures="专人跟进"
    )
    services.record_rectification_followup(
        rectification, actor=people.director, followed_up_on=date(2022, 10, 12), follow_up_note="已致歉"
    )
    done = services.close_rectification(
        rectification,
        actor=people.director,
        result="建立一次性告知",
        requester_reply="认可",
        closed_on=date(2022, 10, 14),
    )
    assert (done.status, done.closed_on, done.responsible, done.followed_up_on) == (
        "done", date(2022, 10, 14), people.director, date(2022, 10, 12),
    )  # fmt: skip
    with pytest.raises(services.Refused) as refused:
        services.close_rectification(done, actor=people.director, result="x", requester_reply="y")
    assert refused.value.messages == ["该整改已办结。"]


def test_a_default_rating_is_given_after_the_window_only_once(people, completed):
    assert services.give_default_rating(completed, today=date(2022, 10, 17)) is None
    rating = services.give_default_rating(completed, today=date(2022, 10, 18))
    assert (rating.level, rating.source, rating.is_default, rating.comment) == ("basic", "default", True, "")
    assert rating.rated_at.date() == date(2022, 10, 17)
    assert services.give_default_rating(completed, today=date(2022, 10, 19)) is None
    assert Rating.objects.count() == 1 and not Rectification.objects.exists()
    with pytest.raises(services.Refused):
        services.rate_case(completed, level="very_satisfied", source="phone", actor=people.agent, on=date(2022, 10, 12))


def test_public_progress_shows_steps_items_and_the_rating_but_no_phone_or_internal_note(people, completed):
    services.rate_case(completed, level="satisfied", source="portal", on=date(2022, 10, 11))
    progress = services.public_progress(completed)
    assert [(p["at"], p["status"], p["text"]) for p in progress] == [
        (date(2022, 9, 26), "已申请", "您的申请已收到。"),
        (date(2022, 9, 26), "已申请", "您的代办员：张敏。"),
        (date(2022, 9, 27), "已受理", "您的申请已受理。"),
        (date(2022, 9, 28), "代办中", "代办员已开始代办。"),
        (date(2022, 10, 10), "已办结", "已办结，材料已移交给您。"),
        (date(2022, 10, 11), "已办结", "已收到评价：满意。"),
    ]
    text = repr(progress)
    assert "138" not in text and "备案证明" not in text


def test_public_progress_tells_the_reason_of_a_pause_and_a_refusal(people):
    paused = case_in(people, CaseStatus.PAUSED)
    assert services.public_progress(paused)[-1]["text"] == "暂停，等待您补充：等待企业补充土地证明材料"
    rejected = case_in(people, CaseStatus.REJECTED)
    assert services.public_progress(rejected)[-1] == {
        "at": date(2022, 9, 27),
        "status": "不予受理",
        "text": "您的申请不予受理：不属于代办范围",
    }
