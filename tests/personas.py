"""The shared personas of every view test (STYLE.md habit 5).

agent 张敏, director 李强, finance clerk 王芳, viewer 赵磊 and administrator 周涛 work in
昆明市呈贡区投资服务中心; 孙丽 directs another unit and must never see the first unit's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from investdesk.accounts.models import Membership, Role
from investdesk.core.models import Unit

PASSWORD = "persona-password-2022"


@dataclass
class Personas:
    unit: Unit
    other_unit: Unit
    agent: object
    director: object
    finance: object
    viewer: object
    admin: object
    outsider: object

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


def make_user(username: str, full_name: str, unit: Unit, role: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=full_name)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_personas() -> Personas:
    unit = Unit.objects.create(name="昆明市呈贡区投资服务中心", code="chenggong", uscc="12530121MB1E44219W")
    other = Unit.objects.create(name="外单位投资服务中心", code="other")
    return Personas(
        unit=unit,
        other_unit=other,
        agent=make_user("zhangmin", "张敏", unit, Role.AGENT),
        director=make_user("liqiang", "李强", unit, Role.DIRECTOR),
        finance=make_user("wangfang", "王芳", unit, Role.FINANCE),
        viewer=make_user("zhaolei", "赵磊", unit, Role.VIEWER),
        admin=make_user("zhoutao", "周涛", unit, Role.ADMIN),
        outsider=make_user("sunli", "孙丽", other, Role.DIRECTOR),
    )


@pytest.fixture
def people(db) -> Personas:
    return make_personas()
