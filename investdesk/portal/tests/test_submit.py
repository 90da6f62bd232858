"""Submitting a request on the public portal: stored first and complete, refused input changes
nothing, CSRF, and the per-address limit under a burst of submissions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from investdesk.core.models import Notification
from investdesk.enterprises.files import MAX_ATTACHMENT_BYTES
from investdesk.portal import services
from investdesk.portal.conf import DEFAULT_SUBMIT_PER_WINDOW
from investdesk.portal.models import EventKind, PortalAttachment, PortalRequest, RequestStatus
from investdesk.portal.tests.conftest import BAD_CHECK_USCC, PHONE, VALID_USCC, apply_url, docx, form_data, pdf
from investdesk.portal.tracking import ALPHABET, new_number

LIMIT_TEXT = "提交的申请较多"


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_form_renders_for_the_public_in_chinese(people):
    response = Client().get(apply_url(people.unit))
    assert response.status_code == 200
    assert 'id="request-form"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert "统一社会信用代码" in response.text
    assert 'id="main-nav"' not in response.text  # no staff navigation on public pages


def test_a_request_is_stored_with_a_tracking_number_and_the_staff_are_told_after_commit(
    people, django_capture_on_commit_callbacks
):
    client = Client(REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(apply_url(people.unit), {**form_data(), "files": [pdf(), docx()]})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:submitted", args=["chenggong"])
    obj = PortalRequest.objects.get()
    assert (obj.unit, obj.enterprise_name, obj.uscc, obj.uscc_check_failed) == (
        people.unit,
        "昆明呈祥智能制造有限公司",
        VALID_USCC,
        False,
    )
    assert (obj.contact_name, obj.phone, obj.status, obj.channel) == ("陈晓", PHONE, RequestStatus.NEW, "online")
    assert (obj.client_ip, obj.user_agent, obj.language) == ("203.0.113.5", "Mozilla/5.0 (iPhone)", "zh-hans")
    assert len(obj.tracking_number) == 10 and set(obj.tracking_number) <= set(ALPHABET)
    assert sorted(a.filename for a in obj.attachments.all()) == ["营业执照.pdf", "说明.docx"]
    for attachment in obj.attachments.all():
        assert attachment.file.name.startswith(f"units/{people.unit.pk}/portal/{obj.pk}/")
        assert Path(attachment.file.path).exists()
    assert list(obj.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]
    # Stored before anything else: nobody has been told yet, the notice waits for the commit.
    assert Notification.objects.count() == 0
    assert len(callbacks) == 1
    callbacks[0]()
    notified = Notification.objects.order_by("user__username")
    assert [n.user.username for n in notified] == ["liqiang", "zhangmin"]  # the director and the agent
    assert notified[0].title == "新的网上申请：昆明呈祥智能制造有限公司"
    assert notified[0].url == reverse("portal_staff:inbox")

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'data-number="{obj.tracking_number}"' in page.text
    assert 'id="accept-by"' in page.text


def test_a_failing_notification_is_logged_and_the_request_kept(people, monkeypatch, caplog):
    obj = services.submit_request(
        people.unit, fields={k: v for k, v in form_data().items() if k != "consent"}, uploads=[], ip="203.0.113.5"
    )

    def broken(*args, **kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(services, "notify", broken)
    assert services.announce(obj.pk) == 0
    assert PortalRequest.objects.filter(pk=obj.pk).exists()
    assert "could not notify the staff about online request" in caplog.text


def test_an_english_request_is_answered_in_english_and_staff_are_told_in_chinese(
    people, django_capture_on_commit_callbacks
):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(apply_url(people.unit))
    assert "Unified social credit code" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(people.unit), form_data(enterprise_name="Acme Kunming Ltd."))
    assert response.status_code == 302
    assert PortalRequest.objects.get().language == "en"
    assert Notification.objects.first().title == "新的网上申请：Acme Kunming Ltd."
    assert "Your request has been received" in client.get(response["Location"]).text


def test_a_bad_check_character_is_accepted_and_flagged_for_staff(people):
    response = Client().post(apply_url(people.unit), form_data(uscc=BAD_CHECK_USCC.lower()))
    assert response.status_code == 302
    obj = PortalRequest.objects.get()
    assert (obj.uscc, obj.uscc_check_failed) == (BAD_CHECK_USCC, True)


def test_a_valid_project_code_is_kept_in_its_normal_form(people):
    response = Client().post(apply_url(people.unit), form_data(project_code="2022－530114－04－01－123456"))
    assert response.status_code == 302
    assert PortalRequest.objects.get().project_code == "2022-530114-04-01-123456"


BAD_INPUT = [
    ("uscc", {"uscc": "12345"}, "“12345”不是有效的统一社会信用代码：应为 18 位数字或大写字母（不含 I、O、S、V、Z）。"),
    ("phone", {"phone": "12345"}, "“12345”不是有效的电话号码（11 位手机号，或 0871-67483280 这样的固定电话）。"),
    ("contact_name", {"contact_name": ""}, "这个字段是必填项。"),
    (
        "project_code",
        {"project_code": "2022-530114-04-01"},
        "项目代码“2022-530114-04-01”有 4 段，应为用“-”分隔的 5 段：年份-地区代码-部门-项目类型-序号，"
        "例如 2022-530114-04-01-123456。",
    ),
    ("consent", {"consent": ""}, "请勾选同意，否则我们无法与您联系。"),
    ("help_needed", {"help_needed": "x" * 2001}, "确保该变量包含不超过 2000 字符 (目前字符数 2001)。"),
]


@pytest.mark.parametrize(("field", "change", "message"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_refused_with_a_message_on_the_field_and_nothing_is_stored(people, field, change, message):
    response = Client().post(apply_url(people.unit), {**form_data(**change), "files": [pdf()]})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field] == [message]
    assert f'data-field-error="{field}"' in response.text
    assert 'id="form-errors"' in response.text
    assert PortalRequest.objects.count() == 0
    assert PortalAttachment.objects.count() == 0
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_an_executable_attachment_is_refused(people):
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 100)
    response = Client().post(apply_url(people.unit), {**form_data(), "files": [pdf(), exe]})
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [
        "“setup.exe”：只接受 .pdf、.jpg、.jpeg、.png、.doc、.docx、.xls、.xlsx、.txt、.zip 文件。"
    ]
    assert PortalRequest.objects.count() == 0
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_an_executable_renamed_to_pdf_is_refused(people):
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = Client().post(apply_url(people.unit), {**form_data(), "files": [fake]})
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == ["“合同.pdf”不是 PDF 文件：文件内容与扩展名不符。"]
    assert PortalRequest.objects.count() == 0


def test_too_large_a_file_is_refused(people):
    big = SimpleUploadedFile("图纸.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES)
    response = Client().post(apply_url(people.unit), {**form_data(), "files": [big]})
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == ["“图纸.pdf”超过 20 MB。"]
    assert PortalRequest.objects.count() == 0
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_more_than_five_files_are_refused(people):
    response = Client().post(apply_url(people.unit), {**form_data(), "files": [pdf(f"{n}.pdf") for n in range(6)]})
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == ["最多发送 5 个文件，您选择了 6 个。"]
    assert PortalRequest.objects.count() == 0


def test_a_post_without_the_csrf_token_is_refused(people):
    client = Client(enforce_csrf_checks=True)
    response = client.post(apply_url(people.unit), form_data())
    assert response.status_code == 403
    assert PortalRequest.objects.count() == 0


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(people):
    client = Client(enforce_csrf_checks=True)
    page = client.get(apply_url(people.unit))
    token = page.context["csrf_token"]
    response = client.post(apply_url(people.unit), {**form_data(), "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert PortalRequest.objects.count() == 1


def test_an_unknown_unit_code_is_not_found(db):
    assert Client().get("/portal/nowhere/apply/").status_code == 404


def test_a_failure_while_storing_the_files_leaves_no_request_and_no_file(people, monkeypatch):
    calls = {"n": 0}
    original = PortalAttachment.save

    def fail_on_second(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PortalAttachment, "save", fail_on_second)
    fields = {k: v for k, v in form_data().items() if k != "consent"}
    with pytest.raises(OSError):
        services.submit_request(people.unit, fields=fields, uploads=[pdf(), docx()], ip="203.0.113.5")
    assert PortalRequest.objects.count() == 0
    assert PortalAttachment.objects.count() == 0
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_the_service_refuses_bad_identifiers_itself(people):
    fields = {k: v for k, v in form_data(phone="abc", uscc="XYZ").items() if k != "consent"}
    with pytest.raises(Exception) as caught:
        services.submit_request(people.unit, fields=fields, uploads=[], ip=None)
    assert sorted(caught.value.error_dict) == ["phone", "uscc"]
    assert PortalRequest.objects.count() == 0


def test_a_hundred_quick_submissions_store_exactly_the_allowed_number(people, django_capture_on_commit_callbacks):
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(100):
            data = {**form_data(project_name=f"连续提交项目{n:03d}"), "files": [pdf(f"附件{n:03d}.pdf")]}
            response = client.post(apply_url(people.unit), data)
            statuses.append(response.status_code)
            if response.status_code == 429:
                last = response
    assert statuses.count(302) == DEFAULT_SUBMIT_PER_WINDOW == 5
    assert statuses[:5] == [302] * 5 and statuses.count(429) == 95
    assert LIMIT_TEXT in last.text
    assert 'id="rate-limit-message"' in last.text
    assert int(last["Retry-After"]) > 0
    stored = PortalRequest.objects.order_by("submitted_at")
    assert [r.project_name for r in stored] == [f"连续提交项目{n:03d}" for n in range(5)]
    for obj in stored:  # every stored request is complete: its file and its event are there
        assert [a.filename for a in obj.attachments.all()] == [f"附件{obj.project_name[-3:]}.pdf"]
        assert Path(obj.attachments.get().file.path).exists()
        assert obj.events.count() == 1
    assert len(stored_files(Path(settings.MEDIA_ROOT))) == 5  # no orphan file
    assert Notification.objects.filter(kind="new_request").count() == 5 * 2  # two staff, five requests

    other = Client(REMOTE_ADDR="198.51.100.8").post(apply_url(people.unit), form_data(project_name="另一个地址"))
    assert other.status_code == 302
    assert PortalRequest.objects.count() == 6


def test_the_limit_is_per_unit_and_follows_the_units_setting(people):
    people.unit.settings = {"portal": {"submit_per_window": 2}}
    people.unit.save()
    client = Client(REMOTE_ADDR="198.51.100.7")
    codes = [client.post(apply_url(people.unit), form_data()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert client.post(apply_url(people.other_unit), form_data()).status_code == 302


def test_the_daily_limit_counts_a_rolling_day(people):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for hours in range(20):  # one an hour: never five in ten minutes, but twenty in a day
        PortalRequest.objects.create(
            unit=people.unit,
            tracking_number=new_number(),
            enterprise_name="e",
            contact_name="c",
            phone=PHONE,
            project_name="p",
            help_needed="h",
            client_ip="198.51.100.9",
            submitted_at=now - timedelta(hours=hours, minutes=30),
        )
    response = Client(REMOTE_ADDR="198.51.100.9").post(apply_url(people.unit), form_data())
    assert response.status_code == 429
    assert PortalRequest.objects.count() == 20
    assert "2" in response["Retry-After"] or int(response["Retry-After"]) > 0


def test_a_forwarded_value_that_is_not_an_ip_falls_back_to_the_proxys_address(rf, settings):
    from investdesk.portal.limits import address_of

    settings.PROXY_COUNT = 1
    assert address_of(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")) == "10.0.0.1"
    assert address_of(rf.get("/", REMOTE_ADDR="garbage", HTTP_X_FORWARDED_FOR="not-an-address")) is None
    assert address_of(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8::1")) == "2001:db8::1"
    settings.PROXY_COUNT = 0
    assert address_of(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")) == "10.0.0.1"


def test_requests_from_an_unknown_address_share_one_limit(people):
    people.unit.settings = {"portal": {"submit_per_window": 1}}
    people.unit.save()
    fields = {k: v for k, v in form_data().items() if k != "consent"}
    services.submit_request(people.unit, fields=fields, uploads=[], ip=None)
    with pytest.raises(services.RateLimited):
        services.submit_request(people.unit, fields=fields, uploads=[], ip=None)
    assert PortalRequest.objects.get().client_ip is None


def test_behind_the_proxy_the_forwarded_address_is_counted(people, settings):
    settings.PROXY_COUNT = 1
    people.unit.settings = {"portal": {"submit_per_window": 1}}
    people.unit.save()
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.21")
    assert first.post(apply_url(people.unit), form_data()).status_code == 302
    assert first.post(apply_url(people.unit), form_data()).status_code == 429
    assert second.post(apply_url(people.unit), form_data()).status_code == 302
    assert sorted(PortalRequest.objects.values_list("client_ip", flat=True)) == ["198.51.100.20", "198.51.100.21"]
