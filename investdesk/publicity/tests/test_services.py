"""The publicity services: every refusal names its field and changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from investdesk.publicity import services
from investdesk.publicity.models import Article, Batch, Engagement, Material, SnapshotSource
from investdesk.publicity.tests.conftest import make_article, make_batch, make_material, snap

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def error_of(caught, field: str) -> str:
    return " ".join(caught.value.message_dict[field])


# --- materials and batches ---------------------------------------------------------------------------


def test_a_material_title_is_unique_in_the_unit_only(people):
    make_material(people.unit, "服务指南")
    with pytest.raises(ValidationError) as caught:
        make_material(people.unit, " 服务指南 ")
    assert error_of(caught, "title") == "本单位已有同名的宣传材料。"
    make_material(people.other_unit, "服务指南")
    assert Material.objects.count() == 2


def test_distributed_copies_never_exceed_printed_copies_over_the_batches(people):
    guide = make_material(people.unit)
    make_batch(guide, date(2022, 3, 1), printed=60, distributed=45)
    make_batch(guide, date(2022, 5, 1), distributed=15)  # the stock printed in March: 60/60
    with pytest.raises(ValidationError) as caught:
        make_batch(guide, date(2022, 6, 1), distributed=1)
    assert error_of(caught, "distributed_copies") == (
        "发放数量不能超过印制数量：截至 2022-06-01，已印制 60 份，已发放 61 份。"
    )
    with pytest.raises(ValidationError) as caught:  # handed out before it was printed
        make_batch(guide, date(2022, 2, 1), distributed=1)
    assert "截至 2022-02-01，已印制 0 份，已发放 1 份" in error_of(caught, "distributed_copies")
    assert Batch.objects.count() == 2
    make_batch(guide, date(2022, 6, 1), printed=20, distributed=5)  # the same day's print covers it
    assert Batch.objects.count() == 3


def test_changing_a_batch_is_checked_against_the_others_and_refusal_changes_nothing(people):
    guide = make_material(people.unit)
    printed = make_batch(guide, date(2022, 3, 1), printed=60, distributed=10)
    make_batch(guide, date(2022, 5, 1), distributed=40)
    with pytest.raises(ValidationError) as caught:
        services.save_batch(guide, actor=people.agent, fields={"printed_copies": 30}, batch=printed)
    assert "截至 2022-05-01，已印制 30 份，已发放 50 份" in error_of(caught, "distributed_copies")
    assert Batch.objects.get(pk=printed.pk).printed_copies == 60


def test_a_batch_needs_copies_a_past_date_and_a_non_negative_cost(people):
    guide = make_material(people.unit)
    with pytest.raises(ValidationError) as caught:
        make_batch(guide, date(2022, 3, 1))
    assert error_of(caught, "printed_copies") == "请填写印制数量、发放数量或两者。"
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        make_batch(guide, tomorrow, printed=5)
    assert error_of(caught, "batch_on").startswith("日期不能晚于今天")
    with pytest.raises(ValidationError) as caught:
        make_batch(guide, date(2022, 3, 1), printed=5, cost_yuan=-1)
    assert "cost_yuan" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_batch(guide, date(2022, 3, 1), printed=-5)
    assert "printed_copies" in caught.value.message_dict
    assert Batch.objects.count() == 0


def test_deleting_a_batch_that_printed_what_others_handed_out_is_refused(people):
    guide = make_material(people.unit)
    printed = make_batch(guide, date(2022, 3, 1), printed=60)
    handed = make_batch(guide, date(2022, 5, 1), distributed=40)
    with pytest.raises(ValidationError) as caught:
        services.delete_batch(printed, actor=people.agent)
    assert caught.value.messages == [
        "不能删除该批次：删除后，发放数量不能超过印制数量：截至 2022-05-01，已印制 0 份，已发放 40 份。"
    ]
    assert Batch.objects.count() == 2
    services.delete_batch(handed, actor=people.agent)
    services.delete_batch(printed, actor=people.agent)
    assert Batch.objects.count() == 0


def test_a_material_with_batches_is_not_deleted(people):
    guide = make_material(people.unit)
    make_batch(guide, date(2022, 3, 1), printed=5)
    with pytest.raises(ValidationError) as caught:
        services.delete_material(guide, actor=people.agent)
    assert caught.value.messages == ["“昆明市呈贡区投资项目服务指南”有批次记录，请先删除批次。"]
    assert Material.objects.count() == 1


def test_evidence_is_checked_by_its_content_and_replaced_files_are_removed(people, django_capture_on_commit_callbacks):
    guide = make_material(people.unit)
    fake = SimpleUploadedFile("发放照片.png", b"MZ\x90\x00 not an image")
    fields = {"batch_on": date(2022, 3, 1), "printed_copies": 5}
    with pytest.raises(ValidationError) as caught:
        services.save_batch(guide, actor=people.agent, fields=fields, evidence=fake)
    assert "文件内容与扩展名不符" in error_of(caught, "evidence")
    assert Batch.objects.count() == 0
    batch = services.save_batch(
        guide, actor=people.agent, fields=fields, evidence=SimpleUploadedFile("发放照片.png", PNG)
    )
    first = batch.evidence.name
    assert first.startswith(f"units/{people.unit.pk}/publicity/batches/") and batch.evidence_name == "发放照片.png"
    storage = batch.evidence.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.save_batch(
            guide, actor=people.agent, fields={}, batch=batch, evidence=SimpleUploadedFile("发票.pdf", b"%PDF-1.4 x")
        )
    assert not storage.exists(first) and storage.exists(batch.evidence.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(batch, actor=people.agent)
    assert Batch.objects.get(pk=batch.pk).evidence_name == "" and not Batch.objects.get(pk=batch.pk).evidence


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 50), st.integers(0, 50)), max_size=12))
def test_first_shortfall_is_the_first_day_the_running_totals_cross(rows):
    class B:
        def __init__(self, day, printed, distributed):
            self.batch_on, self.printed_copies, self.distributed_copies = day, printed, distributed

    batches = [B(date(2022, 1, 1) + timedelta(days=d), p, q) for d, p, q in rows]
    found = services.first_shortfall(batches)
    days = sorted({b.batch_on for b in batches})
    running = [
        (day, sum(b.printed_copies for b in batches if b.batch_on <= day),
         sum(b.distributed_copies for b in batches if b.batch_on <= day))
        for day in days
    ]  # fmt: skip
    crossing = next((r for r in running if r[2] > r[1]), None)
    assert (found is None) == (crossing is None)
    if found:
        assert (found.day, found.printed, found.distributed) == crossing


# --- articles ------------------------------------------------------------------------------------------


def test_the_same_url_is_one_article_but_the_same_piece_on_two_channels_is_two(people):
    url = "https://mp.weixin.qq.com/s/abcdefghijklmnopqrstuv"
    first = make_article(people.unit, url=url)
    with pytest.raises(ValidationError) as caught:
        make_article(people.unit, "另一个标题", url=f"  {url} ", day=date(2022, 5, 1))
    assert (
        error_of(caught, "url")
        == "该链接已登记为“呈贡区投资服务中心开展政策宣讲”（2022-04-12）：同一次发布只算一篇稿件。"
    )
    make_article(people.unit, channel="website", url="http://www.chenggong.gov.cn/c/2022-04-12/1.shtml")
    make_article(people.other_unit, url=url)  # another unit may publish the same link
    assert Article.objects.for_unit(people.unit).count() == 2
    services.save_article(people.unit, actor=None, fields={"note": "改"}, article=first)  # its own URL is fine


def test_an_article_url_must_be_a_web_link_and_the_date_not_in_the_future(people):
    for bad in ("mp.weixin.qq.com/s/abc", "ftp://example.org/a", "javascript:alert(1)"):
        with pytest.raises(ValidationError) as caught:
            make_article(people.unit, url=bad)
        assert "url" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_article(people.unit, day=timezone.localdate() + timedelta(days=1))
    assert error_of(caught, "published_on").startswith("发布日期不能晚于今天")
    with pytest.raises(ValidationError) as caught:
        make_article(people.unit, channel="radio")
    assert "channel" in caught.value.message_dict
    assert Article.objects.count() == 0


def test_the_responsible_staff_must_be_of_the_unit(people):
    with pytest.raises(ValidationError) as caught:
        make_article(people.unit, staff=people.outsider)
    assert error_of(caught, "staff") == "请选择本单位的人员。"
    assert make_article(people.unit, staff=people.agent).staff == people.agent


def test_moving_the_publication_after_a_snapshot_is_refused(people):
    article = make_article(people.unit)
    snap(article, date(2022, 4, 15), views=3)
    with pytest.raises(ValidationError) as caught:
        services.save_article(people.unit, actor=None, fields={"published_on": date(2022, 4, 20)}, article=article)
    assert error_of(caught, "published_on") == "该稿件有 2022-04-15 的快照，早于这个发布日期。"
    assert Article.objects.get(pk=article.pk).published_on == date(2022, 4, 12)


def test_deleting_an_article_removes_its_snapshots(people):
    article = make_article(people.unit)
    snap(article, date(2022, 4, 15), views=3)
    services.delete_article(article, actor=people.agent)
    assert Engagement.objects.count() == 0


# --- snapshots -----------------------------------------------------------------------------------------


def test_a_snapshot_is_one_per_article_and_day_after_the_publication(people):
    article = make_article(people.unit)
    snap(article, date(2022, 4, 12), views=3)  # on the day of publication
    with pytest.raises(ValidationError) as caught:
        snap(article, date(2022, 4, 12), views=4)
    assert error_of(caught, "taken_on") == "该稿件已有这一天的快照，请修改那一条。"
    with pytest.raises(ValidationError) as caught:
        snap(article, date(2022, 4, 11), views=4)
    assert error_of(caught, "taken_on") == "快照日期不能早于发布日期（2022-04-12）。"
    with pytest.raises(ValidationError) as caught:
        snap(article, timezone.localdate() + timedelta(days=1), views=4)
    assert error_of(caught, "taken_on").startswith("快照日期不能晚于今天")
    with pytest.raises(ValidationError) as caught:
        snap(article, date(2022, 5, 1), views=-1)
    assert "views" in caught.value.message_dict
    assert list(Engagement.objects.values_list("views", flat=True)) == [3]


def test_figures_going_down_are_warned_about_not_refused(people):
    article = make_article(people.unit)
    snap(article, date(2022, 5, 1), views=40, likes=6)
    snap(article, date(2022, 7, 1), views=60, likes=8)
    middle, warnings = services.record_snapshot(
        article, actor=people.agent, fields={"taken_on": date(2022, 6, 1), "views": 30, "likes": 9}
    )
    assert warnings == [
        "阅读量 30（2022-06-01）低于 2022-05-01 的 40。",
        "点赞数 9（2022-06-01）高于 2022-07-01 的 8。",
    ]
    assert Engagement.objects.count() == 3 and middle.total == 39
    with override("en"):
        _same, english = services.record_snapshot(
            article, actor=people.agent, fields={"views": 30, "likes": 7}, snapshot=middle
        )
    assert english == ["views 30 on 2022-06-01 is lower than 40 on 2022-05-01."]


def test_a_snapshot_remembers_where_it_came_from(people):
    article = make_article(people.unit)
    made, _ = services.record_snapshot(
        article,
        actor=people.agent,
        fields={"taken_on": date(2022, 5, 1), "views": 1},
        source=SnapshotSource.IMPORT,
        source_file="图文分析.csv",
    )
    assert (made.source, made.source_file, made.created_by, made.unit_id) == (
        "import",
        "图文分析.csv",
        people.agent,
        people.unit.pk,
    )


def test_settings_are_checked_and_stored_beside_the_other_apps(people):
    people.unit.settings = {"projects": {"due_soon_workdays": 5}}
    people.unit.save()
    conf = services.update_settings(
        people.unit, actor=people.director, values={"materials_target": "120", "attention_target": 800}
    )
    assert (conf.materials_target, conf.articles_target, conf.attention_target) == (120, 50, 800)
    people.unit.refresh_from_db()
    assert people.unit.settings == {
        "projects": {"due_soon_workdays": 5},
        "publicity": {"materials_target": 120, "articles_target": 50, "attention_target": 800},
    }
    with pytest.raises(ValueError, match="articles_target"):
        services.update_settings(people.unit, actor=None, values={"articles_target": -1})
