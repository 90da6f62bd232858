"""The unit-isolation walk of tests/test_isolation.py over this app's URLs alone, so a
regression here is named here (the whole-project walk covers them too)."""

from django.urls import reverse

from investdesk.outreach.tests.isolation import SPECS
from tests import test_isolation as walk
from tests.test_isolation import MARKER, all_patterns, response_text, snapshot

scene = walk.scene  # the whole walk's fixture: a victim unit and an outsider of each role


def test_every_outreach_url_with_arguments_is_described(db):
    missing = [name for name, _route, takes_args in all_patterns() if takes_args and name.startswith("outreach:")]
    assert sorted(set(missing) - set(SPECS)) == []


def test_an_outsider_never_sees_or_changes_outreach_rows(scene):
    victim, client = scene
    failures = []
    for name, _route, takes_args in all_patterns():
        if not (name or "").startswith("outreach:"):
            continue
        if not takes_args:
            response = client.get(reverse(name))
            if response.status_code >= 500 or MARKER in response_text(response):
                failures.append(f"{name}: status {response.status_code}")
            continue
        spec = SPECS[name]
        obj = spec.make(victim, MARKER)
        url = reverse(name, kwargs=spec.kwargs(obj))
        before = snapshot(obj)
        get, post = client.get(url), client.post(url, {"name": "changed", "status": "closed", "action": "resolve"})
        if post.status_code not in (403, 404) or get.status_code not in (403, 404, 405):
            failures.append(f"{name} {url}: GET {get.status_code}, POST {post.status_code}")
        if MARKER in response_text(get) or MARKER in response_text(post):
            failures.append(f"{name} {url}: the victim's marker is in the response")
        if snapshot(obj) != before:
            failures.append(f"{name} {url}: the victim's row changed")
    assert not failures, "\n".join(failures)
