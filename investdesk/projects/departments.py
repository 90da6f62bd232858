"""The unit's department list (`Department`): its writes, the usual departments of a district, and
the form field every "responsible department" uses (approval catalogue, appeals, blockers).

A row keeps its department as text. The field offers the unit's list and, when a row already
names a department that is not (or no longer) on the list, that name too, so older rows stay
readable and editable; imports map a short or former name (an alias) to the listed name.
"""

from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from investdesk.core.models import Unit
from investdesk.projects.models import Department

log = logging.getLogger(__name__)

# The usual departments of 呈贡区 an investment service center deals with: (name, other names).
DEFAULTS: tuple[tuple[str, str], ...] = (
    ("区发展和改革局", "区发改局"),
    ("区自然资源局", "市自然资源和规划局呈贡分局、区自然资源分局"),
    ("区住房和城乡建设局", "区住建局"),
    ("区生态环境局", "市生态环境局呈贡分局、区生态环境分局"),
    ("区市场监督管理局", "区市场监管局"),
    ("区政务服务管理局", "区政务服务局"),
    ("区工业和信息化局", "区工信局"),
    ("区投资促进局", "区投促局"),
    ("区财政局", ""),
    ("区人力资源和社会保障局", "区人社局"),
    ("区交通运输局", "区交通局"),
    ("区水务局", ""),
    ("区应急管理局", "区应急局"),
    ("区消防救援大队", ""),
    ("国网昆明供电局呈贡供电分局", "呈贡供电局"),
    ("街道办事处", ""),
)
FIELDS = ("name", "aliases", "position")


def for_unit(unit) -> list[Department]:
    return list(Department.objects.for_unit(unit))


def canonical(departments: list[Department], text: str) -> str:
    """The listed name for a name or one of its other names; any other text as it was given."""
    text = (text or "").strip()
    for department in departments:
        if text == department.name or text in department.alias_list:
            return department.name
    return text


@transaction.atomic
def save_department(unit: Unit, *, actor, fields: dict, department: Department | None = None) -> Department:
    department = department or Department(unit=unit)
    values = {name: fields[name] for name in FIELDS if name in fields}
    values["name"] = (values.get("name") or "").strip()
    values["aliases"] = "、".join(Department(aliases=values.get("aliases") or "").alias_list)
    if not values["name"]:
        raise ValidationError({"name": _("Give the department's name.")})
    taken = Department.objects.for_unit(unit).filter(name=values["name"]).exclude(pk=department.pk)
    if taken.exists():
        raise ValidationError({"name": _("“%(name)s” is already in the list.") % {"name": values["name"]}})
    for name, value in values.items():
        setattr(department, name, value)
    department.full_clean()
    department.save()
    log.info("department %s (%s) of unit %s saved by %s", department.pk, department.name, unit.code, actor)
    return department


@transaction.atomic
def delete_department(department: Department, *, actor) -> None:
    """Remove an entry from the list; rows that named it keep the name as text."""
    log.info("department %s (%s) removed by %s", department.pk, department.name, actor)
    department.delete()


@transaction.atomic
def add_defaults(unit: Unit, *, actor) -> int:
    """Add the usual departments of a district that the list lacks; returns how many were added."""
    have = set(Department.objects.for_unit(unit).values_list("name", flat=True))
    missing = [(n, a) for n, a in DEFAULTS if n not in have]
    start = (Department.objects.for_unit(unit).order_by("-position").values_list("position", flat=True).first()) or 0
    for i, (name, aliases) in enumerate(missing):  # one by one: each lands in the audit trail
        Department.objects.create(unit=unit, name=name, aliases=aliases, position=start + 10 * (i + 1))
    log.info("unit %s: %d usual departments added by %s", unit.code, len(missing), actor)
    return len(missing)


NOT_LISTED = gettext_lazy("%(name)s (not in the department list)")


def department_field(unit, current: str = "", *, label=None, required: bool = True) -> forms.Field:
    """The field for a responsible department: a choice from the unit's list (with the row's own
    name when it is not listed); while the unit has no list, a text box."""
    label = label or gettext_lazy("responsible department")
    names = [d.name for d in for_unit(unit)]
    if not names:
        return forms.CharField(label=label, max_length=100, required=required)
    choices = [("", _("— choose —")), *[(n, n) for n in names]]
    if current and current not in names:
        choices.append((current, NOT_LISTED % {"name": current}))
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=_("From the unit's department list."),
    )
