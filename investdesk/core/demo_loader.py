"""Demo data: each installed app may have a `demo` module with `load(ctx)`.

Apps run in INSTALLED_APPS order, so a later app finds the units and users of earlier ones
in the context. Every loader must be idempotent: running `load_demo` twice changes nothing.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

DEMO_PASSWORD = "investdesk-demo"


@dataclass
class DemoContext:
    write: callable
    units: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(2022))


def demo_modules() -> list:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("investdesk."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
    return modules


@transaction.atomic
def load_all(write) -> DemoContext:
    ctx = DemoContext(write=write)
    for module in demo_modules():
        module.load(ctx)
    return ctx
