"""load_demo: about 40 cases of 2022 in every status, with ratings and rectifications; idempotent."""

from collections import Counter

from django.db import transaction

from investdesk.cases.models import (
    AgencyCase,
    Blocker,
    BlockerAction,
    CaseEvent,
    CaseStatus,
    PlanItem,
    Rating,
    RatingLevel,
    Rectification,
    RectificationStatus,
)
from investdesk.core.demo_loader import DemoContext, demo_modules
from investdesk.core.models import Unit

# The demos this one builds on, and itself (later apps' demos are theirs to test).
NEEDED = ("core", "accounts", "enterprises", "projects", "cases")


def load_demo() -> None:
    """The demo loaders up to this app's, in INSTALLED_APPS order, as `load_demo` runs them."""
    ctx = DemoContext(write=lambda text: None)
    with transaction.atomic():
        for module in demo_modules():
            if module.__name__.split(".")[1] in NEEDED:
                module.load(ctx)


def snapshot():
    return (
        list(AgencyCase.objects.order_by("id").values()),
        list(PlanItem.objects.order_by("id").values()),
        list(Rating.objects.order_by("id").values()),
        list(Rectification.objects.order_by("id").values()),
        Blocker.objects.count(),
        BlockerAction.objects.count(),
        CaseEvent.objects.count(),
    )


def test_load_demo_twice_changes_nothing_of_the_cases(db):
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first

    unit = Unit.objects.get(code="chenggong")
    cases = AgencyCase.objects.for_unit(unit)
    assert cases.count() == 40
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert {c.applied_on.year for c in cases} == {2022}
    assert all(c.number.startswith("CHENGGONG-2022-") for c in cases)
    assert PlanItem.objects.for_unit(unit).count() > 40
    ratings = Rating.objects.for_unit(unit)
    levels = Counter(ratings.values_list("level", flat=True))
    assert set(levels) == set(RatingLevel.values)
    assert ratings.filter(is_default=True).count() == 2
    bad = ratings.filter(level__in=("dissatisfied", "very_dissatisfied")).count()
    rectifications = Rectification.objects.for_unit(unit)
    assert bad == rectifications.count() == 3
    assert rectifications.filter(status=RectificationStatus.DONE).count() >= 1
    assert rectifications.filter(followed_up_on__isnull=False).count() == 3
    assert Blocker.objects.for_unit(unit).exists() and BlockerAction.objects.for_unit(unit).exists()
    assert AgencyCase.objects.exclude(unit=unit).count() == 0


def test_every_demo_case_page_renders(db, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    load_demo()
    client.force_login(get_user_model().objects.get(username="director"))
    unit = Unit.objects.get(code="chenggong")
    for case in AgencyCase.objects.for_unit(unit):
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    for rectification in Rectification.objects.for_unit(unit):
        assert client.get(reverse("cases:rectification", args=[rectification.pk])).status_code == 200
    page = client.get(reverse("cases:list")).text
    assert page.count('data-case="') == 40
    assert client.get(reverse("cases:ratings")).status_code == 200
