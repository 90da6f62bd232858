"""The countdown badge: working days left, due today, overdue, on the Chinese calendar."""

from datetime import date

import pytest
from django.utils import translation

from investdesk.core.countdown import countdown
from investdesk.core.workdays import Calendar

# National Day 2022: 1–7 October off, Saturday 8 and Sunday 9 October are 调休 working days.
DUE = date(2022, 10, 10)  # Monday


@pytest.mark.parametrize(
    ("today", "days", "state", "zh", "en"),
    [
        (date(2022, 9, 29), 4, "left", "还剩 4 个工作日", "4 working days left"),  # 30 Sep, 8, 9, 10 Oct
        (date(2022, 10, 8), 2, "soon", "还剩 2 个工作日", "2 working days left"),
        (date(2022, 10, 9), 1, "soon", "还剩 1 个工作日", "1 working day left"),
        (DUE, 0, "today", "今天到期", "due today"),
        (date(2022, 10, 11), -1, "overdue", "逾期 1 个工作日", "1 working day overdue"),
        (date(2022, 10, 17), -5, "overdue", "逾期 5 个工作日", "5 working days overdue"),
    ],
)
def test_the_badge_counts_working_days_across_the_holiday(today, days, state, zh, en):
    found = countdown(DUE, today, Calendar(), soon_days=2)
    assert (found.due, found.days, found.state) == (DUE, days, state)
    with translation.override("zh-hans"):
        assert found.label == zh
    with translation.override("en"):
        assert found.label == en


def test_a_due_date_on_friday_is_passed_but_not_a_working_day_late_on_saturday():
    found = countdown(date(2022, 6, 10), date(2022, 6, 11), Calendar())
    assert (found.days, found.state, found.css) == (0, "overdue", "danger")
    with translation.override("zh-hans"):
        assert found.label == "已到期"


def test_no_due_date_gives_no_badge():
    assert countdown(None, DUE, Calendar()) is None
