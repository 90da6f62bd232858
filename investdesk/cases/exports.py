"""The case list as a spreadsheet (core.tabular): what the list shows, phones masked unless the
role may see personal data."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from investdesk.core.identifiers import mask_phone
from investdesk.core.tabular import Column, export_xlsx


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _mark(case) -> str:
    mark = case.figures.mark
    return _("overdue") if mark == "overdue" else _("due soon") if mark == "due_soon" else ""


def _rating(case) -> str:
    try:
        rating = case.rating
    except Exception:
        return ""
    label = rating.get_level_display()
    return f"{label}（{_('default')}）" if rating.is_default else label


def columns(show_phones: bool) -> list[Column]:
    phone = (lambda c: c.requester_phone) if show_phones else (lambda c: mask_phone(c.requester_phone))
    return [
        Column("number", _("case number"), width=22),
        Column("status", _("status"), export=lambda c: c.get_status_display()),
        Column("deadline", _("Deadlines"), export=_mark),
        Column("channel", _("channel"), export=lambda c: c.get_channel_display(), width=20),
        Column("scope", _("scope"), export=lambda c: c.get_scope_display(), width=20),
        Column("enterprise", _("enterprise"), export=lambda c: c.display_enterprise, width=30),
        Column("uscc", _("unified social credit code"), width=20),
        Column("requester_name", _("contact person")),
        Column("requester_phone", _("contact phone"), export=phone),
        Column("project", _("investment project"), export=lambda c: c.display_project, width=30),
        Column("project_code", _("project code"), width=26),
        Column("agent", _("agent"), export=lambda c: _person(c.agent)),
        Column("applied_on", _("application date")),
        Column("accepted_on", _("acceptance date")),
        Column("completed_on", pgettext("case", "completion date"), export=lambda c: c.completed_on),
        Column("rating", _("rating"), export=_rating),
    ]


def export(cases, *, show_phones: bool) -> bytes:
    """Cases carrying `.figures` (see queries.attach_figures)."""
    return export_xlsx(columns(show_phones), cases, _("Delegation cases"))
