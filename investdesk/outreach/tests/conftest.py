"""Helpers for the outreach tests: enterprises, projects, visits, consultations and appeals made
through the services (the projects tests' helpers make the archive and the projects)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from investdesk.enterprises.models import KeyLevel
from investdesk.outreach import services
from investdesk.outreach.models import Category, Channel, Purpose
from investdesk.projects.tests.conftest import code, make_enterprise, make_project, uscc

__all__ = ["code", "make_enterprise", "make_project", "uscc"]


def local(*args) -> datetime:
    """An aware datetime in Asia/Shanghai."""
    return datetime(*args, tzinfo=timezone.get_default_timezone())


def key_enterprise(unit, name: str, n: int, level: str = KeyLevel.DISTRICT):
    return make_enterprise(unit, name, n=n, is_key=True, key_level=level)


def make_visit(unit, enterprise, day: date, *, staff, actor=None, purposes=(Purpose.POLICY,), appeals=(), **fields):
    values = {
        "visited_on": day,
        "enterprise": enterprise,
        "purposes": list(purposes),
        "findings": "了解企业生产经营情况",
    }
    values.update(fields)
    return services.create_visit(unit, actor=actor or staff[0], fields=values, staff=staff, appeals=list(appeals))


def make_consultation(unit, at: datetime, *, staff, project=None, enterprise=None, **fields):
    values = {
        "consulted_at": at,
        "channel": Channel.PHONE,
        "project": project,
        "enterprise": enterprise,
        "topic": "施工许可办理材料",
        "answer": "告知材料清单",
        "duration_minutes": 15,
        "staff": staff,
    }
    values.update(fields)
    return services.create_consultation(unit, actor=staff, fields=values)


def make_appeal(unit, enterprise, raised: date, *, actor, **fields):
    values = {
        "enterprise": enterprise,
        "raised_on": raised,
        "category": Category.UTILITIES,
        "title": "施工临时用电报装进度慢",
        "department": "国网昆明供电局呈贡供电分局",
    }
    values.update(fields)
    return services.raise_appeal(unit, actor=actor, fields=values)


@pytest.fixture
def key_ent(people):
    return key_enterprise(people.unit, "昆明呈祥智能制造有限公司", 1)


@pytest.fixture
def plain_ent(people):
    return make_enterprise(people.unit, "呈贡彩云商贸有限公司", n=2)
