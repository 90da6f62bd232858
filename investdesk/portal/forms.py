"""Forms of the public portal and of the staff inbox. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.enterprises.files import ALLOWED_TYPES, MAX_ATTACHMENT_BYTES
from investdesk.enterprises.models import Enterprise
from investdesk.portal import casework, services, tracking
from investdesk.portal.conf import MAX_FILES
from investdesk.portal.models import PortalRequest, RequestStatus
from investdesk.projects.models import InvestmentProject


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        items = [item for item in items if item]
        if not items:
            super().clean(None, initial)  # refuses when the field is required
            return []
        cleaned = []
        for item in items:
            cleaned.append(super().clean(item, initial))
        return cleaned


class RequestForm(forms.Form):
    """What an investor fills in on a phone: short labels, help text only where it saves a call."""

    enterprise_name = forms.CharField(
        label=_("Enterprise name"),
        max_length=200,
        help_text=_("The registered name, or the name you plan to register."),
    )
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        required=False,
        help_text=_("18 characters, on the business licence. Leave empty if the enterprise is not registered yet."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        help_text=_("We call you on this number. You also need it to follow your request."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    project_name = forms.CharField(label=_("Project name"), max_length=200)
    project_code = forms.CharField(
        label=_("Project code"),
        max_length=40,
        required=False,
        help_text=_("If the project already has one, e.g. 2022-530114-04-01-123456."),
    )
    help_needed = forms.CharField(
        label=_("What do you need help with?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The approvals you are applying for, where you are stuck, and by when you need them."),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to %(count)s files of %(mb)s MB each: PDF, pictures, Word, Excel, text or ZIP.")
        % {"count": MAX_FILES, "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
    )
    consent = forms.BooleanField(
        label=_("I agree that the center uses these details to handle my request and to contact me."),
        error_messages={"required": _("Please agree, otherwise we cannot contact you.")},
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["enterprise_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

    def clean_files(self):
        uploads = self.cleaned_data["files"] or []
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("Send at most %(count)s files; you chose %(chosen)s."),
                params={"count": MAX_FILES, "chosen": len(uploads)},
            )
        problems = []
        for upload in uploads:
            try:
                services.check_upload(upload)
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        return uploads

    def clean(self):
        cleaned = super().clean()
        # Fields that already failed (missing, too long) keep their own message.
        values = {name: cleaned[name] for name in ("uscc", "phone", "project_code") if name in cleaned}
        try:
            cleaned.update(services.clean_identifiers(self.unit, values))
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field, errors)
        return cleaned

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.REQUEST_FIELDS if name in self.cleaned_data}


class TrackForm(forms.Form):
    """A request's tracking number or a case's number (cases opened at the window have only that)."""

    number = forms.CharField(
        label=_("Tracking number or case number"),
        max_length=casework.MAX_CASE_NUMBER,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("The phone number you gave us with the request."),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        example = f"{unit.code.upper()}-{timezone.localdate().year}-0007"
        self.fields["number"].help_text = _(
            "The 10 letters and digits shown when you sent a request online, or your case number, e.g. %(example)s."
        ) % {"example": example}

    def clean_number(self):
        return tracking.normalise_number(self.cleaned_data["number"])


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("How satisfied are you with the service?"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What went well, what should be better."),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels


# --- staff -----------------------------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all"))] + list(RequestStatus.choices)
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("enterprise, project, contact, phone, number")}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for not accepting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requester reads it on the status page: say what they can do instead."),
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("Tracking number of the earlier request"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, request_obj: PortalRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_obj = request_obj

    def clean_original(self):
        number = tracking.normalise_number(self.cleaned_data["original"])
        found = PortalRequest.objects.for_unit(self.request_obj.unit_id).filter(tracking_number=number).first()
        if found is None:
            raise ValidationError(
                _("This unit has no request with the tracking number %(number)s."),
                params={"number": tracking.grouped(number)},
            )
        return found


class ConvertForm(forms.Form):
    """Turning a request into a case: the scope of the help, and the archive rows it belongs to."""

    scope = forms.ChoiceField(label=_("Scope of the help"))
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise in the archive"),
        queryset=Enterprise.objects.none(),
        required=False,
        empty_label=_("not in the archive yet"),
    )
    project = forms.ModelChoiceField(
        label=_("Investment project"),
        queryset=InvestmentProject.objects.none(),
        required=False,
        empty_label=_("not registered yet"),
    )

    def __init__(self, *args, enterprises, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = casework.SCOPE_CHOICES
        self.fields["enterprise"].queryset = Enterprise.objects.filter(pk__in=[e.pk for e in enterprises])
        self.fields["project"].queryset = InvestmentProject.objects.filter(pk__in=[p.pk for p in projects])
        self.fields["enterprise"].choices = [("", self.fields["enterprise"].empty_label)] + [
            (e.pk, f"{e.name} · {e.uscc}") for e in enterprises
        ]
        self.fields["project"].choices = [("", self.fields["project"].empty_label)] + [
            (p.pk, f"{p.name} · {p.project_code or '—'}") for p in projects
        ]

    @staticmethod
    def initial_for(obj: PortalRequest, enterprises, projects) -> dict:
        """The archive rows that match exactly: the same credit code, the same project code."""
        enterprise = next((e for e in enterprises if obj.enterprise_id == e.pk), None) or next(
            (e for e in enterprises if obj.uscc and e.uscc == obj.uscc), None
        )
        project = next((p for p in projects if obj.project_code and p.project_code == obj.project_code), None)
        return {
            "scope": casework.DEFAULT_SCOPE,
            "enterprise": enterprise.pk if enterprise else "",
            "project": project.pk if project else "",
        }
