"""The publicity pages, persona by persona: reading, editing, refusals that change nothing,
imports through the pages, query counts that do not grow with the rows."""

import io
from datetime import date, timedelta

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investdesk.core.models import ImportUpload
from investdesk.publicity.models import Article, Batch, Engagement, Material
from investdesk.publicity.tests.conftest import make_article, make_batch, make_material, snap

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
READ_PAGES = ["publicity:summary", "publicity:materials", "publicity:articles", "publicity:settings"]
EDIT_PAGES = ["publicity:material_create", "publicity:article_create", "publicity:materials_import",
              "publicity:articles_import", "publicity:engagement_import"]  # fmt: skip
EDIT_CONTROLS = ['id="new-material-link"', 'id="new-article-link"', 'id="import-link"', 'id="save-settings"',
                 'data-action="edit-batch"', 'id="batch-form"', 'id="snapshot-form"', 'id="edit-article"']  # fmt: skip


def xlsx(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


@pytest.fixture
def ledger(people):
    guide = make_material(people.unit, "投资项目服务指南")
    make_batch(guide, date(2022, 3, 15), printed=60, distributed=45, distribution="窗口发放")
    make_batch(guide, date(2022, 9, 20), printed=40, distributed=38, distribution="企业走访")
    article = make_article(people.unit, "“拿地即开工”让项目跑出加速度", url="https://mp.weixin.qq.com/s/a1")
    snap(article, date(2022, 4, 15), views=300, likes=30)
    snap(article, date(2022, 6, 30), views=500, likes=60, follows=10, shares=20, comments=10)
    return guide, article


# --- reading --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READ_PAGES)
def test_the_viewer_reads_every_page_without_edit_controls(people, ledger, name):
    response = people.client_for(people.viewer).get(reverse(name))
    assert response.status_code == 200
    assert 'data-nav="publicity"' in response.text  # reachable from the navigation
    assert not [c for c in EDIT_CONTROLS if c in response.text]


def test_the_viewer_reads_a_material_and_an_article_without_edit_controls(people, ledger):
    guide, article = ledger
    client = people.client_for(people.viewer)
    page = client.get(reverse("publicity:material_detail", args=[guide.pk])).text
    assert 'id="distributed-total">83<' in page and 'id="stock">17<' in page and page.count('data-batch="') == 2
    page = client.get(reverse("publicity:article_detail", args=[article.pk])).text
    assert page.count('data-snapshot="') == 2
    assert not [c for c in EDIT_CONTROLS if c in page]


def test_the_summary_shows_the_years_three_figures_against_the_targets(people, ledger):
    _guide, article = ledger
    make_article(people.unit, "网站转载", channel="website", url="http://www.chenggong.gov.cn/c/1.shtml")
    page = people.client_for(people.viewer).get(reverse("publicity:summary")).text  # opens on the data's year
    assert "2022年宣传工作" in page
    assert 'data-figure="materials"' in page and 'data-value="83"' in page and 'data-target="100"' in page
    assert 'data-value="2"' in page and 'data-target="50"' in page
    assert 'data-value="600"' in page and 'data-target="600"' in page
    assert page.count('data-met="no"') == 2 and page.count('data-met="yes"') == 1
    assert "阅读量 500 · 点赞数 60 · 关注数 10 · 分享数 20 · 评论数 10" in page
    assert '<tr data-month="3"><td>3</td><td class="text-end">45</td>' in page
    empty = people.client_for(people.viewer).get(reverse("publicity:summary"), {"year": "2021"}).text
    assert "2021年宣传工作" in empty and 'data-value="0"' in empty


def test_the_article_chart_uses_echarts_from_static_files(people, ledger):
    _guide, article = ledger
    page = people.client_for(people.viewer).get(reverse("publicity:article_detail", args=[article.pk])).text
    assert '<script src="/static/vendor/echarts/echarts.min.js"></script>' in page
    assert '"dates": ["2022-04-15", "2022-06-30"]' in page and '"total": [330, 600]' in page
    assert "cdn" not in page.lower() and "://" not in page.split("echarts.min.js")[0].rsplit("<script", 1)[1]
    bare = make_article(people.unit, "无快照")
    page = people.client_for(people.viewer).get(reverse("publicity:article_detail", args=[bare.pk])).text
    assert 'id="no-chart"' in page and "echarts.min.js" not in page


def test_the_article_list_shows_the_latest_engagement_and_filters(people, ledger):
    make_article(people.unit, "短视频：代办员的一天", channel="short_video", day=date(2021, 5, 1))
    client = people.client_for(people.viewer)
    page = client.get(reverse("publicity:articles")).text
    assert 'data-total="600"' in page and page.count('data-article="') == 2
    assert client.get(reverse("publicity:articles"), {"channel": "short_video"}).text.count('data-article="') == 1
    assert client.get(reverse("publicity:articles"), {"year": "2022"}).text.count('data-article="') == 1
    assert client.get(reverse("publicity:articles"), {"q": "mp.weixin"}).text.count('data-article="') == 1
    assert client.get(reverse("publicity:articles"), {"channel": "radio"}).status_code == 200


def test_the_pages_switch_to_english(people, ledger):
    client = people.client_for(people.viewer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("publicity:summary")).text
    assert "Publicity in 2022" in page and "Media attention" in page and "How the figures are counted" in page


# --- query counts -----------------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_material_list_costs_the_same_at_10_and_1000_materials(people):
    def bulk(start, count):
        materials = Material.objects.bulk_create(
            Material(unit=people.unit, material_type="poster", title=f"海报{n:05d}")
            for n in range(start, start + count)
        )
        Batch.objects.bulk_create(
            Batch(unit=people.unit, material=m, batch_on=date(2022, 5, 1), printed_copies=5, distributed_copies=3)
            for m in materials
        )

    client = people.client_for(people.viewer)
    bulk(0, 10)
    at_10 = _count(client, reverse("publicity:materials"))
    bulk(10, 990)
    assert _count(client, reverse("publicity:materials")) == at_10


def test_the_article_list_costs_the_same_at_10_and_1000_articles(people):
    def bulk(start, count):
        articles = Article.objects.bulk_create(
            Article(
                unit=people.unit,
                title=f"稿件{n:05d}",
                channel="wechat",
                published_on=date(2022, 5, 1),
                staff=people.agent,
            )  # fmt: skip
            for n in range(start, start + count)
        )
        Engagement.objects.bulk_create(
            Engagement(unit=people.unit, article=a, taken_on=date(2022, 5, d), views=d)
            for a in articles
            for d in (2, 9)
        )

    client = people.client_for(people.viewer)
    bulk(0, 10)
    at_10 = _count(client, reverse("publicity:articles"))
    bulk(10, 990)
    assert _count(client, reverse("publicity:articles")) == at_10
    assert _count(client, reverse("publicity:summary")) <= 20


# --- permissions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, allowed", [("agent", True), ("director", True), ("finance", False),
                                              ("viewer", False), ("admin", False)])  # fmt: skip
