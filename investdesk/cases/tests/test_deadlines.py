"""Deadlines in working days on the Chinese calendar with 调休, across 国庆 2022 and 春节 2023;
a pause stops the clock."""

from datetime import date

import chinese_calendar
import pytest
from django.urls import reverse
from django.utils import timezone

from investdesk.cases import queries, services
from investdesk.cases.clock import Pause, deadline, measure, pauses_from, used
from investdesk.cases.conf import CaseSettings
from investdesk.cases.models import AgencyCase, CaseEvent, CaseStatus
from investdesk.cases.tests.conftest import case_in, new_case
from investdesk.core.workdays import Calendar

CAL = Calendar()


# --- the clock itself (no database) ------------------------------------------------------------


def test_a_deadline_across_national_day_2022_counts_the_adjusted_saturday_and_sunday():
    # 2022-10-01…07 are holidays, Saturday 10-08 and Sunday 10-09 are working days (调休).
    assert deadline(CAL, date(2022, 9, 29), 3, [], date(2022, 9, 29)) == date(2022, 10, 9)
    assert deadline(CAL, date(2022, 9, 30), 1, [], date(2022, 9, 30)) == date(2022, 10, 8)
    on_saturday = measure(CAL, start=date(2022, 9, 29), promised=3, end=None, today=date(2022, 10, 8), due_soon=2)
    assert (on_saturday.used, on_saturday.remaining, on_saturday.due_soon, on_saturday.overdue) == (2, 1, True, False)
    after = measure(CAL, start=date(2022, 9, 29), promised=3, end=None, today=date(2022, 10, 10), due_soon=2)
    assert (after.used, after.overdue, after.mark) == (4, True, "overdue")


def test_a_deadline_across_spring_festival_2023():
    # 2023-01-21…27 are holidays, Saturday 01-28 and Sunday 01-29 are working days.
    assert deadline(CAL, date(2023, 1, 19), 3, [], date(2023, 1, 19)) == date(2023, 1, 29)
    assert deadline(CAL, date(2023, 1, 20), 5, [], date(2023, 1, 20)) == date(2023, 2, 1)
    assert used(CAL, date(2023, 1, 20), date(2023, 1, 27), [], date(2023, 1, 27)) == 0


def test_a_pause_of_three_working_days_gives_three_more_days():
    start = date(2022, 11, 1)
    assert deadline(CAL, start, 10, [], start) == date(2022, 11, 15)
    pause = Pause(date(2022, 11, 3), date(2022, 11, 8))  # Fri 4, Mon 7, Tue 8 do not count
    assert used(CAL, date(2022, 11, 3), date(2022, 11, 8), [], start) == 3
    assert deadline(CAL, start, 10, [pause], date(2022, 11, 20)) == date(2022, 11, 18)
    finished = measure(CAL, start=start, promised=10, end=date(2022, 11, 18), today=date(2022, 12, 1), due_soon=2,
                       pauses=[pause])  # fmt: skip
    assert (finished.used, finished.overdue, finished.finished) == (10, False, True)


def test_a_pause_across_national_day_skips_the_holiday_and_the_adjusted_days():
    start = date(2022, 9, 26)
    assert deadline(CAL, start, 5, [], start) == date(2022, 10, 8)
    pause = Pause(date(2022, 9, 28), date(2022, 10, 9))  # 9-29, 9-30, 10-08, 10-09 paused
    assert deadline(CAL, start, 5, [pause], date(2022, 10, 20)) == date(2022, 10, 12)


def test_an_open_pause_stops_the_clock_and_moves_the_deadline_day_by_day():
    start, pause = date(2022, 11, 1), [Pause(date(2022, 11, 3), None)]
    monday = measure(CAL, start=start, promised=10, end=None, today=date(2022, 11, 7), due_soon=2, pauses=pause)
    thursday = measure(CAL, start=start, promised=10, end=None, today=date(2022, 11, 10), due_soon=2, pauses=pause)
    assert (monday.used, monday.remaining, monday.stopped) == (2, 8, True)
    assert (thursday.used, thursday.remaining) == (2, 8)
    assert (monday.deadline, thursday.deadline) == (date(2022, 11, 17), date(2022, 11, 22))


