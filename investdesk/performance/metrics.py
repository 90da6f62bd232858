"""The metric registry: how ledger apps feed indicators without performance importing them.

A ledger app registers, in its AppConfig.ready(), functions `(unit, period) -> Decimal`:

    from investdesk.performance.metrics import register

    @register("outreach.key_enterprises_visited", _("key enterprises visited"), "个")
    def key_enterprises_visited(unit, period): ...

A metric about one budget project (its spending against its own budget, say) registers with
`per_project=True` and is called `(unit, period, project)` with the table's BudgetProject.

An indicator bound to a metric takes its actual value from it; an unbound indicator takes a
manual actual with evidence. Either way the page says where the number came from.

A ledger that keeps a project's budget and spending registers an execution provider
(`register_execution`): `(project, period) -> Execution | None`. When one answers, the
project's 年初预算数 / 全年预算数 / 全年执行数 come from it instead of the figures typed on the
project page.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from investdesk.core.periods import Period

log = logging.getLogger(__name__)

MetricFunc = Callable[[object, Period], Decimal | None]


@dataclass(frozen=True)
class Metric:
    name: str
    label: str  # lazy translation
    measure_unit: str
    func: MetricFunc
    description: str = ""
    per_project: bool = False
    # A share that grows over the year (spending ÷ budget) is pro-rated in mid-year monitoring
    # like a count; None lets monitoring tell by the unit (a "%" is a level, such as 满意度).
    cumulative: bool | None = None


_registry: dict[str, Metric] = {}


def register(
    name: str,
    label,
    measure_unit: str = "",
    description: str = "",
    *,
    per_project: bool = False,
    cumulative: bool | None = None,
) -> Callable[[MetricFunc], MetricFunc]:
    if "." not in name:
        raise ValueError(f"metric names are '<app>.<measure>', got {name!r}")

    def decorator(func: MetricFunc) -> MetricFunc:
        _registry[name] = Metric(name, label, measure_unit, func, description, per_project, cumulative)
        return func

    return decorator


def unregister(name: str) -> None:
    _registry.pop(name, None)


def get(name: str) -> Metric | None:
    return _registry.get(name)


def all_metrics() -> list[Metric]:
    return sorted(_registry.values(), key=lambda m: m.name)


@dataclass(frozen=True)
class MetricValue:
    value: Decimal | None
    error: str | None = None


def compute(name: str, unit, period: Period, project=None) -> MetricValue:
    """The metric's value; an unknown metric or a failing function is reported, and logged.

    The messages are for staff: plain words, no metric code (the log has the details)."""
    metric = _registry.get(name)
    if metric is None:
        log.warning("unknown metric %s asked for unit %s", name, getattr(unit, "code", unit))
        return MetricValue(None, _("This ledger source is no longer available; choose where the value comes from."))
    if metric.per_project and project is None:
        return MetricValue(None, _("This ledger source needs the table's budget project."))
    try:
        value = metric.func(unit, period, project) if metric.per_project else metric.func(unit, period)
    except Exception:  # a broken ledger must not take the whole table down
        log.exception("metric %s failed for unit %s, period %s", name, getattr(unit, "code", unit), period.key)
        return MetricValue(None, _("The ledger could not be read; the error has been logged."))
    return MetricValue(None if value is None else Decimal(value))


def _similarity(a: str, b: str) -> float:
    a, b = a.replace("数量", ""), b.replace("数量", "")
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    shared = len(set(a) & set(b)) / max(len(set(a) | set(b)), 1)
    return round(max(ratio, shared), 3)


def suggest(indicator_name: str, *, limit: int = 3, threshold: float = 0.3) -> list[tuple[Metric, float]]:
    """Metrics whose label resembles the indicator's name, best first."""
    scored = [(metric, _similarity(indicator_name, str(metric.label))) for metric in _registry.values()]
    scored = [(m, s) for m, s in scored if s >= threshold]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].name))[:limit]


# --- budget execution from a ledger ----------------------------------------------------------


@dataclass(frozen=True)
class Execution:
    """A project's budget figures in yuan, as a ledger keeps them, and where they came from."""

    initial_budget: Decimal | None
    budget: Decimal | None
    spent: Decimal | None
    source: str  # e.g. "budget" — shown next to the figures


ExecutionProvider = Callable[[object, Period], Execution | None]
_execution_providers: dict[str, ExecutionProvider] = {}


def register_execution(key: str, provider: ExecutionProvider) -> None:
    _execution_providers[key] = provider


def unregister_execution(key: str) -> None:
    _execution_providers.pop(key, None)


def execution_for(project, period: Period) -> Execution | None:
    """The first provider's answer for the project (None when no ledger keeps its budget)."""
    for key, provider in _execution_providers.items():
        try:
            found = provider(project, period)
        except Exception:  # a broken ledger must not take the page down; the typed figures stay
            log.exception("execution provider %s failed for project %s", key, getattr(project, "pk", project))
            continue
        if found is not None:
            return found
    return None
