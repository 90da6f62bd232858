"""Mid-year monitoring becomes a model of its own; tables in use stay in force."""

from django.db import migrations


def tables_in_force(apps, schema_editor):
    """Tables that existed before adoption was introduced were the ones in use: keep them in force."""
    apps.get_model("performance", "TargetTable").objects.update(status="in_force")


def move_midyear_evaluations(apps, schema_editor):
    """Mid-year monitoring was a kind of self-evaluation; it becomes a Monitoring of its own."""
    SelfEvaluation = apps.get_model("performance", "SelfEvaluation")
    Monitoring = apps.get_model("performance", "Monitoring")
    MonitoringLine = apps.get_model("performance", "MonitoringLine")
    for old in SelfEvaluation.objects.filter(period="midyear").order_by("pk"):
        status = old.status
        new = Monitoring.objects.create(
            unit_id=old.unit_id,
            table_id=old.table_id,
            months=old.months_elapsed,
            status=status,
            submitted_by_id=old.submitted_by_id,
            submitted_at=old.submitted_at,
            approved_by_id=old.approved_by_id,
            approved_at=old.approved_at,
            return_reason=old.return_reason,
            execution_measure=old.execution_reason,
            budget_yuan=old.budget_yuan,
            spent_yuan=old.spent_yuan,
        )
        for line in old.lines.all():
            measure = "；".join(part for part in (line.reason.strip(), line.measure.strip()) if part)
            MonitoringLine.objects.create(
                unit_id=line.unit_id,
                monitoring=new,
                indicator_id=line.indicator_id,
                likelihood=line.likelihood,
                cause=line.cause,
                measure=measure,
                actual=line.actual if status != "draft" else "",
                source=line.source if status != "draft" else "",
            )
        old.delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_monitoring_and_table_status")]

    operations = [
        migrations.RunPython(tables_in_force, migrations.RunPython.noop),
        migrations.RunPython(move_midyear_evaluations, migrations.RunPython.noop),
    ]
