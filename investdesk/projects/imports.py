"""Projects to and from Excel (STYLE.md habit 9), on the shared machinery of core.tabular.

A row names its enterprise by the 统一社会信用代码 (the natural key of the archive) and is
matched to an existing project by its 项目代码 (or, for a project without a code yet, by its
name and enterprise): matched rows update the project, the others create one. Every bad cell
and every row the model refuses is reported with its Excel row number and header, and the
rows are saved in one transaction only when there is no error at all.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from investdesk.core.identifiers import normalise_uscc
from investdesk.core.money import wan_to_yuan
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
from investdesk.core.text import initials
from investdesk.enterprises import industries
from investdesk.enterprises.models import Enterprise, KeyLevel
from investdesk.projects import services
from investdesk.projects.codes import normalise_code
from investdesk.projects.forms import exact_wan
from investdesk.projects.models import (
    ApprovalType,
    EventKind,
    InvestmentProject,
    InvestorType,
    LandDocument,
    ProjectEvent,
    Status,
)

log = logging.getLogger(__name__)
KIND = "projects"
LANGUAGES = ("zh-hans", "en")


def _choice(choices, aliases: tuple = ()):
    """Accept a choice by its stored value or by its label in Chinese or English.

    `choices` is a TextChoices class or a list of (value, label) pairs; `aliases` more pairs
    that are accepted but not listed in the message.
    """
    pairs = choices.choices if hasattr(choices, "choices") else choices

    def parse(text: str) -> str:
        by_text = {}
        for language in LANGUAGES:
            with translation.override(language):
                for value, label in (*pairs, *aliases):
                    by_text[str(value).lower()] = value
                    by_text[str(label).lower()] = value
        found = by_text.get(text.strip().lower())
        if found is None:
            allowed = "、".join(str(label) for _value, label in pairs)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return found

    return parse


def _money(text: str) -> Decimal:
    amount = parse_decimal(text)
    if amount < 0:
        raise ValueError(_("The amount cannot be negative."))
    return amount


def _display(name: str):
    return lambda p: getattr(p, f"get_{name}_display")() if getattr(p, name) else ""


def _date_column(key: str, header, zh: str) -> Column:
    return Column(key, str(header), (zh,), parse=parse_date, kind="date", width=12)


def columns() -> list[Column]:
    """The sheet's columns, headers in the current language, the other language as aliases."""
    return [
        Column(
            "project_code",
            _("Project code"),
            ("项目代码", "Project code"),
            parse=normalise_code,
            width=26,
            help=_("24 characters, e.g. 2022-530114-04-01-123456; may be empty while in negotiation."),
        ),
        Column("name", _("Project name"), ("项目名称", "Project name"), required=True, width=30),
        Column(
            "enterprise_uscc",
            _("Enterprise USCC"),
            ("企业统一社会信用代码", "统一社会信用代码", "Enterprise USCC"),
            required=True,
            parse=normalise_uscc,
            export=lambda p: p.enterprise.uscc,
            width=22,
            help=_("The enterprise must already be in the unit's archive (一企一档)."),
        ),
        Column(
            "enterprise_name",
            _("Enterprise name"),
            ("企业名称", "Enterprise name"),
            export=lambda p: p.enterprise.name,
            width=30,
            help=_("For reading only: the USCC decides."),
        ),
        Column(
            "investor_type",
            _("Investor type"),
            ("投资主体", "Investor type"),
            parse=_choice(InvestorType),
            export=_display("investor_type"),
        ),
        Column(
            "approval_type",
            _("Approval type"),
            ("审批类型", "Approval type"),
            parse=_choice(ApprovalType),
            export=_display("approval_type"),
        ),
        Column(
            "total_investment_wan",
            _("Total investment (10,000 yuan)"),
            ("总投资（万元）", "总投资"),
            parse=_money,
            export=lambda p: exact_wan(p.total_investment_yuan),
            kind="number",
        ),
        Column(
            "key_level",
            _("Key level"),
            ("重点级别", "Key level"),
            parse=_choice(KeyLevel),
            export=_display("key_level"),
        ),
        Column(
            "industry",
            _("Industry"),
            ("行业", "Industry"),
            parse=_choice(industries.section_choices(), tuple(industries.SECTIONS.items())),
            export=_display("industry"),
            width=24,
        ),
        Column("location", _("Location"), ("建设地点", "Location"), width=24),
        Column("status", _("Status"), ("状态", "项目状态", "Status"), parse=_choice(Status), export=_display("status")),
        _date_column("signed_on", _("Signing date"), "签约日期"),
        _date_column("land_acquired_on", _("Land acquisition date"), "拿地日期"),
        Column(
            "land_document",
            _("Land acquired by"),
            ("拿地依据", "Land acquired by"),
            parse=_choice(LandDocument, LAND_ALIASES),
            export=_display("land_document"),
            width=24,
        ),
        _date_column("construction_permit_on", _("Construction permit date"), "施工许可日期"),
        _date_column("started_on", _("Construction start date"), "开工日期"),
        _date_column("completed_on", _("Completion date"), "竣工日期"),
        _date_column("production_on", _("Production start date"), "投产日期"),
        Column("note", _("Note"), ("备注", "Note"), width=30),
    ]


