"""Template helpers of the performance pages (and of the dashboard's performance panel)."""

from django import template

from investdesk.performance.grades import grade_label as _grade_label

register = template.Library()


@register.filter
def grade_label(grade):
    """`{{ result.grade|grade_label }}`: 优 / 良 / 中 / 差 in the interface language."""
    return _grade_label(grade)


@register.filter
def value_unit(actual, indicator):
    """`{{ actual|value_unit:indicator }}`: the unit to print after an actual value — the ledger
    metric's (份, %, 元…), else the indicator's own; nothing when the value carries it ("95%")."""
    from investdesk.performance.services import source_metric

    if actual is None or not actual.value:
        return ""
    metric = source_metric(actual)
    if metric is not None:
        return metric.measure_unit
    if "%" in actual.value or not getattr(indicator, "measure_unit", ""):
        return ""
    return indicator.measure_unit
