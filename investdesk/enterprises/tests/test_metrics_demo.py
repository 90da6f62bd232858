"""The metrics the performance module reads, and the demo data."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from investdesk.core.models import Unit
from investdesk.core.periods import Period
from investdesk.enterprises.models import Area, Contact, Enterprise, ServicePlanItem, Tag
from investdesk.enterprises.tests.factories import enterprise
from investdesk.performance import metrics


def test_archived_enterprises_are_counted_at_the_end_of_the_period(people):
    enterprise(people.unit, name="甲", archived_on=date(2021, 12, 31), is_key=True, key_level="city")
    enterprise(people.unit, name="乙", archived_on=date(2022, 6, 30), origin="foreign")
    enterprise(people.unit, name="丙", archived_on=date(2022, 7, 1), is_key=True, key_level="district")
    enterprise(people.unit, name="丁", archived_on=date(2023, 1, 1), origin="domestic_external")
    enterprise(people.other_unit, name="外单位", archived_on=date(2020, 1, 1))

    def value(name: str, period: Period) -> Decimal:
        result = metrics.compute(name, people.unit, period)
        assert result.error is None
        return result.value

    assert value("enterprises.archived", Period.year_of(2022)) == Decimal(3)
    assert value("enterprises.archived", Period.half(2022, 1)) == Decimal(2)
    assert value("enterprises.key_archived", Period.year_of(2022)) == Decimal(2)
    assert value("enterprises.key_archived", Period.half(2022, 1)) == Decimal(1)
    assert value("enterprises.external_archived", Period.year_of(2022)) == Decimal(1)
    assert value("enterprises.external_archived", Period.year_of(2023)) == Decimal(2)
    assert str(metrics.get("enterprises.archived").label) == "建档企业数"


def _counts(unit) -> tuple:
    return tuple(
        model.objects.for_unit(unit).count() for model in (Area, Enterprise, Contact, ServicePlanItem, Tag)
    ) + (Enterprise.tags.through.objects.filter(enterprise__unit=unit).count(),)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_demo_archive_of_chenggong_is_plausible_and_loads_only_once():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    chenggong = Unit.objects.get(code="chenggong")
    first = _counts(chenggong)
    snapshot = list(Enterprise.objects.for_unit(chenggong).order_by("uscc").values_list("uscc", "name", "updated_at"))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert _counts(chenggong) == first
    assert (
        list(Enterprise.objects.for_unit(chenggong).order_by("uscc").values_list("uscc", "name", "updated_at"))
        == snapshot
    )
    archive = Enterprise.objects.for_unit(chenggong)
    assert archive.count() == 120
    assert archive.filter(is_key=True).count() == 50
    assert archive.exclude(origin="local").count() == 60
    assert archive.exclude(former_names="").count() == 3
    assert first[0] == 13  # ten streets and three parks
    assert not archive.filter(uscc_confirmed=True).exists()  # every generated code passes the check
    assert not archive.filter(archived_on__gt=date(2022, 12, 31)).exists()
    assert {e.uscc[2:8] for e in archive} >= {"530114", "530100"}
    assert Enterprise.objects.for_unit(Unit.objects.get(code="demo2")).count() == 2
