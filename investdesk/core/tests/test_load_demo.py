import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from investdesk.accounts.models import Membership, Role
from investdesk.core.models import Unit


def _counts():
    from investdesk.performance.models import Indicator, SelfEvaluation

    return (
        Unit.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Indicator.objects.count(),
        SelfEvaluation.objects.count(),
    )


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_creates_the_documented_units_and_users_and_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    first = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert _counts() == first
    chenggong = Unit.objects.get(code="chenggong")
    assert chenggong.name == "昆明市呈贡区投资服务中心"
    assert chenggong.uscc == "12530121MB1E44219W"
    assert chenggong.legal_rep == "孙浩"
    assert Unit.objects.get(code="demo2")
    roles = {m.user.username: (m.unit.code, m.role) for m in Membership.objects.select_related("user", "unit")}
    assert roles["director"] == ("chenggong", Role.DIRECTOR)
    assert roles["agent"] == ("chenggong", Role.AGENT)
    assert roles["finance"] == ("chenggong", Role.FINANCE)
    assert roles["viewer"] == ("chenggong", Role.VIEWER)
    assert roles["director2"] == ("demo2", Role.DIRECTOR)
    for username in ("director", "agent", "finance", "viewer", "director2"):
        assert get_user_model().objects.get(username=username).check_password("investdesk-demo")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_load_demo_is_refused_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert Unit.objects.count() == 0
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))
    assert Unit.objects.filter(code="chenggong").exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_imports_the_seed_as_the_2022_project_of_chenggong():
    from decimal import Decimal

    from investdesk.performance import services
    from investdesk.performance.models import BudgetProject

    call_command("load_demo", stdout=open("/dev/null", "w"))
    project = BudgetProject.objects.get(unit__code="chenggong", year=2022)
    assert project.name == "投资服务中心经费"
    assert project.table.indicators.count() == 11
    assert project.table.evaluations.get().status == "draft"  # the year-end self-evaluation, started
    assert project.table.status == "in_force"  # adopted, so the dashboard shows 2022
    scored = services.score_table(project.table)
    assert scored.result.complete is True
    # Every indicator is computed from a ledger; none is typed in (issues 6 and 7).
    assert [actual.source.split(":")[0] for _ind, actual, _res in scored.rows] == ["metric"] * 11
    assert (scored.result.total, scored.result.grade) == (Decimal("97.77"), "优")
    assert not BudgetProject.objects.filter(unit__code="demo2").exists()
