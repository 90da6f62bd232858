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


def items_for(membership, section: str = "main", path: str = "") -> list[dict]:
    """The entries a membership may use, in order, with their URLs resolved.

    An entry is active when the current path lies under its URL (the longest match wins, so
    the dashboard's "/dashboard/" does not light up on every page).
    """
    if membership is None:
        return []
    visible = [i for i in _items.values() if i.section == section and membership.can(i.permission)]
    entries = [
        {"key": i.key, "label": i.label, "url": reverse(i.url_name), "icon": i.icon, "active": False}
        for i in sorted(visible, key=lambda i: i.order)
    ]
    matching = [e for e in entries if path.startswith(e["url"])]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["active"] = True
    return entries
