from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from investdesk.core.tabular import (
    Column,
    export_xlsx,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    read_xlsx,
    template_xlsx,
)

COLUMNS = [
    Column("uscc", "统一社会信用代码", required=True),
    Column("name", "企业名称", aliases=("名称",), required=True),
    Column("capital", "注册资本（万元）", parse=parse_decimal, kind="number"),
    Column("founded", "成立日期", parse=parse_date, kind="date"),
    Column("origin", "企业来源", parse=parse_choice([("local", "本地"), ("foreign", "外资")])),
    Column("is_key", "重点企业", parse=parse_bool),
]


def sheet(rows) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_headers_are_mapped_by_name_or_alias_in_any_order():
    data = sheet([["名称", "统一社会信用代码", "备注"], ["云投建设", "91530114MA6K5U8X61", "x"]])
    result = read_xlsx(data, COLUMNS)
    assert result.errors == []
    assert result.rows == [{"_row": 2, "name": "云投建设", "uscc": "91530114MA6K5U8X61"}]
    assert result.ignored_headers == ["备注"]


def test_every_bad_cell_is_reported_with_its_row_and_header():
    data = sheet(
        [
            ["统一社会信用代码", "企业名称", "注册资本（万元）", "成立日期", "企业来源", "重点企业"],
            ["91530114MA6K5U8X61", "甲", "abc", "2022-02-30", "本地", "是"],
            [None, None, None, None, None, None],
            ["914403001922038216", "", "100", "2020年5月6日", "火星", "也许"],
        ]
    )
    result = read_xlsx(data, COLUMNS)
    assert [str(e) for e in result.errors] == [
        "第 2 行·注册资本（万元）：“abc”不是数字。",
        "第 2 行·成立日期：“2022-02-30”不是日期（请写成 2022-10-08）。",
        "第 4 行·企业名称：这个字段是必填项。",
        "第 4 行·企业来源：“火星”不是以下选项之一：本地、外资。",
        "第 4 行·重点企业：请填写“是”或“否”。",
    ]
    assert result.rows[1]["founded"] == date(2020, 5, 6)
    assert result.rows[1]["capital"] == Decimal("100")


def test_a_missing_required_column_is_reported_and_no_row_is_read():
    result = read_xlsx(sheet([["企业名称"], ["甲"]]), COLUMNS)
    assert [str(e) for e in result.errors] == ["第 1 行·统一社会信用代码：缺少必需的列。"]
    assert result.rows == []


def test_garbage_is_an_error_not_an_exception():
    assert not read_xlsx(b"not a workbook", COLUMNS).ok
    assert not read_xlsx(sheet([]), COLUMNS).ok


def test_an_export_reads_back_through_the_same_columns():
    class Row:
        def __init__(self, **kw):
            self.__dict__.update(kw)

    objects = [
        Row(
            uscc="914403001922038216",
            name="甲",
            capital=Decimal("12.5"),
            founded=date(2020, 5, 6),
            origin="本地",
            is_key=True,
        )
    ]
    result = read_xlsx(export_xlsx(COLUMNS, objects, "企业"), COLUMNS)
    assert result.errors == []
    assert result.rows == [
        {
            "_row": 2,
            "uscc": "914403001922038216",
            "name": "甲",
            "capital": Decimal("12.5"),
            "founded": date(2020, 5, 6),
            "origin": "local",
            "is_key": True,
        }
    ]


def test_the_template_marks_required_columns_and_formats_text_as_text():
    book = openpyxl.load_workbook(__import__("io").BytesIO(template_xlsx(COLUMNS, "企业", {"name": "示例"})))
    ws = book.active
    assert [c.value for c in ws[1]] == [
        "统一社会信用代码*",
        "企业名称*",
        "注册资本（万元）",
        "成立日期",
        "企业来源",
        "重点企业",
    ]
    assert ws["B2"].value == "示例"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022-10-08", date(2022, 10, 8)),
        ("2022/1/5", date(2022, 1, 5)),
        ("2022年1月5日", date(2022, 1, 5)),
        ("2022.01.05", date(2022, 1, 5)),
    ],
)
def test_dates_in_the_usual_spellings(text, expected):
    assert parse_date(text) == expected


def test_text_keeps_its_full_width_punctuation_while_numbers_and_dates_are_folded():
    data = sheet(
        [
            ["统一社会信用代码", "企业名称", "注册资本（万元）", "成立日期"],
            ["９１５３０１１４ＭＡ６Ｋ５Ｕ８Ｘ６１", "甲，乙（云南）公司", "１２．５", "２０２０年５月６日"],
        ]
    )
    result = read_xlsx(data, COLUMNS)
    assert result.errors == []
    row = result.rows[0]
    assert row["name"] == "甲，乙（云南）公司"
    assert (row["capital"], row["founded"]) == (Decimal("12.5"), date(2020, 5, 6))
