"""Every stored time is shown in local time (Asia/Shanghai), also in files and object names
(issue 10, defect 9). 2026-12-03 20:00 UTC is 2026-12-04 04:00 in Shanghai: a naive use shows
the wrong day."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import openpyxl

from investdesk.core.tabular import Column, export_xlsx

LATE_EVENING_UTC = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)


@dataclass
class Row:
    at: datetime


def test_an_exported_time_is_local_with_its_day():
    data = export_xlsx([Column("at", "时间")], [Row(LATE_EVENING_UTC)], "sheet")
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    assert (cell.value, cell.number_format) == (datetime(2026, 12, 4, 4, 0), "yyyy-mm-dd hh:mm")


def test_names_of_timed_rows_are_local(db):
    from investdesk.portal.models import LookupFailure
    from investdesk.surveys.models import RateBucket

    assert str(LookupFailure(client_ip="10.0.0.1", at=LATE_EVENING_UTC)) == "10.0.0.1 2026-12-04 04:00"
    assert str(RateBucket(key="k", hour=LATE_EVENING_UTC, count=3)) == "2026-12-04 04h 3"
