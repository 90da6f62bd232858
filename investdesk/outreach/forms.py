"""Forms of the outreach pages. They parse input; the services decide and save."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from investdesk.enterprises.models import Enterprise
from investdesk.outreach import queries
from investdesk.outreach.conf import LIMITS, settings_for
from investdesk.outreach.models import (
    Action,
    Appeal,
    AppealKind,
    AppealStatus,
    Category,
    Channel,
    Consultation,
    Feedback,
    Purpose,
    Source,
    Visit,
    join_purposes,
)
from investdesk.projects.departments import department_field
from investdesk.projects.models import InvestmentProject

MAX_IMPORT_BYTES = 5 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _person(user) -> str:
    return user.get_full_name() or user.username


def _selected_pk(form, name: str) -> int | None:
    """The pk the form holds for a related field: the submitted one, else the initial one."""
    raw = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
    instance = getattr(form, "instance", None)
    if raw is None and instance is not None:
        raw = getattr(instance, f"{name}_id", None)
    raw = getattr(raw, "pk", raw)
    return int(raw) if str(raw or "").isdigit() else None


class PickerMixin:
    """The enterprise and project pickers: every enterprise of the unit in a plain select (the
    page works without JavaScript), narrowed by an HTMX search; the projects of the chosen
    enterprise. The querysets stay the unit's whole archive, so validation never depends on
    what the page happened to list."""

    def setup_pickers(self, unit, text: str = "") -> None:
        field = self.fields["enterprise"]
        field.queryset = Enterprise.objects.for_unit(unit)
        selected = _selected_pk(self, "enterprise")
        choices = queries.enterprise_choices(unit, text, selected)
        if text and not selected and len(choices) == 1:
            selected = choices[0][0]  # the search found the one: choose it
            self.data = {**self.data, self.add_prefix("enterprise"): str(selected)}
        field.widget.choices = [("", "---------"), *choices]
        if "project" not in self.fields:
            return
        field.widget.attrs.update(
            {
                "hx-get": reverse("outreach:enterprise_projects"),
                "hx-target": "#project-picker",
                "hx-swap": "innerHTML",
                "hx-trigger": "change",
            }
        )
        project = self.fields["project"]
        project.queryset = InvestmentProject.objects.for_unit(unit).select_related("enterprise")
        project.widget.choices = [("", "---------"), *queries.project_choices(unit, selected)]


class PickerForm(PickerMixin, forms.Form):
    """The pickers alone, for the HTMX endpoints that redraw them."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(), required=False)
    project = forms.ModelChoiceField(
        label=_("Investment project"), queryset=InvestmentProject.objects.none(), required=False
    )

    def __init__(self, *args, unit, with_project: bool, text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not with_project:
            del self.fields["project"]
        self.setup_pickers(unit, text)


class VisitForm(PickerMixin, forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("Visiting staff"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Visit
        fields = ["visited_on", "enterprise", "project", "purposes", "staff", "findings"]
        widgets = {"visited_on": DATE, "findings": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"project": _("Optional: a project of the enterprise that the visit followed up.")}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_pickers(unit)
        self.fields["staff"].queryset = queries.unit_staff(unit)
        self.fields["staff"].label_from_instance = _person
        if self.instance.pk and not self.is_bound:
            self.initial["purposes"] = self.instance.purpose_list
            self.initial["staff"] = [u.pk for u in self.instance.staff.all()]

    def _post_clean(self):
        # Purposes are a list in the form and one joined string on the row.
        purposes = self.cleaned_data.pop("purposes", None)
        if purposes is not None:
            self.instance.purposes = join_purposes(purposes)
        super()._post_clean()
        if purposes is not None:
            self.cleaned_data["purposes"] = purposes

    def service_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("visited_on", "enterprise", "project", "purposes", "findings")
        }


class AppealRowForm(forms.Form):
    """One appeal or suggestion raised on a visit (a row of the visit form)."""

    kind = forms.ChoiceField(label=_("Type"), choices=AppealKind.choices, initial=AppealKind.PROBLEM)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    title = forms.CharField(label=_("Appeal"), max_length=200)
    department = forms.CharField(label=_("Responsible department"), max_length=100)
    deadline_workdays = forms.IntegerField(
        label=_("Deadline (working days)"),
        required=False,
        min_value=LIMITS["appeal_deadline_workdays"][0],
        max_value=LIMITS["appeal_deadline_workdays"][1],
    )
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        label = self.fields["department"].label
        self.fields["department"] = department_field(unit, label=label)
        self.order_fields(["kind", "category", "title", "department", "deadline_workdays", "description"])
        for field in self.fields.values():
            small = "form-select-sm" if isinstance(field, forms.ChoiceField) else "form-control-sm"
            field.widget.attrs["class"] = small

    def has_changed(self) -> bool:
        # A row left as it was offered (only its default type) is an empty row, not an appeal.
        return any(self[name].value() for name in ("title", "department", "description", "deadline_workdays"))


AppealRowFormSet = forms.formset_factory(AppealRowForm, extra=1, max_num=20, validate_max=True)


class ConsultationForm(PickerMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "consulted_at",
            "channel",
            "enterprise",
            "project",
            "inquirer",
            "topic",
            "answer",
            "duration_minutes",
            "staff",
        ]
        widgets = {"consulted_at": DATETIME, "answer": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "project": _(
                "A consultation about a key project counts for the indicator of consultations for key projects."
            ),
            "enterprise": _("Optional: an investor may ask before registering an enterprise."),
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_pickers(unit)
        self.fields["consulted_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["staff"].queryset = queries.unit_staff(unit)
        self.fields["staff"].label_from_instance = _person

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AppealForm(PickerMixin, forms.ModelForm):
    """An appeal recorded on its own (from a consultation, the portal or elsewhere), or edited."""

    deadline_workdays = forms.IntegerField(
        label=_("Deadline (working days)"),
        required=False,
        min_value=LIMITS["appeal_deadline_workdays"][0],
        max_value=LIMITS["appeal_deadline_workdays"][1],
        help_text=_("Counted from the date raised on the unit's calendar; empty: the unit's default."),
    )

    class Meta:
        model = Appeal
        fields = [
            "source",
            "reference",
            "enterprise",
            "raised_on",
            "kind",
            "category",
            "title",
            "description",
            "department",
            "deadline_workdays",
            "handler",
        ]
        widgets = {"raised_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unit, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_deadline = settings_for(unit).appeal_deadline_workdays
        self.setup_pickers(unit)
        self.fields["handler"].queryset = queries.unit_staff(unit)
        self.fields["handler"].label_from_instance = _person
        linked = self.instance.visit_id or self.instance.consultation_id
        if not creating or linked:
            # The source of an appeal is fixed once recorded, and given by the visit or
            # consultation it was raised on.
            del self.fields["source"]
        else:
            self.fields["source"].choices = [(v, label) for v, label in Source.choices if v != Source.VISIT]
        if self.instance.visit_id:
            self.fields["enterprise"].disabled = True
        label = self.fields["department"].label
        self.fields["department"] = department_field(unit, self.instance.department, label=label)
        self.order_fields(self.Meta.fields)
        if not isinstance(self.fields["department"], forms.ChoiceField):  # no department list yet
            self.fields["department"].widget.attrs["list"] = "department-list"

    def _post_clean(self):
        if self.cleaned_data.get("deadline_workdays") is None and "deadline_workdays" not in self.errors:
            self.cleaned_data["deadline_workdays"] = self.default_deadline
        super()._post_clean()

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class StepForm(forms.Form):
    """One step of an appeal (see TRANSITIONS): the service decides whether it is allowed."""

    action = forms.ChoiceField(choices=Action.choices, widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    text = forms.CharField(label=_("Text"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    feedback = forms.ChoiceField(
        label=_("Enterprise's feedback"), required=False, choices=[("", _("— choose —")), *Feedback.choices]
    )
    confirm_back = forms.BooleanField(label=_("Yes, reopen the appeal"), required=False)


STEP_TEXT_LABELS = {
    Action.COORDINATE: _("Note (optional)"),
    Action.RESOLVE: _("How it was resolved"),
    Action.UNRESOLVABLE: _("Why it cannot be resolved"),
    Action.CLOSE: _("The enterprise's comment"),
    Action.REOPEN: _("Reason for reopening"),
}
STEP_DATE_LABELS = {
    Action.RESOLVE: _("Date resolved"),
    Action.UNRESOLVABLE: _("Date of the decision"),
    Action.CLOSE: _("Closing date"),
}


# --- filters -------------------------------------------------------------------------------------------


class PeriodFilter(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


class VisitFilterForm(PeriodFilter):
    purpose = forms.ChoiceField(
        label=_("Purpose of the visit"), required=False, choices=[("", _("All purposes")), *Purpose.choices]
    )
    key_only = forms.BooleanField(label=_("Key enterprises only"), required=False)
    staff = forms.ModelChoiceField(label=_("Staff"), required=False, queryset=None, empty_label=_("All staff"))
    enterprise = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = queries.unit_staff(unit)
        self.fields["staff"].label_from_instance = _person


class ConsultationFilterForm(PeriodFilter):
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])
    key_projects = forms.BooleanField(label=_("Key projects only"), required=False)
    enterprise = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AppealFilterForm(PeriodFilter):
    STATES = [
        ("", _("All appeals")),
        ("open", _("Open (awaiting or being coordinated)")),
        ("overdue", _("Overdue")),
        ("due_soon", _("Due soon")),
        ("decided", _("Decided, not closed yet")),
        ("closed", _("Closed")),
    ]
    state = forms.ChoiceField(label=_("Show"), required=False, choices=STATES)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *AppealStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All sources")), *Source.choices])
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *AppealKind.choices])
    enterprise = forms.IntegerField(required=False, widget=forms.HiddenInput)


# --- import and settings ---------------------------------------------------------------------------------


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
    appeal_deadline_workdays = forms.IntegerField(
        label=_("Default deadline of an appeal (working days)"),
        min_value=LIMITS["appeal_deadline_workdays"][0],
        max_value=LIMITS["appeal_deadline_workdays"][1],
    )
    appeal_due_soon_workdays = forms.IntegerField(
        label=_("Flag open appeals due within (working days)"),
        min_value=LIMITS["appeal_due_soon_workdays"][0],
        max_value=LIMITS["appeal_due_soon_workdays"][1],
    )
