"""Visits, consultations and appeals to and from Excel (STYLE.md habit 9), on core.tabular.

Rows name their enterprise by the 统一社会信用代码, their project by the 项目代码, and staff by
user name or full name. A row with a 编号 (the record number an export writes) updates that
record of the unit; a row without one creates a record. Every bad cell and every row the
model refuses is reported with its Excel row number and header; the rows are saved in one
transaction only when there is no error at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from investdesk.core.identifiers import normalise_uscc
from investdesk.core.tabular import (
    Column,
    RowError,
    export_xlsx,
    model_row_errors,
    parse_date,
    read_xlsx,
    template_xlsx,
)
from investdesk.core.workdays import Calendar
from investdesk.enterprises.models import Enterprise
from investdesk.outreach import queries, services
from investdesk.outreach.conf import settings_for
from investdesk.outreach.models import (
    Appeal,
    AppealKind,
    AppealStatus,
    Category,
    Channel,
    Consultation,
    EventKind,
    Feedback,
    Purpose,
    Source,
    Visit,
    join_purposes,
)
from investdesk.projects import departments
from investdesk.projects.codes import normalise_code
from investdesk.projects.models import InvestmentProject

log = logging.getLogger(__name__)
SEPARATORS = re.compile(r"[、,，;；/\s]+")


LANGUAGES = ("zh-hans", "en")


def _choice(choices):
    """Accept a choice by its stored value or by its label in Chinese or English."""

    def parse(text: str) -> str:
        by_text = {}
        for language in LANGUAGES:
            with translation.override(language):
                for value, label in choices.choices:
                    by_text[str(value).lower()] = value
                    by_text[str(label).lower()] = value
        found = by_text.get(text.strip().lower())
        if found is None:
            allowed = "、".join(str(label) for _value, label in choices.choices)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return found

    return parse


def _record_number(text: str) -> int:
    if not text.isdigit():
        raise ValueError(_("“%(value)s” is not a record number.") % {"value": text})
    return int(text)


def _whole(text: str) -> int:
    if not text.isdigit():
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
    return int(text)


def _moment(text: str) -> datetime:
    """A local date and time (2022-05-06 10:30); a date alone is its local midnight."""
    match = re.fullmatch(r"(.+?)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?", text.strip())
    day = parse_date(match[1]) if match else parse_date(text)
    hour, minute = (int(match[2]), int(match[3])) if match and match[2] else (0, 0)
    if hour > 23 or minute > 59:
        raise ValueError(_("“%(value)s” is not a time of day.") % {"value": text})
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _purposes(text: str) -> str:
    parse = _choice(Purpose)
    return join_purposes(parse(part) for part in SEPARATORS.split(text) if part)


def _names(text: str) -> list[str]:
    return [part for part in SEPARATORS.split(text) if part]


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _display(name: str):
    return lambda obj: getattr(obj, f"get_{name}_display")() if getattr(obj, name) else ""


def _uscc_column(required: bool) -> list[Column]:
    return [
        Column(
            "enterprise_uscc",
            _("Enterprise USCC"),
            ("企业统一社会信用代码", "统一社会信用代码", "Enterprise USCC"),
            required=required,
            parse=normalise_uscc,
            export=lambda o: o.enterprise.uscc if o.enterprise_id else "",
            width=22,
            help=_("The enterprise must already be in the unit's archive (一企一档)."),
        ),
        Column(
            "enterprise_name",
            _("Enterprise name"),
            ("企业名称", "Enterprise name"),
            export=lambda o: o.enterprise.name if o.enterprise_id else "",
            width=30,
            help=_("For reading only: the USCC decides."),
        ),
    ]


def _id_column() -> Column:
    return Column(
        "id",
        _("Record number"),
        ("编号", "Record number"),
        parse=_record_number,
        export=lambda o: o.pk,
        kind="number",
        width=8,
        help=_("Empty for a new record; the number of an exported record updates it."),
    )


def _project_column() -> Column:
    return Column(
        "project_code",
        _("Project code"),
        ("项目代码", "Project code"),
        parse=normalise_code,
        export=lambda o: o.project.project_code if o.project_id else "",
        width=26,
        help=_("Optional: a project of the enterprise, by its project code."),
    )


# --- the three ledgers' columns ---------------------------------------------------------------------


def visit_columns() -> list[Column]:
    return [
        _id_column(),
        Column("visited_on", _("Visit date"), ("走访日期", "Visit date"), required=True, parse=parse_date, kind="date"),
        *_uscc_column(required=True),
        Column(
            "staff",
            _("Visiting staff"),
            ("走访人员", "Visiting staff"),
            required=True,
            export=lambda v: "、".join(v.staff_names()),
            help=_("User names or full names of the unit's staff, separated by 、"),
        ),
        Column(
            "purposes",
            _("Purposes"),
            ("走访目的", "Purposes"),
            required=True,
            parse=_purposes,
            export=lambda v: "、".join(v.purpose_labels()),
            width=24,
            help=_("宣传政策、摸排问题、采集建议、跟促项目 — one or more, separated by 、"),
        ),
        _project_column(),
        Column("findings", _("Findings"), ("走访情况", "Findings"), required=True, width=40),
    ]


def consultation_columns() -> list[Column]:
    return [
        _id_column(),
        Column(
            "consulted_at",
            _("Time of the consultation"),
            ("咨询时间", "Time of the consultation"),
            required=True,
            parse=_moment,
            export=lambda c: f"{timezone.localtime(c.consulted_at):%Y-%m-%d %H:%M}",
            width=18,
            help=_("Date and time, e.g. 2022-05-06 10:30"),
        ),
        Column(
            "channel",
            _("Consultation channel"),
            ("方式", "咨询方式", "渠道", "Channel", "Consultation channel"),
            required=True,
            parse=_choice(Channel),
            export=_display("channel"),
        ),
        *_uscc_column(required=False),
        _project_column(),
        Column("inquirer", _("Asked by"), ("咨询人", "Asked by")),
        Column("topic", _("Topic"), ("咨询事项", "Topic"), required=True, width=30),
        Column("answer", _("Answer"), ("答复内容", "Answer"), required=True, width=40),
        Column(
            "duration_minutes",
            _("Duration (minutes)"),
            ("时长（分钟）", "时长", "Duration (minutes)"),
            required=True,
            parse=_whole,
            kind="number",
            width=10,
        ),
        Column(
            "staff",
            _("Answered by"),
            ("答复人员", "Answered by"),
            export=lambda c: _person(c.staff),
            help=_("A user name or full name; empty: the person importing."),
        ),
    ]


def appeal_columns() -> list[Column]:
    def day(key: str, header, zh: str, required: bool = False) -> Column:
        return Column(key, str(header), (zh,), required=required, parse=parse_date, kind="date", width=12)

    return [
        _id_column(),
        day("raised_on", _("Date raised"), "提出日期", required=True),
        *_uscc_column(required=True),
        Column("kind", _("Type"), ("类型", "Type"), parse=_choice(AppealKind), export=_display("kind")),
        Column("source", _("Source"), ("来源", "Source"), parse=_choice(Source), export=_display("source")),
        Column(
            "visit_id",
            _("Visit record number"),
            ("走访编号", "Visit record number"),
            parse=_record_number,
            export=lambda a: a.visit_id or "",
            kind="number",
            help=_("For an appeal raised on a visit: the visit's record number."),
        ),
        Column("reference", _("Source reference"), ("来源说明", "Source reference")),
        Column(
            "category",
            _("Category"),
            ("类别", "Category"),
            required=True,
            parse=_choice(Category),
            export=_display("category"),
        ),  # fmt: skip
        Column("title", _("Appeal"), ("诉求内容", "问题诉求", "Appeal"), required=True, width=36),
        Column("description", _("Details"), ("详细情况", "Details"), width=36),
        Column("department", _("Responsible department"), ("责任部门", "Responsible department"), required=True),
        Column(
            "deadline_workdays",
            _("Deadline (working days)"),
            ("办理时限（工作日）", "办理时限", "Deadline (working days)"),
            parse=_whole,
            kind="number",
            help=_("Empty: the unit's default."),
        ),
        Column("handler", _("Followed by"), ("跟办人员", "Followed by"), export=lambda a: _person(a.handler)),
        Column("status", _("Status"), ("状态", "Status"), parse=_choice(AppealStatus), export=_display("status")),
        day("decided_on", _("Decision date"), "办结日期"),
        Column("resolution", _("How it was resolved"), ("解决情况", "How it was resolved"), width=30),
        Column(
            "unresolvable_reason",
            _("Why it cannot be resolved"),
            ("无法解决原因", "Why it cannot be resolved"),
            width=30,
        ),  # fmt: skip
        Column(
            "feedback",
            _("Enterprise's feedback"),
            ("企业反馈", "Enterprise's feedback"),
            parse=_choice(Feedback),
            export=_display("feedback"),
        ),  # fmt: skip
        Column("feedback_comment", _("Feedback comment"), ("反馈意见", "Feedback comment"), width=30),
        day("closed_on", _("Closing date"), "销号日期"),
        Column(
            "due_on",
            _("Due on"),
            ("到期日", "Due date", "Due on"),
            parse=lambda text: text,  # shown for reading; the deadline is computed again
            export=lambda a: a.due_on,
            kind="date",
            width=12,
        ),
    ]


# --- reading -------------------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    number: int
    obj: object
    is_new: bool
    staff: list = field(default_factory=list)
    state: dict = field(default_factory=dict)


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.is_new)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if not r.is_new)


@dataclass
class Lookups:
    """The natural keys of one file, each resolved with one query."""

    enterprises: dict
    projects: dict
    staff: dict  # lower-case user name or full name → users with it
    existing: dict
    headers: dict

    def error(self, row: dict, key: str, message: str) -> RowError:
        return RowError(row["_row"], self.headers.get(key, key), message)


def _lookups(unit, rows: list[dict], model, columns: list[Column]) -> Lookups:
    usccs = {r["enterprise_uscc"] for r in rows if r.get("enterprise_uscc")}
    codes = {r["project_code"] for r in rows if r.get("project_code")}
    ids = {r["id"] for r in rows if r.get("id")}
    staff: dict[str, list] = {}
    for user in queries.unit_staff(unit):
        for name in {user.username.lower(), _person(user).lower()}:
            staff.setdefault(name, []).append(user)
    existing = model.objects.for_unit(unit).filter(pk__in=ids)
    if model is Visit:
        existing = existing.prefetch_related("staff")
    return Lookups(
        enterprises={e.uscc: e for e in Enterprise.objects.for_unit(unit).filter(uscc__in=usccs)},
        projects={p.project_code: p for p in InvestmentProject.objects.for_unit(unit).filter(project_code__in=codes)},
        staff=staff,
        existing={obj.pk: obj for obj in existing},
        headers={c.key: c.header for c in columns},
    )


def _resolve_staff(row: dict, key: str, lookups: Lookups, problems: list) -> list:
    users = []
    for name in _names(row.get(key) or ""):
        found = lookups.staff.get(name.lower(), [])
        if len(found) == 1:
            users.append(found[0])
        elif found:
            message = _("Two staff members are called %(name)s: write the user name.") % {"name": name}
            problems.append(lookups.error(row, key, message))
        else:
            message = _("%(name)s is not a staff member of this unit.") % {"name": name}
            problems.append(lookups.error(row, key, message))
    return list(dict.fromkeys(users))


def _resolve_common(row: dict, lookups: Lookups, model, problems: list) -> tuple:
    """The row's existing record (or None), enterprise and project; problems appended."""
    obj = None
    if row.get("id"):
        obj = lookups.existing.get(row["id"])
        if obj is None:
            message = _("No record number %(id)s in this unit's ledger.") % {"id": row["id"]}
            problems.append(lookups.error(row, "id", message))
    enterprise = None
    if row.get("enterprise_uscc"):
        enterprise = lookups.enterprises.get(row["enterprise_uscc"])
        if enterprise is None:
            message = _("No enterprise with the unified social credit code %(uscc)s is in this unit's archive.") % {
                "uscc": row["enterprise_uscc"]
            }
            problems.append(lookups.error(row, "enterprise_uscc", message))
    project = None
    if row.get("project_code"):
        project = lookups.projects.get(row["project_code"])
        if project is None:
            message = _("No project with the code %(code)s in this unit.") % {"code": row["project_code"]}
            problems.append(lookups.error(row, "project_code", message))
    return obj, enterprise, project