def test_who_may_edit_the_ledgers(people, persona, allowed, ledger):
    client = people.client_for(getattr(people, persona))
    for name in EDIT_PAGES:
        assert client.get(reverse(name)).status_code == (200 if allowed else 403)
    response = client.post(reverse("publicity:material_create"), {"material_type": "banner", "title": "新横幅"})
    assert response.status_code == (302 if allowed else 403)
    assert Material.objects.filter(title="新横幅").exists() == allowed
    guide, article = ledger
    response = client.post(reverse("publicity:article_delete", args=[article.pk]))
    assert Article.objects.filter(pk=article.pk).exists() != allowed


@pytest.mark.parametrize("persona, allowed", [("director", True), ("finance", True), ("agent", False),
                                              ("viewer", False), ("admin", False)])  # fmt: skip
def test_who_may_change_the_targets(people, persona, allowed):
    client = people.client_for(getattr(people, persona))
    form = {"materials_target": "120", "articles_target": "50", "attention_target": "600"}
    response = client.post(reverse("publicity:settings"), form)
    assert response.status_code == (302 if allowed else 403)
    people.unit.refresh_from_db()
    assert ("publicity" in people.unit.settings) == allowed


def test_a_bad_target_is_named_and_nothing_is_saved(people):
    form = {"materials_target": "-1", "articles_target": "50", "attention_target": "六百"}
    page = people.client_for(people.director).post(reverse("publicity:settings"), form).text
    assert 'data-field-error="materials_target"' in page and 'data-field-error="attention_target"' in page
    people.unit.refresh_from_db()
    assert "publicity" not in people.unit.settings


