"""The publicity metrics for a period, with exact values worked out by hand, the year boundary
(31 Dec 23:59 and 1 Jan 00:00 in Asia/Shanghai) and “the latest snapshot wins”."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.publicity.dates import local_day
from investdesk.publicity.tests.conftest import make_article, make_batch, make_material, snap

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
# The last minute of 2022 and the first of 2023 in Beijing; as UTC instants they are both on 31 December.
LAST_MINUTE = datetime(2022, 12, 31, 23, 59, tzinfo=SHANGHAI)
FIRST_MINUTE = datetime(2023, 1, 1, 0, 0, tzinfo=SHANGHAI)
NAMES = [
    "publicity.materials_distributed",
    "publicity.materials_printed",
    "publicity.articles_published",
    "publicity.media_attention",
    "publicity.views",
]


def value(name: str, unit, key: str) -> Decimal:
    result = metrics.compute(name, unit, Period.parse(key))
    assert result.error is None
    return result.value


def test_the_boundary_instants_fall_on_the_local_days():
    assert LAST_MINUTE.astimezone(UTC).date() == FIRST_MINUTE.astimezone(UTC).date() == date(2022, 12, 31)
    assert local_day(LAST_MINUTE) == local_day(LAST_MINUTE.astimezone(UTC)) == date(2022, 12, 31)
    assert local_day(FIRST_MINUTE) == local_day(FIRST_MINUTE.astimezone(UTC)) == date(2023, 1, 1)
    assert local_day("2022-12-31T15:59:00Z") == date(2022, 12, 31)
    assert local_day("2022-12-31T16:00:00Z") == date(2023, 1, 1)


@pytest.fixture
def ledger(people):
    unit = people.unit
    guide = make_material(unit)
    make_batch(guide, date(2021, 12, 31), printed=50, distributed=20)
    make_batch(guide, date(2022, 1, 1), distributed=10)
    make_batch(guide, date(2022, 6, 30), printed=30, distributed=25)
    make_batch(guide, local_day(LAST_MINUTE.astimezone(UTC)), distributed=5)
    make_batch(guide, local_day(FIRST_MINUTE.astimezone(UTC)), distributed=7)
    a1 = make_article(unit, "去年的稿件", day=date(2021, 12, 31))
    snap(a1, date(2021, 12, 31), views=7)
    snap(a1, date(2022, 1, 5), views=100)  # read in 2022, but published in 2021: 2021's attention
    a2 = make_article(unit, "新年第一篇", day=date(2022, 1, 1))
    snap(a2, date(2022, 1, 3), views=10, likes=1)
    snap(a2, date(2022, 3, 1), views=30, likes=2, follows=1, shares=3, comments=4)  # 40: the latest by year end
    snap(a2, local_day(FIRST_MINUTE), views=99)  # 2023-01-01 00:00: after the year
    a3 = make_article(unit, "新年第一篇", day=date(2022, 6, 30), channel="website")  # same piece, second channel
    snap(a3, date(2022, 7, 1), views=20)
    snap(a3, date(2022, 12, 31), views=25, likes=5)  # 30
    a4 = make_article(unit, "年末报道", day=local_day(LAST_MINUTE), channel="press")
    snap(a4, local_day(LAST_MINUTE), views=8)  # 2022-12-31 23:59: counts
    snap(a4, local_day(FIRST_MINUTE.astimezone(UTC)), views=50)  # 2023-01-01 00:00 (as UTC): does not
    make_article(unit, "还没有快照的稿件", day=date(2022, 3, 1))
    a5 = make_article(unit, "新年短视频", day=local_day(FIRST_MINUTE), channel="short_video")
    snap(a5, date(2023, 1, 2), views=11)
    return unit


@pytest.mark.parametrize(
    "key, expected",
    [
        ("2021", [20, 50, 1, 7, 7]),
        ("2022", [40, 30, 4, 78, 63]),  # 10+25+5 copies; a2, a3, a4 and the one without snapshot; 40+30+8
        ("2023", [7, 0, 1, 11, 11]),
        ("2022-H1", [35, 30, 3, 40, 30]),  # a3 was published on 06-30 but has no snapshot by then
        ("2022-Q1", [10, 0, 2, 40, 30]),
        ("2022-Q4", [5, 0, 1, 8, 8]),
        ("2022-M12", [5, 0, 1, 8, 8]),
    ],
)
def test_every_metric_for_the_period(ledger, key, expected):
    assert [value(name, ledger, key) for name in NAMES] == [Decimal(n) for n in expected]


def test_the_latest_snapshot_wins_even_when_the_platform_corrected_it_down(people):
    article = make_article(people.unit)
    snap(article, date(2022, 5, 1), views=40, likes=6, shares=4)  # 50
    snap(article, date(2022, 9, 1), views=38, likes=5, shares=2)  # 45: spam views removed by the platform
    snap(article, date(2022, 6, 1), views=39, likes=6, shares=3)  # entered later, dated between: not the latest
    assert value("publicity.media_attention", people.unit, "2022") == Decimal(45)
    assert value("publicity.media_attention", people.unit, "2022-H1") == Decimal(48)
    assert value("publicity.views", people.unit, "2022") == Decimal(38)


def test_another_units_rows_never_count(people):
    mine = make_article(people.unit, "本单位稿件")
    snap(mine, date(2022, 5, 1), views=5)
    theirs = make_article(people.other_unit, "外单位稿件", url="https://example.org/a")
    snap(theirs, date(2022, 5, 1), views=500)
    make_batch(make_material(people.other_unit), date(2022, 5, 1), printed=300, distributed=300)
    assert [value(name, people.unit, "2022") for name in NAMES] == [0, 0, 1, 5, 5]
    assert [value(name, people.other_unit, "2022") for name in NAMES] == [300, 300, 1, 500, 500]


def test_an_empty_ledger_gives_zero_not_none(people):
    assert [value(name, people.unit, "2022") for name in NAMES] == [0, 0, 0, 0, 0]


def test_the_metrics_are_registered_with_their_labels_units_and_definitions():
    registered = {m.name: m for m in metrics.all_metrics() if m.name.startswith("publicity.")}
    assert sorted(registered) == sorted(NAMES)
    assert [registered[n].measure_unit for n in NAMES] == ["份", "份", "篇", "次", "次"]
    assert str(registered["publicity.materials_distributed"].label) == "宣传材料发放数量"
    assert "最后一天" in str(registered["publicity.media_attention"].description)
    assert not any(m.per_project for m in registered.values())
