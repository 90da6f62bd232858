"""Working-day figures of projects and approval items, computed live on the unit's calendar.

Nothing here is stored: the unit's calendar (holidays, 调休, its own entries) may change, and a
stored figure would then be wrong. Every function takes a `core.workdays.Calendar`; callers
show `calendar.warning_text()` next to the figures. No database access here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from investdesk.core import countdown
from investdesk.core.countdown import Countdown
from investdesk.core.workdays import Calendar
from investdesk.projects.models import STAGE_ORDER, ItemStatus, Stage


@dataclass
@dataclass(frozen=True)
class ItemFigures:
    used: int | None  # working days from acceptance to completion (or to today while open)
    limit: int
    deadline: date | None  # the last working day within the limit
    remaining: int | None  # while open: limit − used
    overdue: bool
    due_soon: bool
    countdown: Countdown | None = None  # while the item is being handled


def item_figures(item, calendar: Calendar, today: date, due_soon_days: int) -> ItemFigures:
    """The clock runs from 受理 (acceptance): a submitted item has not started it yet."""
    limit = item.limit_workdays
    if not item.accepted_on or item.status in (ItemStatus.NOT_STARTED, ItemStatus.NOT_NEEDED):
        return ItemFigures(None, limit, None, None, False, False)
    running = item.status == ItemStatus.ACCEPTED
    end = today if running else item.completed_on
    if end is None:
        return ItemFigures(None, limit, calendar.add_workdays(item.accepted_on, limit), None, False, False)
    used = calendar.workdays_between(item.accepted_on, end)
    overdue = used > limit
    remaining = limit - used if running else None
    soon = running and not overdue and remaining is not None and remaining <= due_soon_days
    deadline = calendar.add_workdays(item.accepted_on, limit)
    left = countdown.make(deadline, remaining, today, due_soon_days) if running else None
    return ItemFigures(used, limit, deadline, remaining, overdue, soon, left)


@dataclass(frozen=True)
class LandFigures:
    land_to_permit: int | None
    land_to_start: int | None
    threshold: int
    reaches_threshold: bool  # "拿地即开工": land → start within the threshold


def land_figures(project, calendar: Calendar, threshold: int) -> LandFigures:
    land = project.land_acquired_on
    to_permit = (
        calendar.workdays_between(land, project.construction_permit_on)
        if land and project.construction_permit_on
        else None
    )
    to_start = calendar.workdays_between(land, project.started_on) if land and project.started_on else None
    return LandFigures(to_permit, to_start, threshold, to_start is not None and to_start <= threshold)


@dataclass
class StageProgress:
    stage: str
    label: str
    done: int = 0
    applicable: int = 0
    workdays: int | None = None  # the stage's span: earliest acceptance → latest completion (or today)
    items: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.applicable > 0 and self.done == self.applicable

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applicable) if self.applicable else 0


def stage_progress(items, calendar: Calendar | None = None, today: date | None = None) -> list[StageProgress]:
    """Items done / applicable per stage, in the order of the four stages (RULES.md §5).

    With a calendar, each stage also gets its working days: items of one stage run in
    parallel, so the stage takes from its earliest acceptance to its latest completion (to
    today while an item is still being handled).
    """
    labels = dict(Stage.choices)
    stages = {key: StageProgress(key, labels[key]) for key in STAGE_ORDER}
    for item in items:
        progress = stages[item.stage]
        progress.items.append(item)
        if item.status != ItemStatus.NOT_NEEDED:
            progress.applicable += 1
        if item.status == ItemStatus.COMPLETED:
            progress.done += 1
    if calendar is not None:
        for progress in stages.values():
            progress.workdays = _stage_span(progress.items, calendar, today)
    return list(stages.values())


def _stage_span(items, calendar: Calendar, today: date | None) -> int | None:
    accepted = [
        i.accepted_on for i in items if i.accepted_on and i.status in (ItemStatus.ACCEPTED, ItemStatus.COMPLETED)
    ]
    if not accepted:
        return None
    running = any(i.status == ItemStatus.ACCEPTED for i in items)
    completed = [i.completed_on for i in items if i.status == ItemStatus.COMPLETED and i.completed_on]
    end = today if running else max(completed, default=None)
    if end is None:
        return None
    return calendar.workdays_between(min(accepted), end)


def whole_process_workdays(stages: list[StageProgress]) -> int | None:
    """The whole approval process: the sum of the four stages' spans (the time between stages
    is the applicant's, as in the national 120-working-day target)."""
    spans = [s.workdays for s in stages if s.workdays is not None]
    return sum(spans) if spans else None


def counts_by_stage(rows) -> dict[int, list[StageProgress]]:
    """Stage progress per project from aggregated rows (project_id, stage, done, applicable)."""
    result: dict[int, dict[str, StageProgress]] = {}
    labels = dict(Stage.choices)
    for project_id, stage, done, applicable in rows:
        stages = result.setdefault(project_id, {key: StageProgress(key, labels[key]) for key in STAGE_ORDER})
        stages[stage].done, stages[stage].applicable = done, applicable
    return {pk: list(stages.values()) for pk, stages in result.items()}