# --- editing through the pages ---------------------------------------------------------------------------------


def test_a_batch_with_evidence_is_added_and_the_file_is_served_to_the_unit_only(people, ledger):
    guide, _article = ledger
    client = people.client_for(people.agent)
    form = {"batch_on": "2022-11-08", "printed_copies": "0", "distributed_copies": "10", "distribution": "推介会",
            "cost_yuan": "", "note": "", "evidence_file": SimpleUploadedFile("现场.png", PNG)}  # fmt: skip
    response = client.post(reverse("publicity:batch_create", args=[guide.pk]), form)
    assert response.status_code == 302
    batch = guide.batches.get(batch_on=date(2022, 11, 8))
    download = people.client_for(people.finance).get(reverse("publicity:batch_evidence", args=[batch.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert "attachment" in download["Content-Disposition"]
    outsider = people.client_for(people.outsider).get(reverse("publicity:batch_evidence", args=[batch.pk]))
    assert outsider.status_code == 404


def test_handing_out_more_than_printed_is_refused_on_the_field_and_nothing_is_saved(people, ledger):
    guide, _article = ledger
    client = people.client_for(people.agent)
    form = {"batch_on": "2022-12-01", "printed_copies": "0", "distributed_copies": "18", "distribution": "",
            "cost_yuan": "", "note": ""}  # fmt: skip
    page = client.post(reverse("publicity:batch_create", args=[guide.pk]), form).text
    assert 'data-field-error="distributed_copies"' in page
    assert "截至 2022-12-01，已印制 100 份，已发放 101 份" in page
    bad_file = {**form, "distributed_copies": "1", "evidence_file": SimpleUploadedFile("病毒.exe", b"MZ")}
    page = client.post(reverse("publicity:batch_create", args=[guide.pk]), bad_file).text
    assert 'data-field-error="evidence_file"' in page
    assert guide.batches.count() == 2


def test_a_batch_that_others_depend_on_is_not_deleted(people, ledger):
    guide, _article = ledger
    make_batch(guide, date(2022, 10, 1), distributed=10)  # 100 printed, 93 handed out
    first = guide.batches.get(batch_on=date(2022, 3, 15))
    response = people.client_for(people.agent).post(reverse("publicity:batch_delete", args=[first.pk]), follow=True)
    expected = "不能删除该批次：删除后，发放数量不能超过印制数量：截至 2022-10-01，已印制 40 份，已发放 48 份。"
    assert expected in response.text
    assert guide.batches.count() == 3


def test_an_article_is_recorded_and_a_used_link_is_refused_on_the_field(people, ledger):
    client = people.client_for(people.agent)
    form = {"title": "网站转载", "channel": "website", "url": "https://mp.weixin.qq.com/s/a1",
            "published_on": "2022-04-13", "author": "", "staff": str(people.agent.pk), "note": ""}  # fmt: skip
    page = client.post(reverse("publicity:article_create"), form).text
    assert 'data-field-error="url"' in page and "同一次发布只算一篇稿件" in page
    assert Article.objects.count() == 1
    form["url"] = "http://www.chenggong.gov.cn/c/2022-04-13/1.shtml"
    response = client.post(reverse("publicity:article_create"), form)
    assert response.status_code == 302 and Article.objects.count() == 2
    assert Article.objects.get(channel="website").created_by == people.agent


def test_a_snapshot_is_added_with_a_warning_when_figures_fall(people, ledger):
    _guide, article = ledger
    client = people.client_for(people.agent)
    form = {"taken_on": "2022-12-31", "views": "480", "likes": "60", "follows": "10", "shares": "20", "comments": "10"}
    page = client.post(reverse("publicity:snapshot_create", args=[article.pk]), form, follow=True).text
    assert "快照已保存" in page and "请核对：阅读量 480（2022-12-31）低于 2022-06-30 的 500。" in page
    page = client.post(reverse("publicity:snapshot_create", args=[article.pk]), form).text
    assert 'data-field-error="taken_on"' in page
    assert article.snapshots.count() == 3


# --- imports through the pages ------------------------------------------------------------------------------------


def test_the_article_import_previews_then_saves_and_only_its_uploader_sees_the_draft(people):
    rows = [["标题", "渠道", "链接", "发布日期"], ["导入稿件", "公众号", "https://mp.weixin.qq.com/s/i", "2022-05-01"]]
    client = people.client_for(people.agent)
    upload = SimpleUploadedFile("稿件.xlsx", xlsx(rows))
    response = client.post(reverse("publicity:articles_import"), {"file": upload})
    draft = ImportUpload.objects.get()
    assert response["Location"] == reverse("publicity:articles_import_preview", args=[draft.pk])
    assert people.client_for(people.director).get(response["Location"]).status_code == 404
    page = client.get(response["Location"]).text
    assert 'id="import-summary">新增 1 行，更新 0 行。' in page and Article.objects.count() == 0
    client.post(response["Location"])
    assert Article.objects.get().title == "导入稿件" and not ImportUpload.objects.exists()


def test_a_batch_import_with_errors_shows_them_and_saves_nothing(people):
    rows = [["宣传材料", "类型", "日期", "印制数量", "发放数量"], ["新材料", "", "2022-05-01", "5", "9"]]
    client = people.client_for(people.agent)
    response = client.post(reverse("publicity:materials_import"), {"file": SimpleUploadedFile("批次.xlsx", xlsx(rows))})
    page = client.get(response["Location"]).text
    assert 'id="import-errors"' in page and "第 2 行·类型：新宣传材料需要填写类型。" in page
    client.post(response["Location"])
    assert not Material.objects.exists() and not Batch.objects.exists()
    wrong = client.post(reverse("publicity:materials_import"), {"file": SimpleUploadedFile("批次.csv", b"a,b")})
    assert 'data-field-error="file"' in wrong.text


def test_the_engagement_import_keeps_its_options_from_upload_to_confirmation(people, ledger):
    _guide, article = ledger
    csv_text = "内容标题,发表时间,阅读,点赞\n“拿地即开工”让项目跑出加速度,2022-04-12,620,70\n新稿件,2022-11-02,15,1\n"
    client = people.client_for(people.agent)
    form = {"file": SimpleUploadedFile("图文分析.csv", csv_text.encode("gb18030")), "channel": "wechat",
            "taken_on": "2022-12-31", "create_missing": "on"}  # fmt: skip
    response = client.post(reverse("publicity:engagement_import"), form)
    assert "channel=wechat" in response["Location"] and "create_missing=on" in response["Location"]
    page = client.get(response["Location"]).text
    assert "新增快照 2 条，更新 0 条，新建稿件 1 篇。" in page
    assert 'name="create_missing" value="on"' in page and 'name="taken_on" value="2022-12-31"' in page
    confirm = {"channel": "wechat", "taken_on": "2022-12-31", "create_missing": "on"}
    client.post(response["Location"].split("?")[0], confirm)
    assert article.snapshots.get(taken_on=date(2022, 12, 31)).views == 620
    assert Article.objects.get(title="新稿件").snapshots.get().views == 15


def test_engagement_options_in_the_future_send_back_to_the_upload_page(people):
    draft = ImportUpload.objects.create(
        unit=people.unit, kind="publicity.engagement", created_by=people.agent, filename="x.csv", data=b"x"
    )
    future = (date.today() + timedelta(days=400)).isoformat()
    url = reverse("publicity:engagement_preview", args=[draft.pk]) + f"?channel=wechat&taken_on={future}"
    response = people.client_for(people.agent).get(url)
    assert response.status_code == 302 and response["Location"] == reverse("publicity:engagement_import")


@pytest.mark.parametrize(
    "name", ["publicity:materials_export", "publicity:articles_export", "publicity:engagement_export",
             "publicity:materials_template", "publicity:articles_template", "publicity:engagement_template"],
)  # fmt: skip
def test_every_download_is_a_workbook(people, ledger, name):
    response = people.client_for(people.viewer).get(reverse(name))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
