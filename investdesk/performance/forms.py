from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from investdesk.performance import metrics
from investdesk.performance.models import (
    BudgetProject,
    Cause,
    EvaluationPeriod,
    Indicator,
    Kind,
    Likelihood,
    Operator,
    SelfEvaluation,
)

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
        for name in ("budget_yuan", "initial_budget_yuan", "adjusted_budget_yuan", "spent_yuan"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("An amount cannot be negative."))
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
        choices = [("", _("Entered by hand, with evidence"))]
        choices += [(m.name, f"{m.label}（{m.name}）") for m in metrics.all_metrics()]
        self.fields["metric"].choices = choices

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


class NewEvaluationForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=EvaluationPeriod.choices)
    months_elapsed = forms.IntegerField(
        label=_("Months covered (monitoring)"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("Mid-year monitoring normally covers January–July."),
    )


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = SelfEvaluation
        fields = [
            "months_elapsed",
            "initial_budget_yuan",
            "budget_yuan",
            "spent_yuan",
            "execution_reason",
            "goal_actual",
            "problems",
            "improvements",
            "project_lead",
            "finance_lead",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("execution_reason", "goal_actual", "problems", "improvements")
        }

    def clean(self):
        data = super().clean()
        for name in ("initial_budget_yuan", "budget_yuan", "spent_yuan"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("An amount cannot be negative."))
        return data


class LineForm(forms.Form):
    reason = forms.CharField(
        label=_("Cause of the deviation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure = forms.CharField(label=_("Improvement measure"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    likelihood = forms.ChoiceField(
        label=_("Likelihood of reaching the target"), required=False, choices=[("", "—"), *Likelihood.choices]
    )
    cause = forms.ChoiceField(label=_("Cause"), required=False, choices=[("", "—"), *Cause.choices])


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))
