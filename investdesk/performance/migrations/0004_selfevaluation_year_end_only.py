"""The self-evaluation no longer carries the mid-year fields (now on Monitoring)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("performance", "0003_move_midyear_monitoring")]

    operations = [
        migrations.RemoveConstraint(
            model_name="selfevaluation",
            name="performance_evaluation_table_period",
        ),
        migrations.RemoveField(
            model_name="evaluationline",
            name="cause",
        ),
        migrations.RemoveField(
            model_name="evaluationline",
            name="likelihood",
        ),
        migrations.RemoveField(
            model_name="selfevaluation",
            name="months_elapsed",
        ),
        migrations.RemoveField(
            model_name="selfevaluation",
            name="period",
        ),
        migrations.AddConstraint(
            model_name="selfevaluation",
            constraint=models.UniqueConstraint(fields=("table",), name="performance_evaluation_one_per_table"),
        ),
    ]
