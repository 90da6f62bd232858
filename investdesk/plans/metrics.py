"""The plans ledger's metrics for the performance module (registered in AppConfig.ready)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from investdesk.core.money import rate
from investdesk.core.periods import Period
from investdesk.performance.metrics import register
from investdesk.plans.models import Milestone, Status, StudyTrip


def _in(period: Period) -> tuple:
    return (period.start, period.end)


@register(
    "plans.milestones_done",
    _("implementation plan milestones done"),
    "项",
    _("Milestones of the unit's implementation plans marked done with their done date in the period."),
)
def milestones_done(unit, period: Period) -> Decimal:
    done = Milestone.objects.for_unit(unit).filter(status=Status.DONE, done_on__range=_in(period))
    return Decimal(done.count())


@register(
    "plans.milestones_done_rate",
    _("implementation plan milestones done on schedule"),
    "%",
    _(
        "Of the milestones due in the period (dropped ones left out), the share done by the end of the "
        "period × 100, two decimals; none when nothing was due."
    ),
)
def milestones_done_rate(unit, period: Period) -> Decimal | None:
    due = Milestone.objects.for_unit(unit).filter(due_on__range=_in(period)).exclude(status=Status.DROPPED)
    done = due.filter(status=Status.DONE, done_on__lte=period.end)
    return rate(Decimal(done.count()), Decimal(due.count()))


@register("plans.study_trips", _("study trips to advanced areas"), "次", _("Study trips that started in the period."))
def study_trips(unit, period: Period) -> Decimal:
    return Decimal(StudyTrip.objects.for_unit(unit).filter(start_on__range=_in(period)).count())
