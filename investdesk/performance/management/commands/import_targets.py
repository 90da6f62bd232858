"""python manage.py import_targets FILE [--unit CODE] [--dry-run] [--json]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from investdesk.core.models import Unit
from investdesk.performance import services
from investdesk.performance.lib.tables import parse_table_file
from investdesk.performance.lib.tables_columns import FIELDS
from investdesk.performance.management.commands._output import dumps, number

# The contract's order: the parser's fields with the parsed rule right after its sentence.
INDICATOR_KEYS = tuple(key for field in FIELDS for key in ((field, "rule") if field == "rule_text" else (field,)))


def contract_json(result) -> dict:
    """The documented shape (DESIGN.md): project, indicators with their parsed rules, warnings."""
    data = result.to_dict()
    project = data["project"]
    project["budget_yuan"] = number(project["budget_yuan"])
    warnings = [str(w) for w in result.warnings]
    indicators = []
    for n, parsed in enumerate(result.indicators, 1):
        fields = services.rule_fields(
            parsed.rule_text or "", parsed.operator, parsed.target or "", parsed.measure_unit or ""
        )
        row = {key: value for key, value in data["indicators"][n - 1].items() if key in INDICATOR_KEYS}
        row["rule"] = fields["rule"]
        row["weight"] = number(row["weight"])
        indicators.append({key: row.get(key) for key in INDICATOR_KEYS})
        if not fields["rule_understood"]:
            warnings.append(
                f"第{n}项指标“{parsed.name}”的评（扣）分标准未完全识别，按默认公式计分："
                + "；".join(fields["rule_warnings"])
            )
    out = {"project": project, "indicators": indicators, "warnings": warnings}
    if result.errors:
        out["errors"] = [str(e) for e in result.errors]
    return out


class Command(BaseCommand):
    requires_system_checks = []  # part of the command-line contract: runs without a SECRET_KEY
    help = "Import a performance target table (.txt, .docx or .xlsx) into a unit, previewing with --dry-run."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", help="unit code (needed to save when several units exist)")
        parser.add_argument("--dry-run", action="store_true", help="parse and show, save nothing")
        parser.add_argument("--json", action="store_true", help="print the parsed table as JSON")
        parser.add_argument("--year", type=int, help="budget year when the file does not give it")
        parser.add_argument("--replace", action="store_true", help="replace the table of an existing project")
        parser.add_argument(
            "--adopt", action="store_true", help="adopt the imported table at once (otherwise it is a draft)"
        )

    def handle(
        self, *args, file, unit=None, dry_run=False, json=False, year=None, replace=False, adopt=False, **options
    ):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        result = parse_table_file(path.name, path.read_bytes())
        data = contract_json(result)
        if json:
            self.stdout.write(dumps(data))
        else:
            self._summary(data)
        if result.errors or not result.indicators:
            raise CommandError("the table cannot be read: " + "; ".join(data.get("errors") or ["no indicators found"]))
        if dry_run:
            return
        target_unit = self._unit(unit)
        try:
            with transaction.atomic():
                project = self._import(target_unit, result, year=year, replace=replace, path=path, adopt=adopt)
        except services.Refused as exc:
            raise CommandError("; ".join(exc.messages)) from None
        state = "in force" if adopt else "a draft, adopt it on the project page or import with --adopt"
        message = (
            f"imported {len(result.indicators)} indicators into {target_unit.code}: project {project.pk} {project}"
            f" ({state})"
        )
        (self.stderr if json else self.stdout).write(self.style.SUCCESS(message))

    def _import(self, unit, result, *, year, replace, path, adopt):
        project = services.import_table(unit, result, actor=None, year=year, replace=replace, source_name=path.name)
        if adopt:
            services.adopt_table(project.table, actor=None)
        return project

    def _unit(self, code):
        if code:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"--unit {code}: no such unit")
            return unit
        units = list(Unit.objects.all()[:2])
        if len(units) != 1:
            raise CommandError("--unit CODE is needed to save (there is not exactly one unit)")
        return units[0]

    def _summary(self, data):
        p = data["project"]
        self.stdout.write(f"项目：{p['name']}  单位：{p['unit']}  年度：{p['year']}  资金：{p['budget_yuan']} 元")
        for n, ind in enumerate(data["indicators"], 1):
            target = f"{ind['operator']} {ind['target'] or ''}{ind['measure_unit'] or ''}"
            self.stdout.write(f"{n:>2}. {ind['level1']} / {ind['level2']} / {ind['name']}  {target}  [{ind['kind']}]")
        for warning in data["warnings"]:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))
        for error in data.get("errors", []):
            self.stdout.write(self.style.ERROR(f"错误：{error}"))