RENAMED = {"enterprise": "enterprise_uscc", "project": "project_code", "visit": "visit_id"}
RELATED = ("enterprise", "project", "visit", "consultation", "handler", "staff")


def _plan_visit(unit, row: dict, lookups: Lookups, ctx: dict) -> PlannedRow | list[RowError]:
    problems: list[RowError] = []
    visit, enterprise, project = _resolve_common(row, lookups, Visit, problems)
    staff = _resolve_staff(row, "staff", lookups, problems)
    if problems:
        return problems
    is_new = visit is None
    visit = visit or Visit(unit=unit)
    visit.visited_on, visit.enterprise, visit.project = row.get("visited_on"), enterprise, project
    visit.purposes, visit.findings = row.get("purposes") or "", row.get("findings") or ""
    return PlannedRow(row["_row"], visit, is_new, staff=staff)


def _plan_consultation(unit, row: dict, lookups: Lookups, ctx: dict) -> PlannedRow | list[RowError]:
    problems: list[RowError] = []
    consultation, enterprise, project = _resolve_common(row, lookups, Consultation, problems)
    staff = _resolve_staff(row, "staff", lookups, problems)
    if len(staff) > 1:
        problems.append(lookups.error(row, "staff", _("Name one staff member.")))
    if problems:
        return problems
    is_new = consultation is None
    consultation = consultation or Consultation(unit=unit)
    for name in ("consulted_at", "channel", "topic", "answer", "duration_minutes"):
        setattr(consultation, name, row.get(name))
    consultation.inquirer = row.get("inquirer") or ""
    consultation.enterprise, consultation.project = enterprise, project
    consultation.staff = staff[0] if staff else (consultation.staff if not is_new else ctx["actor"])
    return PlannedRow(row["_row"], consultation, is_new)


