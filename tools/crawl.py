"""Crawl a local Investdesk database as every demo role and as an anonymous investor.

Usage: DEBUG=1 .venv/bin/python tools/crawl.py [role ...]   (after `make run` has loaded the demo)
Prints each finding; the suite runs the same crawl in tests/test_crawl.py.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "investdesk.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"

import django

django.setup()

from tests.crawl_demo import DEMO_ROLES, crawl_anonymous, crawl_role  # noqa: E402


def main(roles: list[str]) -> int:
    total = 0
    for role in roles or [*DEMO_ROLES, "anonymous"]:
        started = time.monotonic()
        crawler = crawl_anonymous() if role == "anonymous" else crawl_role(role)
        seconds = time.monotonic() - started
        pages, forms, found = len(crawler.visited), crawler.posted, len(crawler.findings)
        print(f"== {role}: {pages} pages and {forms} forms in {seconds:.1f} s, {found} findings")
        for finding in crawler.findings:
            print("  ", finding)
        total += len(crawler.findings)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
