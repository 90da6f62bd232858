"""The enterprise sheet: template, import (plan, then all-or-nothing commit) and export.

The same columns serve all three, so an exported sheet imports again. Cells are parsed by
core.tabular; what needs the database (codes already archived, streets and parks, staff by
name, similar names) is checked here with a fixed number of queries for the whole file.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc as stdnum_uscc

from investdesk.core.identifiers import mask_phone, validate_phone, validate_uscc
from investdesk.core.models import Unit
from investdesk.core.tabular import Column, RowError, export_xlsx, parse_bool, parse_date, parse_decimal, read_xlsx
from investdesk.core.text import name_key
from investdesk.enterprises import industries
from investdesk.enterprises.models import (
    Area,
    Contact,
    Enterprise,
    KeyLevel,
    Origin,
    Scale,
    Status,
    Tag,
    audited_fields,
    split_former_names,
)
from investdesk.enterprises.services import Refused, split_tags, staff_users

log = logging.getLogger(__name__)

SHEET_NAME = "一企一档"
MODEL_FIELDS = (
    "uscc",
    "name",
    "former_names",
    "legal_rep",
    "registered_capital",
    "founded_on",
    "industry_section",
    "industry_division",
    "address",
    "origin",
    "is_key",
    "key_level",
    "scale",
    "status",
    "archived_on",
    "note",
)
# Checked in bulk here instead of per row by the model (foreign keys would cost a query each).
SKIP_FIELD_CHECKS = ["id", "unit", "area", "liaison_leader", "service_officer", "name_key", "name_initials"]

HEADERS = {
    "uscc": (gettext_lazy("Unified social credit code"), ("信用代码", "社会信用代码", "USCC")),
    "name": (gettext_lazy("Enterprise name"), ("名称", "企业", "单位名称")),
    "former_names": (gettext_lazy("Former names"), ("原名称",)),
    "legal_rep": (gettext_lazy("Enterprise legal representative"), ("法人", "法人代表", "法定代表人")),
    "registered_capital": (gettext_lazy("Registered capital (10,000 yuan)"), ("注册资本",)),
    "founded_on": (gettext_lazy("Date of establishment"), ("成立时间",)),
    "industry_section": (gettext_lazy("Industry section (GB/T 4754)"), ("行业门类", "门类")),
    "industry_division": (gettext_lazy("Industry division (GB/T 4754)"), ("行业大类", "大类", "行业")),
    "address": (gettext_lazy("Registered address"), ("地址", "住所")),
    "area": (gettext_lazy("Street or park"), ("所属街道", "所属园区", "街道/园区", "所属街道园区")),
    "origin": (gettext_lazy("Enterprise origin"), ("来源", "企业类型")),
    "is_key": (gettext_lazy("Key enterprise"), ("是否重点企业",)),
    "key_level": (gettext_lazy("Key enterprise level"), ("重点级别",)),
    "scale": (gettext_lazy("Enterprise scale"), ("规模",)),
    "status": (gettext_lazy("Operating status"), ("状态",)),
    "liaison_leader": (gettext_lazy("Liaison leader"), ("挂钩联系领导",)),
    "service_officer": (gettext_lazy("Service officer"), ("服务专员", "专员")),
    "contact_name": (gettext_lazy("Contact person"), ("联系人姓名",)),
    "contact_post": (gettext_lazy("Contact's post"), ("职务",)),
    "contact_phone": (gettext_lazy("Contact's phone"), ("电话", "联系电话", "手机")),
    "tags": (gettext_lazy("Tags"), ("标签",)),
    "archived_on": (gettext_lazy("Archived on"), ("建档时间",)),
    "note": (gettext_lazy("Enterprise note"), ("备注",)),
}


def _in_every_language(text) -> tuple[str, ...]:
    found = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.append(str(text))
    return tuple(dict.fromkeys(found))


def _choice_parser(choices_class):
    """A choice by its stored value or its label in any of the interface languages."""
    by_text: dict[str, str] = {}
    for value, label in choices_class.choices:
        by_text[value.lower()] = value
        for text in _in_every_language(label):
            by_text[text.lower()] = value

    def parse(text: str) -> str:
        found = by_text.get(text.strip().lower())
        if found is None:
            allowed = "、".join(str(label) for _value, label in choices_class.choices)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return found

    return parse


def _parse_capital(text: str) -> Decimal:
    wan = parse_decimal(text.replace("万元", "").replace("万", ""))
    if wan < 0:
        raise ValueError(_("The registered capital cannot be negative."))
    return (wan * 10000).quantize(Decimal("0.01"))


def _parse_section(text: str) -> str:
    try:
        return industries.parse_section(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a section of GB/T 4754 (write a letter A–T).") % {"value": text}
        ) from None


def _parse_division(text: str) -> str:
    try:
        return industries.parse_division(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a division of GB/T 4754 (write its two digits, 01–97).") % {"value": text}
        ) from None


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _first_contact(enterprise: Enterprise) -> Contact | None:
    contacts = list(enterprise.contacts.all())  # prefetched by the export query
    return contacts[0] if contacts else None


def columns(*, show_phones: bool = True) -> list[Column]:
    """The sheet's columns in the active language; other languages' headers are accepted as aliases."""

    def contact_attr(attr: str):
        def value(e: Enterprise) -> str:
            contact = _first_contact(e)
            return getattr(contact, attr) if contact else ""

        return value

    def phone(e: Enterprise) -> str:
        contact = _first_contact(e)
        if contact is None:
            return ""
        return contact.phone if show_phones else mask_phone(contact.phone)

    specs = [
        ("uscc", {"required": True, "parse": lambda t: validate_uscc(t, allow_bad_checksum=True), "width": 22}),
        ("name", {"required": True, "width": 34}),
        ("former_names", {"parse": lambda t: "\n".join(split_former_names(t)), "export": _former_names}),
        ("legal_rep", {}),
        ("registered_capital", {"parse": _parse_capital, "kind": "number", "export": _capital_wan}),
        ("founded_on", {"parse": parse_date, "kind": "date"}),
        ("industry_section", {"parse": _parse_section, "export": lambda e: e.industry_section_label()}),
        ("industry_division", {"parse": _parse_division, "export": lambda e: e.industry_division_label(), "width": 30}),
        ("address", {"width": 30}),
        ("area", {"export": lambda e: e.area.name if e.area else ""}),
        ("origin", {"parse": _choice_parser(Origin), "export": lambda e: e.get_origin_display()}),
        ("is_key", {"parse": parse_bool, "export": lambda e: e.is_key}),
        ("key_level", {"parse": _choice_parser(KeyLevel), "export": lambda e: e.get_key_level_display()}),
        ("scale", {"parse": _choice_parser(Scale), "export": lambda e: e.get_scale_display()}),
        ("status", {"parse": _choice_parser(Status), "export": lambda e: e.get_status_display()}),
        ("liaison_leader", {"export": lambda e: _person(e.liaison_leader)}),
        ("service_officer", {"export": lambda e: _person(e.service_officer)}),
        ("contact_name", {"export": contact_attr("name")}),
        ("contact_post", {"export": contact_attr("post")}),
        ("contact_phone", {"parse": validate_phone, "export": phone}),
        ("tags", {"parse": split_tags, "export": lambda e: "、".join(t.name for t in e.tags.all())}),
        ("archived_on", {"parse": parse_date, "kind": "date"}),
        ("note", {"width": 30}),
    ]
    built = []
    for key, options in specs:
        header, extra = HEADERS[key]
        names = _in_every_language(header)
        built.append(Column(key, str(header), aliases=tuple(n for n in names if n != str(header)) + extra, **options))
    return built


def _former_names(e: Enterprise) -> str:
    return "；".join(e.former_name_list)


def _capital_wan(e: Enterprise):
    return None if e.registered_capital is None else e.registered_capital / 10000


def template() -> bytes:
    from investdesk.core.tabular import template_xlsx

    example = {
        "uscc": "91530114MA6K5U8X61",
        "name": "昆明呈贡示例科技有限公司",
        "legal_rep": "张三",
        "registered_capital": 500,
        "founded_on": "2021-06-18",
        "industry_division": "65 软件和信息技术服务业",
        "origin": str(Origin.DOMESTIC_EXTERNAL.label),
        "is_key": "是",
        "key_level": str(KeyLevel.DISTRICT.label),
        "status": str(Status.OPERATING.label),
        "contact_name": "李四",
        "contact_post": "总经理",
        "contact_phone": "13800001234",
        "tags": "专精特新、高新技术企业",
    }
    return template_xlsx(columns(), SHEET_NAME, example)


def export(enterprises, *, show_phones: bool) -> bytes:
    return export_xlsx(columns(show_phones=show_phones), enterprises, SHEET_NAME)


# --- import ------------------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    row: int
    enterprise: Enterprise
    contact: Contact | None
    tags: list[str]


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class _Lookups:
    """Everything the rows are checked against, fetched once for the whole file."""

    def __init__(self, unit: Unit):
        self.areas = {a.name: a for a in Area.objects.for_unit(unit)}
        self.users: dict[str, list] = defaultdict(list)
        for user in staff_users(unit):
            self.users[user.username].append(user)
            if user.get_full_name() and user.get_full_name() != user.username:
                self.users[user.get_full_name()].append(user)
        self.codes: dict[str, str] = {}
        self.keys: dict[str, list[str]] = defaultdict(list)
        for code, name, key in Enterprise.objects.for_unit(unit).values_list("uscc", "name", "name_key"):
            self.codes[code] = name
            self.keys[key].append(name)


class _RowCheck:
    def __init__(self, number: int, headers: dict[str, str], plan: ImportPlan):
        self.number, self.headers, self.plan = number, headers, plan
        self.failed = False

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.plan.errors.append(RowError(self.number, self.headers.get(key, ""), message))

    def warn(self, key: str, message: str) -> None:
        self.plan.warnings.append(RowError(self.number, self.headers.get(key, ""), message))


def plan_import(unit: Unit, data: bytes) -> ImportPlan:
    """Read and check a whole sheet without saving: every bad row with its number and column."""
    cols = columns()
    read = read_xlsx(data, cols)
    plan = ImportPlan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    if not read.rows:
        return plan
    headers = {c.key: c.header for c in cols}
    lookups = _Lookups(unit)
    seen_codes: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    bad_rows = {e.row for e in read.errors}
    today = timezone.localdate()
    for values in read.rows:
        check = _RowCheck(values["_row"], headers, plan)
        check.failed = check.number in bad_rows
        enterprise = _row_enterprise(unit, values, lookups, check, today)
        _check_codes(enterprise, lookups, seen_codes, check)
        _check_names(enterprise, lookups, seen_keys, check)
        contact = _row_contact(unit, enterprise, values, check)
        if not check.failed:
            plan.rows.append(PlannedRow(check.number, enterprise, contact, values.get("tags") or []))
    plan.errors.sort(key=lambda e: e.row)
    plan.warnings.sort(key=lambda e: e.row)
    return plan


def _row_enterprise(unit: Unit, values: dict, lookups: _Lookups, check: _RowCheck, today) -> Enterprise:
    fields = {k: values[k] for k in MODEL_FIELDS if values.get(k) is not None}
    if values.get("key_level") and values.get("is_key") is None:
        fields["is_key"] = True
    fields.setdefault("archived_on", today)
    enterprise = Enterprise(unit=unit, **fields)
    if values.get("area"):
        enterprise.area = lookups.areas.get(values["area"])
        if enterprise.area is None:
            check.error("area", _("“%(name)s” is not in the list of streets and parks.") % {"name": values["area"]})
    for key in ("liaison_leader", "service_officer"):
        if values.get(key):
            setattr(enterprise, key, _staff(values[key], lookups, key, check))
    if enterprise.uscc and not stdnum_uscc.is_valid(enterprise.uscc):
        enterprise.uscc_confirmed = True
        check.warn(
            "uscc",
            _("The check character of %(code)s does not match: it is saved as an early pilot code.")
            % {"code": enterprise.uscc},
        )
    try:
        enterprise.clean_fields(exclude=SKIP_FIELD_CHECKS + [k for k in ("uscc", "name") if not values.get(k)])
        enterprise.clean()
    except ValidationError as exc:
        for key, errors in exc.message_dict.items():
            for message in errors:
                check.error(key, message)
    return enterprise


def _staff(text: str, lookups: _Lookups, key: str, check: _RowCheck):
    found = lookups.users.get(text, [])
    if len(found) == 1:
        return found[0]
    if found:
        check.error(key, _("Several members are called “%(name)s”: write the user name.") % {"name": text})
    else:
        check.error(key, _("“%(name)s” is not a member of the unit.") % {"name": text})
    return None


def _check_codes(enterprise: Enterprise, lookups: _Lookups, seen: dict[str, int], check: _RowCheck) -> None:
    code = enterprise.uscc
    if not code:
        return
    if code in lookups.codes:
        check.error(
            "uscc", _("%(code)s is already in the archive: %(name)s.") % {"code": code, "name": lookups.codes[code]}
        )
    elif code in seen:
        check.error("uscc", _("%(code)s is also in row %(row)s.") % {"code": code, "row": seen[code]})
    else:
        seen[code] = check.number


def _check_names(enterprise: Enterprise, lookups: _Lookups, seen: dict[str, int], check: _RowCheck) -> None:
    key = name_key(enterprise.name)
    if not key:
        return
    if lookups.keys.get(key):
        check.warn(
            "name",
            _("“%(name)s” resembles %(others)s in the archive.")
            % {"name": enterprise.name, "others": "、".join(lookups.keys[key][:5])},
        )
    if key in seen:
        check.warn(
            "name", _("“%(name)s” resembles the name in row %(row)s.") % {"name": enterprise.name, "row": seen[key]}
        )
    else:
        seen[key] = check.number


def _row_contact(unit: Unit, enterprise: Enterprise, values: dict, check: _RowCheck) -> Contact | None:
    name, post, phone = (values.get(k) or "" for k in ("contact_name", "contact_post", "contact_phone"))
    if not (name or post or phone):
        return None
    if not name:
        check.error("contact_name", _("The contact's name is missing while the post or phone is given."))
        return None
    contact = Contact(unit=unit, enterprise=enterprise, name=name, post=post, phone=phone)
    try:
        contact.clean_fields(exclude=["id", "unit", "enterprise"])
    except ValidationError as exc:
        for key, errors in exc.message_dict.items():
            for message in errors:
                check.error({"name": "contact_name", "post": "contact_post"}.get(key, "contact_phone"), message)
    return contact


@transaction.atomic
def commit_import(unit: Unit, plan: ImportPlan, *, actor, remote_addr: str | None = None) -> list[Enterprise]:
    """Save every planned row in one transaction, or nothing (Refused) when any row is bad."""
    if plan.errors or not plan.rows:
        raise Refused([str(e) for e in plan.errors] or [_("There is no row to import.")])
    enterprises = [row.enterprise for row in plan.rows]  # cleaned by the plan: derived names are filled
    Enterprise.objects.bulk_create(enterprises, batch_size=500)
    contacts = []
    for row in plan.rows:
        if row.contact is not None:
            row.contact.enterprise = row.enterprise
            contacts.append(row.contact)
    Contact.objects.bulk_create(contacts, batch_size=500)
    _link_tags(unit, plan.rows)
    _log_created(enterprises + contacts, actor, remote_addr)
    log.info("unit %s imported %d enterprises by %s", unit.code, len(enterprises), actor)
    return enterprises


def _link_tags(unit: Unit, rows: list[PlannedRow]) -> None:
    names = list(dict.fromkeys(name for row in rows for name in row.tags))
    if not names:
        return
    existing = {t.name: t for t in Tag.objects.for_unit(unit).filter(name__in=names)}
    created = Tag.objects.bulk_create([Tag(unit=unit, name=n) for n in names if n not in existing])
    existing.update({t.name: t for t in created})
    through = Enterprise.tags.through
    links = [through(enterprise_id=row.enterprise.pk, tag_id=existing[name].pk) for row in rows for name in row.tags]
    through.objects.bulk_create(links, batch_size=1000)


def _created_changes(obj, fields) -> dict:
    """What django-auditlog writes for a created row (before "None", after the value as text);
    empty values are left out."""
    changes = {}
    for f in fields:
        value = getattr(obj, f.attname)
        if value is not None and value != "":
            changes[f.name] = ["None", str(value)]
    return changes


def _log_created(objects: list, actor, remote_addr: str | None) -> None:
    """bulk_create sends no signals: write the audit trail's "created" rows ourselves."""
    types = ContentType.objects.get_for_models(*{type(o) for o in objects})
    fields = {model: audited_fields(model) for model in types}
    now = timezone.now()
    entries = [
        LogEntry(
            content_type=types[type(obj)],
            object_pk=str(obj.pk),
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            action=LogEntry.Action.CREATE,
            changes=_created_changes(obj, fields[type(obj)]),
            actor=actor,
            remote_addr=remote_addr,
            timestamp=now,
            additional_data=obj.get_additional_data(),
        )
        for obj in objects
    ]
    LogEntry.objects.bulk_create(entries, batch_size=1000)