MODEL_FIELDS = [
    "project_code", "name", "investor_type", "approval_type", "key_level", "industry", "location", "status",
    "signed_on", "land_acquired_on", "land_document", "construction_permit_on", "started_on", "completed_on",
    "production_on", "note",
]  # fmt: skip
LAND_ALIASES = (
    (LandDocument.CONTRACT, "出让合同"),
    (LandDocument.CONTRACT, "土地出让合同"),
    (LandDocument.CERTIFICATE, "不动产权证"),
    (LandDocument.CERTIFICATE, "不动产权证书"),
)
KEEP_WHEN_EMPTY = {"status", "investor_type", "approval_type"}
FIELD_COLUMN = {"enterprise": "enterprise_uscc", "total_investment_yuan": "total_investment_wan"}
EXAMPLE = {
    "project_code": "2022-530114-04-01-123456",
    "name": "呈贡智能制造产业园项目",
    "enterprise_uscc": "91530114MA6K5U8X61",
    "investor_type": "企业投资",
    "approval_type": "备案",
    "total_investment_wan": 12000,
    "key_level": "市重点",
    "industry": "制造业",
    "location": "呈贡区吴家营街道",
    "status": "在建",
    "signed_on": "2022-03-01",
    "land_acquired_on": "2022-04-15",
    "land_document": "出让合同",
    "construction_permit_on": "2022-05-06",
    "started_on": "2022-05-10",
}


@dataclass
class PlannedRow:
    number: int
    project: InvestmentProject  # unsaved changes applied; pk set when it updates an existing project
    is_new: bool
    status_before: str | None


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


def export_columns() -> list[Column]:
    """The import columns, then figures for reading (an import ignores them)."""

    def figure(name: str):
        return lambda p: getattr(p.figures, name)

    return [
        *columns(),
        Column("land_to_permit", _("Land to construction permit (working days)"), export=figure("land_to_permit")),
        Column("land_to_start", _("Land to construction start (working days)"), export=figure("land_to_start")),
        Column(
            "stage_progress",
            _("Approval progress (done/applicable per stage)"),
            export=lambda p: " ".join(f"{s.done}/{s.applicable}" for s in p.stages),
            width=20,
        ),
    ]


def template() -> bytes:
    return template_xlsx(columns(), _("Investment projects"), example=EXAMPLE)


def export(projects) -> bytes:
    """Projects carrying `.figures` (LandFigures) and `.stages` (StageProgress list)."""
    return export_xlsx(export_columns(), projects, _("Investment projects"))


