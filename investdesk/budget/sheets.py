"""Budget lines, adjustments and expenditures to and from Excel (STYLE.md habit 9), on core.tabular.

Expenditures: a row names its budget line by name (within the project) and its category by the
economic-classification code or name; every row is a new booking (the voucher number must be
new for its year — the ledger is never overwritten from a sheet). A refund names the voucher
number of a payment already in the ledger. Budget lines: a row whose name exists updates that
line, the others create one. Every bad cell and every row the model refuses is reported with its
row number and header; rows are saved in one transaction only when there is no error at all.
Adjustments: a row names its project by year and name (both empty: the page's project) and its
line by name; a row with a source line is a transfer, booked as the linked pair. Every row is a
new adjustment, saved through `services.add_adjustment`; a row like one already booked is a
warning, not an error (re-importing an export books it twice).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from investdesk.budget import services
from investdesk.budget.models import ZERO, Adjustment, BudgetLine, Category, Expenditure, Kind
from investdesk.core.tabular import (
    Column,
    RowError,
    export_xlsx,
    model_row_errors,
    parse_date,
    parse_decimal,
    read_xlsx,
    template_xlsx,
)
from investdesk.performance.models import BudgetProject

log = logging.getLogger(__name__)
EXPENDITURES = "budget.expenditures"
LINES = "budget.lines"
ADJUSTMENTS = "budget.adjustments"


def upload_kind(prefix: str, project) -> str:
    """ImportUpload.kind: the ledger and the project the upload is for."""
    return f"{prefix}.{project.pk}"


def _choice_parser(pairs, extra: dict | None = None):
    """Accept a choice by value or label, in Chinese or English, or by an extra alias."""

    known = dict(extra or {})  # built once per sheet read, not once per cell
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in pairs:
                known[str(value).lower()] = value
                known[str(label).lower()] = value

    def parse(text: str) -> str:
        found = known.get(text.strip().lower())
        if found is None:
            allowed = "、".join(str(label) for _value, label in pairs)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return found

    return parse


def _category_aliases() -> dict:
    """ "差旅费" alone (the name without its code) names category 30211, in either language."""
    aliases = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in Category.choices:
                aliases[str(label).split(" ", 1)[-1].strip().lower()] = value
    return aliases


def _positive(text: str) -> Decimal:
    amount = parse_decimal(text)
    if amount <= 0:
        raise ValueError(_("The amount must be greater than 0."))
    return amount


def _not_negative(text: str) -> Decimal:
    amount = parse_decimal(text)
    if amount < 0:
        raise ValueError(_("The amount cannot be negative."))
    return amount


def _whole(text: str) -> int:
    try:
        value = int(Decimal(text))
    except Exception:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text}) from None
    if value < 0 or value > 32767:
        raise ValueError(_("Write a whole number from 0 to 32767."))
    return value


# --- expenditures -------------------------------------------------------------------------------------


def expenditure_columns() -> list[Column]:
    return [
        Column("spent_on", _("Date"), ("日期", "支出日期", "Date"), required=True, parse=parse_date, kind="date"),
        Column(
            "line",
            _("Budget line"),
            ("预算科目", "经费科目", "Budget line"),
            required=True,
            width=14,
            export=lambda e: e.line.name,
            help=_("The name of a line of this project, e.g. 差旅费."),
        ),
        Column(
            "kind",
            _("Payment or refund"),
            ("类型", "支出类型", "Kind", "Payment or refund"),
            parse=_choice_parser(Kind.choices),
            export=lambda e: e.get_kind_display(),
            width=10,
            help=_("Payment (default) or refund."),
        ),
        Column(
            "amount_yuan",
            _("Amount (yuan)"),
            ("金额（元）", "金额", "Amount"),
            required=True,
            parse=_positive,
            kind="number",
            width=12,
        ),
        Column(
            "category",
            _("Economic category"),
            ("经济分类", "支出经济分类", "Economic category"),
            required=True,
            parse=_choice_parser(Category.choices, _category_aliases()),
            export=lambda e: e.get_category_display(),
            width=22,
            help=_("Code or name, e.g. 30211 or 差旅费."),
        ),
        Column("payee", _("Payee"), ("收款人", "收款单位", "Payee"), required=True, width=28),
        Column(
            "voucher_number",
            _("Voucher number"),
            ("凭证号", "记账凭证号", "Voucher number"),
            required=True,
            help=_("Unique in the unit within one year."),
        ),
        Column(
            "refund_voucher",
            _("Voucher number of the payment refunded"),
            ("原凭证号", "Refund of voucher"),
            export=lambda e: e.refund_of.voucher_number if e.refund_of_id else "",
            width=14,
            help=_("For a refund only: a payment already in the ledger."),
        ),
        Column("note", _("Note"), ("备注", "Note"), width=30),
        Column(
            "overspend_reason",
            _("Reason for overspending"),
            ("超支原因", "Reason for overspending"),
            width=30,
            help=_("Only when the payment takes its line or the project above the budget."),
        ),
    ]


EXPENDITURE_EXAMPLE = {
    "spent_on": "2022-03-15",
    "line": "印刷费",
    "kind": "支出",
    "amount_yuan": 3600,
    "category": "30202",
    "payee": "昆明呈印印务有限公司",
    "voucher_number": "2022-03-015",
    "note": "印制投资项目服务指南1000册",
}


def expenditure_template() -> bytes:
    return template_xlsx(expenditure_columns(), _("Expenditures"), example=EXPENDITURE_EXAMPLE)


def expenditure_export(expenditures) -> bytes:
    columns = [
        *expenditure_columns(),
        Column("counted", _("Counted in the budget year"), export=lambda e: e.in_budget_year, width=10),
        Column("attachment_name", _("Attachment"), width=24),
    ]
    return export_xlsx(columns, expenditures, _("Expenditures"))


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)  # (row number, unsaved model object)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # shown apart; they do not stop the import
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def total(self) -> Decimal:
        return sum((getattr(obj, "signed_yuan", ZERO) for _n, obj in self.rows), ZERO)


def plan_expenditures(project, data: bytes) -> ImportPlan:
    """Read and check the whole sheet against the project's ledger; nothing is saved."""
    cols = expenditure_columns()
    headers = {c.key: c.header for c in cols}
    read = read_xlsx(data, cols)
    result = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    lines = {line.name: line for line in BudgetLine.objects.filter(project=project)}
    failed = {e.row for e in read.errors}
    vouchers = Counter((r["spent_on"].year, r.get("voucher_number")) for r in read.rows if r.get("spent_on"))
    refunded: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in read.rows:
        number = row["_row"]
        problems = _expenditure_problems(row, lines, vouchers, headers)
        if problems or number in failed:
            result.errors.extend(problems)
            continue
        expenditure, problems = _planned_expenditure(project, row, lines, headers, refunded)
        if problems:
            result.errors.extend(problems)
            continue
        result.rows.append((number, expenditure))
    if not result.errors:
        result.errors.extend(_overspending_rows(project, result.rows, headers))
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _overspending_rows(project, rows: list, headers: dict) -> list[RowError]:
    """The rows that take a line or the project above the budget, in file order after the
    ledger's own spending, and give no reason: each named, nothing booked."""
    found = services.ledger(project)
    problems = []
    for number, expenditure in rows:
        warnings = services.overspending(expenditure, found)
        if warnings and not expenditure.overspend_reason:
            message = " ".join([*warnings, str(_("Write the reason for overspending to save it."))])
            problems.append(RowError(number, headers["overspend_reason"], message))
        if not warnings:
            expenditure.overspend_reason = ""
        found.line_spent[expenditure.line_id] = found.line_spent.get(expenditure.line_id, ZERO) + services.counted(
            expenditure
        )
    return problems


