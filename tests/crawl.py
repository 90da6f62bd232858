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

from django.urls import Resolver404, resolve

CJK = re.compile(r"[\u4e00-\u9fff]")
TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|Exception Value:|TemplateSyntaxError")
NUMBER = re.compile(r"(?<=/)\d+(?=/|$)|(?<=/)[A-Z]{1,4}\d[\w-]*(?=/|$)")
# Never followed: they change state on GET for nobody, but leave the session or the site.
NEVER = ("/accounts/logout/", "/i18n/", "/static/", "/admin/", "/media/")
SKIPPED_TAGS = {"script", "style", "template", "svg"}


@dataclass
class Finding:
    url: str
    problem: str
    referrer: str = ""

    def __str__(self) -> str:
        origin = f" (linked from {self.referrer})" if self.referrer else ""
        return f"{self.url}{origin}: {self.problem}"


class _Page(HTMLParser):
    """Links, post forms, the visible text and the visible text of <main> of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.post_actions: list[str] = []
        self.text: list[str] = []
        self.main_text: list[str] = []
        self.attribute_text: list[str] = []
        self._skip = 0
        self._main = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_TAGS:
            self._skip += 1
        if tag == "main":
            self._main += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("hx-get",):
            if attrs.get(name):
                self.links.append(attrs[name])
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.post_actions.append(attrs.get("action") or "")
        for name in ("title", "placeholder", "aria-label", "alt", "value"):
            if attrs.get(name):
                self.attribute_text.append(attrs[name])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_TAGS:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag == "main" and self._main:
            self._main -= 1

    def handle_data(self, data):
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
    page in two states shows different buttons), `limit` pages at most.
    """

    client: object
    can: Callable[[str], bool] | None = None
    per_shape: int = 2
    limit: int = 600
    findings: list[Finding] = field(default_factory=list)
    visited: dict[str, str] = field(default_factory=dict)  # url -> referrer
    _shapes: dict[str, int] = field(default_factory=dict)

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
        self.check_actions(url, final, page.post_actions)
        return [link for link in (self.absolute(final, href) for href in page.links) if link]

    def check_actions(self, url: str, final: str, actions: list[str]) -> None:
        if self.can is None:
            return
        for action in actions:
            target = self.absolute(final, action) if action else final
            if not target:
                continue
            permission = self.permission_of(target)
            if permission and not self.can(permission):
                self.problem(url, f"offers a form posting to {target}, which needs {permission}")

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
