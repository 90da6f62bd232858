"""Answer links and their QR codes (segno), for posters and printed invitations."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

# Level M (15 % of the symbol may be damaged) survives a creased or smudged A4 print.
ERROR_LEVEL = "m"


def answer_path(survey, *, key: str | None = None, channel: str = "") -> str:
    path = reverse("surveys:answer", kwargs={"unit_code": survey.unit.code, "key": key or survey.slug})
    return f"{path}?{urlencode({'ch': channel})}" if channel else path


def answer_url(request, survey, *, key: str | None = None, channel: str = "") -> str:
    return request.build_absolute_uri(answer_path(survey, key=key, channel=channel))


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False)


def svg(url: str, *, scale: int = 8) -> SafeString:
    """Inline SVG of the code, 4 modules of quiet zone; the content is segno's own markup."""
    return mark_safe(make(url).svg_inline(scale=scale, border=4, dark="#000", light="#fff"))
