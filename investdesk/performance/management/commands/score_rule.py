"""python manage.py score_rule --rule TEXT --operator OP --target T --actual A [--weight W]"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from investdesk.performance.lib.rules import explain_rule, normalise_operator, parse_rule
from investdesk.performance.lib.rules_eval import score_indicator
from investdesk.performance.management.commands._output import dumps, number


def _strip_percent(value: str | None) -> str | None:
    return None if value is None else value.strip().rstrip("%％").strip()


class Command(BaseCommand):
    requires_system_checks = []  # part of the command-line contract: runs without a SECRET_KEY
    help = "Parse a scoring sentence and score one actual value against it."

    def add_arguments(self, parser):
        parser.add_argument("--rule", required=True, help="the 评（扣）分标准 sentence")
        parser.add_argument("--operator", required=True, help=">=, <=, >, <, = or qualitative (any spelling)")
        parser.add_argument("--target", required=True)
        parser.add_argument("--actual", required=True, help="a number (may carry %%) or a label such as 基本明确")
        parser.add_argument("--weight", default="100")
        parser.add_argument("--unit-of-measure", dest="measure_unit", default=None)

    def handle(self, *args, rule, operator, target, actual, weight, measure_unit=None, **options):
        op = normalise_operator(operator)
        if op is None:
            raise CommandError(f"--operator {operator!r}: not an operator (>=, <=, >, <, = or qualitative)")
        try:
            points = Decimal(_strip_percent(weight))
        except InvalidOperation:
            raise CommandError(f"--weight {weight!r}: not a number") from None
        if measure_unit is None and "%" in target + actual:
            measure_unit = "%"
        target_value = _strip_percent(target)
        parsed = parse_rule(rule, operator=op, target=target_value, measure_unit=measure_unit)
        kind = "qualitative" if op == "qualitative" else "quantitative"
        result = score_indicator(
            rule=parsed.rule, operator=op, target=target_value, actual=actual.strip(), weight=points, kind=kind
        )
        warnings = [*parsed.warnings, *result.warnings, *result.errors]
        self.stdout.write(
            dumps(
                {
                    "score": number(result.score),
                    "understood": parsed.understood,
                    "rule": parsed.rule,
                    "explanation": explain_rule(parsed.rule, operator=op) + " " + result.explanation,
                    "warnings": warnings,
                }
            )
        )
