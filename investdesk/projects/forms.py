from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from investdesk.core.money import TEN_THOUSAND, wan_to_yuan
from investdesk.enterprises import industries
from investdesk.enterprises.models import Enterprise, KeyLevel
from investdesk.projects.departments import department_field
from investdesk.projects.models import (
    ITEM_BACKWARD,
    ITEM_TRANSITIONS,
    STATUS_ORDER,
    ApprovalItem,
    ApprovalType,
    CatalogueItem,
    Department,
    FollowUp,
    InvestmentProject,
    ItemStatus,
    Stage,
    Status,
    is_backward,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PROJECT_DATES = (
    "signed_on",
    "land_acquired_on",
    "construction_permit_on",
    "started_on",
    "completed_on",
    "production_on",
)


def exact_wan(yuan: Decimal | None) -> Decimal | None:
    """Yuan as 万元 without rounding: what is shown is what is saved again, to the cent."""
    return None if yuan is None else (yuan / TEN_THOUSAND).normalize()


class ProjectForm(forms.ModelForm):
    """A project's data; `status` only when the project is created (later: `StatusForm`)."""

    total_investment_wan = forms.DecimalField(
        label=_("Total investment (10,000 yuan)"), required=False, min_value=0, max_digits=18, decimal_places=6
    )

    class Meta:
        model = InvestmentProject
        fields = [
            "name",
            "project_code",
            "enterprise",
            "status",
            "investor_type",
            "approval_type",
            "key_level",
            "industry",
            "location",
            "signed_on",
            "land_acquired_on",
            "land_document",
            "construction_permit_on",
            "started_on",
            "completed_on",
            "production_on",
            "note",
        ]
        widgets = {name: DATE for name in PROJECT_DATES} | {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unit, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.for_unit(unit).order_by("name")
        self.fields["enterprise"].label_from_instance = lambda e: f"{e.name}（{e.uscc}）"
        if not creating:
            del self.fields["status"]
        if self.instance.pk and self.instance.total_investment_yuan is not None:
            self.initial["total_investment_wan"] = exact_wan(self.instance.total_investment_yuan)
        self.order_fields(
            ["name", "project_code", "enterprise", "status", "investor_type", "approval_type", "total_investment_wan"]
        )

    def _post_clean(self):
        self.instance.total_investment_yuan = wan_to_yuan(self.cleaned_data.get("total_investment_wan"))
        super()._post_clean()

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["total_investment_yuan"] = wan_to_yuan(self.cleaned_data.get("total_investment_wan"))
        return data


class StatusForm(forms.Form):
    """Any status parses; the service decides whether the step is allowed and says why not.
    The page offers only the allowed steps (`allowed_choices`), none chosen in advance; a step
    back is marked as such and needs `confirm_back` (the service refuses it otherwise)."""

    to = forms.ChoiceField(
        label=_("New status"),
        choices=[("", _("— choose the new status —")), *Status.choices],
        error_messages={"required": _("Choose the new status.")},
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE,
        help_text=_(
            "For “signed”, “under construction”, “construction completed” and “in production”: "
            "the day it happened (recorded as the project's date)."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    confirm_back = forms.BooleanField(label=_("Yes, go back a step"), required=False)

    def __init__(self, *args, project: InvestmentProject, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.forward_choices = [
            (s, labels[s]) for s in STATUS_ORDER if s in allowed and not is_backward(project.status, s)
        ]
        self.back_choices = [(s, labels[s]) for s in STATUS_ORDER if s in allowed and is_backward(project.status, s)]
        self.allowed_choices = self.forward_choices + self.back_choices


class ItemForm(forms.ModelForm):
    class Meta:
        model = ApprovalItem
        fields = ["status", "submitted_on", "accepted_on", "completed_on", "document_number", "extended", "note"]
        widgets = {name: DATE for name in ("submitted_on", "accepted_on", "completed_on")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        labels = dict(ItemStatus.choices)
        allowed = {current, *ITEM_TRANSITIONS.get(current, ())}
        back = ITEM_BACKWARD.get(current, frozenset())
        self.fields["status"].choices = [
            (s, _("%(status)s (a step back)") % {"status": labels[s]} if s in back else labels[s])
            for s in ItemStatus.values
            if s in allowed
        ]
        if back & allowed:
            self.fields["confirm_back"] = forms.BooleanField(
                label=_("Yes, go back a step"),
                required=False,
                help_text=_(
                    "Only to correct a mistake. Going back does not clear any date: clear the dates "
                    "the earlier status has no place for yourself."
                ),
            )
        if not self.instance.extension_workdays:
            del self.fields["extended"]
        else:
            self.fields["extended"].help_text = _("Adds %(n)s working days to the limit.") % {
                "n": self.instance.extension_workdays
            }


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["followed_on", "staff", "content", "next_step", "next_on"]
        widgets = {
            "followed_on": DATE,
            "next_on": DATE,
            "content": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        staff = (
            get_user_model().objects.filter(memberships__unit=unit, memberships__is_active=True).order_by("username")
        )
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.username


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "aliases", "position"]


class CatalogueItemForm(forms.ModelForm):
    class Meta:
        model = CatalogueItem
        fields = [
            "stage",
            "name",
            "department",
            "time_limit_workdays",
            "extension_workdays",
            "applies_to",
            "position",
            "is_active",
            "basis",
        ]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        label = self.fields["department"].label
        self.fields["department"] = department_field(unit, self.instance.department, label=label)


ANY_KEY, NOT_KEY = "key", "none"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    key_level = forms.ChoiceField(
        label=_("Key level"),
        required=False,
        choices=[("", _("All projects")), (ANY_KEY, _("Key projects")), *KeyLevel.choices, (NOT_KEY, _("Not key"))],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices])
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=[("", _("All industries")), *industries.section_choices()]
    )
    approval_type = forms.ChoiceField(
        label=_("Approval type"), required=False, choices=[("", _("All types")), *ApprovalType.choices]
    )

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class ItemFilterForm(forms.Form):
    STATES = [
        ("open", _("Being handled")),
        ("overdue", _("Overdue")),
        ("due_soon", _("Due soon")),
        ("submitted", _("Submitted, not accepted yet")),
        ("completed", _("Completed")),
        ("all", _("All items")),
    ]
    state = forms.ChoiceField(label=_("Show"), required=False, choices=STATES)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"state": data.get("state") or "open", "stage": data.get("stage") or "", "q": data.get("q") or ""}


class FollowUpFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    key_only = forms.BooleanField(label=_("Key projects only"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise ValidationError(_("“%(name)s”: only .xlsx files are accepted."), params={"name": upload.name})
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("“%(name)s” is larger than %(mb)s MB."), params={"name": upload.name, "mb": MAX_IMPORT_BYTES // 2**20}
            )
        return upload


class SettingsForm(forms.Form):
    region_code = forms.RegexField(
        label=_("Region code of the unit"), regex=r"^\d{6}$", error_messages={"invalid": _("Enter 6 digits.")}
    )
    accepted_region_codes = forms.CharField(
        label=_("Other accepted region codes"),
        required=False,
        help_text=_("6-digit codes separated by commas, e.g. the city's 530100 for projects coded by the city."),
    )
    land_to_start_threshold_workdays = forms.IntegerField(
        label=_("“Land acquired, construction starts” threshold (working days)"), min_value=0, max_value=1000
    )
    due_soon_workdays = forms.IntegerField(
        label=_("Flag approval items due within (working days)"), min_value=0, max_value=60
    )
    whole_process_target_workdays = forms.IntegerField(
        label=_("Whole-process target (working days)"), min_value=1, max_value=1000
    )

    def clean_accepted_region_codes(self):
        codes = [c for c in re.split(r"[\s,，、]+", self.cleaned_data["accepted_region_codes"].strip()) if c]
        bad = [c for c in codes if not re.fullmatch(r"\d{6}", c)]
        if bad:
            raise ValidationError(_("Not 6-digit region codes: %(codes)s"), params={"codes": "、".join(bad)})
        return codes
