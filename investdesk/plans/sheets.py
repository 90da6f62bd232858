"""Milestones to and from Excel, and the study trips to Excel (STYLE.md habit 9).

A milestone row names its project by year and name; a row whose project, quarter and title
exist updates that milestone (a status change must be an allowed step), the others create
one. The owner is a member of the unit, by user name or full name. Every bad cell and every
row the model refuses is reported with its row number; all rows are saved or none.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from investdesk.core.tabular import Column, RowError, export_xlsx, parse_date, read_xlsx, template_xlsx
from investdesk.enterprises.services import staff_users
from investdesk.performance.models import BudgetProject
from investdesk.plans import services
from investdesk.plans.models import TRANSITIONS, Milestone, Status

log = logging.getLogger(__name__)
KIND = "plans.milestones"
CHINESE_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise ValueError(_("Write the year with four digits, e.g. 2022."))
    return int(text)


def _quarter(text: str) -> int:
    """1–4, Q3, 三季度, 第三季度."""
    cleaned = text.strip().upper().lstrip("Q").replace("第", "").replace("季度", "")
    value = CHINESE_QUARTERS.get(cleaned) or (int(cleaned) if cleaned.isdigit() else None)
    if value not in (1, 2, 3, 4):
        raise ValueError(_("Write the quarter as 1 to 4 (or 一季度…四季度)."))
    return value


def _status(text: str) -> str:
    known = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in Status.choices:
                known[str(value)] = value
                known[str(label).lower()] = value
    found = known.get(text.strip().lower())
    if found is None:
        allowed = "、".join(str(label) for _v, label in Status.choices)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
    return found


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def columns() -> list[Column]:
    return [
        Column(
            "year",
            _("Year"),
            ("年度", "Year"),
            required=True,
            parse=_year,
            export=lambda m: m.project.year,
            kind="number",
            width=8,
        ),
        Column(
            "project",
            _("Project"),
            ("项目名称", "项目", "Project"),
            required=True,
            export=lambda m: m.project.name,
            width=22,
        ),
        Column("quarter", _("Quarter"), ("季度", "Quarter"), required=True, parse=_quarter, kind="number", width=8),
        Column("title", _("Milestone"), ("事项", "计划事项", "Milestone"), required=True, width=36),
        Column("description", _("Description"), ("内容", "Description"), width=40),
        Column(
            "owner",
            _("Owner"),
            ("负责人", "Owner"),
            export=lambda m: _person(m.owner),
            width=10,
            help=_("A member of the unit, by user name or full name."),
        ),
        Column(
            "due_on",
            _("Due date"),
            ("计划完成日期", "Due date"),
            parse=parse_date,
            kind="date",
            width=12,
            help=_("Empty: the end of the quarter."),
        ),
        Column(
            "status", _("Status"), ("状态", "Status"), parse=_status, export=lambda m: m.get_status_display(), width=10
        ),
        Column("done_on", _("Done on"), ("完成日期", "Done on"), parse=parse_date, kind="date", width=12),
        Column("evidence_note", _("Evidence"), ("完成情况", "佐证", "Evidence"), width=40),
        Column("drop_reason", _("Reason for dropping"), ("放弃原因", "Reason for dropping"), width=24),
    ]


EXAMPLE = {
    "year": 2022,
    "project": "投资服务中心经费",
    "quarter": "一季度",
    "title": "印制投资项目服务指南等宣传资料",
    "owner": "张敏",
    "due_on": "2022-03-31",
    "status": "已完成",
    "done_on": "2022-03-25",
    "evidence_note": "印制服务指南1000册、宣传折页2000份，已发放",
}


def template() -> bytes:
    return template_xlsx(columns(), _("Milestones"), example=EXAMPLE)


def export(milestones) -> bytes:
    extra = [Column("overdue", _("Overdue"), export=lambda m: m.overdue, width=8)]
    return export_xlsx([*columns(), *extra], milestones, _("Milestones"))


def _vouchers(trip) -> str:
    return "、".join(e.voucher_number for e in trip.expenditures.all())


def trip_export(trips) -> bytes:
    """Trips carrying `.cost` (queries.attach_costs)."""
    cols = [
        Column("destination", _("Destination"), width=22),
        Column("start_on", _("Start date"), width=12),
        Column("end_on", _("End date"), width=12),
        Column(
            "participants",
            _("Participants"),
            export=lambda t: "、".join(_person(u) for u in t.participants.all()),
            width=20,
        ),
        Column("purpose", _("Purpose"), width=30),
        Column("practices", _("Practices learned"), width=40),
        Column("measures", _("Measures adopted at home"), width=40),
        Column("vouchers", _("Linked vouchers"), export=_vouchers, width=20),
        Column("cost", _("Cost (yuan)"), width=12),
    ]
    return export_xlsx(cols, trips, _("Study trips"))


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)  # (row number, unsaved Milestone, status before or None)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


@dataclass
class _Lookups:
    projects: dict
    users: dict
    existing: dict


def _lookups(unit, rows: list[dict]) -> _Lookups:
    projects = {(p.year, p.name): p for p in BudgetProject.objects.for_unit(unit)}
    users: dict[str, list] = {}
    for user in staff_users(unit):
        for key in {user.username, user.get_full_name()} - {""}:
            users.setdefault(key, []).append(user)
    existing = {
        (m.project_id, m.quarter, m.title): m
        for m in Milestone.objects.for_unit(unit).filter(title__in={r.get("title") for r in rows})
    }
    return _Lookups(projects, users, existing)


def plan(unit, data: bytes) -> ImportPlan:
    cols = columns()
    headers = {c.key: c.header for c in cols}
    read = read_xlsx(data, cols)
    result = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    lookups = _lookups(unit, read.rows)
    keys = Counter((r.get("year"), r.get("project"), r.get("quarter"), r.get("title")) for r in read.rows)
    failed = {e.row for e in read.errors}
    for row in read.rows:
        if row["_row"] in failed:
            continue
        problems: list[RowError] = []
        if keys[(row.get("year"), row.get("project"), row.get("quarter"), row.get("title"))] > 1:
            message = _("The milestone appears more than once in the file.")
            problems.append(RowError(row["_row"], headers["title"], message))
        planned = None if problems else _plan_row(unit, row, lookups, headers, problems)
        if problems:
            result.errors.extend(problems)
        else:
            result.rows.append(planned)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _plan_row(unit, row: dict, lookups: _Lookups, headers: dict, problems: list):
    number = row["_row"]
    project = lookups.projects.get((row["year"], row["project"]))
    if project is None:
        message = _("The unit has no project “%(name)s” in %(year)s.") % {"name": row["project"], "year": row["year"]}
        problems.append(RowError(number, headers["project"], message))
        return None
    owner = None
    if row.get("owner"):
        found = lookups.users.get(row["owner"], [])
        if len(found) != 1:
            message = _("“%(name)s” is not a member of the unit.") % {"name": row["owner"]}
            problems.append(RowError(number, headers["owner"], message))
            return None
        owner = found[0]
    milestone = lookups.existing.get((project.pk, row["quarter"], row["title"]))
    before = milestone.status if milestone else None
    milestone = milestone or Milestone(unit=unit, project=project, quarter=row["quarter"], title=row["title"])
    for name in ("description", "due_on", "done_on", "evidence_note", "drop_reason"):
        if name in row:
            empty = None if name in ("due_on", "done_on") else ""
            setattr(milestone, name, empty if row[name] is None else row[name])
    milestone.owner = owner if "owner" in row else milestone.owner
    milestone.status = row.get("status") or milestone.status
    if before and milestone.status != before and milestone.status not in TRANSITIONS[before]:
        message = _("A %(status)s milestone cannot become %(target)s.") % {
            "status": Status(before).label,
            "target": Status(milestone.status).label,
        }
        problems.append(RowError(number, headers["status"], message))
        return None
    try:
        milestone.full_clean(exclude=["unit"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else headers.get(name, name)
            problems.extend(RowError(number, column, m) for m in messages)
        return None
    return (number, milestone, before)


@transaction.atomic
def apply(unit, result: ImportPlan, *, actor) -> tuple[int, int]:
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    created = updated = 0
    for _number, milestone, before in result.rows:
        fields = {name: getattr(milestone, name) for name in services.MILESTONE_FIELDS}
        wanted, done_on, reason = milestone.status, milestone.done_on, milestone.drop_reason
        if milestone.pk:
            target = Milestone.objects.select_related("project").get(pk=milestone.pk)
            if before == wanted:
                target.done_on, target.drop_reason = done_on, reason
                services.update_milestone(target, actor=actor, fields=fields)
            updated += 1
        else:
            target = services.create_milestone(milestone.project, actor=actor, fields=fields)
            created += 1
        if target.status != wanted:
            for name, value in fields.items():
                setattr(target, name, value)
            services.change_status(target, actor=actor, to=wanted, on=done_on, note=reason)
    log.info("unit %s imported %d new and %d changed milestones by %s", unit.code, created, updated, actor)
    return created, updated
