"""Sections other apps add to the enterprise page (its projects, later its cases…).

The enterprises app imports none of them: an app registers, in its AppConfig.ready(),

    sections.register(sections.Section("projects", 10, render))

where `render(request, enterprise)` returns HTML (or None to show nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    render: Callable[[object, object], SafeString | None]


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def render_sections(request, enterprise) -> list[SafeString]:
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        html = section.render(request, enterprise)
        if html:
            rendered.append(html)
    return rendered
