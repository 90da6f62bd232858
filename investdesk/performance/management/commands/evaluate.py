"""python manage.py evaluate --unit CODE --year YEAR [--project ID] [--json]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from investdesk.core.models import Unit
from investdesk.performance import services
from investdesk.performance.management.commands._output import dumps, number
from investdesk.performance.models import BudgetProject, SelfEvaluation


def evaluation_json(project: BudgetProject) -> dict:
    """The project's year-end score: frozen figures once submitted, live figures before."""
    table = project.table
    evaluation = SelfEvaluation.objects.filter(table=table).first()
    if evaluation is not None:
        scored, status = services.score_evaluation(evaluation), evaluation.status
    else:
        scored, status = services.score_table(table), "live"
    ex = scored.result.execution
    return {
        "project": {"id": project.pk, "name": project.name, "year": project.year, "unit": project.unit.code},
        "status": status,
        "execution": {
            "initial_budget": number(ex.initial_budget),
            "budget": number(ex.budget),
            "spent": number(ex.spent),
            "rate": number(ex.rate),
            "score": number(ex.score),
        },
        "indicators": [
            {
                "name": ind.name,
                "operator": ind.operator,
                "target": ind.target or None,
                "actual": actual.value,
                "source": actual.source,
                "weight": number(res.weight),
                "score": number(res.score),
            }
            for ind, actual, res in scored.rows
        ],
        "total": number(scored.result.total),
        "grade": scored.result.grade,
        "complete": scored.result.complete,
        "warnings": [*scored.result.warnings, *scored.result.errors],
    }


class Command(BaseCommand):
    requires_system_checks = []  # part of the command-line contract: runs without a SECRET_KEY
    help = "Score a unit's performance target table for a year (live, or as frozen in its self-evaluation)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--project", type=int, help="project id when the year has several")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, unit, year, project=None, json=False, **options):
        target_unit = Unit.objects.filter(code=unit).first()
        if target_unit is None:
            raise CommandError(f"--unit {unit}: no such unit")
        projects = BudgetProject.objects.for_unit(target_unit).filter(year=year, table__isnull=False)
        if project is not None:
            projects = projects.filter(pk=project)
        found = list(projects.select_related("unit", "table"))
        if not found:
            raise CommandError(f"no project with a target table for {unit} in {year}")
        if len(found) > 1:
            listing = ", ".join(f"{p.pk} {p.name}" for p in found)
            raise CommandError(f"{year} has several projects, choose one with --project: {listing}")
        data = evaluation_json(found[0])
        if json:
            self.stdout.write(dumps(data))
        else:
            self._print(data)

    def _print(self, data):
        p, ex = data["project"], data["execution"]
        self.stdout.write(f"{p['year']} {p['name']}（{data['status']}）")
        self.stdout.write(
            f"预算执行率：{ex['rate']}%  得分 {ex['score']}（预算 {ex['budget']} 元，执行 {ex['spent']} 元）"
        )
        for row in data["indicators"]:
            self.stdout.write(
                f"  {row['name']}: {row['operator']} {row['target']}  实际 {row['actual']} [{row['source']}]"
                f"  分值 {row['weight']}  得分 {row['score']}"
            )
        self.stdout.write(f"总分 {data['total']}  等级 {data['grade']}")
        for warning in data["warnings"]:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))