def _expenditure_problems(row: dict, lines: dict, vouchers: Counter, headers: dict) -> list[RowError]:
    number, problems = row["_row"], []
    if row.get("line") and row["line"] not in lines:
        problems.append(
            RowError(number, headers["line"], _("The project has no budget line “%(name)s”.") % {"name": row["line"]})
        )
    if (
        row.get("spent_on")
        and row.get("voucher_number")
        and vouchers[(row["spent_on"].year, row["voucher_number"])] > 1
    ):
        problems.append(
            RowError(number, headers["voucher_number"], _("The voucher number appears more than once in the file."))
        )
    kind = row.get("kind") or Kind.PAYMENT
    if kind == Kind.REFUND and not row.get("refund_voucher"):
        problems.append(RowError(number, headers["refund_voucher"], _("A refund names the payment it reverses.")))
    return problems


def _planned_expenditure(project, row: dict, lines: dict, headers: dict, refunded: dict):
    number = row["_row"]
    kind = row.get("kind") or Kind.PAYMENT
    expenditure = Expenditure(unit_id=project.unit_id, project=project, line=lines[row["line"]], kind=kind)
    for name in ("spent_on", "amount_yuan", "category", "payee", "voucher_number", "note", "overspend_reason"):
        value = row.get(name)
        setattr(expenditure, name, value or "" if name in ("payee", "note", "overspend_reason") else value)
    expenditure.year = expenditure.spent_on.year
    if kind == Kind.REFUND:
        expenditure.refund_of = services.find_payment(project, row["refund_voucher"])
        if expenditure.refund_of is None:
            message = _("No payment of this project has the voucher number %(number)s.") % {
                "number": row["refund_voucher"]
            }
            return None, [RowError(number, headers["refund_voucher"], message)]
    try:
        # Project, line and payment were just looked up in this project, and the amount's own
        # validator is the constraint: skip their per-row queries (the database still enforces them).
        expenditure.full_clean(exclude=["unit", "project", "line", "refund_of"], validate_constraints=False)
    except ValidationError as exc:
        return None, model_row_errors(
            number, exc, headers, {"refund_of": "refund_voucher", "amount_yuan": "amount_yuan"}
        )
    if kind == Kind.REFUND:  # the model counts the ledger's refunds; earlier rows of the file count too
        original = expenditure.refund_of
        already = refunded[original.pk] + (original.refunds.aggregate(t=Sum("amount_yuan"))["t"] or ZERO)
        if already + expenditure.amount_yuan > original.amount_yuan:
            message = _("Refunds would exceed the payment of %(amount)s yuan.") % {
                "amount": f"{original.amount_yuan:.2f}"
            }
            return None, [RowError(number, headers["amount_yuan"], message)]
        refunded[original.pk] += expenditure.amount_yuan
    return expenditure, []


