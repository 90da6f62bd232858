from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from investdesk.budget.models import Category, Expenditure, Kind
from investdesk.enterprises.services import staff_users
from investdesk.performance.models import BudgetProject
from investdesk.plans.models import BACKWARD, Milestone, Status, StudyTrip

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
OVERDUE = "overdue"
# Payments a study trip usually links: travel, transport, training, reception, other.
TRIP_CATEGORIES = (Category.TRAVEL, Category.TRANSPORT, Category.TRAINING, Category.RECEPTION, Category.OTHER)


def _person(user) -> str:
    return user.get_full_name() or user.username


class MilestoneForm(forms.ModelForm):
    file = forms.FileField(label=_("Evidence file"), required=False)

    class Meta:
        model = Milestone
        fields = ["project", "quarter", "title", "description", "owner", "due_on", "evidence_note"]
        widgets = {
            "due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, unit, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["project"].queryset = BudgetProject.objects.for_unit(unit).order_by("-year", "name")
        else:
            del self.fields["project"]
        self.fields["owner"].queryset = staff_users(unit)
        self.fields["owner"].label_from_instance = _person

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class StatusForm(forms.Form):
    """Any status parses; the service decides whether the step is allowed and says why not."""

    to = forms.ChoiceField(
        label=_("New status"),
        choices=[("", _("— choose the new status —")), *Status.choices],
        error_messages={"required": _("Choose the new status.")},
    )
    on = forms.DateField(label=_("Done on"), required=False, widget=DATE, help_text=_("For “done”: empty is today."))
    note = forms.CharField(
        label=_("Note or reason"),
        required=False,
        max_length=300,
        help_text=_("Required when the milestone is dropped."),
    )
    evidence_note = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("Evidence file"), required=False)
    confirm_back = forms.BooleanField(
        label=_("Yes, go back a step"),
        required=False,
        help_text=_("Only to correct a mistake; reopening a done milestone clears its done date."),
    )

    def __init__(self, *args, allowed: list[str], current: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        back = BACKWARD.get(current, frozenset())
        self.allowed_choices = [
            (s, _("back to “%(label)s” (correction)") % {"label": labels[s]} if s in back else labels[s])
            for s in Status.values
            if s in allowed
        ]
        if not back & set(allowed):
            del self.fields["confirm_back"]


class MilestoneFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    project = forms.ModelChoiceField(label=_("Project"), queryset=BudgetProject.objects.none(), required=False)
    quarter = forms.TypedChoiceField(label=_("Quarter"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        projects = BudgetProject.objects.for_unit(unit).order_by("-year", "name")
        self.fields["project"].queryset = projects
        self.fields["project"].empty_label = _("All projects")
        years = sorted({p.year for p in projects}, reverse=True)
        self.fields["year"].choices = [("", _("All years")), *[(str(y), str(y)) for y in years]]
        self.fields["quarter"].choices = [("", _("All quarters")), *[(str(n), f"Q{n}") for n in range(1, 5)]]
        self.fields["status"].choices = [("", _("All statuses")), *Status.choices, (OVERDUE, _("overdue"))]
        self.fields["owner"].queryset = staff_users(unit)
        self.fields["owner"].empty_label = _("Everyone")
        self.fields["owner"].label_from_instance = _person

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class TripForm(forms.ModelForm):
    class Meta:
        model = StudyTrip
        fields = [
            "destination",
            "start_on",
            "end_on",
            "participants",
            "purpose",
            "practices",
            "measures",
            "expenditures",
            "note",
        ]
        widgets = {
            "start_on": DATE,
            "end_on": DATE,
            "participants": forms.CheckboxSelectMultiple,
            "practices": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "expenditures": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "expenditures": _("Payments of travel, transport, training, reception or other goods and services.")
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = staff_users(unit)
        self.fields["participants"].label_from_instance = _person
        linked = Q(pk__in=self.instance.expenditures.values("pk")) if self.instance.pk else Q(pk__in=[])
        payments = Expenditure.objects.for_unit(unit).filter(kind=Kind.PAYMENT)
        self.fields["expenditures"].queryset = (
            payments.filter(Q(category__in=TRIP_CATEGORIES) | linked).select_related("line").order_by("-spent_on")
        )
        self.fields["expenditures"].label_from_instance = lambda e: (
            f"{e.spent_on:%Y-%m-%d} {e.voucher_number} {e.line.name} {e.payee} {e.amount_yuan}元"
        )

    def service_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("participants", "expenditures")
        }


class TripFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Destination or content"), required=False, max_length=100)

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
