"""Template helpers shared by every app: form widgets, money, percentages, masking."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.forms import CheckboxInput, RadioSelect, Select, SelectMultiple
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
