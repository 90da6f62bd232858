from datetime import date

import pytest

from investdesk.core.models import CalendarDay
from investdesk.core.periods import Period
from investdesk.core.workdays import Calendar


def test_national_day_2022_is_skipped_and_its_tiaoxiu_saturdays_count():
    cal = Calendar()
    assert not cal.is_workday(date(2022, 10, 3))
    assert cal.is_workday(date(2022, 10, 8))  # 调休 Saturday
    assert cal.is_workday(date(2022, 10, 9))  # 调休 Sunday
    # Friday 30 September + 5 working days: 8, 9, 10, 11, 12 October
    assert cal.add_workdays(date(2022, 9, 30), 5) == date(2022, 10, 12)
    assert cal.workdays_between(date(2022, 9, 30), date(2022, 10, 12)) == 5
    assert cal.warning_text() is None


def test_plain_weeks_count_monday_to_friday():
    cal = Calendar()
    assert cal.add_workdays(date(2022, 6, 6), 5) == date(2022, 6, 13)
    assert cal.workdays_between(date(2022, 6, 13), date(2022, 6, 6)) == 0
    with pytest.raises(ValueError):
        cal.add_workdays(date(2022, 6, 6), -1)


def test_an_unknown_year_uses_weekends_and_warns():
    cal = Calendar()
    assert cal.add_workdays(date(2027, 9, 30), 1) == date(2027, 10, 1)
    assert "2027" in cal.warning_text()


@pytest.mark.django_db
def test_unit_entries_win_over_the_package(people):
    CalendarDay.objects.create(unit=people.unit, date=date(2027, 10, 1), is_workday=False, note="国庆")
    CalendarDay.objects.create(unit=people.unit, date=date(2022, 10, 10), is_workday=False, note="本地调整")
    cal = Calendar.for_unit(people.unit)
    assert cal.add_workdays(date(2027, 9, 30), 1) == date(2027, 10, 4)
    assert not cal.is_workday(date(2022, 10, 10))
    assert cal.warning_text() is None
    assert Calendar.for_unit(people.other_unit).is_workday(date(2022, 10, 10))


@pytest.mark.parametrize(
    "key, start, end",
    [
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
        ("2022-Q3", date(2022, 7, 1), date(2022, 9, 30)),
        ("2024-M02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022-YTD07", date(2022, 1, 1), date(2022, 7, 31)),
    ],
)
def test_periods_parse(key, start, end):
    period = Period.parse(key)
    assert (period.start, period.end, period.key) == (start, end, key)


@pytest.mark.parametrize("key", ["22", "2022-Q5", "2022-H0", "2022-X1", "2022-M13"])
def test_bad_periods_are_refused(key):
    with pytest.raises(ValueError):
        Period.parse(key)
