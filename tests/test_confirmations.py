"""Every delete and every step with no way back asks to confirm, the same way everywhere: the
form (or its button, or the link) carries data-confirm, which static/investdesk/app.js turns into
one dialog. The browser side is in tests/test_browser_phone.py."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from investdesk.cases.models import OPEN_STATUSES, TRANSITIONS

ROOT = Path(__file__).resolve().parent.parent / "investdesk"
# An opening <form …> or <a …> tag whose action or href is `{% url 'app:name' … %}`.
TAG = re.compile(r"<(form|a)\b((?:[^>{]|\{[%{#].*?[%}#]\})*)>", re.S)
TARGET = re.compile(r"""(?:action|href)="\{% url '([\w:]+)'""")
# Irreversible steps that are not deletes, as (template, what identifies the tag).
FINAL_STEPS = [
    ("cases/templates/cases/detail.html", "{% url 'cases:transition' case.pk t.name %}"),
    ("performance/templates/performance/evaluation_detail.html", 'id="approve-evaluation"'),
    ("portal/templates/portal/staff/detail.html", "{% url 'portal_staff:reject' obj.pk %}"),
    ("projects/templates/projects/detail.html", "{% url 'projects:sync_items' project.pk %}"),
]


def url_names(resolver=None, namespace="") -> list[str]:
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(namespace + entry.name)
    return names


def tags_to(predicate):
    """(template, url name, tag) of every form or link whose target's URL name passes."""
    found = []
    for path in ROOT.rglob("*.html"):
        for match in TAG.finditer(path.read_text(encoding="utf-8")):
            target = TARGET.search(match.group(2))
            if target and predicate(target.group(1)):
                found.append((str(path.relative_to(ROOT)), target.group(1), match.group(0)))
    return found


def test_every_form_or_link_to_a_delete_url_asks_to_confirm():
    deletes = tags_to(lambda name: "delete" in name)
    assert len(deletes) >= 21
    assert [(path, name) for path, name, tag in deletes if "data-confirm=" not in tag] == []


def test_every_delete_url_of_the_urlconf_is_offered_with_a_confirmation():
    offered = {name for _path, name, tag in tags_to(lambda name: "delete" in name) if "data-confirm=" in tag}
    deletes = {name for name in url_names() if "delete" in name and not name.startswith("admin:")}
    assert len(deletes) >= 21
    assert deletes - offered == set()


def test_a_delete_link_posts_only_after_confirming_and_leads_to_a_confirmation_page_without_scripts():
    links = [tag for _path, _name, tag in tags_to(lambda name: "delete" in name) if tag.startswith("<a")]
    assert links and all("data-confirm-post" in tag for tag in links)


def test_every_step_with_no_way_back_asks_to_confirm():
    for template, marker in FINAL_STEPS:
        text = (ROOT / template).read_text(encoding="utf-8")
        tags = [m.group(0) for m in TAG.finditer(text) if marker in m.group(0)]
        tags += re.findall(r"<button\b[^>]*" + re.escape(marker) + r"[^>]*>", text)
        assert tags, (template, marker)
        assert all("data-confirm" in tag for tag in tags), (template, marker)


def test_the_case_steps_asking_to_confirm_are_those_after_which_the_case_never_works_again():
    def reachable(status: str) -> set[str]:
        seen, todo = set(), [status]
        while todo:
            current = todo.pop()
            for t in TRANSITIONS.values():
                if current in t.sources and t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return seen

    final = {t.name for t in TRANSITIONS.values() if t.is_final}
    assert final == {"reject", "complete", "archive", "terminate"}
    for name in final:
        assert reachable(TRANSITIONS[name].target) & set(OPEN_STATUSES) == set(), name
    for name in TRANSITIONS.keys() - final - {"visit"}:
        assert TRANSITIONS[name].target in OPEN_STATUSES, name
