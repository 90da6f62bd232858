"""Budget projects, their performance target tables (绩效目标表), indicators and evaluations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from investdesk.core.models import UnitScopedModel

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}  # amounts are never negative


class BudgetProject(UnitScopedModel):
    """A funded project (预算项目/经费项目) of one budget year, with its goals."""

    year = models.PositiveSmallIntegerField(
        _("budget year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("project name"), max_length=200)
    department = models.CharField(_("competent department"), max_length=200, blank=True)
    implementing_unit = models.CharField(_("implementing unit"), max_length=200, blank=True)
    basis = models.TextField(_("basis for the project"), blank=True)
    overview = models.TextField(_("project overview"), blank=True)
    content = models.TextField(_("implementation content"), blank=True)
    budget_yuan = models.DecimalField(_("funds arranged (yuan)"), null=True, blank=True, **MONEY)
    funding_text = models.TextField(_("funding arrangement"), blank=True)
    plan = models.TextField(_("implementation plan"), blank=True)
    effect = models.TextField(_("expected effect"), blank=True)
    overall_goal = models.TextField(_("overall goal"), blank=True)
    goal_start_year = models.PositiveSmallIntegerField(_("overall goal from year"), null=True, blank=True)
    goal_end_year = models.PositiveSmallIntegerField(_("overall goal to year"), null=True, blank=True)
    annual_goal = models.TextField(_("annual goal"), blank=True)
    # Execution figures kept live by the finance clerk (the budget ledger will feed them later).
    initial_budget_yuan = models.DecimalField(
        _("budget at the start of the year (yuan)"), null=True, blank=True, **MONEY
    )
    adjusted_budget_yuan = models.DecimalField(_("full-year budget (yuan)"), null=True, blank=True, **MONEY)
    spent_yuan = models.DecimalField(_("full-year execution (yuan)"), null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "name"], name="performance_project_unit_year_name")
        ]
        indexes = [models.Index(fields=["unit", "year"], name="performance_project_unit_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class TableStatus(models.TextChoices):
    """A table imported or copied is a draft; it takes over the pages only once adopted (启用)."""

    DRAFT = "draft", _("draft")
    IN_FORCE = "in_force", _("in force")


class TargetTable(UnitScopedModel):
    """The 绩效目标表 of one project: its indicators and the weights of its 一级指标.

    The dashboard and the performance pages show the latest year whose table is in force, so a
    table imported for next year does not take over before the director or finance adopts it.
    """

    project = models.OneToOneField(
        BudgetProject, on_delete=models.CASCADE, related_name="table", verbose_name=_("budget project")
    )
    source_name = models.CharField(_("imported from"), max_length=255, blank=True)
    level1_weights = models.JSONField(
        _("weights of the first-level indicators"),
        default=dict,
        blank=True,
        help_text=_("Empty: the defaults of the unit's scoring settings."),
    )
    status = models.CharField(_("status"), max_length=10, choices=TableStatus.choices, default=TableStatus.DRAFT)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-project__year"]
        verbose_name = _("performance target table")
        verbose_name_plural = _("performance target tables")

    def __str__(self) -> str:
        return str(_("Target table of %(project)s") % {"project": self.project})

    @property
    def in_force(self) -> bool:
        return self.status == TableStatus.IN_FORCE


class Kind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("quantitative")
    QUALITATIVE = "qualitative", _("qualitative")


class Operator(models.TextChoices):
    GE = ">=", "≥"
    LE = "<=", "≤"
    GT = ">", ">"
    LT = "<", "<"
    EQ = "=", "="
    QUALITATIVE = "qualitative", _("qualitative")


def evidence_path(instance, filename: str) -> str:
    return f"units/{instance.unit_id}/performance/evidence/{instance.pk or 'new'}/{filename}"


class Indicator(UnitScopedModel):
    """A 三级指标 with its target, scoring rule and the source of its actual value."""

    table = models.ForeignKey(TargetTable, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("table"))
    position = models.PositiveSmallIntegerField(_("position"))
    level1 = models.CharField(_("first-level indicator"), max_length=50)
    level2 = models.CharField(_("second-level indicator"), max_length=50, blank=True)
    name = models.CharField(_("indicator"), max_length=200)
    operator = models.CharField(_("operator"), max_length=12, choices=Operator.choices)
    target = models.CharField(_("target value"), max_length=200, blank=True)
    measure_unit = models.CharField(_("unit of measure"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    rule_text = models.TextField(_("scoring standard"), blank=True)
    rule = models.JSONField(_("scoring rule"), default=dict, blank=True)
    rule_understood = models.BooleanField(_("rule understood"), default=True)
    rule_warnings = models.JSONField(_("rule warnings"), default=list, blank=True)
    rule_set_by_hand = models.BooleanField(_("rule set by hand"), default=False)
    description = models.TextField(_("indicator content"), blank=True)
    basis = models.TextField(_("basis and data source"), blank=True)
    weight = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    metric = models.CharField(_("bound metric"), max_length=100, blank=True)
    manual_actual = models.CharField(_("actual value (entered)"), max_length=100, blank=True)
    actual_note = models.TextField(_("note on the actual value"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True, max_length=300)

    class Meta:
        ordering = ["table", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["table", "position"], name="performance_indicator_position")]

    def __str__(self) -> str:
        return self.name


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")


class SelfEvaluation(UnitScopedModel):
    """The year-end self-evaluation (绩效自评) of one table: scored, totalled and graded.

    While a draft it is scored live; submitting freezes every figure into its lines. Mid-year
    monitoring is not scoring and has its own model (`Monitoring`).
    """

    TRANSITIONS = {
        EvaluationStatus.DRAFT: {EvaluationStatus.SUBMITTED},
        EvaluationStatus.SUBMITTED: {EvaluationStatus.APPROVED, EvaluationStatus.DRAFT},
        EvaluationStatus.APPROVED: set(),
    }

    table = models.ForeignKey(
        TargetTable, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("table")
    )
    initial_budget_yuan = models.DecimalField(
        _("budget at the start of the year (yuan)"), null=True, blank=True, **MONEY
    )
    budget_yuan = models.DecimalField(_("full-year budget (yuan)"), null=True, blank=True, **MONEY)
    spent_yuan = models.DecimalField(_("full-year execution (yuan)"), null=True, blank=True, **MONEY)
    execution_reason = models.TextField(_("reason for low execution"), blank=True)
    goal_actual = models.TextField(_("achievement of the overall goal"), blank=True)
    problems = models.TextField(_("problems found"), blank=True)
    improvements = models.TextField(_("improvement measures"), blank=True)
    project_lead = models.CharField(_("project lead"), max_length=50, blank=True)
    finance_lead = models.CharField(_("finance lead"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=4, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        constraints = [models.UniqueConstraint(fields=["table"], name="performance_evaluation_one_per_table")]

    def __str__(self) -> str:
        return str(_("Self-evaluation of %(project)s") % {"project": self.table.project})

    @property
    def is_frozen(self) -> bool:
        return self.status != EvaluationStatus.DRAFT


class Likelihood(models.TextChoices):
    CERTAIN = "certain", _("certainly")
    POSSIBLE = "possible", _("possibly")
    IMPOSSIBLE = "impossible", _("impossible")


class Cause(models.TextChoices):
    FUNDING = "funding", _("funding")
    RULES = "rules", _("rules and procedures")
    STAFF = "staff", _("staffing")
    HARDWARE = "hardware", _("hardware and conditions")
    OTHER = "other", _("other")


class EvaluationLine(UnitScopedModel):
    """One indicator in one evaluation: the written reasons, and the figures once frozen."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="lines", verbose_name=_("evaluation")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="lines", verbose_name=_("indicator")
    )
    actual = models.CharField(_("actual value"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)
    weight = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("cause of the deviation"), blank=True)
    measure = models.TextField(_("improvement measure"), blank=True)

    class Meta:
        ordering = ["evaluation", "indicator__position"]
        verbose_name = _("evaluation line")
        verbose_name_plural = _("evaluation lines")
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"], name="performance_line_once")]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.indicator}"


