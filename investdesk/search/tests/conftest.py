"""A small archive for the search tests: enterprises, contacts, projects, cases, online requests
of the persona unit, and one of each in the outsider's unit with the same words in it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from investdesk.cases.models import AgencyCase
from investdesk.cases.tests.conftest import new_case
from investdesk.enterprises.models import Contact, Enterprise
from investdesk.enterprises.tests.factories import uscc
from investdesk.portal.models import PortalRequest
from investdesk.portal.tests.conftest import make_request
from investdesk.projects.models import InvestmentProject
from investdesk.projects.tests.conftest import code, make_project


@dataclass
class Archive:
    enterprise: Enterprise
    contact: Contact
    project: InvestmentProject
    case: AgencyCase
    request: PortalRequest
    other_case: AgencyCase
    other_request: PortalRequest


def add_enterprise(unit, name: str, **fields) -> Enterprise:
    fields.setdefault("uscc", uscc())
    return Enterprise.objects.create(unit=unit, name=name, **fields)


@pytest.fixture
def archive(people) -> Archive:
    enterprise = add_enterprise(
        people.unit, "昆明呈祥智能制造有限公司", uscc="91530114MA6K5U8X61", former_names="昆明祥云机械厂"
    )
    contact = Contact.objects.create(
        unit=people.unit, enterprise=enterprise, name="欧阳明", phone="13812345678", post="总经理"
    )
    project = make_project(people.unit, enterprise, name="呈祥智能装备生产线项目", project_code=code(7))
    case = new_case(people.unit, requester_name="司马光", requester_phone="13900007777", enterprise=enterprise)
    request = make_request(people.unit, enterprise_name="昆明呈祥智能制造有限公司", contact_name="诸葛亮")
    other = add_enterprise(people.other_unit, "昆明呈祥智能制造有限公司", uscc="91530114MA6K5U8X61")
    Contact.objects.create(unit=people.other_unit, enterprise=other, name="欧阳明", phone="13812345678")
    make_project(people.other_unit, other, name="呈祥智能装备生产线项目", project_code=code(7))
    other_case = new_case(people.other_unit, requester_name="司马光", enterprise=other)
    other_request = make_request(people.other_unit, ip="198.51.100.7", contact_name="诸葛亮")
    return Archive(enterprise, contact, project, case, request, other_case, other_request)