APPEAL_DATA = ("raised_on", "category", "title", "department", "reference", "description")


def _plan_appeal(unit, row: dict, lookups: Lookups, ctx: dict) -> PlannedRow | list[RowError]:
    problems: list[RowError] = []
    appeal, enterprise, _project = _resolve_common(row, lookups, Appeal, problems)
    handler = _resolve_staff(row, "handler", lookups, problems)
    visit = _visit_of(row, lookups, ctx, problems)
    if problems:
        return problems
    is_new = appeal is None
    appeal = appeal or Appeal(unit=unit)
    for name in APPEAL_DATA:
        setattr(appeal, name, row.get(name) or "")
    appeal.department = departments.canonical(ctx["departments"], appeal.department)  # a short name → the listed one
    appeal.enterprise, appeal.handler = enterprise, (handler[0] if handler else None)
    appeal.kind = row.get("kind") or appeal.kind
    if is_new:
        appeal.visit = visit
        appeal.source = Source.VISIT if visit else (row.get("source") or Source.OTHER)
    appeal.deadline_workdays = row.get("deadline_workdays") or ctx["conf"].appeal_deadline_workdays
    appeal.due_on = services.due_date(appeal, ctx["calendar"])
    state = {name: row.get(name) for name in services.STATE_FIELDS}
    state["status"] = state["status"] or (AppealStatus.PENDING if is_new else appeal.status)
    before = AppealStatus.PENDING if is_new else appeal.status
    if state["status"] != before and not services.reachable(before, state["status"]):
        message = _("An appeal that is “%(from)s” cannot become “%(to)s”.") % {
            "from": AppealStatus(before).label,
            "to": AppealStatus(state["status"]).label,
        }
        return [lookups.error(row, "status", message)]
    for name, value in state.items():
        setattr(appeal, name, ("" if name not in ("decided_on", "closed_on") else None) if value is None else value)
    appeal.outcome = services.state_outcome(appeal)
    return PlannedRow(row["_row"], appeal, is_new, state=state)


