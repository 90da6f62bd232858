"""Demo: the seed document imported as the 2022 project of 昆明市呈贡区投资服务中心, with actuals.

The actuals are entered by hand here; as the ledger apps arrive their metrics take over.
"""

from decimal import Decimal
from pathlib import Path

from investdesk.performance import metrics, monitoring, services
from investdesk.performance.lib.tables import parse_table_file
from investdesk.performance.models import BudgetProject, Indicator, Monitoring, SelfEvaluation

SEED = Path(__file__).resolve().parent / "data" / "seed_2022.txt"
NOTE = "演示数据：2022年工作台账汇总"
# Indicators whose ledger is already kept in the system: bound to its metric, not typed in.
BINDINGS = {
    "公开发放的宣传材料数量": "publicity.materials_distributed",
    "发布稿件数量": "publicity.articles_published",
    "实际走访的重点企业": "outreach.key_enterprises_visited",
    "每年跟进重点投资项目": "projects.key_projects_followed",
    "每年为重点投资项目提供咨询服务": "outreach.consultations_for_key_projects",
    "严格按照厉行节约，控制支出成本": "budget.spent_vs_initial",
    # 服务企业满意度: the enterprise survey's answers and the cases' 好差评 ratings, each one vote.
    "提高投资项目审批及服务效率": "surveys.satisfaction_enterprises_with_ratings",
    "媒体关注量": "publicity.media_attention",
    "宣传内容知晓率": "surveys.awareness",
    "社会公众满意度": "surveys.satisfaction_public",
    "办事群众、投资客商满意度": "surveys.satisfaction_service_users",
}
# Typed in only where a ledger is not installed (the values of the 2022 year-end summary).
ACTUALS = {
    "公开发放的宣传材料数量": "120",
    "发布稿件数量": "56",
    "实际走访的重点企业": "47",
    "每年跟进重点投资项目": "42",
    "每年为重点投资项目提供咨询服务": "58",
    "严格按照厉行节约，控制支出成本": "97.38%",
    "提高投资项目审批及服务效率": "95.6%",
    "媒体关注量": "735",
    "宣传内容知晓率": "86.5%",
    "社会公众满意度": "96.2%",
    "办事群众、投资客商满意度": "97.8%",
}


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    project = BudgetProject.objects.for_unit(unit).filter(year=2022, name="投资服务中心经费").first()
    if project is None or not hasattr(project, "table"):
        # The budget ledger's demo may have created the project (for its budget lines) already.
        result = parse_table_file(SEED.name, SEED.read_bytes())
        project = services.import_table(
            unit, result, actor=None, replace=project is not None, source_name="2022年投资服务中心经费项目.txt"
        )
        ctx.write(f"performance: imported the seed as project {project.pk} ({len(result.indicators)} indicators)")
    if not project.table.in_force:
        services.adopt_table(project.table, actor=None)
    project.department = project.department or unit.department
    project.initial_budget_yuan = project.adjusted_budget_yuan = Decimal("58000.00")
    project.spent_yuan = Decimal("56480.00")
    project.save()
    for indicator in Indicator.objects.filter(table__project=project, metric=""):
        metric = BINDINGS.get(indicator.name)
        if metric and metrics.get(metric):
            services.set_actual(indicator, actor=None, metric=metric, manual_actual="", note="")
        elif indicator.name in ACTUALS:
            indicator.manual_actual, indicator.actual_note = ACTUALS[indicator.name], NOTE
            indicator.save(update_fields=["manual_actual", "actual_note"])
    if not SelfEvaluation.objects.filter(table=project.table).exists():
        services.create_evaluation(project.table, actor=None)
    if not Monitoring.objects.filter(table=project.table).exists():
        monitoring.create_monitoring(project.table, actor=None, months=7)
    ctx.write("performance: 2022 actuals, the January–July monitoring and a year-end self-evaluation draft")