@transaction.atomic
def apply_expenditures(project, result: ImportPlan, *, actor) -> int:
    """Book every planned row or none (the caller has checked `result.ok`)."""
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    services.book_checked([planned for _number, planned in result.rows], actor=actor)
    log.info(
        "unit %s imported %d expenditures into project %s by %s", project.unit_id, len(result.rows), project.pk, actor
    )
    return len(result.rows)


# --- budget lines -----------------------------------------------------------------------------------------


def line_columns() -> list[Column]:
    return [
        Column("name", _("Budget line"), ("预算科目", "经费科目", "Budget line"), required=True, width=16),
        Column(
            "initial_yuan",
            _("Initial budget (yuan)"),
            ("年初预算数（元）", "年初预算数", "Initial budget"),
            required=True,
            parse=_not_negative,
            kind="number",
            width=16,
        ),
        Column("position", _("Position"), ("排序", "Position"), parse=_whole, kind="number", width=8),
        Column("note", _("Note"), ("备注", "Note"), width=30),
    ]


LINE_EXAMPLE = {"name": "印刷费", "initial_yuan": 20000, "position": 1, "note": "服务指南、宣传册印制"}


def line_template() -> bytes:
    return template_xlsx(line_columns(), _("Budget lines"), example=LINE_EXAMPLE)


def line_export(rows) -> bytes:
    """`rows` are figures.LineFigures: the import columns, then figures for reading."""
    columns = [
        Column("name", _("Budget line"), export=lambda r: r.line.name, width=16),
        Column("initial_yuan", _("Initial budget (yuan)"), export=lambda r: r.initial, width=16),
        Column("position", _("Position"), export=lambda r: r.line.position, width=8),
        Column("note", _("Note"), export=lambda r: r.line.note, width=30),
        Column("adjustments", _("Adjustments (yuan)"), export=lambda r: r.adjustments, width=14),
        Column("budget", _("Full-year budget (yuan)"), export=lambda r: r.budget, width=16),
        Column("spent", _("Spent (yuan)"), export=lambda r: r.spent, width=14),
        Column("rate", _("Execution rate (%)"), export=lambda r: r.rate, width=12),
    ]
    return export_xlsx(columns, rows, _("Budget lines"))


