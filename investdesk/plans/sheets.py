"""Milestones and study trips to and from Excel (STYLE.md habit 9).

A milestone row names its project by year and name; a row whose project, quarter and title
exist updates that milestone (a status change must be an allowed step), the others create
one. The owner is a member of the unit, by user name or full name. A study trip row whose
destination and start date are recorded updates that trip, the others create one; its
participants are members of the unit and its linked expenditures payments of the unit by
voucher number (several in one cell, separated by 、 or commas). Every bad cell and every row
the model or the service refuses is reported with its row number; all rows are saved or none.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from investdesk.budget.models import Expenditure, Kind
from investdesk.core.tabular import (
    Column,
    RowError,
    export_xlsx,
    model_row_errors,
    parse_date,
    read_xlsx,
    template_xlsx,
)
from investdesk.enterprises.services import staff_users
from investdesk.performance.models import BudgetProject
from investdesk.plans import services
from investdesk.plans.forms import TRIP_CATEGORIES
from investdesk.plans.models import TRANSITIONS, Milestone, Status, StudyTrip

log = logging.getLogger(__name__)
KIND = "plans.milestones"
TRIPS = "plans.trips"
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


@dataclass
class ImportPlan:
    # milestones: (row number, unsaved Milestone, status before or None); trips: PlannedTrip
    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # shown apart; they do not stop the import
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


@dataclass
class _Lookups:
    projects: dict
    users: dict
    existing: dict


def _staff_by_name(unit) -> dict[str, list]:
    """The unit's staff under their user name and their full name (a name two people share is ambiguous)."""
    users: dict[str, list] = {}
    for user in staff_users(unit):
        for key in {user.username, user.get_full_name()} - {""}:
            users.setdefault(key, []).append(user)
    return users


def _lookups(unit, rows: list[dict]) -> _Lookups:
    projects = {(p.year, p.name): p for p in BudgetProject.objects.for_unit(unit)}
    existing = {
        (m.project_id, m.quarter, m.title): m
        for m in Milestone.objects.for_unit(unit).filter(title__in={r.get("title") for r in rows})
    }
    return _Lookups(projects, _staff_by_name(unit), existing)


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
        problems.extend(model_row_errors(number, exc, headers))
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
            # The sheet states the status outright and was previewed: a step back is confirmed there.
            services.change_status(target, actor=actor, to=wanted, on=done_on, note=reason, confirm_back=True)
    log.info("unit %s imported %d new and %d changed milestones by %s", unit.code, created, updated, actor)
    return created, updated


# --- study trips ----------------------------------------------------------------------------------


SEVERAL = re.compile(r"[、,，;；\n]+")


def _several(text: str) -> list[str]:
    """Names or voucher numbers in one cell, separated by 、 or commas; each once, in order."""
    return list(dict.fromkeys(part.strip() for part in SEVERAL.split(text) if part.strip()))


def _vouchers(trip) -> str:
    return "、".join(e.voucher_number for e in trip.expenditures.all())


def trip_columns() -> list[Column]:
    return [
        Column("destination", _("Destination"), ("考察地点", "目的地", "Destination"), required=True, width=22),
        Column(
            "start_on",
            _("Start date"),
            ("出发日期", "开始日期", "Start date"),
            required=True,
            parse=parse_date,
            kind="date",
            width=12,
            help=_("With the destination it names the trip: a recorded trip is updated."),
        ),
        Column(
            "end_on",
            _("End date"),
            ("返回日期", "结束日期", "End date"),
            required=True,
            parse=parse_date,
            kind="date",
            width=12,
        ),
        Column(
            "participants",
            _("Participants"),
            ("参加人员", "Participants"),
            parse=_several,
            export=lambda t: "、".join(_person(u) for u in t.participants.all()),
            width=20,
            help=_("Members of the unit by user name or full name, separated by 、 or commas."),
        ),
        Column("purpose", _("Purpose"), ("考察目的", "Purpose"), width=30),
        Column("practices", _("Practices learned"), ("学习到的做法", "学到的做法", "Practices learned"), width=40),
        Column("measures", _("Measures adopted at home"), ("本地借鉴落实的措施", "Measures adopted at home"), width=40),
        Column(
            "vouchers",
            _("Linked vouchers"),
            ("关联凭证号", "凭证号", "Linked vouchers"),
            parse=_several,
            export=_vouchers,
            width=20,
            help=_("Voucher numbers of the unit's travel and other payments, separated by 、 or commas."),
        ),
        Column("note", _("Note"), ("备注", "Note"), width=24),
    ]


