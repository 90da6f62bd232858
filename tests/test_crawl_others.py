"""The crawl of tests/test_crawl.py for the other demo roles and the anonymous investor: the
same checks, in a module of its own so it runs beside the widest crawls."""

from __future__ import annotations

import pytest

from tests.crawl_demo import DEMO_ROLES, crawl_anonymous, crawl_role
from tests.test_crawl import WIDE_ROLES, demo, report  # noqa: F401  (demo is a module fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", [role for role in DEMO_ROLES if role not in WIDE_ROLES])
def test_every_page_a_role_is_shown_works(demo, username):  # noqa: F811
    crawler = crawl_role(username)
    assert len(crawler.visited) > 100, "the crawl reached too few pages to mean anything"
    assert crawler.findings == [], report(crawler)


def test_every_public_page_an_investor_reaches_works(demo):  # noqa: F811
    crawler = crawl_anonymous()
    tracked = [url for url in crawler.visited if "/track/" in url or "/case/" in url]
    assert len(tracked) >= 6, "a tracked request of each status and tracked cases"
    assert any("/surveys/p/" in url for url in crawler.visited)
    assert crawler.findings == [], report(crawler)
