"""Forms of the case pages: they parse input; the services decide and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from investdesk.cases.conf import LIMITS, CaseSettings
from investdesk.cases.models import (
    ActionKind,
    AgencyCase,
    Blocker,
    BlockerAction,
    CaseStatus,
    Channel,
    FileKind,
    PlanItem,
    RatingLevel,
    Scope,
)
from investdesk.cases.services import staff_who_may_handle
from investdesk.enterprises.models import Enterprise
from investdesk.projects.departments import department_field
from investdesk.projects.models import InvestmentProject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OVERDUE, DUE_SOON = "overdue", "due_soon"


def _person(user) -> str:
    return user.get_full_name() or user.username


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    agent = forms.ModelChoiceField(label=_("Agent"), required=False, queryset=None, empty_label=_("All agents"))
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    mark = forms.ChoiceField(
        label=_("Deadlines"),
        required=False,
        choices=[("", _("All")), (OVERDUE, _("overdue")), (DUE_SOON, _("due soon"))],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, unit, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *CaseStatus.choices]
        self.fields["channel"].choices = [("", _("All channels")), *Channel.choices]
        self.fields["agent"].queryset = staff_who_may_handle(unit)
        self.fields["agent"].label_from_instance = _person
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class CaseForm(forms.ModelForm):
    """A case's data. The enterprise and project may be picked from the archive, or given by name
    while they are not archived yet."""

    class Meta:
        model = AgencyCase
        fields = [
            "channel",
            "scope",
            "enterprise",
            "enterprise_name",
            "uscc",
            "requester_name",
            "requester_phone",
            "project",
            "project_name",
            "project_code",
            "help_needed",
            "applied_on",
        ]
        widgets = {"applied_on": DATE, "help_needed": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.for_unit(unit).order_by("name")
        self.fields["enterprise"].label_from_instance = lambda e: f"{e.name}（{e.uscc}）"
        self.fields["enterprise"].help_text = _("Leave empty when the enterprise is not in the archive yet.")
        self.fields["project"].queryset = (
            InvestmentProject.objects.for_unit(unit).select_related("enterprise").order_by("name")
        )
        self.fields["project"].label_from_instance = lambda p: f"{p.name}（{p.enterprise.name}）"
        self.fields["project"].help_text = _("The plan lists the approval items of this project.")
        self.fields["applied_on"].required = True
        self.fields["channel"].initial = Channel.WINDOW
        self.fields["scope"].initial = Scope.FULL

    def _post_clean(self):
        # The service validates the whole case (with messages on these fields); the model's own
        # full_clean here would only repeat it.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class AssignForm(forms.Form):
    """The responsible agent and the co-agents: the unit's active agents and directors, by name.
    The lead agent is never also a co-agent (the page hides that box; `clean` drops it)."""

    agent = forms.ModelChoiceField(label=_("Agent"), queryset=None)
    co_agents = forms.ModelMultipleChoiceField(
        label=_("Co-agents"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Colleagues who work on the case with the agent; they see it under their own cases."),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("agent", "co_agents"):
            self.fields[name].queryset = staff_who_may_handle(unit)
            self.fields[name].label_from_instance = _person

    def clean(self):
        data = super().clean()
        agent = data.get("agent")
        if agent is not None and data.get("co_agents") is not None:
            data["co_agents"] = [u for u in data["co_agents"] if u.pk != agent.pk]
        return data


class MandateForm(forms.Form):
    mandate_number = forms.CharField(label=_("letter of authorisation number"), max_length=60)
    mandate_signed_on = forms.DateField(label=_("letter of authorisation signed on"), widget=DATE)
    file = forms.FileField(label=_("Signed letter (scan)"), required=False)


class TransitionForm(forms.Form):
    """Any step parses; the service decides whether it is allowed and says why not."""

    on = forms.DateField(
        label=_("Date"), required=False, widget=DATE, help_text=_("The day it happened; empty for today.")
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    handover = forms.CharField(label=_("hand-over list"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BlockerForm(forms.ModelForm):
    class Meta:
        model = Blocker
        fields = ["plan_item", "department", "description", "raised_on"]
        widgets = {"raised_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        label = self.fields["department"].label
        self.fields["department"] = department_field(case.unit, self.instance.department, label=label)
        self.order_fields(self.Meta.fields)
        self.fields["plan_item"].queryset = PlanItem.objects.filter(case=case).select_related("approval_item")
        self.fields["plan_item"].label_from_instance = lambda p: p.approval_item.name
        self.fields["raised_on"].initial = timezone.localdate()

    def _post_clean(self):
        pass


class BlockerActionForm(forms.ModelForm):
    class Meta:
        model = BlockerAction
        fields = ["kind", "taken_on", "content", "result"]
        widgets = {
            "taken_on": DATE,
            "content": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ActionKind.COORDINATION
        self.fields["taken_on"].initial = timezone.localdate()

    def _post_clean(self):
        pass


class ResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("resolved on"), required=False, widget=DATE)
    resolution = forms.CharField(label=_("how it was resolved"), widget=forms.Textarea(attrs={"rows": 2}))


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(label=_("Kind"), choices=FileKind.choices, initial=FileKind.OTHER)
    description = forms.CharField(label=_("Description"), required=False, max_length=200)


class RatingForm(forms.Form):
    """A rating taken on a phone follow-up, recorded by the agent."""

    level = forms.ChoiceField(label=_("Rating"), choices=RatingLevel.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Called on"), required=False, widget=DATE)


class RectificationForm(forms.Form):
    responsible = forms.ModelChoiceField(label=_("responsible person"), queryset=None)
    measures = forms.CharField(
        label=_("rectification measures"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_who_may_handle(unit)
        self.fields["responsible"].label_from_instance = _person


class RectificationFollowupForm(forms.Form):
    followed_up_on = forms.DateField(label=_("follow-up date"), required=False, widget=DATE)
    follow_up_note = forms.CharField(label=_("follow-up record"), widget=forms.Textarea(attrs={"rows": 3}))


class RectificationCloseForm(forms.Form):
    result = forms.CharField(label=pgettext_lazy("rectification", "result"), widget=forms.Textarea(attrs={"rows": 3}))
    requester_reply = forms.CharField(label=_("the requester's reply"), widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("closed on"), required=False, widget=DATE)


class RatingFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)


SETTING_LABELS = {
    "acceptance_workdays": _("Acceptance: working days from the request"),
    "plan_workdays": _("Plan: working days from acceptance to the start of the work"),
    "visit_workdays": _("Follow-up visit: working days after completion"),
    "rating_window_workdays": _("Rating window: working days after completion"),
    "rectification_workdays": _("Rectification: working days after a bad rating"),
    "due_soon_workdays": _("Flag a deadline this many working days before it"),
}


class SettingsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = CaseSettings()
        for name, label in SETTING_LABELS.items():
            low, high = LIMITS[name]
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=low,
                max_value=high,
                help_text=_("Default: %(n)s") % {"n": getattr(defaults, name)},
            )
