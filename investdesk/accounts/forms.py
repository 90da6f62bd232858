from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.accounts.models import Membership, Role
from investdesk.core.identifiers import USCC_CHECKSUM, validate_phone, validate_uscc
from investdesk.core.models import Unit


class AuditFilterForm(forms.Form):
    ACTIONS = [
        ("", _("All actions")),
        ("0", _("Create")),
        ("1", _("Change")),
        ("2", _("Delete")),
        ("3", pgettext_lazy("audit action", "Access")),
    ]

    model = forms.ChoiceField(label=_("Record type"), required=False)
    actor = forms.ModelChoiceField(
        label=_("By"), queryset=get_user_model().objects.none(), required=False, empty_label=_("Everyone")
    )
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=_("Record contains"), required=False, max_length=100)

    def __init__(self, *args, model_choices, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All record types")), *model_choices]
        self.fields["actor"].queryset = actors

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class UnitForm(forms.ModelForm):
    confirm_uscc = forms.BooleanField(
        label=_("Save the code although its check character does not match"), required=False
    )

    class Meta:
        model = Unit
        fields = ["name", "uscc", "address", "phone", "legal_rep", "funding_source", "department", "profile"]
        widgets = {"profile": forms.Textarea(attrs={"rows": 4})}

    def clean_uscc(self):
        value = self.cleaned_data["uscc"]
        if not value:
            return value
        try:
            return validate_uscc(value, allow_bad_checksum=self.data.get("confirm_uscc") in ("on", "true", "1"))
        except ValidationError as exc:
            if exc.code == USCC_CHECKSUM:
                self.needs_uscc_confirmation = True
            raise

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        return validate_phone(value) if value else value


class MemberAddForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Needed for a new user; an existing user keeps theirs."),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        data = super().clean()
        username = data.get("username")
        if not username:
            return data
        user = get_user_model().objects.filter(username=username).first()
        if user and Membership.objects.filter(user=user, unit=self.unit).exists():
            self.add_error("username", _("This user is already a member of the unit."))
        if user is None:
            password = data.get("password")
            if not password:
                self.add_error("password", _("A new user needs an initial password."))
            else:
                candidate = get_user_model()(username=username, first_name=data.get("full_name", ""))
                try:
                    password_validation.validate_password(password, candidate)
                except ValidationError as exc:
                    self.add_error("password", exc)
        data["existing_user"] = user
        return data


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class CalendarDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.TypedChoiceField(
        label=_("The day is"),
        choices=[("0", _("a holiday (no work)")), ("1", _("a working day (调休)"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), max_length=100, required=False, help_text=_("e.g. 国庆节, 调休上班"))
