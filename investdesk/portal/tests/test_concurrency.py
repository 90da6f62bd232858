"""The submission limit holds when one address sends at the same moment to several app servers."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from investdesk.core.models import Unit
from investdesk.portal import services
from investdesk.portal.conf import DEFAULT_SUBMIT_PER_WINDOW
from investdesk.portal.models import PortalRequest
from investdesk.portal.tests.conftest import form_data

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_from_one_address_never_pass_the_limit():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs every write transaction IMMEDIATE: one at a time by construction")
    unit = Unit.objects.create(name="并发测试中心", code="burst")
    fields = {k: v for k, v in form_data().items() if k != "consent"}
    start = threading.Barrier(THREADS)

    def submit(n: int) -> str:
        try:
            start.wait()
            services.submit_request(unit, fields={**fields, "project_name": f"并发{n}"}, uploads=[], ip="198.51.100.50")
            return "stored"
        except services.RateLimited:
            return "limited"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(submit, range(THREADS)))
    assert results.count("stored") == DEFAULT_SUBMIT_PER_WINDOW
    assert results.count("limited") == THREADS - DEFAULT_SUBMIT_PER_WINDOW
    assert PortalRequest.objects.filter(unit=unit).count() == DEFAULT_SUBMIT_PER_WINDOW
