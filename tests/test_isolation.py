"""Unit isolation over the whole URLconf (DESIGN.md "Data rules").

A user of another unit must never see or change a unit's rows through any URL: every URL is
requested as that outsider with ids of the victim unit's rows and must answer 403/404 (or
405 where only another method is allowed), and no page shows a victim row's marker text.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from investdesk.accounts.models import Role
from investdesk.core.models import Unit
from tests.isolation import Public, Row, Skip
from tests.personas import make_user

MARKER = "机密ZQX7"
SKIPPED_NAMESPACES = {"admin"}  # Django's admin is for superusers only (checked in test_admin_is_superuser_only)
GLOBAL_SPECS = {
    "set_language": Skip("switches the interface language; no unit data"),
}


def collect_specs() -> dict:
    specs = dict(GLOBAL_SPECS)
    for config in apps.get_app_configs():
        if not config.name.startswith("investdesk."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.isolation")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests.isolation", f"{config.name}.tests"):
                raise
            continue
        specs.update(module.SPECS)
    return specs


def walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(entry, f"{namespace}{ns}:" if ns else namespace, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry


def all_patterns():
    for namespace, short_name, route, entry in walk(get_resolver()):
        if namespace.split(":")[0] in SKIPPED_NAMESPACES:
            continue
        name = f"{namespace}{short_name}" if short_name else None
        takes_args = bool(entry.pattern.converters) or bool(re.search(r"\(\?P<|<\w+>", route))
        yield name, route, takes_args


def response_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body[:2] == b"PK":  # xlsx / docx exports: read the XML parts inside
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                return "".join(
                    archive.read(n).decode("utf-8", "ignore") for n in archive.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return body.decode("utf-8", "ignore") + kind


def snapshot(obj):
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if fresh is None else model_to_dict(fresh)


# Walked once per role: together the director and the administrator hold every permission,
# so no view can answer 403 for lack of a permission before it checks the unit.
@pytest.fixture(params=[Role.DIRECTOR, Role.ADMIN])
def scene(request, db):
    victim = Unit.objects.create(name=f"受害单位{MARKER}", code="victim")
    other = Unit.objects.create(name="外单位投资服务中心", code="other")
    make_user("victim_director", f"主任{MARKER}", victim, Role.DIRECTOR)
    outsider = make_user("outsider", "孙丽", other, request.param)
    client = Client()
    client.force_login(outsider)
    return victim, client


def test_every_url_with_arguments_is_described(db):
    specs = collect_specs()
    missing = [
        f"{name or '(unnamed)'} {route}"
        for name, route, takes_args in all_patterns()
        if takes_args and name not in specs
    ]
    assert not missing, "Describe these URLs in <app>/tests/isolation.py SPECS:\n" + "\n".join(missing)


def test_outsider_never_sees_or_changes_another_units_rows(scene):
    victim, client = scene
    specs = collect_specs()
    rows = {}
    for name, _route, takes_args in all_patterns():
        spec = specs.get(name)
        if takes_args and isinstance(spec, Row | Public):
            rows[name] = spec.make(victim, MARKER)
    failures = []
    for name, _route, takes_args in all_patterns():
        spec = specs.get(name)
        if isinstance(spec, Skip) or name is None:
            continue
        if not takes_args:
            response = client.get(reverse(name))
            if response.status_code >= 500 or MARKER in response_text(response):
                failures.append(
                    f"{name}: status {response.status_code}, marker shown={MARKER in response_text(response)}"
                )
            continue
        if isinstance(spec, Public):
            continue  # public pages are reached by their own token; covered by their app's tests
        obj = rows[name]
        url = reverse(name, kwargs=spec.kwargs(obj))
        before = snapshot(obj)
        get, post = client.get(url), client.post(url, {"name": "changed", "status": "closed"})
        if post.status_code not in (403, 404) or get.status_code not in (403, 404, 405):
            failures.append(f"{name} {url}: GET {get.status_code}, POST {post.status_code}")
        if MARKER in response_text(get) or MARKER in response_text(post):
            failures.append(f"{name} {url}: the victim's marker is in the response")
        if snapshot(obj) != before:
            failures.append(f"{name} {url}: the victim's row changed")
    assert not failures, "\n".join(failures)


def test_admin_is_superuser_only(scene):
    _victim, client = scene
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
