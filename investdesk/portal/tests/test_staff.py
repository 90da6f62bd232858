"""The staff's inbox and request page, persona by persona: reading, acting, refusals that change
nothing, and query counts that do not grow with the rows."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investdesk.cases.models import AgencyCase, CaseStatus, Scope
from investdesk.enterprises.models import Enterprise
from investdesk.portal import services
from investdesk.portal.models import EventKind, PortalRequest, RequestStatus
from investdesk.portal.tests.conftest import PHONE, VALID_USCC, make_request, pdf
from investdesk.portal.tracking import new_number

INBOX = reverse("portal_staff:inbox")


def detail(obj) -> str:
    return reverse("portal_staff:detail", args=[obj.pk])


def snapshot(obj) -> tuple:
    fresh = PortalRequest.objects.get(pk=obj.pk)
    return fresh.status, fresh.case_id, fresh.reject_reason, fresh.duplicate_of_id, fresh.events.count()


@pytest.fixture
def obj(people):
    return make_request(people.unit, uploads=[pdf()])


@pytest.mark.parametrize("who", ["agent", "director", "finance", "viewer", "admin"])
def test_every_role_of_the_unit_reads_the_inbox_and_only_editors_see_the_actions(people, obj, who):
    client = people.client_for(getattr(people, who))
    inbox = client.get(INBOX)
    assert inbox.status_code == 200
    assert 'data-nav="portal_requests"' in inbox.text  # reachable from the staff navigation
    assert f'data-tracking="{obj.tracking_number}"' in inbox.text
    assert 'id="new-count">1<' in inbox.text
    page = client.get(detail(obj))
    assert page.status_code == 200
    assert "需要办理项目备案和施工许可" in page.text
    assert ('id="convert-form"' in page.text) is (who in ("agent", "director"))
    phone_shown = PHONE in page.text
    assert phone_shown is (who in ("agent", "director", "admin"))
    if not phone_shown:
        assert "138****5678" in page.text


def test_the_viewer_cannot_act_and_nothing_changes(people, obj):
    client = people.client_for(people.viewer)
    before = snapshot(obj)
    for name, data in (
        ("portal_staff:convert", {"scope": Scope.ASSIST}),
        ("portal_staff:reject", {"reason": "不属于本中心服务范围"}),
        ("portal_staff:duplicate", {"original": obj.tracking_number}),
        ("portal_staff:reopen", {}),
    ):
        assert client.post(reverse(name, args=[obj.pk]), data).status_code == 403
    assert snapshot(obj) == before
    assert AgencyCase.objects.count() == 0


def test_the_inbox_shows_new_requests_first_and_filters_and_searches(people):
    older = make_request(people.unit, enterprise_name="云南老申请有限公司")
    handled = make_request(people.unit, enterprise_name="云南已处理有限公司", ip="203.0.113.10")
    newest = make_request(people.unit, enterprise_name="云南新申请有限公司", ip="203.0.113.11")
    from investdesk.portal import services

    services.reject_request(handled, actor=people.director, reason="重复咨询")
    client = people.client_for(people.agent)
    order = [r.pk for r in client.get(INBOX).context["page"].object_list]
    assert order == [newest.pk, older.pk, handled.pk]
    assert [r.pk for r in client.get(INBOX, {"status": "rejected"}).context["page"].object_list] == [handled.pk]
    assert [r.pk for r in client.get(INBOX, {"q": "老申请"}).context["page"].object_list] == [older.pk]
    assert [r.pk for r in client.get(INBOX, {"q": newest.tracking_display.lower()}).context["page"].object_list] == [
        newest.pk
    ]
    assert len(client.get(INBOX, {"q": "5678"}).context["page"].object_list) == 3
    assert client.get(INBOX).context["new_count"] == 2


def test_the_inbox_keeps_a_fixed_number_of_queries_at_10_and_1000_requests(people):
    def add(count: int) -> None:
        PortalRequest.objects.bulk_create(
            [
                PortalRequest(
                    unit=people.unit,
                    tracking_number=new_number(),
                    enterprise_name=f"批量企业{n:04d}有限公司",
                    contact_name="陈晓",
                    phone=PHONE,
                    project_name="批量项目",
                    help_needed="备案",
                    status=RequestStatus.NEW if n % 3 else RequestStatus.DUPLICATE,
                )
                for n in range(count)
            ]
        )

    client = people.client_for(people.viewer)
    add(10)
    client.get(INBOX)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(INBOX, {"q": "批量"}).status_code == 200
    add(990)
    with CaptureQueriesContext(connection) as many:
        response = client.get(INBOX, {"q": "批量"})
    assert response.context["page"].paginator.count == 1000
    assert len(response.context["page"].object_list) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_request_page_shows_similar_enterprises_of_the_archive(people, obj):
    Enterprise.objects.create(unit=people.unit, uscc=VALID_USCC, name="昆明呈祥智能制造有限公司")
    Enterprise.objects.create(
        unit=people.unit, uscc="914403001922038216", name="云南省昆明市呈祥智能制造（集团）有限公司"
    )
    Enterprise.objects.create(unit=people.other_unit, uscc=VALID_USCC, name="外单位的同名企业")
    page = people.client_for(people.agent).get(detail(obj))
    assert [e.name for e in page.context["enterprises"]] == [
        "云南省昆明市呈祥智能制造（集团）有限公司",
        "昆明呈祥智能制造有限公司",
    ]
    assert "外单位的同名企业" not in page.text
    form = page.context["convert_form"]
    assert form.initial["enterprise"] == Enterprise.objects.get(unit=people.unit, uscc=VALID_USCC).pk


def test_converting_opens_a_case_through_the_cases_service_and_links_it(people, obj):
    enterprise = Enterprise.objects.create(unit=people.unit, uscc=VALID_USCC, name="昆明呈祥智能制造有限公司")
    client = people.client_for(people.agent)
    response = client.post(
        reverse("portal_staff:convert", args=[obj.pk]), {"scope": Scope.FULL, "enterprise": enterprise.pk}
    )
    case = AgencyCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    obj.refresh_from_db()
    assert (obj.status, obj.case, obj.handled_by) == (RequestStatus.CONVERTED, case, people.agent)
    assert (case.unit, case.status, case.channel, case.scope) == (people.unit, CaseStatus.APPLIED, "online", Scope.FULL)
    assert (case.enterprise, case.enterprise_name, case.uscc) == (enterprise, "昆明呈祥智能制造有限公司", VALID_USCC)
    assert (case.requester_name, case.requester_phone, case.project_name) == ("陈晓", PHONE, "呈祥智能装备生产线项目")
    assert case.help_needed == obj.help_needed
    assert case.applied_on == timezone.localtime(obj.submitted_at).date()
    assert list(obj.events.values_list("kind", "note")) == [
        (EventKind.SUBMITTED, ""),
        (EventKind.CONVERTED, case.number),
    ]
    # Converted once: a second try is refused and opens no second case.
    again = client.post(reverse("portal_staff:convert", args=[obj.pk]), {"scope": Scope.FULL})
    assert again.status_code == 400
    assert AgencyCase.objects.count() == 1
    inbox = client.get(INBOX)
    assert case.number in inbox.text


def test_converting_with_a_bad_scope_is_refused_and_nothing_changes(people, obj):
    before = snapshot(obj)
    response = people.client_for(people.agent).post(reverse("portal_staff:convert", args=[obj.pk]), {"scope": "all"})
    assert response.status_code == 400
    assert 'data-field-error="scope"' in response.text
    assert snapshot(obj) == before
    assert AgencyCase.objects.count() == 0


def test_another_units_enterprise_cannot_be_linked(people, obj):
    foreign = Enterprise.objects.create(unit=people.other_unit, uscc=VALID_USCC, name="外单位企业")
    response = people.client_for(people.agent).post(
        reverse("portal_staff:convert", args=[obj.pk]), {"scope": Scope.ASSIST, "enterprise": foreign.pk}
    )
    assert response.status_code == 400
    assert 'data-field-error="enterprise"' in response.text
    assert AgencyCase.objects.count() == 0


ACCEPT_BY = re.compile(
    r'data-tracking="(\w+)".*?data-accept-by="([\d-]+)"><span class="text-nowrap">[\d-]+</span>\s*'
    r'(?:<span class="badge [^"]*" data-countdown="(-?\d+)"[^>]*>([^<]+)</span>'
    r'|<div class="text-muted text-nowrap">([^<]+?)\s*(?:<span[^>]*data-flag="late">([^<]+)</span>)?</div>)',
    re.S,
)


def test_the_inbox_and_the_request_page_show_the_promised_date_with_a_countdown(people, monkeypatch):
    """Defect 10: the portal promises 受理或答复期限; the staff saw no due date."""
    now = {"at": datetime(2022, 9, 30, 2, 0, tzinfo=UTC)}  # Friday 30 September, 10:00 in Shanghai
    monkeypatch.setattr(timezone, "now", lambda: now["at"])
    waiting = make_request(people.unit, enterprise_name="云南待受理有限公司")
    answered = make_request(people.unit, enterprise_name="云南已答复有限公司", ip="203.0.113.10")
    PortalRequest.objects.filter(pk__in=[waiting.pk, answered.pk]).update(submitted_at=now["at"])  # the field's default
    now["at"] = datetime(2022, 10, 11, 2, 0, tzinfo=UTC)  # 9, 10 and 11 October are working days
    services.reject_request(answered, actor=people.director, reason="不在本区")
    client = people.client_for(people.agent)
    rows = {number: rest for number, *rest in ACCEPT_BY.findall(client.get(INBOX).text)}
    assert rows == {
        waiting.tracking_number: ["2022-10-08", "-3", "逾期 3 个工作日", "", ""],
        answered.tracking_number: ["2022-10-08", "", "", "已于 2022-10-11 答复", "超期"],
    }
    page = client.get(detail(waiting)).text
    promised = r'id="request-accept-by" data-accept-by="2022-10-08">受理或答复期限：<strong>2022-10-08</strong>\s*'
    assert re.search(promised + r'<span class="badge text-bg-danger[^"]*" data-countdown="-3"', page)
    now["at"] = datetime(2022, 10, 8, 2, 0, tzinfo=UTC)  # the 调休 Saturday it is due
    assert ">今天到期</span>" in client.get(detail(waiting)).text


def as_posted(*forms) -> dict:
    """What the browser sends when the user saves the forms as the page shows them."""
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value in (None, False):
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def test_archiving_a_request_creates_the_enterprise_record_with_its_contact_and_links_it(people, obj):
    """建档: the record is made from what the investor gave, linked to the request, used by the case."""
    client = people.client_for(people.agent)
    assert 'id="archive-button"' in client.get(detail(obj)).text
    page = client.get(reverse("portal_staff:archive", args=[obj.pk]))
    form, contact = page.context["form"], page.context["contact_form"]
    assert (form["name"].value(), form["uscc"].value()) == ("昆明呈祥智能制造有限公司", VALID_USCC)
    assert (contact["name"].value(), contact["phone"].value()) == ("陈晓", PHONE)
    data = as_posted(form, contact) | {"origin": "domestic_external", "status": "operating"}
    response = client.post(reverse("portal_staff:archive", args=[obj.pk]), data)
    assert response.status_code == 302 and response["Location"] == detail(obj)
    enterprise = Enterprise.objects.get()
    assert (enterprise.unit, enterprise.name, enterprise.uscc) == (people.unit, "昆明呈祥智能制造有限公司", VALID_USCC)
    assert list(enterprise.contacts.values_list("name", "phone")) == [("陈晓", PHONE)]
    obj.refresh_from_db()
    assert obj.enterprise == enterprise
    assert obj.events.last().kind == EventKind.LINKED
    shown = client.get(detail(obj))
    assert 'id="request-enterprise"' in shown.text and 'id="archive-button"' not in shown.text
    assert shown.context["convert_form"].initial["enterprise"] == enterprise.pk
    # A second 建档 of the same request opens the record instead of making another one.
    again = client.get(reverse("portal_staff:archive", args=[obj.pk]))
    assert again["Location"] == reverse("enterprises:detail", args=[enterprise.pk])
    assert Enterprise.objects.count() == 1


def test_archiving_links_the_record_that_has_the_credit_code_already_and_its_case(people, obj):
    services.convert_request(obj, actor=people.director, scope=Scope.ASSIST)
    obj.refresh_from_db()
    assert obj.case.enterprise is None
    existing = Enterprise.objects.create(unit=people.unit, uscc=VALID_USCC, name="昆明呈祥智能制造有限公司（曾用名）")
    client = people.client_for(people.agent)
    page = client.get(detail(obj)).text
    assert "关联到一企一档记录" in page
    offer = client.get(reverse("portal_staff:archive", args=[obj.pk]))
    assert 'id="link-existing"' in offer.text and 'id="enterprise-form"' not in offer.text
    assert client.post(reverse("portal_staff:archive", args=[obj.pk])).status_code == 302
    obj.refresh_from_db()
    obj.case.refresh_from_db()
    assert (obj.enterprise, obj.case.enterprise, Enterprise.objects.count()) == (existing, existing, 1)
    case_page = people.client_for(people.viewer).get(reverse("cases:detail", args=[obj.case.pk])).text
    assert "已关联一企一档：昆明呈祥智能制造有限公司（曾用名）" in case_page


def test_the_viewer_cannot_archive_and_a_bad_code_creates_nothing(people, obj):
    url = reverse("portal_staff:archive", args=[obj.pk])
    viewer = people.client_for(people.viewer)
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"name": "x", "uscc": VALID_USCC}).status_code == 403
    assert 'id="archive-button"' not in viewer.get(detail(obj)).text
    client = people.client_for(people.agent)
    page = client.get(url)
    data = as_posted(page.context["form"], page.context["contact_form"]) | {
        "origin": "domestic_external",
        "status": "operating",
    }
    bad = client.post(url, data | {"uscc": "91530114MA6K5U8X6", "contact-phone": "12345"})
    assert bad.status_code == 400
    assert 'data-field-error="uscc"' in bad.text
    assert not Enterprise.objects.exists()
    obj.refresh_from_db()
    assert obj.enterprise is None


def test_rejecting_needs_a_reason(people, obj):
    client = people.client_for(people.director)
    before = snapshot(obj)
    refused = client.post(reverse("portal_staff:reject", args=[obj.pk]), {"reason": "   "})
    assert refused.status_code == 400
    assert 'data-field-error="reason"' in refused.text
    assert snapshot(obj) == before
    done = client.post(reverse("portal_staff:reject", args=[obj.pk]), {"reason": "项目不在本区"})
    assert done.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.reject_reason, obj.handled_by) == (RequestStatus.REJECTED, "项目不在本区", people.director)
    unconfirmed = client.post(reverse("portal_staff:reopen", args=[obj.pk]), follow=True)
    assert "重新打开是退回一步：请勾选确认。" in unconfirmed.text
    obj.refresh_from_db()
    assert (obj.status, obj.reject_reason) == (RequestStatus.REJECTED, "项目不在本区")
    reopened = client.post(reverse("portal_staff:reopen", args=[obj.pk]), {"confirm_back": "on"})
    assert reopened.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.reject_reason) == (RequestStatus.NEW, "")
    assert list(obj.events.values_list("kind", flat=True)) == ["submitted", "rejected", "reopened"]


def test_marking_a_duplicate_needs_another_request_of_the_unit(people, obj):
    earlier = make_request(people.unit, ip="203.0.113.77")
    foreign = make_request(people.other_unit)
    client = people.client_for(people.agent)
    url = reverse("portal_staff:duplicate", args=[obj.pk])
    for number in (foreign.tracking_number, obj.tracking_number, "ABCDE"):
        assert client.post(url, {"original": number}).status_code == 400
    assert snapshot(obj)[0] == RequestStatus.NEW
    assert client.post(url, {"original": earlier.tracking_display.lower()}).status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.duplicate_of) == (RequestStatus.DUPLICATE, earlier)
    page = client.get(detail(earlier))
    assert obj.tracking_display in page.text  # listed among the requests from the same phone


def test_files_are_served_to_the_units_staff_only(people, obj):
    attachment = obj.attachments.get()
    url = reverse("portal_staff:attachment", args=[attachment.pk])
    response = people.client_for(people.viewer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert people.client_for(people.outsider).get(url).status_code == 404
    from django.test import Client

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_outsider_sees_neither_the_request_nor_its_count(people, obj):
    client = people.client_for(people.outsider)
    assert client.get(detail(obj)).status_code == 404
    inbox = client.get(INBOX)
    assert obj.tracking_number not in inbox.text
    assert inbox.context["new_count"] == 0


def test_the_dashboard_shows_the_new_requests(people, obj):
    page = people.client_for(people.director).get(reverse("dashboard:index"))
    assert 'id="dashboard-new-requests">1<' in page.text
    assert obj.enterprise_name in page.text
