"""QR codes of the portal (segno): SVG that scales to any print size, with the URL inside as text."""

from __future__ import annotations

import io

import segno
from django.http import HttpResponse


def svg(url: str, *, title: str = "") -> str:
    """An SVG QR code of `url`; the URL is also its <desc>, so it can be read without a scanner."""
    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=4, xmldecl=False, omitsize=True, title=title or None, desc=url)
    return out.getvalue().decode("utf-8")


def svg_response(url: str, *, title: str = "", filename: str = "qr.svg") -> HttpResponse:
    response = HttpResponse(svg(url, title=title), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
