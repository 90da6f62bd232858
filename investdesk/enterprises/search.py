"""What the global search finds in the archive: enterprises (the list's own search: name, former
names, credit code, pinyin initials, project codes) and their contacts (name, phone)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from investdesk.enterprises.models import Contact, Enterprise
from investdesk.enterprises.queries import search_condition
from investdesk.search import people, registry
from investdesk.search.registry import Hit


def enterprise_rows(request, query):
    condition = search_condition(query.text)
    if condition is None:
        return None
    return Enterprise.objects.for_unit(request.unit).filter(condition).select_related("area").order_by("name", "pk")


def enterprise_hit(request, enterprise) -> Hit:
    parts = [enterprise.get_origin_display(), enterprise.area.name if enterprise.area else ""]
    if enterprise.former_names:
        parts.append(_("formerly %(names)s") % {"names": "、".join(enterprise.former_name_list)})
    return Hit(
        title=enterprise.name,
        url=reverse("enterprises:detail", args=[enterprise.pk]),
        code=enterprise.uscc,
        detail=" · ".join(str(p) for p in parts if p),
        badge=enterprise.get_key_level_display() if enterprise.is_key else "",
    )


def enterprise_more(query) -> str:
    return f"{reverse('enterprises:list')}?{urlencode({'q': query.text})}"


def contact_rows(request, query):
    condition = Q(name__icontains=query.text)
    if (phone := people.phone_match(request, query, "phone")) is not None:
        condition |= phone
    return Contact.objects.for_unit(request.unit).filter(condition).select_related("enterprise").order_by("name", "pk")


def contact_hit(request, contact) -> Hit:
    return Hit(
        title=contact.name,
        url=reverse("enterprises:detail", args=[contact.enterprise_id]) + "#contacts",
        code=people.phone_shown(request, contact.phone),
        detail=" · ".join(p for p in (contact.post, contact.enterprise.name) if p),
    )


def register() -> None:
    registry.register(
        registry.Kind(
            "enterprises", _("Enterprises"), 10, "buildings", enterprise_rows, enterprise_hit, enterprise_more
        )
    )
    registry.register(
        registry.Kind(
            "contacts", _("Enterprise contacts"), 60, "person-vcard", contact_rows, contact_hit, group="people"
        )
    )
