"""Excel import of batches and articles (preview, every bad row named, all or nothing) and exports
that import again."""

import io
from datetime import date
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from investdesk.publicity import queries, sheets
from investdesk.publicity.models import Article, Batch, Material
from investdesk.publicity.tests.conftest import make_article, make_batch, make_material, snap

BATCH_HEADERS = ["宣传材料", "类型", "日期", "印制数量", "发放数量", "发放地点及方式", "费用（元）", "备注"]
ARTICLE_HEADERS = ["标题", "渠道", "链接", "发布日期", "作者", "备注"]


def sheet(rows: list[list], headers: list[str]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate([headers, *rows]):
        for c, value in enumerate(row):
            if value is not None:
                ws.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


def read(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


GUIDE = "投资项目服务指南"


# --- batches ------------------------------------------------------------------------------------------


def test_a_good_batch_sheet_creates_materials_and_batches(people):
    rows = [
        [GUIDE, "服务指南", "2022-03-15", "60", "45", "窗口发放", "900", ""],
        [GUIDE, "", "2022年9月20日", "40", "38", "企业走访", "600.5", "第二批"],
        ["宣传横幅", "横幅", "2022/6/10", "8", "8", "园区悬挂", "", ""],
    ]
    result = sheets.plan_batches(people.unit, sheet(rows, BATCH_HEADERS))
    assert result.ok and (result.created, result.updated) == (3, 0)
    assert [r.new_material for r in result.rows] == [True, False, True]
    assert Material.objects.count() == 0 and Batch.objects.count() == 0  # the preview saves nothing
    assert sheets.apply_batches(people.unit, result, actor=people.agent) == (3, 0)
    guide = Material.objects.get(title=GUIDE)
    assert (guide.material_type, guide.created_by, guide.unit) == ("guide", people.agent, people.unit)
    assert list(guide.batches.values_list("batch_on", "printed_copies", "distributed_copies", "cost_yuan", "note")) == [
        (date(2022, 3, 15), 60, 45, Decimal("900.00"), ""),
        (date(2022, 9, 20), 40, 38, Decimal("600.50"), "第二批"),
    ]
    assert Material.objects.get(title="宣传横幅").material_type == "banner"


def test_bad_batch_rows_save_nothing_and_every_one_is_named(people):
    make_batch(make_material(people.unit, "宣传册", kind="brochure"), date(2022, 5, 1), printed=10, distributed=10)
    rows = [
        [GUIDE, "服务指南", "2022-03-15", "60", "45", "窗口发放", "", ""],  # row 2: fine on its own
        [GUIDE, "", "2022-04-01", "", "20", "走访", "", ""],  # row 3: 65 handed out of 60 printed
        ["新材料", "", "2022-04-01", "5", "", "", "", ""],  # row 4: a new material without a type
        ["宣传册", "海报", "2022-06-01", "5", "", "", "", ""],  # row 5: the brochure is not a poster
        [GUIDE, "服务指南", "2022-13-01", "5", "", "", "", ""],  # row 6: not a date
        [GUIDE, "服务指南", "2022-07-01", "-5", "2.5", "", "-1", ""],  # row 7: negative and fractional
        [GUIDE, "传单", "2022-07-02", "", "", "", "", ""],  # row 8: unknown type
        ["宣传册", "", "2022-07-03", "", "", "", "", ""],  # row 9: no copies at all
    ]
    result = sheets.plan_batches(people.unit, sheet(rows, BATCH_HEADERS))
    assert not result.ok
    found = [str(e) for e in result.errors]
    assert found == [
        f"第 3 行·发放数量：{GUIDE}：发放数量不能超过印制数量：截至 2022-04-01，已印制 60 份，已发放 65 份。",
        "第 4 行·类型：新宣传材料需要填写类型。",
        "第 5 行·类型：“宣传册”的类型是宣传册。",
        "第 6 行·日期：“2022-13-01”不是日期（请写成 2022-10-08）。",
        "第 7 行·印制数量：“-5”不是整数份数。",
        "第 7 行·发放数量：“2.5”不是整数份数。",
        "第 7 行·费用（元）：金额不能为负数。",
        "第 8 行·类型：“传单”不是以下选项之一：服务指南、宣传册、横幅、海报、其他。",
        "第 9 行·印制数量：请填写印制数量、发放数量或两者。",
    ]
    with pytest.raises(ValidationError):
        sheets.apply_batches(people.unit, result, actor=people.agent)
    assert Material.objects.count() == 1 and Batch.objects.count() == 1


def test_rows_changed_together_are_judged_on_the_final_state_not_their_order(people):
    guide = make_material(people.unit, GUIDE)
    make_batch(guide, date(2022, 3, 1), printed=100, distributed=10, distribution="窗口")
    make_batch(guide, date(2022, 5, 1), distributed=80, distribution="走访")
    rows = [
        [GUIDE, "", "2022-03-01", "50", "10", "窗口", "", ""],  # printed down to 50 …
        [GUIDE, "", "2022-05-01", "", "40", "走访", "", ""],  # … and handed out down to 40: fine together
    ]
    result = sheets.plan_batches(people.unit, sheet(rows, BATCH_HEADERS))
    assert result.ok and (result.created, result.updated) == (0, 2)
    sheets.apply_batches(people.unit, result, actor=people.agent)
    assert list(guide.batches.values_list("printed_copies", "distributed_copies")) == [(50, 10), (0, 40)]


def test_the_batch_export_imports_again_without_changing_anything(people):
    guide = make_material(people.unit, GUIDE)
    make_batch(guide, date(2022, 3, 15), printed=60, distributed=45, distribution="窗口发放", cost_yuan=Decimal("900"))
    make_batch(make_material(people.unit, "海报", kind="poster"), date(2022, 11, 8), printed=15, distributed=12)
    data = sheets.batches_export(Batch.objects.select_related("material").order_by("batch_on"))
    assert read(data) == [
        BATCH_HEADERS,
        [GUIDE, "服务指南", date(2022, 3, 15), 60.0, 45.0, "窗口发放", 900.0, ""],
        ["海报", "海报", date(2022, 11, 8), 15.0, 12.0, "", "", ""],
    ]
    before = list(Batch.objects.order_by("pk").values())
    result = sheets.plan_batches(people.unit, data)
    assert result.ok and (result.created, result.updated) == (0, 2)
    sheets.apply_batches(people.unit, result, actor=people.agent)
    assert list(Batch.objects.order_by("pk").values()) == before


def test_the_batch_template_has_the_headers_and_an_example_that_imports(people):
    data = sheets.batches_template()
    assert read(data)[0] == [f"{h}*" if h in ("宣传材料", "日期") else h for h in BATCH_HEADERS]
    result = sheets.plan_batches(people.unit, data)
    assert result.ok and result.rows[0].obj.distributed_copies == 45


# --- articles -------------------------------------------------------------------------------------------


def test_a_good_article_sheet_adds_and_updates_articles(people):
    url = "https://mp.weixin.qq.com/s/known"
    known = make_article(people.unit, "旧标题", url=url)
    no_link = make_article(people.unit, "报刊报道", channel="press", day=date(2022, 5, 6))
    rows = [
        ["新标题", "公众号", url, "2022-04-12", "张敏", ""],  # updates by link
        ["报刊报道", "报刊", "", "2022-05-06", "昆明日报", "头版"],  # updates by title, channel and date
        ["新稿件", "网站", "http://www.chenggong.gov.cn/c/1.shtml", "2022-06-01", "", ""],
        ["新稿件", "short video", "https://www.douyin.com/video/1", "2022-06-01", "", ""],  # same piece, 2nd channel
    ]
    result = sheets.plan_articles(people.unit, sheet(rows, ARTICLE_HEADERS))
    assert result.ok and (result.created, result.updated) == (2, 2)
    assert Article.objects.count() == 2
    sheets.apply_articles(people.unit, result, actor=people.agent)
    known.refresh_from_db()
    no_link.refresh_from_db()
    assert (known.title, known.author) == ("新标题", "张敏")
    assert (no_link.author, no_link.note) == ("昆明日报", "头版")
    assert sorted(Article.objects.filter(title="新稿件").values_list("channel", flat=True)) == [
        "short_video",
        "website",
    ]


def test_bad_article_rows_save_nothing_and_every_one_is_named(people):
    make_article(people.unit, "已有稿件", url="https://mp.weixin.qq.com/s/taken")
    rows = [
        ["一", "公众号", "https://a.example/1", "2022-04-01", "", ""],
        ["二", "公众号", "https://a.example/1", "2022-04-02", "", ""],  # row 3: same link as row 2
        ["三", "广播", "", "2022-04-03", "", ""],  # row 4: unknown channel
        ["四", "网站", "www.chenggong.gov.cn/x", "2022-04-04", "", ""],  # row 5: not a web link
        ["", "网站", "", "2022-04-05", "", ""],  # row 6: no title
        ["六", "网站", "", "2099-01-01", "", ""],  # row 7: in the future
    ]
    result = sheets.plan_articles(people.unit, sheet(rows, ARTICLE_HEADERS))
    found = [str(e) for e in result.errors]
    assert [e.row for e in result.errors] == [2, 3, 4, 5, 6, 7]
    assert found[0] == found[1].replace("第 3 行", "第 2 行") == "第 2 行·链接：该链接在文件中出现了不止一次。"
    assert found[2].startswith("第 4 行·渠道：“广播”不是以下选项之一：微信公众号、网站")
    assert found[3] == "第 5 行·链接：输入一个有效的 URL。"
    assert found[4] == "第 6 行·标题：这个字段是必填项。"
    assert found[5].startswith("第 7 行·发布日期：发布日期不能晚于今天")
    with pytest.raises(ValidationError):
        sheets.apply_articles(people.unit, result, actor=people.agent)
    assert Article.objects.count() == 1


def test_the_article_export_carries_the_latest_engagement_and_imports_again(people):
    article = make_article(people.unit, url="https://mp.weixin.qq.com/s/a", author="张敏", staff=people.agent)
    snap(article, date(2022, 4, 20), views=30, likes=3)
    snap(article, date(2022, 6, 1), views=50, likes=4, follows=1, shares=2, comments=1)
    rows = list(queries.search_articles(people.unit, {}))
    queries.attach_latest(rows)
    data = sheets.articles_export(rows)
    header, first = read(data)[:2]
    assert header == [*ARTICLE_HEADERS[:5], "备注", "负责人员", "最近快照日期", "阅读", "点赞", "关注", "分享", "评论",
                      "媒体关注量"]  # fmt: skip
    assert first[:2] == ["呈贡区投资服务中心开展政策宣讲", "微信公众号"] and first[6:7] == ["张敏"]
    assert first[8:] == [50.0, 4.0, 1.0, 2.0, 1.0, 58.0]
    result = sheets.plan_articles(people.unit, data)
    assert result.ok and (result.created, result.updated) == (0, 1)
    assert result.ignored_headers == ["负责人员", "最近快照日期", "阅读", "点赞", "关注", "分享", "评论", "媒体关注量"]