def plan(unit, data: bytes) -> ImportPlan:
    """Read and check the whole sheet; nothing is saved."""
    cols = columns()
    headers = {c.key: c.header for c in cols}
    read = read_xlsx(data, cols)
    result = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    if not read.rows:
        return result
    enterprises = {
        e.uscc: e
        for e in Enterprise.objects.for_unit(unit).filter(
            uscc__in={r.get("enterprise_uscc") for r in read.rows if r.get("enterprise_uscc")}
        )
    }
    existing = _existing(unit, read.rows)
    codes = Counter(r.get("project_code") for r in read.rows if r.get("project_code"))
    failed = {e.row for e in read.errors}
    for row in read.rows:
        number = row["_row"]
        problems = _row_problems(row, enterprises, codes, headers)
        if problems or number in failed:
            result.errors.extend(problems)
            continue
        planned = _plan_row(unit, row, enterprises[row["enterprise_uscc"]], existing)
        try:
            services._check(planned.project)
        except ValidationError as exc:
            result.errors.extend(model_row_errors(number, exc, headers, FIELD_COLUMN))
            continue
        result.rows.append(planned)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _existing(unit, rows: list[dict]) -> dict:
    """Existing projects by code, and code-less ones by (name, enterprise USCC)."""
    codes = {r["project_code"] for r in rows if r.get("project_code")}
    names = {r["name"] for r in rows if r.get("name") and not r.get("project_code")}
    found: dict = {}
    queryset = InvestmentProject.objects.for_unit(unit).select_related("enterprise", "unit")
    for project in queryset.filter(project_code__in=codes):
        found[("code", project.project_code)] = project
    for project in queryset.filter(project_code="", name__in=names):
        found[("name", project.name, project.enterprise.uscc)] = project
    return found


def _row_problems(row: dict, enterprises: dict, codes: Counter, headers: dict) -> list[RowError]:
    number, problems = row["_row"], []
    uscc = row.get("enterprise_uscc")
    if uscc and uscc not in enterprises:
        problems.append(
            RowError(
                number,
                headers["enterprise_uscc"],
                _("No enterprise with the unified social credit code %(uscc)s is in this unit's archive.")
                % {"uscc": uscc},
            )
        )
    code = row.get("project_code")
    if code and codes[code] > 1:
        problems.append(
            RowError(
                number,
                headers["project_code"],
                _("The project code %(code)s appears more than once in the file.") % {"code": code},
            )
        )
    return problems


def _plan_row(unit, row: dict, enterprise: Enterprise, existing: dict) -> PlannedRow:
    code = row.get("project_code") or ""
    key = ("code", code) if code else ("name", row.get("name"), enterprise.uscc)
    project = existing.get(key)
    is_new = project is None
    if is_new:
        project = InvestmentProject(unit=unit)
    before = None if is_new else project.status
    for name in MODEL_FIELDS:
        if name not in row:
            continue  # a column the sheet does not have leaves the field as it is
        value = row[name]
        if value is None and name in KEEP_WHEN_EMPTY:
            continue  # an empty status or type keeps the project's (or the default for a new one)
        setattr(project, name, InvestmentProject._meta.get_field(name).get_default() if value is None else value)
    project.enterprise = enterprise
    if "total_investment_wan" in row:
        project.total_investment_yuan = wan_to_yuan(row["total_investment_wan"])
    project.name_initials = initials(project.name)[:200]
    return PlannedRow(row["_row"], project, is_new, before)


@transaction.atomic
def apply(unit, result: ImportPlan, *, actor) -> tuple[int, int]:
    """Save every planned row or none (the caller has checked `result.ok`)."""
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    for row in result.rows:
        project = row.project
        if row.is_new:
            fields = {name: getattr(project, name) for name in services.PROJECT_FIELDS}
            services.create_project(unit, actor=actor, fields=fields, kind=EventKind.IMPORTED)
            continue
        services._check(project)
        project.save()
        if row.status_before != project.status:
            ProjectEvent.objects.create(
                unit=unit,
                project=project,
                kind=EventKind.STATUS,
                from_status=row.status_before or "",
                to_status=project.status,
                actor=services._actor(actor),
                note=_("imported"),
            )
        services.sync_items(project, actor=actor)
    log.info("unit %s imported %d new and %d changed projects by %s", unit.code, result.created, result.updated, actor)
    return result.created, result.updated
