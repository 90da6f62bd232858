"""The countdown of a case's working-day clock (the badge of the case list and page)."""

from datetime import date

from django.utils import translation

from investdesk.cases.clock import Clock
from investdesk.core.countdown import from_clock


def test_a_clock_counts_its_promised_days_and_a_stopped_clock_says_so():
    running = Clock(date(2022, 9, 26), 5, 3, date(2022, 10, 9), False, False, False)
    found = from_clock(running, date(2022, 9, 29), soon_days=2)
    assert (found.due, found.days, found.state) == (date(2022, 10, 9), 2, "soon")
    late = Clock(date(2022, 9, 26), 5, 8, date(2022, 10, 9), False, True, False)
    assert from_clock(late, date(2022, 10, 12)).days == -3
    stopped = Clock(date(2022, 9, 26), 5, 3, date(2022, 10, 9), False, False, False, stopped=True)
    with translation.override("zh-hans"):
        assert from_clock(stopped, date(2022, 9, 29)).label == "计时暂停"
    finished = Clock(date(2022, 9, 26), 5, 4, date(2022, 10, 9), True, False, False)
    assert from_clock(finished, date(2022, 9, 29)) is None
