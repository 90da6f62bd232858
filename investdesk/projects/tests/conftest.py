"""Helpers for the projects tests: enterprises of the archive and projects made through the services."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn.uscc import calc_check_digit

from investdesk.core.text import initials, name_key
from investdesk.enterprises.models import Enterprise
from investdesk.projects import services
from investdesk.projects.models import ApprovalType, Status


def uscc(n: int, region: str = "530114") -> str:
    body = f"91{region}MA{n:07d}"[:17]
    return body + calc_check_digit(body)


def make_enterprise(unit, name: str = "昆明呈祥智能制造有限公司", n: int = 1, **extra) -> Enterprise:
    return Enterprise.objects.create(
        unit=unit, uscc=uscc(n), name=name, name_key=name_key(name), name_initials=initials(name), **extra
    )


def code(serial: int, year: int = 2022, region: str = "530114", kind: str = "03") -> str:
    return f"{year}-{region}-04-{kind}-{serial:06d}"


def make_project(unit, enterprise=None, *, actor=None, **fields):
    enterprise = enterprise or Enterprise.objects.for_unit(unit).first() or make_enterprise(unit)
    values = {
        "name": "呈贡智能制造产业园项目",
        "enterprise": enterprise,
        "project_code": code(1),
        "approval_type": ApprovalType.FILING,
        "status": Status.PREPARING,
        "signed_on": date(2022, 3, 1),
    }
    values.update(fields)
    return services.create_project(unit, actor=actor, fields=values)


@pytest.fixture
def enterprise(people):
    return make_enterprise(people.unit)


@pytest.fixture
def project(people, enterprise):
    return make_project(people.unit, enterprise, actor=people.agent)
