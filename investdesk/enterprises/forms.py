from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from investdesk.core.identifiers import USCC_CHECKSUM, normalise_uscc
from investdesk.enterprises import industries
from investdesk.enterprises.models import (
    Area,
    Contact,
    Enterprise,
    KeyLevel,
    Origin,
    Scale,
    ServicePlanItem,
    Status,
    Tag,
)
from investdesk.enterprises.queries import KEY_ANY, KEY_NONE, ORIGIN_EXTERNAL
from investdesk.enterprises.services import split_tags, staff_users

MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        full = obj.get_full_name()
        return f"{full}（{obj.username}）" if full else obj.username


class EnterpriseForm(forms.ModelForm):
    registered_capital_wan = forms.DecimalField(
        label=_("Registered capital (10,000 yuan)"), required=False, min_value=0, max_digits=14, decimal_places=6
    )
    tags_text = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separate tags with 、 or commas.")
    )
    confirm_uscc = forms.BooleanField(
        label=_("The code is an early pilot code: save it although its check character fails"),
        required=False,
        widget=forms.HiddenInput,
    )
    confirm_similar = forms.BooleanField(
        label=_("This is a different enterprise: save it although similar names are in the archive"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "former_names",
            "legal_rep",
            "founded_on",
            "industry_section",
            "industry_division",
            "address",
            "area",
            "origin",
            "is_key",
            "key_level",
            "scale",
            "status",
            "liaison_leader",
            "service_officer",
            "archived_on",
            "note",
        ]
        widgets = {
            "former_names": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "founded_on": _date_widget(),
            "archived_on": _date_widget(),
        }
        field_classes = {"liaison_leader": _StaffChoice, "service_officer": _StaffChoice}

    field_order = ["uscc", "confirm_uscc", "name", "confirm_similar", "former_names", "legal_rep"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.for_unit(unit)
        for name in ("liaison_leader", "service_officer"):
            self.fields[name].queryset = staff_users(unit)
        self.fields["uscc"].max_length = 30  # spaces and dashes are dropped before the code is checked
        self.fields["uscc"].validators = []
        self.fields["uscc"].widget.attrs["maxlength"] = "30"
        if self.instance.pk:
            self.initial.setdefault("registered_capital_wan", self.instance.registered_capital_wan)
            self.initial.setdefault("tags_text", "、".join(t.name for t in self.instance.tags.all()))
            self.initial.setdefault("confirm_uscc", self.instance.uscc_confirmed)

    def clean_uscc(self) -> str:
        return normalise_uscc(self.cleaned_data["uscc"])

    def clean(self):
        data = super().clean()
        # The model's clean() refuses a failing check character unless it was confirmed.
        self.instance.uscc_confirmed = bool(data.get("confirm_uscc"))
        return data

    def ask(self, name: str) -> None:
        """Show one of the confirmation checkboxes (they stay hidden until a warning needs them)."""
        self.fields[name].widget = forms.CheckboxInput()

    def after_validation(self) -> None:
        if self.has_error("uscc", USCC_CHECKSUM):
            self.ask("confirm_uscc")

    def model_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        wan = data.get("registered_capital_wan")
        fields["registered_capital"] = None if wan is None else (wan * 10000).quantize(Decimal("0.01"))
        fields["uscc_confirmed"] = bool(data.get("confirm_uscc"))
        return fields

    def tags(self) -> list[str]:
        return split_tags(self.cleaned_data.get("tags_text"))


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    key_level = forms.ChoiceField(
        label=_("Key level"),
        required=False,
        choices=[("", _("All")), (KEY_ANY, _("All key enterprises")), *KeyLevel.choices, (KEY_NONE, _("Not key"))],
    )
    origin = forms.ChoiceField(
        label=_("Origin"),
        required=False,
        choices=[("", _("All")), (ORIGIN_EXTERNAL, _("All external investors")), *Origin.choices],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    area = forms.ModelChoiceField(
        label=_("Street or park"), required=False, queryset=Area.objects.none(), empty_label=_("All")
    )
    industry_section = forms.ChoiceField(
        label=_("Industry section"), required=False, choices=[("", _("All")), *industries.section_choices()]
    )
    tag = forms.ModelChoiceField(label=_("Tag"), required=False, queryset=Tag.objects.none(), empty_label=_("All"))
    scale = forms.ChoiceField(label=_("Scale"), required=False, choices=[("", _("All")), *Scale.choices])

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.for_unit(unit)
        self.fields["tag"].queryset = Tag.objects.for_unit(unit)
        self.fields["q"].widget.attrs["placeholder"] = _(
            "Name, former name, credit code, pinyin initials, project code"
        )

    def filters(self) -> dict:
        """The valid filters; a bad value (say, another unit's area id) filters nothing."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "post", "phone", "note"]


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = ServicePlanItem
        fields = ["content", "owner", "due_on", "status", "done_on", "note"]
        widgets = {"due_on": _date_widget(), "done_on": _date_widget(), "note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"owner": _StaffChoice}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users(unit)
        self.fields["done_on"].help_text = _("Today when left empty for a done item.")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=200)


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "kind", "position"]


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