TRIP_EXAMPLE = {
    "destination": "上海浦东新区",
    "start_on": "2022-08-15",
    "end_on": "2022-08-19",
    "participants": "李强、张敏",
    "purpose": "学习优化营商环境的经验做法",
    "practices": "“一网通办”、企业服务专员制度",
    "measures": "为重点企业配备服务专员",
    "vouchers": "2022-08-002、2022-08-003",
}


def trip_template() -> bytes:
    return template_xlsx(trip_columns(), _("Study trips"), example=TRIP_EXAMPLE)


def trip_export(trips) -> bytes:
    """Trips carrying `.cost` (queries.attach_costs): the import's columns, then the cost."""
    extra = [Column("cost", _("Cost (yuan)"), width=12)]
    return export_xlsx([*trip_columns(), *extra], trips, _("Study trips"))


@dataclass
class PlannedTrip:
    row: int
    trip: StudyTrip  # with the row's values, unsaved; has its pk when the row updates a recorded trip
    participants: list
    expenditures: list


class _TripLookups:
    """Staff, payments and recorded trips the rows name, fetched once for the whole file."""

    def __init__(self, unit, rows: list[dict]):
        self.users = _staff_by_name(unit)
        vouchers = {v for r in rows for v in r.get("vouchers") or []}
        self.payments: dict[str, list] = defaultdict(list)
        for expenditure in Expenditure.objects.for_unit(unit).filter(voucher_number__in=vouchers):
            self.payments[expenditure.voucher_number].append(expenditure)
        found = [e.pk for listed in self.payments.values() for e in listed]
        # expenditure → (trip pk, trip) of the trips it is linked to; rows planned are added
        self.linked: dict[int, list] = defaultdict(list)
        links = StudyTrip.expenditures.through.objects.filter(expenditure__in=found).select_related("studytrip")
        for link in links:
            self.linked[link.expenditure_id].append((link.studytrip_id, link.studytrip))
        self.trips: dict[tuple, list] = defaultdict(list)
        recorded = StudyTrip.objects.for_unit(unit).filter(destination__in={r.get("destination") for r in rows})
        for trip in recorded.prefetch_related("participants", "expenditures"):
            self.trips[(trip.destination, trip.start_on)].append(trip)


def plan_trips(unit, data: bytes) -> ImportPlan:
    """Read and check the whole sheet as the trip form and `services.save_trip` do; nothing is saved."""
    cols = trip_columns()
    headers = {c.key: c.header for c in cols}
    read = read_xlsx(data, cols)
    result = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    lookups = _TripLookups(unit, read.rows)
    failed = {e.row for e in read.errors}
    keys = Counter((r.get("destination"), r.get("start_on")) for r in read.rows if r["_row"] not in failed)
    for row in read.rows:
        if row["_row"] in failed:
            continue
        problems: list[RowError] = []
        if keys[(row["destination"], row["start_on"])] > 1:
            problems.append(
                RowError(row["_row"], headers["destination"], _("The trip appears more than once in the file."))
            )
        planned = None if problems else _planned_trip(unit, row, lookups, headers, problems)
        if problems:
            result.errors.extend(problems)
            continue
        result.rows.append(planned)
        result.warnings.extend(_shared_payments(planned, lookups))
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _planned_trip(unit, row: dict, lookups: _TripLookups, headers: dict, problems: list) -> PlannedTrip | None:
    number = row["_row"]
    recorded = lookups.trips.get((row["destination"], row["start_on"]), [])
    if len(recorded) > 1:
        message = _("Several recorded trips have this destination and start date: change them on the trips page.")
        problems.append(RowError(number, headers["destination"], message))
        return None
    trip = recorded[0] if recorded else StudyTrip(unit=unit, destination=row["destination"], start_on=row["start_on"])
    participants = _trip_participants(row, trip, lookups, headers, problems)
    expenditures = _trip_payments(row, trip, lookups, headers, problems)
    if problems:
        return None
    for name in ("end_on", "purpose", "practices", "measures", "note"):
        if name in row:
            setattr(trip, name, "" if row[name] is None else row[name])
    try:
        services.check_trip(trip, participants, expenditures)
    except ValidationError as exc:
        problems.extend(model_row_errors(number, exc, headers, {"expenditures": "vouchers"}))
        return None
    return PlannedTrip(number, trip, participants, expenditures)


