"""Read side of the archive: the searched and filtered list, with its related rows fetched up front."""

from __future__ import annotations

import logging

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from investdesk.core.models import Unit
from investdesk.core.text import normalise
from investdesk.enterprises.models import EXTERNAL_ORIGINS, Contact, Enterprise

log = logging.getLogger(__name__)

KEY_ANY, KEY_NONE = "key", "none"
ORIGIN_EXTERNAL = "external"


def base_queryset(unit: Unit) -> QuerySet:
    """Every list and export goes through here: a fixed number of queries whatever the row count."""
    return (
        Enterprise.objects.for_unit(unit)
        .select_related("area", "service_officer", "liaison_leader")
        .prefetch_related("tags", Prefetch("contacts", queryset=Contact.objects.order_by("pk")))
    )


def _project_code_match(text: str):
    """Enterprises with a project whose 项目代码 contains the text, once the projects app has them."""
    try:
        model = apps.get_model("projects", "InvestmentProject")
        model._meta.get_field("project_code")
    except (LookupError, FieldDoesNotExist):
        return None
    link = next(
        (
            f.name
            for f in model._meta.get_fields()
            if getattr(f, "many_to_one", False) and f.related_model is Enterprise
        ),
        None,
    )
    if link is None:
        return None
    return Exists(model.objects.filter(**{link: OuterRef("pk"), "project_code__icontains": text}))


def search_condition(text: str) -> Q | None:
    """Name, former names, USCC, pinyin initials (of former names too) and project codes."""
    text = normalise(text)
    if not text:
        return None
    condition = Q(name__icontains=text) | Q(former_names__icontains=text) | Q(uscc__icontains=text.upper())
    compact = text.replace(" ", "")
    if compact.isascii() and compact.isalnum():
        condition |= Q(name_initials__icontains=compact.lower())
    projects = _project_code_match(text)
    if projects is not None:
        condition |= Q(projects)
    return condition


def filter_enterprises(queryset: QuerySet, data: dict) -> QuerySet:
    """Apply the list's filters (cleaned by EnterpriseFilterForm); empty values filter nothing."""
    condition = search_condition(data.get("q") or "")
    if condition is not None:
        queryset = queryset.filter(condition)
    level = data.get("key_level") or ""
    if level == KEY_ANY:
        queryset = queryset.filter(is_key=True)
    elif level == KEY_NONE:
        queryset = queryset.filter(is_key=False)
    elif level:
        queryset = queryset.filter(is_key=True, key_level=level)
    origin = data.get("origin") or ""
    if origin == ORIGIN_EXTERNAL:
        queryset = queryset.filter(origin__in=EXTERNAL_ORIGINS)
    elif origin:
        queryset = queryset.filter(origin=origin)
    for field in ("status", "industry_section", "scale"):
        if data.get(field):
            queryset = queryset.filter(**{field: data[field]})
    if data.get("area"):
        queryset = queryset.filter(area=data["area"])
    if data.get("tag"):
        queryset = queryset.filter(tags=data["tag"])
    return queryset