class Monitoring(UnitScopedModel):
    """The mid-year monitoring (绩效运行监控, RULES.md §3) of one table over January to month N.

    Monitoring is not scoring: no points, no total, no grade. It shows each indicator's value
    from January to the end of month N against the pro-rated target with a light, the
    forecast for the year and the likelihood of reaching the target, and asks for a cause and
    a corrective measure where the light is not green or the target may be missed. Budget
    execution is the spending of those months. While a draft the figures are live; submitting
    freezes them into the monitoring and its lines.
    """

    TRANSITIONS = {
        EvaluationStatus.DRAFT: {EvaluationStatus.SUBMITTED},
        EvaluationStatus.SUBMITTED: {EvaluationStatus.APPROVED, EvaluationStatus.DRAFT},
        EvaluationStatus.APPROVED: set(),
    }

    table = models.ForeignKey(
        TargetTable, on_delete=models.CASCADE, related_name="monitorings", verbose_name=_("table")
    )
    months = models.PositiveSmallIntegerField(
        _("months covered"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # Typed only when no budget ledger keeps the project; frozen from the ledger on submission.
    budget_yuan = models.DecimalField(_("full-year budget (yuan)"), null=True, blank=True, **MONEY)
    spent_yuan = models.DecimalField(_("spending of the period (yuan)"), null=True, blank=True, **MONEY)
    execution_cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices, blank=True)
    execution_measure = models.TextField(_("corrective measure"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mid-year monitoring")
        verbose_name_plural = _("mid-year monitorings")
        constraints = [models.UniqueConstraint(fields=["table"], name="performance_monitoring_one_per_table")]

    def __str__(self) -> str:
        return str(
            _("Monitoring of %(project)s, January to month %(months)s")
            % {"project": self.table.project, "months": self.months}
        )

    @property
    def is_frozen(self) -> bool:
        return self.status != EvaluationStatus.DRAFT


class MonitoringLine(UnitScopedModel):
    """One indicator in one monitoring: what the unit states, and the figures once frozen."""

    monitoring = models.ForeignKey(
        Monitoring, on_delete=models.CASCADE, related_name="lines", verbose_name=_("monitoring")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="monitoring_lines", verbose_name=_("indicator")
    )
    # The value of January to month N of an indicator taken by hand (a bound one reads its ledger).
    manual_actual = models.CharField(_("value entered for the period"), max_length=100, blank=True)
    forecast = models.CharField(_("forecast for the year"), max_length=100, blank=True)
    likelihood = models.CharField(
        _("likelihood of reaching the target"), max_length=12, choices=Likelihood.choices, blank=True
    )
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices, blank=True)
    measure = models.TextField(_("corrective measure"), blank=True)
    # Frozen on submission.
    actual = models.CharField(_("value of the period"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)
    progress = models.DecimalField(_("progress (%)"), max_digits=9, decimal_places=2, null=True, blank=True)
    light = models.CharField(_("light"), max_length=10, blank=True)

    class Meta:
        ordering = ["monitoring", "indicator__position"]
        verbose_name = _("monitoring line")
        verbose_name_plural = _("monitoring lines")
        constraints = [models.UniqueConstraint(fields=["monitoring", "indicator"], name="performance_mline_once")]

    def __str__(self) -> str:
        return f"{self.monitoring} · {self.indicator}"


class ImportDraft(UnitScopedModel):
    """An uploaded table waiting for its preview to be confirmed; deleted once saved."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("content"))
    year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")

    def __str__(self) -> str:
        return self.filename