def plan_lines(project, data: bytes) -> ImportPlan:
    cols = line_columns()
    headers = {c.key: c.header for c in cols}
    read = read_xlsx(data, cols)
    result = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    existing = {line.name: line for line in BudgetLine.objects.filter(project=project)}
    names = Counter(r.get("name") for r in read.rows if r.get("name"))
    failed = {e.row for e in read.errors}
    for row in read.rows:
        number = row["_row"]
        if row.get("name") and names[row["name"]] > 1:
            result.errors.append(RowError(number, headers["name"], _("The line appears more than once in the file.")))
            continue
        if number in failed:
            continue
        line = existing.get(row["name"]) or BudgetLine(unit_id=project.unit_id, project=project, name=row["name"])
        line.initial_yuan = row["initial_yuan"]
        if row.get("position") is not None:
            line.position = row["position"]
        if "note" in row:
            line.note = row.get("note") or ""
        try:
            line.full_clean(exclude=["unit"])
            services._line_not_below_spending(line)
        except ValidationError as exc:
            result.errors.extend(model_row_errors(number, exc, headers, {}))
            continue
        result.rows.append((number, line))
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


@transaction.atomic
def apply_lines(project, result: ImportPlan, *, actor) -> tuple[int, int]:
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    created = updated = 0
    for _number, line in result.rows:
        fields = {name: getattr(line, name) for name in services.LINE_FIELDS}
        target = BudgetLine.objects.get(pk=line.pk) if line.pk else None
        services.save_line(project, actor=actor, fields=fields, line=target)
        created, updated = created + (target is None), updated + (target is not None)
    log.info(
        "unit %s imported %d new and %d changed budget lines into project %s by %s",
        project.unit_id,
        created,
        updated,
        project.pk,
        actor,
    )
    return created, updated


# --- adjustments ------------------------------------------------------------------------------------------


def adjustment_columns() -> list[Column]:
    return [
        Column(
            "year",
            _("Year"),
            ("年度", "Year"),
            parse=_whole,
            export=lambda a: a.line.project.year,
            kind="number",
            width=8,
            help=_("With the project's name; both empty: the project of the page the file is uploaded on."),
        ),
        Column(
            "project", _("Project"), ("项目名称", "项目", "Project"), export=lambda a: a.line.project.name, width=22
        ),
        Column(
            "adjusted_on",
            _("Date"),
            ("日期", "调整日期", "Date"),
            required=True,
            parse=parse_date,
            kind="date",
            width=12,
            help=_("Within the project's budget year."),
        ),
        Column(
            "line",
            _("Budget line"),
            ("预算科目", "经费科目", "调入科目", "Budget line"),
            required=True,
            export=lambda a: a.line.name,
            width=14,
            help=_("The line adjusted; in a transfer, the line that receives the amount."),
        ),
        Column(
            "source",
            _("Transferred from line"),
            ("调出科目", "Transferred from line"),
            export=lambda a: a.pair.line.name if a.pair_id else "",
            width=14,
            help=_("For a transfer only: the line that gives the amount (a positive amount)."),
        ),
        Column(
            "amount_yuan",
            _("Amount (yuan, + or −)"),
            ("调整金额（元）", "金额（元）", "金额", "调整金额", "Amount", "Amount (yuan, + or −)"),
            required=True,
            parse=parse_decimal,
            kind="number",
            width=14,
            help=_("Positive adds to the line's budget, negative takes from it."),
        ),
        Column("reason", _("Reason"), ("原因", "调整原因", "Reason"), required=True, width=36),
    ]


ADJUSTMENT_EXAMPLE = {
    "year": 2022,
    "project": "投资服务中心经费",
    "adjusted_on": "2022-07-15",
    "line": "差旅费",
    "source": "会议费",
    "amount_yuan": 2000,
    "reason": "经主任办公会研究，调剂会议费用于赴先进地区学习考察",
}


def adjustment_template() -> bytes:
    return template_xlsx(adjustment_columns(), _("Budget adjustments"), example=ADJUSTMENT_EXAMPLE)


def adjustment_export(adjustments) -> bytes:
    """One row per adjustment; a transfer is one row, from its receiving half (the positive one)."""
    rows = (a for a in adjustments if not (a.pair_id and a.amount_yuan < 0))
    return export_xlsx(adjustment_columns(), rows, _("Budget adjustments"))


class _Ledger:
    """The unit's projects, lines and adjustments, fetched once for the whole file."""

    def __init__(self, page_project: BudgetProject):
        self.page_project = page_project
        unit_id = page_project.unit_id
        self.projects = {(p.year, p.name): p for p in BudgetProject.objects.filter(unit_id=unit_id)}
        lines = BudgetLine.objects.filter(unit_id=unit_id).select_related("project")
        self.lines = {(line.project_id, line.name): line for line in lines}
        self.booked: dict[int, Decimal] = defaultdict(lambda: ZERO)
        self.seen: set[tuple] = set()
        for line_id, day, amount, reason in Adjustment.objects.filter(unit_id=unit_id).values_list(
            "line_id", "adjusted_on", "amount_yuan", "reason"
        ):
            self.booked[line_id] += amount
            self.seen.add((line_id, day, amount, reason))


