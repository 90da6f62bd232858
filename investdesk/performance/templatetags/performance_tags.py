"""Template helpers of the performance pages (and of the dashboard's performance panel)."""

from django import template

from investdesk.performance.grades import grade_label as _grade_label

register = template.Library()


@register.filter
def grade_label(grade):
    """`{{ result.grade|grade_label }}`: 优 / 良 / 中 / 差 in the interface language."""
    return _grade_label(grade)