def _trip_participants(row: dict, trip: StudyTrip, lookups: _TripLookups, headers: dict, problems: list) -> list:
    if "participants" not in row:  # the column is left out: a recorded trip keeps its participants
        return list(trip.participants.all()) if trip.pk else []
    people = []
    for name in row["participants"] or []:
        found = lookups.users.get(name, [])
        if len(found) != 1:
            message = _("“%(name)s” is not a member of the unit.") % {"name": name}
            problems.append(RowError(row["_row"], headers["participants"], message))
        else:
            people.append(found[0])
    return list(dict.fromkeys(people))


def _trip_payments(row: dict, trip: StudyTrip, lookups: _TripLookups, headers: dict, problems: list) -> list:
    if "vouchers" not in row:
        return list(trip.expenditures.all()) if trip.pk else []
    linked = {e.pk for e in trip.expenditures.all()} if trip.pk else set()
    payments = []
    for voucher in row["vouchers"] or []:
        expenditure, message = _payment(voucher, row["start_on"].year, linked, lookups)
        if message:
            problems.append(RowError(row["_row"], headers["vouchers"], message))
        else:
            payments.append(expenditure)
    return payments


def _payment(voucher: str, year: int, linked: set, lookups: _TripLookups) -> tuple:
    """(the expenditure, None) or (None, why not). Vouchers restart each year: the trip's year decides."""
    candidates = lookups.payments.get(voucher, [])
    if len(candidates) > 1:
        candidates = [e for e in candidates if e.year == year] or candidates
    if not candidates:
        return None, _("The unit has no expenditure with the voucher number %(number)s.") % {"number": voucher}
    if len(candidates) > 1:
        message = _(
            "The voucher number %(number)s is used in several years, but not in %(year)s, the year of the trip."
        )
        return None, message % {"number": voucher, "year": year}
    found = candidates[0]
    # The trip form offers only these payments (and those already linked); refunds are the service's to refuse.
    if found.kind == Kind.PAYMENT and found.category not in TRIP_CATEGORIES and found.pk not in linked:
        message = _(
            "The voucher %(number)s is a payment of %(category)s: a study trip links travel, transport, "
            "training, reception or other goods and services."
        )
        return None, message % {"number": voucher, "category": found.get_category_display()}
    return found, None


def _shared_payments(planned: PlannedTrip, lookups: _TripLookups) -> list[RowError]:
    """A payment linked to another trip too: allowed, but its cost then counts in both."""
    warnings = []
    for expenditure in planned.expenditures:
        others = [t for pk, t in lookups.linked[expenditure.pk] if pk is None or pk != planned.trip.pk]
        if others:
            message = _("The voucher %(number)s is also linked to the trip %(trip)s; its cost counts in both.") % {
                "number": expenditure.voucher_number,
                "trip": others[0],
            }
            warnings.append(RowError(planned.row, "", message))
        lookups.linked[expenditure.pk].append((planned.trip.pk, planned.trip))
    return warnings


@transaction.atomic
def apply_trips(unit, result: ImportPlan, *, actor) -> tuple[int, int]:
    """Save every planned trip through `services.save_trip`, or none."""
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    created = updated = 0
    for planned in result.rows:
        fields = {name: getattr(planned.trip, name) for name in services.TRIP_FIELDS}
        target = StudyTrip.objects.get(pk=planned.trip.pk) if planned.trip.pk else None
        services.save_trip(
            unit,
            actor=actor,
            fields=fields,
            participants=planned.participants,
            expenditures=planned.expenditures,
            trip=target,
        )
        created, updated = created + (target is None), updated + (target is not None)
    log.info("unit %s imported %d new and %d changed study trips by %s", unit.code, created, updated, actor)
    return created, updated
