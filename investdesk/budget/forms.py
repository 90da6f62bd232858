from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from investdesk.budget import services
from investdesk.budget.models import Adjustment, BudgetLine, Category, Expenditure, Kind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
ANY = ""


class LineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["name", "initial_yuan", "position", "note"]


class AdjustmentForm(forms.ModelForm):
    counterpart = forms.ModelChoiceField(
        label=_("Transfer with line"),
        queryset=BudgetLine.objects.none(),
        required=False,
        help_text=_(
            "Optional: the opposite amount is booked on this line with the same date and reason, "
            "so the project's total stays the same."
        ),
    )

    class Meta:
        model = Adjustment
        fields = ["line", "adjusted_on", "amount_yuan", "reason", "counterpart"]
        widgets = {"adjusted_on": DATE}
        help_texts = {"amount_yuan": _("Positive adds to the line's budget, negative takes from it.")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        lines = BudgetLine.objects.filter(project=project).order_by("position", "pk")
        self.fields["line"].queryset = lines
        self.fields["counterpart"].queryset = lines


class ExpenditureForm(forms.ModelForm):
    refund_voucher = forms.CharField(
        label=_("Voucher number of the payment refunded"),
        required=False,
        max_length=40,
        help_text=_("For a refund only: the voucher number of the payment it reverses."),
    )
    file = forms.FileField(label=_("Attachment"), required=False, help_text=_("Invoice, contract or receipt."))
    remove_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)

    class Meta:
        model = Expenditure
        fields = [
            "line",
            "kind",
            "spent_on",
            "amount_yuan",
            "category",
            "payee",
            "voucher_number",
            "note",
            "overspend_reason",
        ]
        widgets = {"spent_on": DATE}
        help_texts = {
            "overspend_reason": _("Needed when this payment takes its budget line or the project above the budget."),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        # Asked for only once the payment overspends (or a reason is already on record).
        if not (self.instance.overspend_reason or (self.data.get(self.add_prefix("overspend_reason")) or "").strip()):
            self.fields["overspend_reason"].widget = forms.HiddenInput()
        self.fields["line"].queryset = BudgetLine.objects.filter(project=project).order_by("position", "pk")
        if not (self.instance.pk and self.instance.attachment):
            del self.fields["remove_attachment"]
        if self.instance.pk and self.instance.refund_of_id:
            self.initial["refund_voucher"] = self.instance.refund_of.voucher_number
        self.order_fields(["line", "kind", "refund_voucher", "spent_on", "amount_yuan", "category", "payee"])

    def clean(self):
        data = super().clean()
        voucher = (data.get("refund_voucher") or "").strip()
        self.refund_of = None
        if data.get("kind") == Kind.REFUND and voucher:
            self.refund_of = services.find_payment(self.project, voucher)
            if self.refund_of is None:
                self.add_error(
                    "refund_voucher",
                    _("No payment of this project has the voucher number %(number)s.") % {"number": voucher},
                )
        self.instance.refund_of = self.refund_of
        return data

    def _update_errors(self, errors):
        # The model names the payment refunded; the form asks for its voucher number.
        if hasattr(errors, "error_dict") and "refund_of" in errors.error_dict:
            errors.error_dict["refund_voucher"] = errors.error_dict.pop("refund_of")
        super()._update_errors(errors)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def ask_for_overspend_reason(self) -> None:
        """Show the reason box once the service has said the payment overspends."""
        self.fields["overspend_reason"].widget = forms.Textarea(attrs={"rows": 2})


class ExpenditureFilterForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none(), required=False)
    category = forms.ChoiceField(label=_("Economic category"), required=False)
    month = forms.TypedChoiceField(label=_("Month"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Payment or refund"), required=False)
    q = forms.CharField(label=_("Payee or voucher"), required=False, max_length=100)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.filter(project=project).order_by("position", "pk")
        self.fields["line"].empty_label = _("All lines")
        self.fields["category"].choices = [(ANY, _("All categories")), *Category.choices]
        self.fields["kind"].choices = [(ANY, _("All kinds")), *Kind.choices]
        months = [(str(n), _("%(year)s-%(month)02d") % {"year": project.year, "month": n}) for n in range(1, 13)]
        self.fields["month"].choices = [(ANY, _("All months")), *months]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise ValidationError(_("“%(name)s”: only .xlsx files are accepted."), params={"name": upload.name})
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("“%(name)s” is larger than %(mb)s MB."),
                params={"name": upload.name, "mb": MAX_IMPORT_BYTES // (1024 * 1024)},
            )
        return upload
