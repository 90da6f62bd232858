"""A crawler that uses the product as a signed-in person or an investor would: it follows every
link it is shown and reports what a user would stumble over.

It starts from the given URLs, follows each link once per link shape (the path with its
numbers taken out, plus the names of its query parameters), and for every page it reaches it
reports:
- a server error (5xx), a refused page (403), a dead link (404) or a link that only takes a
  POST (405) — a page must not offer what the role cannot open;
- a form that posts to an action the role's permission does not allow;
- template syntax (`{#`, `#}`, `{%`, `%}`, `{{`, `}}`) or a Python traceback on screen;
- a page with no Chinese in its main part while the interface is Chinese.

It is a plain helper: tests/test_crawl.py runs it for every demo role, and
`python tools/crawl.py` runs it against a local database by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve

CJK = re.compile(r"[\u4e00-\u9fff]")
TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|Exception Value:|TemplateSyntaxError")
NUMBER = re.compile(r"(?<=/)\d+(?=/|$)|(?<=/)[A-Z]{1,4}\d[\w-]*(?=/|$)")
# Never followed nor posted to: they leave the session, the unit or the site.
NEVER = ("/accounts/logout/", "/accounts/switch-unit/", "/i18n/", "/static/", "/admin/", "/media/")
SKIPPED_TAGS = {"script", "style", "template", "svg"}
TYPED = "爬虫输入"  # typed into free-text fields to see that a refused form keeps it


@dataclass
class Finding:
    url: str
    problem: str
    referrer: str = ""

    def __str__(self) -> str:
        origin = f" (linked from {self.referrer})" if self.referrer else ""
        return f"{self.url}{origin}: {self.problem}"


@dataclass
class Form:
    """A form as the browser would send it: its fields (name, value) and its submit buttons."""

    action: str
    method: str
    id: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    visible: list[str] = field(default_factory=list)  # names of fields a person fills in
    text: list[str] = field(default_factory=list)  # names of the free-text ones (text inputs, textareas)
    buttons: list[tuple[str, str, str, str]] = field(default_factory=list)  # (name, value, label, formaction)


NOT_SENT = {"submit", "button", "reset", "image", "file"}
NOT_TYPED = {"hidden", *NOT_SENT}


class _Page(HTMLParser):
    """Links, forms, the visible text and the visible text of <main> of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.text: list[str] = []
        self.main_text: list[str] = []
        self.attribute_text: list[str] = []
        self._skip = 0
        self._main = 0
        self._open_form: Form | None = None
        self._by_id: dict[str, Form] = {}
        self._orphans: list[tuple[str, dict]] = []  # controls naming a form by id before it is known
        self._select: tuple[Form, str, list, bool] | None = None
        self._option: tuple[str, bool] | None = None
        self._textarea: tuple[Form, str, list] | None = None
        self._button: tuple[Form, dict, list] | None = None
        self._disabled = 0  # depth inside <fieldset disabled>: its controls are not sent
        self._template = 0  # depth inside <template>

    def _owner(self, attrs: dict) -> Form | None:
        if attrs.get("form"):
            return self._by_id.get(attrs["form"])
        return self._open_form

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag in SKIPPED_TAGS:
            self._skip += 1
        if tag == "main":
            self._main += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.attribute_text.append(attrs[name])
        if tag == "template":
            self._template += 1
        if tag == "fieldset" and ("disabled" in attrs or self._disabled):
            self._disabled += 1
        if tag == "form":
            form = Form(attrs.get("action") or "", (attrs.get("method") or "get").lower(), attrs.get("id") or "")
            self.forms.append(form)
            self._open_form = form
            if form.id:
                self._by_id[form.id] = form
        elif tag in ("input", "select", "textarea", "button"):
            self._control(tag, attrs)
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value"), "selected" in attrs)
            self._option_text = []

    def _control(self, tag: str, attrs: dict) -> None:
        if "disabled" in attrs or self._disabled or self._template:
            return  # a disabled control, or one inside an inert <template>, is not sent
        form = self._owner(attrs)
        if form is None:
            if attrs.get("form"):
                self._orphans.append((tag, attrs))
            return
        name = attrs.get("name", "")
        kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
        if tag == "input" and kind in ("submit", "image"):
            form.buttons.append((name, attrs.get("value", ""), attrs.get("value", ""), attrs.get("formaction", "")))
        elif tag == "input" and name and kind not in NOT_SENT:
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                pass
            else:
                form.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
            if kind not in NOT_TYPED:
                form.visible.append(name)
            if kind in ("text", "search") and "readonly" not in attrs:
                form.text.append(name)
        elif tag == "select" and name:
            self._select = (form, name, [], "multiple" in attrs)
            form.visible.append(name)
        elif tag == "textarea" and name:
            self._textarea = (form, name, [])
            form.visible.append(name)
            if "readonly" not in attrs:
                form.text.append(name)
        elif tag == "button" and kind == "submit":
            self._button = (form, attrs, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_TAGS:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag == "main" and self._main:
            self._main -= 1
        if tag == "fieldset" and self._disabled:
            self._disabled -= 1
        if tag == "template" and self._template:
            self._template -= 1
        if tag == "form":
            self._open_form = None
        elif tag == "option" and self._select is not None and self._option is not None:
            value, selected = self._option
            label = "".join(self._option_text).strip()
            self._select[2].append((label if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            form, name, options, multiple = self._select
            chosen = [v for v, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            form.fields.extend((name, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form, name, text = self._textarea
            form.fields.append((name, "".join(text).lstrip("\n")))
            self._textarea = None
        elif tag == "button" and self._button is not None:
            form, attrs, text = self._button
            label = " ".join("".join(text).split())
            form.buttons.append((attrs.get("name", ""), attrs.get("value", ""), label, attrs.get("formaction", "")))
            self._button = None

    def close(self):
        super().close()
        for tag, attrs in self._orphans:  # controls placed before the form they name
            if attrs["form"] in self._by_id:
                self._control(tag, attrs)

    def handle_data(self, data):
        if self._option is not None:
            self._option_text.append(data)
        if self._textarea is not None:
            self._textarea[2].append(data)
            return
        if self._button is not None:
            self._button[2].append(data)
        if self._skip:
            return
        self.text.append(data)
        if self._main:
            self.main_text.append(data)


def link_shape(url: str) -> str:
    """`/cases/17/?tab=files&page=2` → `/cases/#/?page&tab`: one visit stands for all its kind."""
    parts = urlsplit(url)
    path = NUMBER.sub("#", parts.path)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


@dataclass
class Crawler:
    """Follows links with a Django test client signed in as one person (or nobody).

    `can(permission)` answers whether the person may do what a view's `unit_permission` asks;
    None for an anonymous visitor. `per_shape` URLs are visited for each link shape (a detail
    page in two states shows different buttons), `limit` pages at most. With `post=True` every
    post form is also sent once per action shape and button, as shown (the values the page
    filled in), inside a transaction that is rolled back: nothing it does is kept.
    """

    client: object
    can: Callable[[str], bool] | None = None
    per_shape: int = 2
    limit: int = 600
    post: bool = True
    findings: list[Finding] = field(default_factory=list)
    visited: dict[str, str] = field(default_factory=dict)  # url -> referrer
    posted: int = 0
    _shapes: dict[str, int] = field(default_factory=dict)
    _posted_shapes: set = field(default_factory=set)

    def crawl(self, start: Iterable[str]) -> list[Finding]:
        queue: list[tuple[str, str]] = [(url, "") for url in start]
        while queue and len(self.visited) < self.limit:
            url, referrer = queue.pop(0)
            if url in self.visited:
                continue
            self.visited[url] = referrer
            for link in self.visit(url, referrer):
                if link not in self.visited and self._take(link):
                    queue.append((link, url))
        return self.findings

    def _take(self, url: str) -> bool:
        shape = link_shape(url)
        seen = self._shapes.get(shape, 0)
        if seen >= self.per_shape:
            return False
        self._shapes[shape] = seen + 1
        return True

    def problem(self, url: str, text: str, referrer: str = "") -> None:
        self.findings.append(Finding(url, text, referrer))

    def visit(self, url: str, referrer: str = "") -> list[str]:
        response = self.client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        status = response.status_code
        if status >= 500:
            self.problem(url, f"server error {status}", referrer)
            return []
        if status in (403, 404, 405):
            self.problem(url, f"linked page answers {status}", referrer)
            return []
        if "/accounts/login/" in final and "/accounts/login/" not in url:
            self.problem(url, "linked page sends the signed-in person to the login page", referrer)
            return []
        body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
        if not response.get("Content-Type", "").startswith("text/html"):
            if status != 200 or not body:
                self.problem(url, f"download answers {status} with {len(body)} bytes", referrer)
            return []
        return self.read_page(url, body.decode("utf-8", "replace"), final)

    def read_page(self, url: str, html: str, final: str) -> list[str]:
        page = _Page()
        page.feed(html)
        page.close()
        visible = " ".join(page.text)
        for text in (visible, " ".join(page.attribute_text)):
            match = TEMPLATE_SYNTAX.search(text)
            if match:
                around = text[max(0, match.start() - 60) : match.end() + 60].replace("\n", " ")
                self.problem(url, f"template syntax on screen: …{around.strip()}…")
                break
        if TRACEBACK.search(html):
            self.problem(url, "a traceback on screen")
        main = " ".join(page.main_text) if page.main_text else visible
        if not CJK.search(main):
            self.problem(url, "no Chinese in the main part of the page")
        for form in page.forms:
            if form.method == "post":
                self.check_form(url, final, form)
        return [link for link in (self.absolute(final, href) for href in page.links) if link]

    def check_form(self, url: str, final: str, form: Form) -> None:
        for name, value, label, formaction in form.buttons:  # a form without a button is not sent by a person
            action = formaction or form.action
            target = self.absolute(final, action) if action else urlsplit(final).path
            if not target:
                continue
            permission = self.permission_of(target)
            if self.can is not None and permission and not self.can(permission):
                self.problem(url, f"offers a button “{label or name}” posting to {target}, which needs {permission}")
                continue
            shape = (link_shape(target), name, value if name else "")
            if not self.post or shape in self._posted_shapes:
                continue
            self._posted_shapes.add(shape)
            self.send(url, target, form, name, value, label)
            if form.text:
                self.send(url, target, form, name, value, label, typed=TYPED)

    def send(self, url: str, target: str, form: Form, name: str, value: str, label: str, typed: str = "") -> None:
        """Post the form as shown, with this button, and undo whatever it did.

        With `typed`, that text is typed into every free-text field first: if the page comes back
        (the form refused something), each of those fields must still hold what was typed.
        """
        data: dict[str, list[str]] = {}
        for key, val in form.fields:
            data.setdefault(key, []).append(val)
        for n, key in enumerate(form.text):
            data[key] = [f"{typed}{n}"] if typed else data.get(key, [""])
        if name:
            data.setdefault(name, []).append(value)
        with transaction.atomic():
            response = self.client.post(target, data)
            transaction.set_rollback(True)
        self.posted += 1
        button = f" with its button “{label or name}”" if (label or name) else ""
        status = response.status_code
        if typed and status == 200 and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode("utf-8", "replace")
            lost = [key for n, key in enumerate(form.text) if f"{typed}{n}" not in html]
            if lost:
                self.problem(url, f"posting to {target}{button} drops what was typed in {', '.join(lost)}")
        if status >= 500:
            self.problem(url, f"posting the form as shown to {target}{button}: server error {status}")
        elif status == 403:
            self.problem(url, f"offers a form{button} posting to {target}, which refuses this person (403)")
        elif status in (404, 405):
            self.problem(url, f"a form{button} posts to {target}, which answers {status}")
        elif status == 200 and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode("utf-8", "replace")
            if TRACEBACK.search(html):
                self.problem(url, f"posting the form{button} shows a traceback")

    @staticmethod
    def permission_of(url: str) -> str | None:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            return None
        return getattr(match.func, "unit_permission", None)

    @staticmethod
    def absolute(base: str, href: str) -> str | None:
        href = urldefrag(href.strip())[0]
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:", "//")):
            return None
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            parts = urlsplit(href)
            if parts.hostname not in ("testserver", "localhost", "127.0.0.1"):
                return None
            href = parts.path + ("?" + parts.query if parts.query else "")
        if href.startswith("?"):
            href = urlsplit(base).path + href
        elif not href.startswith("/"):
            directory = urlsplit(base).path.rsplit("/", 1)[0]
            href = f"{directory}/{href}"
        if href.startswith(NEVER):
            return None
        parts = urlsplit(href)
        query = urlencode(parse_qsl(parts.query, keep_blank_values=True))
        return parts.path + ("?" + query if query else "")
