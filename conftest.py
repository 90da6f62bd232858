"""Root pytest configuration, shared by every app's tests."""

import os

# Playwright's sync API runs an event loop in the test thread; Django's async guard would
# otherwise refuse the ORM calls that set up test data beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.personas", "tests.browser"]