def _visit_of(row: dict, lookups: Lookups, ctx: dict, problems: list):
    if not row.get("visit_id"):
        if row.get("source") == Source.VISIT and not row.get("id"):
            problems.append(lookups.error(row, "visit_id", _("Give the record number of the visit.")))
        return None
    visit = ctx["visits"].get(row["visit_id"])
    if visit is None:
        message = _("No visit with the record number %(id)s in this unit.") % {"id": row["visit_id"]}
        problems.append(lookups.error(row, "visit_id", message))
    return visit


@dataclass(frozen=True)
class Ledger:
    kind: str
    model: type
    columns: Callable[[], list[Column]]
    planner: Callable
    title: Callable[[], str]
    example: dict


LEDGERS = {
    "visits": Ledger(
        "visits",
        Visit,
        visit_columns,
        _plan_visit,
        lambda: _("Visits"),
        {
            "visited_on": "2022-03-15",
            "enterprise_uscc": "91530114MA6K5U8X61",
            "staff": "张敏、李强",
            "purposes": "宣传政策、摸排问题",
            "findings": "企业反映施工临时用电报装进度较慢",
        },
    ),
    "consultations": Ledger(
        "consultations",
        Consultation,
        consultation_columns,
        _plan_consultation,
        lambda: _("Consultations"),
        {
            "consulted_at": "2022-05-06 10:30",
            "channel": "电话",
            "topic": "施工许可办理材料",
            "answer": "告知所需材料清单及网上申报流程",
            "duration_minutes": 15,
        },
    ),
    "appeals": Ledger(
        "appeals",
        Appeal,
        appeal_columns,
        _plan_appeal,
        lambda: _("Appeals"),
        {
            "raised_on": "2022-03-15",
            "enterprise_uscc": "91530114MA6K5U8X61",
            "category": "水电气讯",
            "title": "施工临时用电报装进度慢",
            "department": "国网昆明供电局呈贡供电分局",
        },
    ),
}


