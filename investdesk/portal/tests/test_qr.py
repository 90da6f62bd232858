"""The portal's start pages and QR codes: absolute URLs, a printable poster per unit and a printable
QR code per case (every case, also one opened at the window)."""

from __future__ import annotations

import pytest
import segno
from django.test import Client
from django.urls import reverse

from investdesk.cases.models import AgencyCase
from investdesk.core.models import Unit
from investdesk.portal.tests.conftest import PHONE, convert, make_request, qr_matrix, svg_in, window_case


def as_lists(matrix) -> list[list[int]]:
    return [list(row) for row in matrix]


def test_the_portal_qr_is_an_svg_of_the_absolute_home_url(people):
    response = Client().get(reverse("portal:qr", args=["chenggong"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.content.startswith(b"<svg")
    assert b"<desc>http://testserver/portal/chenggong/</desc>" in response.content
    assert "<title>昆明市呈贡区投资服务中心</title>".encode() in response.content


def test_the_qr_follows_the_host_and_scheme_it_is_served_under(people):
    response = Client().get(reverse("portal:qr", args=["chenggong"]), HTTP_HOST="localhost")
    assert b"<desc>http://localhost/portal/chenggong/</desc>" in response.content


def test_the_poster_shows_the_code_the_name_and_the_url(people):
    page = Client().get(reverse("portal:poster", args=["chenggong"]))
    assert page.status_code == 200
    assert 'id="poster-qr"><svg' in page.text
    assert 'id="poster-url">http://testserver/portal/chenggong/<' in page.text
    assert "昆明市呈贡区投资服务中心" in page.text


def test_the_case_qr_leads_to_the_tracking_page_with_the_number_and_never_the_phone(people):
    obj = convert(make_request(people.unit), people)
    response = people.client_for(people.viewer).get(reverse("portal_staff:case_qr", args=[obj.case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    url = f"http://testserver/portal/chenggong/track/?number={obj.tracking_number}"
    assert f"<desc>{url.replace('&', '&amp;')}</desc>".encode() in response.content
    assert obj.phone.encode() not in response.content
    assert (
        people.client_for(people.outsider).get(reverse("portal_staff:case_qr", args=[obj.case.pk])).status_code == 404
    )


def test_a_window_case_has_a_qr_of_the_track_page_with_its_case_number(people):
    case = window_case(people.unit, people)
    assert AgencyCase.objects.count() == 1
    response = people.client_for(people.viewer).get(reverse("portal_staff:case_qr", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    url = f"http://testserver/portal/chenggong/track/?number={case.number}"
    assert f"<desc>{url}</desc>".encode() in response.content
    assert qr_matrix(response.content.decode()) == as_lists(segno.make(url, error="m").matrix)
    assert PHONE.encode() not in response.content
    assert people.client_for(people.outsider).get(reverse("portal_staff:case_qr", args=[case.pk])).status_code == 404


def test_the_printable_sheet_of_a_window_case_encodes_the_track_url_with_the_case_number(people):
    case = window_case(people.unit, people)
    page = people.client_for(people.viewer).get(reverse("portal_staff:case_qr_sheet", args=[case.pk]))
    assert page.status_code == 200
    expected_url = f"http://testserver/portal/chenggong/track/?number={case.number}"
    assert qr_matrix(svg_in(page.text, "case-qr")) == as_lists(segno.make(expected_url, error="m").matrix)
    assert qr_matrix(svg_in(page.text, "case-qr")) != as_lists(segno.make(expected_url + "1", error="m").matrix)
    assert f'id="sheet-case-number">{case.number}<' in page.text
    assert 'id="sheet-unit">昆明市呈贡区投资服务中心<' in page.text
    assert f'id="sheet-url">{expected_url}<' in page.text
    assert ">扫码查询办理进度并评价服务，需输入您登记的联系电话。<" in page.text
    assert ">Scan to follow your case and rate our service; you will be asked for the phone number you gave us.<" in (
        page.text
    )
    assert "@page { size: A4 portrait;" in page.text
    assert 'id="sheet-tracking-number"' not in page.text
    assert PHONE not in page.text
    outsider = people.client_for(people.outsider)
    assert outsider.get(reverse("portal_staff:case_qr_sheet", args=[case.pk])).status_code == 404


def test_the_sheet_of_a_case_from_the_portal_keeps_the_tracking_number(people):
    obj = convert(make_request(people.unit), people)
    page = people.client_for(people.agent).get(reverse("portal_staff:case_qr_sheet", args=[obj.case.pk]))
    url = f"http://testserver/portal/chenggong/track/?number={obj.tracking_number}"
    assert qr_matrix(svg_in(page.text, "case-qr")) == as_lists(segno.make(url, error="m").matrix)
    assert f'id="sheet-case-number">{obj.case.number}<' in page.text
    assert obj.tracking_display in page.text


def test_the_case_page_links_the_printable_qr(people):
    case = window_case(people.unit, people)
    page = people.client_for(people.viewer).get(reverse("cases:detail", args=[case.pk]))
    sheet = reverse("portal_staff:case_qr_sheet", args=[case.pk])
    assert sheet == f"/cases/requests/case/{case.pk}/qr/"
    assert f'<a href="{sheet}" target="_blank" rel="noopener" id="case-qr-link"' in page.text


def test_the_home_page_presents_the_unit_and_the_three_actions(people):
    people.unit.profile = "呈贡区投资服务中心负责全区招商引资项目的代办帮办服务。"
    people.unit.phone = "0871-67483280"
    people.unit.save()
    page = Client().get(reverse("portal:home", args=["chenggong"]))
    assert page.status_code == 200
    for marker in ('id="action-apply"', 'id="action-track"', 'id="action-rate"', 'id="unit-profile"'):
        assert marker in page.text
    assert "呈贡区投资服务中心负责全区招商引资项目的代办帮办服务。" in page.text
    assert "0871-67483280" in page.text
    assert "我们在 1 个工作日内受理" in page.text
    assert 'id="switch-language-en"' in page.text
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page.text


def test_the_portal_index_lists_the_units(people):
    page = Client().get(reverse("portal:index"))
    assert page.status_code == 200
    assert [u.code for u in page.context["units"]] == [u.code for u in Unit.objects.order_by("name")]
    assert 'href="/portal/chenggong/"' in page.text and 'href="/portal/other/"' in page.text


def test_with_one_unit_the_index_goes_straight_to_its_portal(db):
    Unit.objects.create(name="唯一中心", code="only")
    response = Client().get(reverse("portal:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home", args=["only"])


@pytest.mark.parametrize("name", ["portal:home", "portal:apply", "portal:track", "portal:poster", "portal:qr"])
def test_an_unknown_unit_code_is_a_404(db, name):
    assert Client().get(reverse(name, args=["nowhere"])).status_code == 404
