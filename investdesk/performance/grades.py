"""The grades on screen. 优 / 良 / 中 / 差 are what is stored and what `evaluate --json` prints
(RULES.md §1, DESIGN.md); pages show them in the interface language. A unit that renames its
grades in the scoring settings sees its own names as they are."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

GRADE_LABELS = {
    "优": pgettext_lazy("grade", "Excellent"),
    "良": pgettext_lazy("grade", "Good"),
    "中": pgettext_lazy("grade", "Fair"),
    "差": pgettext_lazy("grade", "Poor"),
}


def grade_label(grade) -> str:
    """The grade's name in the interface language ("" for no grade)."""
    if grade is None:
        return ""
    return str(GRADE_LABELS.get(str(grade), grade))
