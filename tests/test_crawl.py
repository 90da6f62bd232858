"""The product as its users meet it: on the demo data, every role follows every link it is shown
from its dashboard, and an anonymous investor walks the portal, a tracked request of each status,
tracked cases and the survey pages (tests/crawl.py says what counts as a failure). Every post
form is sent once as shown, in a transaction that is rolled back.

The demo is loaded once for the module, inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.crawl_demo import crawl_role

# The marker makes pytest-django create the test database; each test runs in a savepoint of the
# module's transaction, which holds the demo.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", force=True, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def report(crawler) -> str:
    return "\n".join(str(finding) for finding in crawler.findings)


# The widest crawls; tests/test_crawl_others.py takes the other roles and the investor, so the two
# modules run side by side.
WIDE_ROLES = ("director", "agent")


@pytest.mark.parametrize("username", WIDE_ROLES)
def test_every_page_a_role_is_shown_works(demo, username):
    crawler = crawl_role(username)
    assert len(crawler.visited) > 100, "the crawl reached too few pages to mean anything"
    assert crawler.findings == [], report(crawler)