def test_pauses_are_read_from_the_status_events():
    class E:
        def __init__(self, kind, from_status, to_status, on):
            self.kind, self.from_status, self.to_status, self.on = kind, from_status, to_status, on

    events = [
        E("status", "accepted", "in_progress", date(2022, 11, 1)),
        E("status", "in_progress", "paused", date(2022, 11, 3)),
        E("plan", "", "", date(2022, 11, 4)),
        E("status", "paused", "in_progress", date(2022, 11, 8)),
        E("status", "in_progress", "paused", date(2022, 11, 10)),
    ]
    assert pauses_from(events, paused="paused", status_kind="status") == [
        Pause(date(2022, 11, 3), date(2022, 11, 8)),
        Pause(date(2022, 11, 10), None),
    ]


# --- a case's deadlines ---------------------------------------------------------------------------


def figures_of(case, today, conf=None):
    rows = list(queries.with_clock_rows(AgencyCase.objects.filter(pk=case.pk)))
    queries.attach_figures(rows, Calendar.for_unit(case.unit), conf or CaseSettings(), today)
    return rows[0].figures


def test_acceptance_and_plan_deadlines_across_national_day(people):
    case = new_case(people.unit, applied_on=date(2022, 9, 30))
    figures = figures_of(case, date(2022, 10, 8))
    assert (figures.acceptance.deadline, figures.acceptance.mark) == (date(2022, 10, 8), "due_soon")
    assert figures_of(case, date(2022, 10, 9)).mark == "overdue"
    assert figures_of(case, date(2022, 10, 9), CaseSettings(acceptance_workdays=3)).acceptance.deadline == date(
        2022, 10, 10
    )
    services.change_status(case, "accept", actor=people.director, on=date(2022, 9, 30))
    figures = figures_of(case, date(2022, 10, 8))
    assert figures.acceptance.finished and not figures.acceptance.overdue
    assert (figures.plan.deadline, figures.plan.remaining) == (date(2022, 10, 10), 2)


def test_follow_up_visit_and_rating_window_across_spring_festival_2023(people):
    case = case_in(people, CaseStatus.IN_PROGRESS)
    case = services.change_status(case, "complete", actor=people.agent, on=date(2023, 1, 19), handover="施工许可证")
    figures = figures_of(case, date(2023, 1, 28))
    assert (figures.visit.deadline, figures.visit.used, figures.visit.mark) == (date(2023, 1, 31), 2, "")
    assert figures.rating_window.deadline == services.rating_window_end(case) == date(2023, 1, 31)
    assert figures_of(case, date(2023, 1, 30)).visit.mark == "due_soon"


@pytest.fixture
def planned(planned_item_case):
    return planned_item_case


def test_a_case_paused_for_three_working_days_has_three_more_days(people, planned):
    ((_entry, clock),) = figures_of(planned, date(2022, 11, 2)).items
    assert (clock.deadline, clock.used) == (date(2022, 11, 15), 1)
    services.change_status(planned, "pause", actor=people.agent, on=date(2022, 11, 3), reason="等待企业补充图纸")
    ((_entry, clock),) = figures_of(planned, date(2022, 11, 7)).items
    assert (clock.used, clock.stopped, clock.remaining) == (2, True, 8)
    services.change_status(planned, "resume", actor=people.agent, on=date(2022, 11, 8))
    ((_entry, clock),) = figures_of(planned, date(2022, 11, 15)).items
    assert (clock.deadline, clock.used, clock.remaining, clock.mark) == (date(2022, 11, 18), 7, 3, "")
    ((_entry, clock),) = figures_of(planned, date(2022, 11, 17)).items
    assert clock.mark == "due_soon"
    ((_entry, clock),) = figures_of(planned, date(2022, 11, 21)).items
    assert (clock.used, clock.mark) == (11, "overdue")


def test_the_case_page_shows_each_items_used_remaining_and_deadline(people, planned):
    page = people.client_for(people.viewer).get(reverse("cases:detail", args=[planned.pk])).text
    assert 'data-item-name="施工许可证"' in page
    assert '<span class="workdays-promised">10</span>' in page
    assert 'data-flag="overdue"' in page  # today is long after 2022-11-15
    assert 'id="paused-days" data-paused="0"' in page


def test_a_year_the_calendar_does_not_know_shows_the_warning(people):
    unknown = max(day.year for day in chinese_calendar.holidays) + 1
    case = new_case(people.unit)
    AgencyCase.objects.filter(pk=case.pk).update(applied_on=date(unknown, 3, 2))  # the form refuses future dates
    CaseEvent.objects.filter(case=case).update(on=date(unknown, 3, 2))
    page = people.client_for(people.viewer).get(reverse("cases:detail", args=[case.pk])).text
    assert 'id="calendar-warning"' in page and f"尚无{unknown}年的法定节假日安排，暂按周末休息计算" in page
    assert timezone.localdate().year < unknown
