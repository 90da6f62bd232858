"""The navigation: each app registers its entries when it is installed.

Modules that are not built have no entry, so the menu never shows a broken link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url_name: str
    icon: str  # a bootstrap-icons name
    order: int
    permission: str = "view"
    section: str = "main"  # "main" (top menu) or "manage" (the user menu)


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.key] = item


def items_for(membership, section: str = "main") -> list[dict]:
    """The entries a membership may use, in order, with their URLs resolved."""
    if membership is None:
        return []
    visible = [i for i in _items.values() if i.section == section and membership.can(i.permission)]
    return [
        {"key": i.key, "label": i.label, "url": reverse(i.url_name), "icon": i.icon}
        for i in sorted(visible, key=lambda i: i.order)
    ]
