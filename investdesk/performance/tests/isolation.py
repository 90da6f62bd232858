"""How the isolation test reaches the performance URLs with another unit's rows."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from investdesk.performance.models import (
    BudgetProject,
    EvaluationLine,
    ImportDraft,
    Indicator,
    Monitoring,
    MonitoringLine,
    SelfEvaluation,
    TargetTable,
)
from tests.isolation import Row


def project(unit, marker):
    found = BudgetProject.objects.for_unit(unit).filter(year=2022).first()
    if found:
        return found
    made = BudgetProject.objects.create(
        unit=unit, year=2022, name=f"经费{marker}", overall_goal=f"总体目标{marker}", budget_yuan=Decimal("58000")
    )
    table = TargetTable.objects.create(unit=unit, project=made)
    Indicator.objects.create(
        unit=unit,
        table=table,
        position=1,
        level1="产出指标",
        level2="数量指标",
        name=f"指标{marker}",
        operator=">=",
        target="100",
        measure_unit="份",
        kind="quantitative",
        manual_actual="90",
        evidence="units/x/evidence.pdf",
    )
    return made


def indicator(unit, marker):
    return Indicator.objects.filter(table__project=project(unit, marker)).first()


def evaluation(unit, marker):
    table = project(unit, marker).table
    found = SelfEvaluation.objects.filter(table=table).first()
    if found:
        return found
    made = SelfEvaluation.objects.create(unit=unit, table=table, problems=marker)
    EvaluationLine.objects.create(unit=unit, evaluation=made, indicator=table.indicators.first(), reason=marker)
    return made


def monitoring(unit, marker):
    table = project(unit, marker).table
    found = Monitoring.objects.filter(table=table).first()
    if found:
        return found
    made = Monitoring.objects.create(unit=unit, table=table, months=7, execution_measure=marker)
    MonitoringLine.objects.create(
        unit=unit, monitoring=made, indicator=table.indicators.first(), manual_actual="60", measure=marker
    )
    return made


def draft(unit, marker):
    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    return ImportDraft.objects.create(unit=unit, created_by=owner, filename=f"{marker}.txt", data=marker.encode())


SPECS = {
    "performance:import_preview": Row(draft),
    "performance:project": Row(project),
    "performance:project_edit": Row(project),
    "performance:weights": Row(project),
    "performance:table_adopt": Row(project),
    "performance:table_copy": Row(project),
    "performance:table_export": Row(project, lambda obj: {"pk": obj.pk, "fmt": "xlsx"}),
    "performance:evaluation_create": Row(project),
    "performance:indicator_edit": Row(indicator),
    "performance:indicator_actual": Row(indicator),
    "performance:indicator_evidence": Row(indicator),
    "performance:evaluation": Row(evaluation),
    "performance:evaluation_transition": Row(evaluation, lambda obj: {"pk": obj.pk, "action": "submit"}),
    "performance:evaluation_export": Row(evaluation, lambda obj: {"pk": obj.pk, "fmt": "docx"}),
    "performance:monitoring_create": Row(project),
    "performance:monitoring": Row(monitoring),
    "performance:monitoring_transition": Row(monitoring, lambda obj: {"pk": obj.pk, "action": "approve"}),
    "performance:monitoring_export": Row(monitoring, lambda obj: {"pk": obj.pk, "fmt": "xlsx"}),
}