def plan(unit, kind: str, data: bytes, *, actor) -> ImportPlan:
    """Read and check the whole sheet; nothing is saved."""
    ledger = LEDGERS[kind]
    columns = ledger.columns()
    read = read_xlsx(data, columns)
    result = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    if not read.rows:
        return result
    lookups = _lookups(unit, read.rows, ledger.model, columns)
    ctx = {
        "actor": actor,
        "conf": settings_for(unit),
        "calendar": Calendar.for_unit(unit),
        "visits": {},
        "departments": departments.for_unit(unit),
    }
    if kind == "appeals":
        ids = {r["visit_id"] for r in read.rows if r.get("visit_id")}
        ctx["visits"] = {v.pk: v for v in Visit.objects.for_unit(unit).filter(pk__in=ids)}
    failed = {e.row for e in read.errors}
    seen_ids: set[int] = set()
    for row in read.rows:
        if row.get("id") and row["id"] in seen_ids:
            result.errors.append(lookups.error(row, "id", _("This record number appears twice in the file.")))
            continue
        seen_ids.add(row.get("id") or 0)
        planned = ledger.planner(unit, row, lookups, ctx)
        if isinstance(planned, list):
            result.errors.extend(planned)
            continue
        if row["_row"] in failed:
            continue  # its cells are already reported; the model would only repeat them
        try:
            # The related rows were found in the unit by their natural keys above: checking that
            # each still exists would cost a query per row and cell.
            planned.obj.full_clean(exclude=["unit", *RELATED])
        except ValidationError as exc:
            result.errors.extend(model_row_errors(planned.number, exc, lookups.headers, RENAMED))
            continue
        result.rows.append(planned)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


@transaction.atomic
def apply(unit, kind: str, result: ImportPlan, *, actor) -> tuple[int, int]:
    """Save every planned row or none (the caller has checked `result.ok`)."""
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    save = {"visits": _save_visit, "consultations": _save_consultation, "appeals": _save_appeal}[kind]
    for row in result.rows:
        try:
            save(unit, row, actor)
        except ValidationError as exc:  # a row another user changed since the preview
            raise ValidationError([str(e) for e in model_row_errors(row.number, exc, {}, {})]) from None
    log.info("unit %s imported %s: %d new, %d updated, by %s", unit.code, kind, result.created, result.updated, actor)
    return result.created, result.updated


def _fields(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def _save_visit(unit, row: PlannedRow, actor) -> None:
    fields = _fields(row.obj, services.VISIT_FIELDS)
    if row.is_new:
        services.create_visit(unit, actor=actor, fields=fields, staff=row.staff)
    else:
        services.update_visit(row.obj, actor=actor, fields=fields, staff=row.staff)


def _save_consultation(unit, row: PlannedRow, actor) -> None:
    fields = _fields(row.obj, services.CONSULTATION_FIELDS)
    if row.is_new:
        services.create_consultation(unit, actor=actor, fields=fields)
    else:
        services.update_consultation(row.obj, actor=actor, fields=fields)


def _save_appeal(unit, row: PlannedRow, actor) -> None:
    appeal = row.obj
    if row.is_new:
        fields = _fields(appeal, services.APPEAL_FIELDS)
        saved = services.raise_appeal(unit, actor=actor, fields=fields, kind=EventKind.IMPORTED)
    else:
        saved = services.update_appeal(appeal, actor=actor, fields=_fields(appeal, services.APPEAL_EDIT_FIELDS))
    services.record_state(saved, actor=actor, values=row.state, note=_("imported"))


# --- writing ---------------------------------------------------------------------------------------------


def template(kind: str) -> bytes:
    ledger = LEDGERS[kind]
    return template_xlsx(ledger.columns(), ledger.title(), example=ledger.example)


def export(kind: str, objects) -> bytes:
    ledger = LEDGERS[kind]
    return export_xlsx(ledger.columns(), objects, ledger.title())
