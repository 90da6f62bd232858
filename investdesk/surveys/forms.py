"""Forms of the survey builder and the public answer form (built from the survey's questions)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from investdesk.surveys import blueprints
from investdesk.surveys.conf import AWARENESS_RULES
from investdesk.surveys.models import (
    Audience,
    Channel,
    Level,
    Question,
    QuestionKind,
    Survey,
)
from investdesk.surveys.services import SURVEY_FIELDS, Submission

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def year_or(self, default: int) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return default


class BlueprintForm(forms.Form):
    """Step one of a new survey: start from a template (or from nothing) for a year."""

    blueprint = forms.ChoiceField(label=_("Template"), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blueprint"].choices = [("", _("Empty survey")), *blueprints.choices()]


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = list(SURVEY_FIELDS)
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "intro": forms.Textarea(attrs={"rows": 3}),
            "intro_en": forms.Textarea(attrs={"rows": 3}),
        }

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SURVEY_FIELDS}


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Survey._meta.get_field("status").choices)


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the copy"), min_value=2000, max_value=2100)
    slug = forms.CharField(
        label=_("Link name of the copy"),
        required=False,
        max_length=60,
        help_text=_("Leave empty to replace the year in the current link name."),
    )


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Choice and knowledge questions: one option per line; an English text may follow after “|”, "
            "e.g. 免费 | Free of charge."
        ),
    )
    correct = forms.IntegerField(
        label=_("Number of the correct option"),
        required=False,
        min_value=1,
        help_text=_("Knowledge questions only: 1 for the first line, 2 for the second, …"),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "text_en", "required", "counts_for_rate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form's order: the options right after the question's texts.
        self.order_fields(["kind", "text", "text_en", "options_text", "correct", "required", "counts_for_rate"])
        if self.instance.pk and not self.is_bound:
            options = list(self.instance.options.all())
            self.initial["options_text"] = "\n".join(
                f"{o.label} | {o.label_en}" if o.label_en else o.label for o in options
            )
            self.initial["correct"] = next((n for n, o in enumerate(options, 1) if o.is_correct), None)

    def options(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data.get("options_text", "").splitlines():
            label, _sep, label_en = line.partition("|")
            if label.strip():
                rows.append((label.strip()[:200], label_en.strip()[:200]))
        return rows

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TokenForm(forms.Form):
    count = forms.IntegerField(label=_("Number of codes"), min_value=1)
    label = forms.CharField(label=_("Note"), required=False, max_length=100)


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["code", "name", "name_en", "position", "is_active"]


class SettingsForm(forms.Form):
    answers_per_ip_hour = forms.IntegerField(label=_("Answers per address and hour"), min_value=1, max_value=10000)
    awareness_rule = forms.ChoiceField(
        label=_("A respondent knows when"),
        choices=[
            (AWARENESS_RULES[0], _("more than half of the knowledge questions are answered correctly")),
            (AWARENESS_RULES[1], _("every knowledge question is answered correctly")),
        ],
    )
    max_tokens_per_batch = forms.IntegerField(
        label=_("Invitation codes per batch at most"), min_value=1, max_value=5000
    )


# --- the public answer form ------------------------------------------------------------------------------


class ChoiceList(forms.RadioSelect):
    option_template_name = "surveys/public/_option.html"


class CheckList(forms.CheckboxSelectMultiple):
    option_template_name = "surveys/public/_option.html"


def _field(q: Question) -> forms.Field:
    label, required = q.display_text, q.required
    if q.kind == QuestionKind.SATISFACTION:
        return forms.ChoiceField(label=label, required=required, choices=Level.choices, widget=ChoiceList)
    if q.kind == QuestionKind.TEXT:
        return forms.CharField(
            label=label, required=required, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
        )
    choices = [(str(o.pk), o.display_label) for o in q.options.all()]
    if q.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(label=label, required=required, choices=choices, widget=CheckList)
    return forms.ChoiceField(label=label, required=required, choices=choices, widget=ChoiceList)


class AnswerForm(forms.Form):
    """One field per question (`q<id>`), the respondent's audience for a mixed survey, and for a
    survey that is not anonymous an optional name and phone."""

    def __init__(self, *args, survey: Survey, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.questions = survey, questions
        self.error_messages_required = _("Please answer this question.")
        if survey.asks_audience:
            self.fields["audience"] = forms.ChoiceField(
                label=_("You are"),
                choices=[
                    (Audience.CITIZENS, _("here on my own business")),
                    (Audience.INVESTORS, _("an investor or representing one")),
                ],
                widget=ChoiceList,
            )
        for number, q in enumerate(questions, 1):
            field = _field(q)
            field.number = number
            field.error_messages["required"] = self.error_messages_required
            self.fields[f"q{q.pk}"] = field
        if not survey.anonymous:
            self.fields["name"] = forms.CharField(label=_("Your name (optional)"), required=False, max_length=50)
            self.fields["phone"] = forms.CharField(label=_("Your phone (optional)"), required=False, max_length=20)

    def submission(self) -> Submission:
        data = self.cleaned_data
        values = {q.pk: data.get(f"q{q.pk}") for q in self.questions}
        return Submission(
            values=values,
            audience=data.get("audience", ""),
            name=data.get("name", ""),
            phone=re.sub(r"\s", "", data.get("phone", "")),
        )
