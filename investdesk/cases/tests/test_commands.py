"""send_reminders and default_ratings: idempotent, `--dry-run` writes nothing, safe from cron."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from investdesk.cases import services
from investdesk.cases.models import CaseStatus, Rating
from investdesk.cases.tests.conftest import case_in, new_case
from investdesk.core.models import Notification


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def notices() -> list[tuple]:
    return sorted(Notification.objects.values_list("user__username", "kind", "key", "title"))


@pytest.fixture
def scene(people):
    """On 2022-10-14: A's acceptance is due today, B's is overdue, C (办结 10-10, 差评 10-11) has its
    follow-up visit and its rectification due soon."""
    a = new_case(people.unit, applied_on=date(2022, 10, 13), requester_name="甲")
    b = new_case(people.unit, applied_on=date(2022, 10, 10), requester_name="乙")
    c = case_in(people, CaseStatus.COMPLETED)
    services.rate_case(c, level="dissatisfied", source="portal", on=date(2022, 10, 11))
    Notification.objects.all().delete()
    return a, b, c


def test_send_reminders_notifies_the_agent_and_the_director_once(people, scene):
    a, b, c = scene
    dry = run("send_reminders", "--dry-run", "--today", "2022-10-14")
    assert Notification.objects.count() == 0
    assert "6 notifications would be written (2022-10-14)" in dry
    assert f"chenggong: would notify 1: {a.number}：受理即将到期（期限 2022-10-14）" in dry
    first = run("send_reminders", "--today", "2022-10-14")
    assert "6 notifications written (2022-10-14)" in first
    assert notices() == sorted(
        [
            (
                "liqiang",
                "due_soon",
                f"case:{a.pk}:acceptance:due_soon:20221014",
                f"{a.number}：受理即将到期（期限 2022-10-14）",
            ),
            (
                "liqiang",
                "overdue",
                f"case:{b.pk}:acceptance:overdue:20221011",
                f"{b.number}：受理已超期（期限 2022-10-11）",
            ),
            (
                "liqiang",
                "due_soon",
                f"case:{c.pk}:visit:due_soon:20221017",
                f"{c.number}：回访即将到期（期限 2022-10-17）",
            ),
            (
                "zhangmin",
                "due_soon",
                f"case:{c.pk}:visit:due_soon:20221017",
                f"{c.number}：回访即将到期（期限 2022-10-17）",
            ),
            (
                "liqiang",
                "due_soon",
                f"case:{c.pk}:rectification:{c.rectifications.get().pk}:due_soon:20221018",
                f"{c.number}：整改即将到期（期限 2022-10-18）",
            ),
            (
                "zhangmin",
                "due_soon",
                f"case:{c.pk}:rectification:{c.rectifications.get().pk}:due_soon:20221018",
                f"{c.number}：整改即将到期（期限 2022-10-18）",
            ),
        ]
    )
    assert "0 notifications written" in run("send_reminders", "--today", "2022-10-14")
    assert len(notices()) == 6


def test_a_deadline_that_becomes_overdue_is_told_again(people, scene):
    run("send_reminders", "--today", "2022-10-14")
    out = run("send_reminders", "--today", "2022-10-18")
    # A overdue (director), C's visit overdue (agent, director); B unchanged; the rectification is due today.
    assert "3 notifications written (2022-10-18)" in out
    assert Notification.objects.filter(kind="overdue").count() == 4


def test_the_rating_window_closing_reminds_the_agent(people):
    case = case_in(people, CaseStatus.VISITED)
    out = run("send_reminders", "--today", "2022-10-14")
    assert f"{case.number}：评价期限即将到期（期限 2022-10-17）" in out
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"zhangmin", "liqiang"}


def test_a_paused_case_is_not_reminded_of_its_stopped_clock(people, planned_item_case):
    case = planned_item_case
    services.change_status(case, "pause", actor=people.agent, on=date(2022, 11, 3), reason="等材料")
    assert "0 notifications written" in run("send_reminders", "--today", "2022-12-30")


def test_send_reminders_refuses_an_unknown_unit_and_a_bad_date(people):
    with pytest.raises(CommandError, match="no unit with the code 'nowhere'"):
        run("send_reminders", "--unit", "nowhere")
    with pytest.raises(CommandError, match="--today: '2022-13-01' is not a date"):
        run("send_reminders", "--today", "2022-13-01")


def test_default_ratings_after_the_window_idempotent_and_dry_run(people):
    waiting = case_in(people, CaseStatus.COMPLETED)
    rated = case_in(people, CaseStatus.VISITED)
    services.rate_case(rated, level="satisfied", source="portal", on=date(2022, 10, 11))
    assert "0 default ratings given (2022-10-17)" in run("default_ratings", "--today", "2022-10-17")
    dry = run("default_ratings", "--dry-run", "--today", "2022-10-18")
    assert f"chenggong: would rate {waiting.number} “basic” by default (window closed 2022-10-17)" in dry
    assert Rating.objects.filter(case=waiting).count() == 0
    assert "1 default ratings given" in run("default_ratings", "--today", "2022-10-18")
    assert "0 default ratings given" in run("default_ratings")
    rating = Rating.objects.get(case=waiting)
    assert (rating.level, rating.is_default, rating.source) == ("basic", True, "default")
    assert Rating.objects.count() == 2