def plan_adjustments(project, data: bytes) -> ImportPlan:
    """Read and check the whole sheet as `services.add_adjustment` would, row after row; nothing is saved."""
    cols = adjustment_columns()
    headers = {c.key: c.header for c in cols}
    read = read_xlsx(data, cols)
    result = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    ledger = _Ledger(project)
    failed = {e.row for e in read.errors}
    in_file: set[tuple] = set()
    for row in read.rows:
        if row["_row"] in failed:
            continue
        problems: list[RowError] = []
        adjustment = _planned_adjustment(row, ledger, headers, problems)
        if problems:
            result.errors.extend(problems)
            continue
        result.rows.append((row["_row"], adjustment))
        key = (adjustment.line_id, adjustment.adjusted_on, adjustment.amount_yuan, adjustment.reason)
        if key in ledger.seen or key in in_file:
            message = (
                _("The same adjustment is already booked; saving books it again.")
                if key in ledger.seen
                else _("The same adjustment appears more than once in the file.")
            )
            result.warnings.append(RowError(row["_row"], "", message))
        in_file.add(key)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _row_project(row: dict, ledger: _Ledger, headers: dict, problems: list) -> BudgetProject | None:
    number, page = row["_row"], ledger.page_project
    year, name = row.get("year"), row.get("project")
    if not name:
        if year is not None and year != page.year:
            message = _("Name the project too: this page's project is of %(year)s.") % {"year": page.year}
            problems.append(RowError(number, headers["year"], message))
            return None
        return page
    year = page.year if year is None else year
    found = ledger.projects.get((year, name))
    if found is None:
        message = _("The unit has no project “%(name)s” in %(year)s.") % {"name": name, "year": year}
        problems.append(RowError(number, headers["project"], message))
    return found


def _row_lines(row: dict, project: BudgetProject, ledger: _Ledger, headers: dict, problems: list):
    found = {}
    for key in ("line", "source"):
        if row.get(key):
            found[key] = ledger.lines.get((project.pk, row[key]))
            if found[key] is None:
                message = _("The project has no budget line “%(name)s”.") % {"name": row[key]}
                problems.append(RowError(row["_row"], headers[key], message))
    if found.get("source") and row["amount_yuan"] <= 0:
        message = _("In a transfer write the amount the line receives from the source line, greater than 0.")
        problems.append(RowError(row["_row"], headers["amount_yuan"], message))
    return found.get("line"), found.get("source")


def _planned_adjustment(row: dict, ledger: _Ledger, headers: dict, problems: list) -> Adjustment | None:
    project = _row_project(row, ledger, headers, problems)
    if project is None:
        return None
    line, source = _row_lines(row, project, ledger, headers, problems)
    if problems:
        return None
    amount = row["amount_yuan"]
    fields = {"adjusted_on": row["adjusted_on"], "amount_yuan": amount, "reason": row["reason"]}
    renames = {"counterpart": "source"}
    try:
        adjustment = services.checked_adjustment(
            line, actor=None, fields=fields, amount=amount, booked=ledger.booked[line.pk]
        )
        if source is not None:
            services.check_counterpart(line, source)
            renames["amount_yuan"] = "source"  # the source line cannot give the amount
            adjustment.pair = services.checked_adjustment(
                source, actor=None, fields=fields, amount=-amount, booked=ledger.booked[source.pk]
            )
    except ValidationError as exc:
        problems.extend(model_row_errors(row["_row"], exc, headers, renames))
        return None
    ledger.booked[line.pk] += amount
    if source is not None:
        ledger.booked[source.pk] -= amount
    return adjustment


@transaction.atomic
def apply_adjustments(project, result: ImportPlan, *, actor) -> int:
    """Book every planned row through `services.add_adjustment`, or none."""
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    for _number, planned in result.rows:
        fields = {name: getattr(planned, name) for name in services.ADJUSTMENT_FIELDS}
        counterpart = planned.pair.line if planned.pair is not None else None
        services.add_adjustment(planned.line, actor=actor, fields=fields, counterpart=counterpart)
    log.info(
        "unit %s imported %d budget adjustments from the page of project %s by %s",
        project.unit_id,
        len(result.rows),
        project.pk,
        actor,
    )
    return len(result.rows)
