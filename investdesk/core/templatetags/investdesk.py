"""Template helpers shared by every app: form widgets, money, percentages, masking, sortable
column headers and breadcrumbs."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.forms import CheckboxInput, RadioSelect, Select, SelectMultiple
from django.urls import reverse
from django.utils.translation import gettext as _

from investdesk.core import money
from investdesk.core.identifiers import mask_phone

register = template.Library()


@register.filter
def widget(field):
    """Render a bound field's widget with the Bootstrap class that suits it."""
    w = field.field.widget
    if isinstance(w, CheckboxInput | RadioSelect):
        css = "form-check-input"
    elif isinstance(w, Select | SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = w.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def yuan(value):
    return money.format_yuan(value)


@register.filter
def wan(value):
    return money.format_wan(value)


@register.filter
def pct(value):
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(value):.2f}%"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


@register.filter
def masked(value):
    return mask_phone(value)


@register.filter
def yesno_zh(value):
    return _("Yes") if value else _("No")


@register.inclusion_tag("includes/sort_th.html", takes_context=True)
def sort_th(context, key: str, label, css: str = ""):
    """A column header that sorts the list by `key` (see core.web.list_sort); a plain header when
    the view gives no `sort` or the key is not one of its columns. `sort_anchor` in the context
    ("#expenditures") brings the reader back to a list lower down the page."""
    sort = context.get("sort")
    sortable = sort is not None and key in sort.columns
    return {
        "key": key,
        "label": label,
        "css": css,
        "sortable": sortable,
        "href": sort.links[key] + context.get("sort_anchor", "") if sortable else "",
        "active": sortable and sort.key == key,
        "descending": sortable and sort.descending,
    }


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*parts):
    """`{% breadcrumbs label url label url … current %}`: the trail above a form or a preview.

    Each label is followed by its link — a URL name without arguments ("enterprises:list") or a
    path (from `{% url … as name %}`); the last label is the page itself and has no link.
    """
    *pairs, current = parts
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label/link pairs and the current page's label")
    crumbs = []
    for label, target in zip(pairs[::2], pairs[1::2], strict=True):
        target = str(target or "")
        if target and not target.startswith(("/", "?", "http")):
            target = reverse(target)
        crumbs.append({"label": label, "url": target})
    return {"crumbs": crumbs, "current": current}
