"""Helpers for the portal tests: a valid submission, files, requests stored through the service,
cases opened at the window and taken to completion through the cases services, and reading a QR
code back from the SVG."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from investdesk.cases import services as case_services
from investdesk.cases.models import Scope
from investdesk.portal import services

VALID_USCC = "91530114MA6K5U8X61"
BAD_CHECK_USCC = "91350203M0001QAY9B"
PHONE = "13812345678"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def form_data(**overrides) -> dict:
    data = {
        "enterprise_name": "昆明呈祥智能制造有限公司",
        "uscc": VALID_USCC,
        "contact_name": "陈晓",
        "phone": PHONE,
        "project_name": "呈祥智能装备生产线项目",
        "project_code": "",
        "help_needed": "需要办理项目备案和施工许可，请帮忙梳理审批事项。",
        "consent": "on",
    }
    data.update(overrides)
    return data


def pdf(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx(name: str = "说明.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def apply_url(unit) -> str:
    return reverse("portal:apply", args=[unit.code])


def make_request(unit, *, ip: str = "203.0.113.9", uploads=(), **overrides):
    fields = form_data(**overrides)
    fields.pop("consent")
    return services.submit_request(unit, fields=fields, uploads=list(uploads), ip=ip, user_agent="pytest")


def complete(case, people):
    """Accept, assign, start and complete a case the way the center does (assistance needs no mandate)."""
    case = case_services.accept_case(case, actor=people.director)
    case = case_services.assign_case(case, actor=people.director, agent=people.agent)
    case = case_services.start_case(case, actor=people.agent)
    return case_services.complete_case(case, actor=people.agent, handover="备案证明")


def window_case(unit, people, *, phone: str = PHONE, **overrides):
    """A case opened at the service window (窗口): no online request, no tracking number."""
    values = {
        "channel": "window",
        "scope": Scope.ASSIST,
        "requester_name": "王五",
        "requester_phone": phone,
        "enterprise_name": "昆明窗口来访实业有限公司",
        "project_name": "窗口来访厂房扩建项目",
        "help_needed": "咨询项目备案流程。",
    }
    values.update(overrides)
    return case_services.create_case(unit, actor=people.agent, **values)


def qr_matrix(svg: str) -> list[list[int]]:
    """The dark modules of a QR code written by portal.qr.svg, without its quiet zone of 4.

    segno (scale 1) draws each row as "M x y.5" or a relative move "m dx dy", then dark runs "hN";
    rebuilding the grid and comparing it with segno.make(url).matrix tells which text the code holds
    (no QR decoder is installed).
    """
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg)[1])
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg)[1]
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([Mmh])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            for dx in range(int(numbers[0])):
                grid[int(y)][int(x) + dx] = 1
            x += numbers[0]
    return [row[4:-4] for row in grid[4:-4]]


def svg_in(page: str, container_id: str) -> str:
    start = page.index(f'id="{container_id}"')
    return page[page.index("<svg", start) : page.index("</svg>", start) + 6]


def convert(obj, people, scope=Scope.ASSIST):
    services.convert_request(obj, actor=people.agent, scope=scope)
    obj.refresh_from_db()
    return obj


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
