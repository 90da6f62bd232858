"""The poster's and the invitation sheet's QR codes carry the answer links.

No QR decoder is installed here (segno only encodes), so the test reads the code back from the
page: it rebuilds the module matrix from the SVG path segno wrote and compares it with the matrix
of a fresh code for the expected link — equal matrices encode the same text.
"""

import re

import pytest
import segno
from django.urls import reverse

from investdesk.surveys import qr, services
from investdesk.surveys.conf import SurveySettings

pytestmark = pytest.mark.django_db


def matrix_from_svg(svg: str) -> list[list[int]]:
    """Dark modules from segno's path: "M x y.5" then runs "hN" (dark) and moves "mDX DY"."""
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg)[1]
    scale = int(re.search(r'transform="scale\((\d+)\)"', svg)[1])
    size = int(re.search(r'<svg width="(\d+)"', svg)[1]) // scale
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
    return grid


def expected(url: str, border: int = 4) -> list[list[int]]:
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return [list(row) for row in code.matrix_iter(border=border)]


def svg_in(page: str, container_id: str) -> str:
    start = page.index(f'id="{container_id}"')
    return page[page.index("<svg", start) : page.index("</svg>", start) + 6]


def test_the_poster_qr_decodes_to_the_channel_link(people, survey, channels):
    page = people.client_for(people.viewer).get(reverse("surveys:poster", args=[survey.pk]), {"ch": "window"}).text
    url = "http://testserver/surveys/p/chenggong/2022-public/?ch=window"
    assert f'id="poster-url">{url}<' in page
    assert matrix_from_svg(svg_in(page, "poster-qr")) == expected(url)
    assert matrix_from_svg(svg_in(page, "poster-qr")) != expected(url.replace("window", "visit"))


def test_the_poster_without_channel_carries_the_plain_link(people, survey):
    page = people.client_for(people.viewer).get(reverse("surveys:poster", args=[survey.pk])).text
    assert matrix_from_svg(svg_in(page, "poster-qr")) == expected("http://testserver/surveys/p/chenggong/2022-public/")


def test_each_printed_invitation_carries_its_own_link(people, survey):
    token = services.generate_tokens(survey, actor=None, count=1, label="", conf=SurveySettings())[0]
    page = people.client_for(people.viewer).get(reverse("surveys:tokens_print", args=[survey.pk])).text
    start = page.index(f'data-token="{token.token}"')
    svg = page[page.index("<svg", start) : page.index("</svg>", start) + 6]
    assert matrix_from_svg(svg) == expected(f"http://testserver/surveys/p/chenggong/{token.token}/")


def test_the_reader_round_trips_segnos_own_output():
    url = "https://example.org/surveys/p/chenggong/2022-service/?ch=wechat"
    assert matrix_from_svg(str(qr.svg(url, scale=5))) == expected(url)
