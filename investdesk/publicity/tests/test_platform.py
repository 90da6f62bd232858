"""Engagement from the platforms' exports: CSV in GB18030 or UTF-8 with a BOM, Excel, header
variants, matching by link or title, creating missing articles, all or nothing."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from investdesk.core.periods import Period
from investdesk.performance import metrics
from investdesk.publicity import platform
from investdesk.publicity.dates import local_day
from investdesk.publicity.models import Article, Engagement
from investdesk.publicity.tests.conftest import make_article, snap

YEAR_END = date(2022, 12, 31)


def options(**overrides) -> platform.Options:
    return platform.Options(**{"channel": "wechat", "taken_on": YEAR_END, "create_missing": False, **overrides})


def xlsx(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value, day)
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    return buffer.getvalue()


def figures(snapshot) -> tuple:
    return (snapshot.views, snapshot.likes, snapshot.follows, snapshot.shares, snapshot.comments)


WECHAT_CSV = (
    "图文分析数据（2022-01-01至2022-12-31）\n"
    "内容标题,发表时间,总阅读人数,总阅读次数,总分享次数,阅读后关注人数,点赞,在看,留言数\n"
    "“拿地即开工”让项目跑出加速度,2022-03-08 18:30,35,41,6,2,5,3,1\n"
    '一图读懂投资项目“不见面”审批,2022-03-22 09:00,20,22,"1,0",0,2,1,0\n'
    "合计,,55,63,7,2,7,4,1\n"
)


@pytest.fixture
def wechat(people):
    first = make_article(people.unit, "“拿地即开工”让项目跑出加速度", day=date(2022, 3, 8))
    second = make_article(people.unit, "一图读懂投资项目“不见面”审批", day=date(2022, 3, 22))
    make_article(people.unit, "一图读懂投资项目“不见面”审批", day=date(2022, 3, 23), channel="website")
    return first, second


def test_a_wechat_export_in_gb18030_with_a_title_line(people, wechat):
    data = WECHAT_CSV.replace('"1,0"', "1").encode("gb18030")
    result = platform.plan(people.unit, "图文分析.csv", data, options())
    assert result.ok, result.errors
    assert (result.created, result.updated, result.new_articles, result.skipped) == (2, 0, 0, 1)
    assert result.ignored_headers == ["总阅读人数", "在看"]  # 总阅读次数 and 点赞 are preferred
    assert Engagement.objects.count() == 0  # the preview saves nothing
    assert platform.apply(people.unit, result, actor=people.agent, filename="图文分析.csv") == (2, 0, 0)
    first, second = wechat
    one, two = first.snapshots.get(), second.snapshots.get()  # the website article of the same title is untouched
    assert (one.taken_on, figures(one), one.source, one.source_file) == (
        YEAR_END,
        (41, 5, 2, 6, 1),
        "import",
        "图文分析.csv",
    )
    assert figures(two) == (22, 2, 0, 1, 0)
    assert metrics.compute("publicity.media_attention", people.unit, Period.year_of(2022)).value == Decimal(80)


def test_the_same_file_in_utf8_with_a_bom_and_thousands_separators(people, wechat):
    data = b"\xef\xbb\xbf" + WECHAT_CSV.replace('"1,0"', '"1,000"').encode("utf-8")
    result = platform.plan(people.unit, "export.csv", data, options())
    assert result.ok and result.rows[1].figures["shares"] == 1000


def test_english_headers_links_and_instants_on_both_sides_of_the_year_end(people):
    url = "https://mp.weixin.qq.com/s/boundary"
    article = make_article(people.unit, "年末稿件", url=url, day=date(2022, 12, 30))
    csv_text = (
        "Title,URL,Date,Views,Likes,Follows,Shares,Comments\n"
        f"anything,{url},2022-12-31T15:59:00Z,30,3,1,2,1\n"  # 23:59 in Beijing: 2022
        f"anything,{url},2022-12-31T16:00:00Z,90,9,3,6,3\n"  # 00:00 in Beijing: 2023
    )
    result = platform.plan(people.unit, "x.csv", b"\xef\xbb\xbf" + csv_text.encode(), options())
    assert result.ok and [r.taken_on for r in result.rows] == [date(2022, 12, 31), date(2023, 1, 1)]
    platform.apply(people.unit, result, actor=people.agent, filename="x.csv")
    assert sorted(article.snapshots.values_list("taken_on", flat=True)) == [date(2022, 12, 31), date(2023, 1, 1)]
    attention = metrics.compute("publicity.media_attention", people.unit, Period.year_of(2022)).value
    assert attention == Decimal(37)  # the 2023-01-01 snapshot does not count for 2022


def test_an_excel_export_with_other_names_and_wan_figures(people):
    article = make_article(people.unit, "代办员的一天", channel="short_video", day=date(2022, 4, 8))
    rows = [
        ["作品名称", "统计日期", "播放量", "点赞数", "转发", "评论", "涨粉"],
        ["代办员的一天", datetime(2022, 6, 30, 0, 0), "1.2万", 350, "10万+", "0", ""],
    ]
    result = platform.plan(people.unit, "douyin.xlsx", xlsx(rows), options(channel="short_video"))
    assert result.ok, result.errors
    row = result.rows[0]
    assert (row.article, row.taken_on, row.figures) == (
        article,
        date(2022, 6, 30),
        {"views": 12000, "likes": 350, "follows": 0, "shares": 100000, "comments": 0},
    )


def test_unknown_articles_are_errors_unless_they_are_to_be_created(people, wechat):
    csv_text = (
        "标题,发表时间,阅读,点赞\n"
        "“拿地即开工”让项目跑出加速度,2022-03-08,41,5\n"
        "呈贡区召开重点项目审批服务推进会,2022-04-11 10:00,18,2\n"
        "呈贡区召开重点项目审批服务推进会,2022-04-11 10:00,18,2\n"  # same article and date twice
    )
    data = csv_text.encode("gb18030")
    result = platform.plan(people.unit, "x.csv", data, options())
    assert [str(e) for e in result.errors] == [
        "第 3 行·标题：台账中没有稿件“呈贡区召开重点项目审批服务推进会”：请先登记，或勾选“新建台账中还没有的稿件”。",
        "第 4 行·标题：台账中没有稿件“呈贡区召开重点项目审批服务推进会”：请先登记，或勾选“新建台账中还没有的稿件”。",
    ]
    with pytest.raises(ValidationError):
        platform.apply(people.unit, result, actor=people.agent, filename="x.csv")
    assert Engagement.objects.count() == 0
    result = platform.plan(people.unit, "x.csv", data, options(create_missing=True))
    assert [str(e) for e in result.errors] == ["第 4 行·统计日期：同一稿件、同一日期已在第 3 行出现。"]
    result = platform.plan(people.unit, "x.csv", data.rsplit(b"\n", 2)[0] + b"\n", options(create_missing=True))
    assert result.ok and (result.created, result.new_articles) == (2, 1)
    platform.apply(people.unit, result, actor=people.agent, filename="x.csv")
    created = Article.objects.get(title="呈贡区召开重点项目审批服务推进会")
    assert (created.channel, created.published_on, created.created_by) == ("wechat", date(2022, 4, 11), people.agent)
    assert created.snapshots.get().views == 18


def test_a_new_article_needs_a_publication_date_and_titles_must_be_unambiguous(people, wechat):
    make_article(people.unit, "“拿地即开工”让项目跑出加速度", day=date(2022, 3, 9))  # a second wechat article
    csv_text = "标题,阅读\n“拿地即开工”让项目跑出加速度,41\n全新稿件,3\n"
    result = platform.plan(people.unit, "x.csv", csv_text.encode(), options(create_missing=True))
    assert [str(e) for e in result.errors] == [
        "第 2 行·标题：该渠道有 2 篇稿件标题相同：请增加链接列加以区分。",
        "第 3 行·发表时间：新建稿件需要发布日期：文件此处没有发表时间。",
    ]


def test_bad_cells_and_dates_are_named_by_the_files_own_headers(people, wechat):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    csv_text = (
        "标题,统计日期,阅读量,留言\n"
        "“拿地即开工”让项目跑出加速度,2022-02-01,41,1\n"  # before the publication (03-08)
        f"“拿地即开工”让项目跑出加速度,{future},41,1\n"
        "一图读懂投资项目“不见面”审批,2022-13-40,-3,很多\n"
        ",2022-05-01,3,0\n"
    )
    result = platform.plan(people.unit, "x.csv", csv_text.encode(), options())
    assert [str(e) for e in result.errors] == [
        "第 2 行·统计日期：快照日期 2022-02-01 早于发布日期（2022-03-08）。",
        f"第 3 行·统计日期：快照日期 {future} 晚于今天。",
        "第 4 行·留言：“很多”不是整数。",
        "第 4 行·统计日期：“2022-13-40”不是日期（请写成 2022-10-08）。",
        "第 4 行·阅读量：“-3”不是整数。",
        "第 5 行·标题：该行既没有标题也没有链接。",
    ]


def test_reimporting_updates_the_same_days_snapshots_and_warns_about_falling_figures(people, wechat):
    first, _second = wechat
    snap(first, date(2022, 6, 1), views=50, likes=6)
    data = "标题,统计日期,阅读,点赞\n“拿地即开工”让项目跑出加速度,2022-12-31,45,7\n".encode()
    result = platform.plan(people.unit, "x.csv", data, options())
    assert result.ok and result.warning_count == 1
    assert result.rows[0].warnings == ["阅读量 45（2022-12-31）低于 2022-06-01 的 50。"]
    platform.apply(people.unit, result, actor=people.agent, filename="x.csv")
    again = platform.plan(people.unit, "x.csv", data.replace(b"45,7", b"52,7"), options())
    assert (again.created, again.updated, again.warning_count) == (0, 1, 0)
    platform.apply(people.unit, again, actor=people.agent, filename="x.csv")
    assert list(first.snapshots.values_list("taken_on", "views")) == [(date(2022, 6, 1), 50), (YEAR_END, 52)]


def test_files_that_cannot_be_read(people):
    assert [str(e) for e in platform.plan(people.unit, "x.csv", b"\x80\xff\xfe\xff", options()).errors] == [
        "第 0 行：CSV 文件既不是 UTF-8 也不是 GB18030 编码的文本。"
    ]
    broken = platform.plan(people.unit, "x.xlsx", b"not a workbook", options())
    assert [e.row for e in broken.errors] == [0] and "Excel" in str(broken.errors[0])
    result = platform.plan(people.unit, "x.csv", "名称,数量\n甲,1\n".encode(), options())
    assert str(result.errors[0]).startswith("第 0 行：找不到表头行")


def test_the_template_reads_back_as_an_export(people):
    make_article(people.unit, "呈贡区投资服务中心开展“拿地即开工”政策宣讲", url="https://mp.weixin.qq.com/s/example")
    result = platform.plan(people.unit, "template.xlsx", platform.template(), options())
    assert result.ok and result.rows[0].figures == {"views": 36, "likes": 4, "follows": 1, "shares": 3, "comments": 1}


def test_the_snapshot_export_imports_again(people, wechat):
    first, second = wechat
    snap(first, date(2022, 6, 1), views=50, likes=6)
    snap(second, date(2022, 6, 2), views=9)
    data = platform.export(Engagement.objects.select_related("article").order_by("pk"))
    result = platform.plan(people.unit, "snapshots.xlsx", data, options())
    assert result.ok and (result.created, result.updated) == (0, 2)
    assert result.ignored_headers == ["渠道", "媒体关注量", "来源"]


@given(st.integers(min_value=0, max_value=10**9))
def test_counts_read_back_whatever_their_format(n):
    assert platform.parse_count(str(n)) == n
    assert platform.parse_count(f"{n:,}") == n
    assert platform.parse_count(float(n)) == n
    if n % 1000 == 0:
        assert platform.parse_count(f"{Decimal(n) / 10000}万") == n


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_an_instant_is_the_day_it_is_in_beijing(moment):
    expected = moment.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert local_day(moment) == expected
    assert local_day(moment.isoformat()) == expected
    assert local_day(moment.isoformat().replace("+00:00", "Z")) == expected
