"""Working-day figures on the Chinese calendar with 调休 (RULES.md §5, §9)."""

from dataclasses import dataclass
from datetime import date

import chinese_calendar

from investdesk.core.workdays import Calendar
from investdesk.projects.figures import item_figures, land_figures, stage_progress, whole_process_workdays
from investdesk.projects.models import ItemStatus, Stage

UNKNOWN_YEAR = max(day.year for day in chinese_calendar.holidays) + 1


@dataclass
class Item:
    status: str
    accepted_on: date | None = None
    completed_on: date | None = None
    stage: str = Stage.CONSTRUCTION
    limit_workdays: int = 7


@dataclass
class Project:
    land_acquired_on: date | None = None
    construction_permit_on: date | None = None
    started_on: date | None = None


def test_an_item_across_national_day_2022_counts_the_tiaoxiu_saturday_and_sunday():
    # Accepted Thu 2022-09-29, completed Mon 2022-10-10. Working days after acceptance up to and
    # including completion: Fri 09-30 (1); 10-01…10-07 国庆 off; Sat 10-08 and Sun 10-09 are 调休
    # working days (2, 3); Mon 10-10 (4). So exactly 4.
    item = Item(ItemStatus.COMPLETED, date(2022, 9, 29), date(2022, 10, 10), limit_workdays=3)
    figures = item_figures(item, Calendar(), date(2022, 12, 31), 3)
    assert figures.used == 4
    assert figures.overdue is True
    assert figures.deadline == date(2022, 10, 9)  # 09-30, 10-08, 10-09: the third working day
    assert figures.remaining is None and figures.due_soon is False


def test_an_open_item_counts_to_today_and_is_flagged_before_it_is_overdue():
    item = Item(ItemStatus.ACCEPTED, date(2022, 9, 29), limit_workdays=7)
    # To Sat 2022-10-08: 09-30 and the 调休 Saturday 10-08 → 2 used, 5 left.
    assert item_figures(item, Calendar(), date(2022, 10, 8), 5).due_soon is True
    figures = item_figures(item, Calendar(), date(2022, 10, 8), 3)
    assert (figures.used, figures.remaining, figures.due_soon, figures.overdue) == (2, 5, False, False)
    # To Wed 2022-10-12: 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 → 6 used, 1 left.
    figures = item_figures(item, Calendar(), date(2022, 10, 12), 3)
    assert (figures.used, figures.remaining, figures.due_soon, figures.overdue) == (6, 1, True, False)
    figures = item_figures(item, Calendar(), date(2022, 10, 14), 3)
    assert (figures.used, figures.remaining, figures.overdue) == (8, -1, True)


def test_a_submitted_item_has_not_started_its_clock():
    figures = item_figures(Item(ItemStatus.SUBMITTED), Calendar(), date(2022, 10, 14), 3)
    assert figures.used is None and figures.deadline is None and not figures.overdue


def test_the_units_own_calendar_days_win_over_the_package():
    calendar = Calendar(overrides={date(2022, 10, 10): False})  # a local day off
    item = Item(ItemStatus.COMPLETED, date(2022, 9, 29), date(2022, 10, 11))
    assert item_figures(item, calendar, date(2022, 12, 31), 3).used == 4


def test_a_year_the_calendar_does_not_know_counts_weekends_only_and_warns():
    calendar = Calendar()
    start = date(UNKNOWN_YEAR, 1, 5)
    item = Item(ItemStatus.COMPLETED, start, date(UNKNOWN_YEAR, 1, 19))
    used = item_figures(item, calendar, date(UNKNOWN_YEAR, 2, 1), 3).used
    assert used == sum(1 for d in range(6, 20) if date(UNKNOWN_YEAR, 1, d).weekday() < 5)
    assert str(UNKNOWN_YEAR) in calendar.warning_text()


def test_land_to_permit_and_land_to_start_and_the_threshold():
    # Land Mon 2022-09-26; permit Fri 2022-09-30 → 4 (27, 28, 29, 30); start Wed 2022-10-12 →
    # 27, 28, 29, 30, 10-08, 10-09, 10-10, 10-11, 10-12 → 9 working days.
    project = Project(date(2022, 9, 26), date(2022, 9, 30), date(2022, 10, 12))
    figures = land_figures(project, Calendar(), threshold=9)
    assert (figures.land_to_permit, figures.land_to_start, figures.reaches_threshold) == (4, 9, True)
    assert land_figures(project, Calendar(), threshold=8).reaches_threshold is False


def test_no_land_date_no_figures():
    figures = land_figures(Project(None, date(2022, 9, 30), date(2022, 10, 12)), Calendar(), threshold=20)
    assert (figures.land_to_permit, figures.land_to_start, figures.reaches_threshold) == (None, None, False)


def test_stage_progress_counts_done_of_applicable_and_stage_spans():
    items = [
        Item(ItemStatus.COMPLETED, date(2022, 3, 1), date(2022, 3, 4), Stage.LAND_PLANNING),  # Tue → Fri
        Item(ItemStatus.COMPLETED, date(2022, 3, 2), date(2022, 3, 10), Stage.LAND_PLANNING),  # → Thu
        Item(ItemStatus.NOT_NEEDED, stage=Stage.LAND_PLANNING),
        Item(ItemStatus.ACCEPTED, date(2022, 4, 1), stage=Stage.ENGINEERING),
        Item(ItemStatus.NOT_STARTED, stage=Stage.ENGINEERING),
    ]
    stages = stage_progress(items, Calendar(), date(2022, 4, 8))
    assert [(s.stage, s.done, s.applicable) for s in stages] == [
        ("land_planning", 2, 2),
        ("engineering", 0, 2),
        ("construction", 0, 0),
        ("acceptance", 0, 0),
    ]
    # Stage 1 (parallel items): 2022-03-01 → 2022-03-10 = 7 working days. Stage 2, still running:
    # Fri 04-01 → today Fri 04-08: Sat 04-02 is a 调休 working day, 04-03…04-05 are 清明, then
    # 04-06, 04-07, 04-08 → 4.
    assert [s.workdays for s in stages] == [7, 4, None, None]
    assert whole_process_workdays(stages) == 11
    assert stages[0].complete and stages[0].percent == 100 and stages[1].percent == 0
