"""Dashboard panels contributed by other apps (the dashboard imports none of them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    render: Callable[[HttpRequest], SafeString | None]


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def render_panels(request: HttpRequest) -> list[SafeString]:
    rendered = (panel.render(request) for panel in sorted(_panels.values(), key=lambda p: p.order))
    return [html for html in rendered if html]
