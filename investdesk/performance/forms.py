from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from investdesk.performance import metrics
from investdesk.performance.models import (
    BudgetProject,
    Cause,
    Indicator,
    Kind,
    Likelihood,
    Monitoring,
    Operator,
    SelfEvaluation,
)
from investdesk.performance.services import EDITABLE_EVALUATION_FIELDS

IMPORT_TYPES = (".txt", ".docx", ".xlsx")
EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".txt")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def _check_upload(upload, allowed: tuple[str, ...], limit: int) -> None:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            _("“%(name)s”: only %(types)s files are accepted."),
            params={"name": upload.name, "types": "、".join(allowed)},
        )
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB."), params={"name": upload.name, "mb": limit // (1024 * 1024)}
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Table file (.txt, .docx or .xlsx)"), required=False)
    text = forms.CharField(
        label=_("…or paste the table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": _("Copied from a web page, a PDF or a spreadsheet")}),
    )
    year = forms.IntegerField(
        label=_("Budget year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Only needed when the file does not say."),
    )
    name = forms.CharField(
        label=_("Project name"), required=False, max_length=200, help_text=_("Only needed when the file does not say.")
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            _check_upload(upload, IMPORT_TYPES, MAX_IMPORT_BYTES)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip() and not self.errors:
            raise ValidationError(_("Choose a file or paste the table."))
        return data

    def content(self) -> tuple[str, bytes]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.name, upload.read()
        return "pasted.txt", self.cleaned_data["text"].encode("utf-8")


class ConfirmImportForm(forms.Form):
    replace = forms.BooleanField(label=_("Replace the existing table of this project"), required=False)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = BudgetProject
        fields = [
            "name",
            "year",
            "department",
            "implementing_unit",
            "budget_yuan",
            "initial_budget_yuan",
            "adjusted_budget_yuan",
            "spent_yuan",
            "overall_goal",
            "goal_start_year",
            "goal_end_year",
            "annual_goal",
            "basis",
            "overview",
            "content",
            "funding_text",
            "plan",
            "effect",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "overall_goal",
                "annual_goal",
                "basis",
                "overview",
                "content",
                "funding_text",
                "plan",
                "effect",
            )
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("goal_start_year"), data.get("goal_end_year")
        if start and end and start > end:
            self.add_error("goal_end_year", _("The goal's last year is before its first year."))
        return data


class IndicatorForm(forms.ModelForm):
    rule_json = forms.CharField(
        label=_("Scoring rule set by hand (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_("Leave empty to use the rule read from the scoring standard."),
    )

    class Meta:
        model = Indicator
        fields = [
            "level1",
            "level2",
            "name",
            "operator",
            "target",
            "measure_unit",
            "kind",
            "weight",
            "rule_text",
            "description",
            "basis",
        ]
        widgets = {
            "rule_text": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "basis": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = Operator.choices
        self.fields["kind"].choices = Kind.choices
        if self.instance.rule_set_by_hand and not self.is_bound:
            self.initial["rule_json"] = json.dumps(self.instance.rule, ensure_ascii=False, indent=1)

    def clean_rule_json(self):
        raw = (self.cleaned_data.get("rule_json") or "").strip()
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValidationError(_("Not valid JSON: %(error)s"), params={"error": exc.msg}) from None
        return value

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is not None and not Decimal(0) <= weight <= Decimal(100):
            raise ValidationError(_("Points lie between 0 and 100."))
        return weight

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.QUANTITATIVE and data.get("operator") == Operator.QUALITATIVE:
            self.add_error("operator", _("A quantitative indicator needs a comparison operator."))
        if data.get("operator") not in (None, Operator.QUALITATIVE) and data.get("kind") == Kind.QUANTITATIVE:
            try:
                Decimal(str(data.get("target") or "").strip())
            except ArithmeticError:
                self.add_error("target", _("The target of a quantitative indicator must be a number."))
        return data


def metric_choices() -> list:
    """The ledger metrics by their Chinese names, grouped by the ledger that keeps them; the
    codes (publicity.materials_distributed) stay out of sight, for the CLI and the exports."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for metric in metrics.all_metrics():
        app = metric.name.split(".", 1)[0]
        try:
            ledger = str(apps.get_app_config(app).verbose_name)
        except LookupError:  # a metric registered outside an app (tests): group it apart
            ledger = str(_("Other"))
        label = f"{metric.label}（{metric.measure_unit}）" if metric.measure_unit else str(metric.label)
        groups.setdefault(ledger, []).append((metric.name, label))
    return [("", _("Entered by hand, with evidence")), *groups.items()]


class ActualForm(forms.Form):
    metric = forms.ChoiceField(label=_("Take the value from"), required=False)
    manual_actual = forms.CharField(
        label=_("Actual value (entered)"),
        required=False,
        max_length=100,
        help_text=_("A number (may carry %), or a label such as 达成 / 部分达成 / 基本明确."),
    )
    note = forms.CharField(
        label=_("Note on the actual value"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metric_choices()

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            _check_upload(upload, EVIDENCE_TYPES, MAX_EVIDENCE_BYTES)
        return upload


class WeightsForm(forms.Form):
    """One field per 一级指标 of the table, in points; empty everywhere means the defaults."""

    def __init__(self, *args, level1_names: list[str], initial_weights: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for n, name in enumerate(level1_names):
            self.fields[f"w{n}"] = forms.DecimalField(
                label=name,
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=initial_weights.get(name),
            )
        self.level1_names = level1_names

    def weights(self) -> dict[str, Decimal]:
        values = {name: self.cleaned_data.get(f"w{n}") for n, name in enumerate(self.level1_names)}
        if all(v is None for v in values.values()):
            return {}
        return {name: value or Decimal(0) for name, value in values.items()}


class NewMonitoringForm(forms.Form):
    months = forms.IntegerField(
        label=_("Months covered"),
        min_value=1,
        max_value=12,
        help_text=_("Mid-year monitoring normally covers January–July."),
    )


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = SelfEvaluation
        fields = list(EDITABLE_EVALUATION_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("execution_reason", "goal_actual", "problems", "improvements")
        }


class LineForm(forms.Form):
    reason = forms.CharField(
        label=_("Cause of the deviation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "placeholder": _("Cause of the deviation")}),
    )
    measure = forms.CharField(
        label=_("Improvement measure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "placeholder": _("Improvement measure")}),
    )


class MonitoringForm(forms.ModelForm):
    """The monitoring's own fields; budget and spending only when no budget ledger keeps them."""

    class Meta:
        model = Monitoring
        fields = ["months", "budget_yuan", "spent_yuan", "execution_cause", "execution_measure"]
        widgets = {"execution_measure": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, ledger: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].help_text = _("January to the end of this month.")
        if self.instance.months:
            self.fields["spent_yuan"].label = _("Spent from January to month %(n)s (yuan)") % {
                "n": self.instance.months
            }
        self.fields["execution_cause"].choices = [("", _("Choose the cause")), *Cause.choices]
        if ledger:  # the budget ledger gives both figures for the period
            del self.fields["budget_yuan"]
            del self.fields["spent_yuan"]


class MonitoringLineForm(forms.Form):
    manual_actual = forms.CharField(
        label=_("Value from January to month N"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 60 or 达成")}),
    )
    forecast = forms.CharField(label=_("Forecast for the year"), required=False, max_length=100)
    likelihood = forms.ChoiceField(
        label=_("Likelihood of reaching the target"), required=False, choices=[("", "—"), *Likelihood.choices]
    )
    cause = forms.ChoiceField(label=_("Cause"), required=False, choices=[("", _("Choose the cause")), *Cause.choices])
    measure = forms.CharField(
        label=_("Corrective measure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Corrective measure")}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))


class ScoringSettingsForm(forms.Form):
    """The numbers of RULES.md §1 and §3 a unit may change; each starts at the national default."""

    LEVEL1 = (("w_output", "产出指标"), ("w_benefit", "效益指标"), ("w_satisfaction", "满意度指标"))
    GRADES = (("g_excellent", "优"), ("g_good", "良"), ("g_pass", "中"))

    execution_points = forms.DecimalField(label=_("Points of budget execution"), min_value=0, max_value=100)
    w_output = forms.DecimalField(label=_("Points of 产出指标"), min_value=0, max_value=100)
    w_benefit = forms.DecimalField(label=_("Points of 效益指标"), min_value=0, max_value=100)
    w_satisfaction = forms.DecimalField(label=_("Points of 满意度指标"), min_value=0, max_value=100)
    execution_reason_below = forms.DecimalField(
        label=_("Execution rate below which a reason is required (%)"), min_value=0, max_value=100
    )
    overshoot_reason_at = forms.DecimalField(
        label=_("Completion from which a reason is required (percent of the target)"), min_value=100, max_value=1000
    )
    g_excellent = forms.DecimalField(label=_("Lowest total for grade “Excellent” (优)"), min_value=0, max_value=100)
    g_good = forms.DecimalField(label=_("Lowest total for grade “Good” (良)"), min_value=0, max_value=100)
    g_pass = forms.DecimalField(label=_("Lowest total for grade “Fair” (中)"), min_value=0, max_value=100)
    reverse_variant = forms.ChoiceField(
        label=_("Formula for lower-is-better indicators"),
        choices=[
            ("linear", _("(1 − (actual − target) ÷ target) × points, 0 from twice the target")),
            ("ratio", _("target ÷ actual × points")),
        ],
    )
    light_red_below = forms.DecimalField(label=_("Red light below (%)"), min_value=0, max_value=100)
    light_green_at = forms.DecimalField(label=_("Green light from (%)"), min_value=0, max_value=100)
    monitoring_months = forms.IntegerField(label=_("Months covered by mid-year monitoring"), min_value=1, max_value=12)

    @classmethod
    def initial_from(cls, settings) -> dict:
        data = {
            key: getattr(settings, key)
            for key in (
                "execution_points",
                "execution_reason_below",
                "overshoot_reason_at",
                "reverse_variant",
                "light_red_below",
                "light_green_at",
                "monitoring_months",
            )
        }
        data.update({field: settings.level1_weights.get(name) for field, name in cls.LEVEL1})
        data.update({field: settings.grade_cutoffs.get(name) for field, name in cls.GRADES})
        return data

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        total = data["execution_points"] + sum(data[field] for field, _name in self.LEVEL1)
        if total != 100:
            self.add_error(
                "w_output",
                _("Budget execution and the three first-level indicators total %(total)s; they must total 100.")
                % {"total": total},
            )
        if not data["g_excellent"] > data["g_good"] > data["g_pass"]:
            self.add_error(
                "g_good", _("The grades must go down: “Excellent” (优) above “Good” (良) above “Fair” (中).")
            )
        if not data["light_red_below"] < data["light_green_at"]:
            self.add_error("light_green_at", _("The green light must start above the red one."))
        return data

    def overrides(self, current: dict) -> dict:
        """The stored JSON: the unit's current overrides with this form's numbers replaced."""
        data = self.cleaned_data
        stored = dict(current)
        for key in (
            "execution_points",
            "execution_reason_below",
            "overshoot_reason_at",
            "reverse_variant",
            "light_red_below",
            "light_green_at",
            "monitoring_months",
        ):
            stored[key] = str(data[key]) if isinstance(data[key], Decimal) else data[key]
        stored["level1_weights"] = {name: str(data[field]) for field, name in self.LEVEL1}
        stored["grade_cutoffs"] = {name: str(data[field]) for field, name in self.GRADES}
        return stored
