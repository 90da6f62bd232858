from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.enterprises.services import staff_users
from investdesk.publicity.models import ENGAGEMENT_FIELDS, Article, Batch, Channel, Engagement, Material, MaterialType

MAX_IMPORT_BYTES = 5 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIRST_YEAR = 2015


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["material_type", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BatchForm(forms.ModelForm):
    evidence_file = forms.FileField(
        label=_("Photo or evidence"),
        required=False,
        help_text=_("Optional: a photo of the hand-out, the printing invoice… (PDF, image, Office file)."),
    )

    class Meta:
        model = Batch
        fields = ["batch_on", "printed_copies", "distributed_copies", "distribution", "cost_yuan", "note"]
        widgets = {"batch_on": DATE}

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "channel", "url", "published_on", "author", "staff", "note"]
        widgets = {"published_on": DATE, "url": forms.URLInput(attrs={"placeholder": "https://"})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_users(unit)
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.username


class SnapshotForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["taken_on", *ENGAGEMENT_FIELDS]
        widgets = {"taken_on": DATE}


def _check_upload(upload, suffixes: tuple[str, ...]):
    if Path(upload.name).suffix.lower() not in suffixes:
        raise ValidationError(
            _("“%(name)s”: only %(types)s files are accepted."),
            params={"name": upload.name, "types": "、".join(suffixes)},
        )
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB."),
            params={"name": upload.name, "mb": MAX_IMPORT_BYTES // (1024 * 1024)},
        )
    return upload


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))

    def clean_file(self):
        return _check_upload(self.cleaned_data["file"], (".xlsx",))


class EngagementOptionsForm(forms.Form):
    """How to read a platform export: its channel, the snapshot date when the file has none, and
    whether articles that are not in the ledger yet are created."""

    channel = forms.ChoiceField(
        label=_("Channel of the export"),
        choices=Channel.choices,
        initial=Channel.WECHAT,
        help_text=_("Articles are matched by URL, or by their exact title among this channel's articles."),
    )
    taken_on = forms.DateField(
        label=_("Snapshot date"),
        widget=DATE,
        help_text=_("Used for rows without a date column (statistics date); usually the day of the export."),
    )
    create_missing = forms.BooleanField(
        label=_("Create the articles that are not in the ledger yet"),
        required=False,
        help_text=_("They need a publication date column; otherwise unknown articles are listed as errors."),
    )

    def clean_taken_on(self):
        day = self.cleaned_data["taken_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The snapshot date cannot be in the future."))
        return day


class EngagementImportForm(EngagementOptionsForm):
    file = forms.FileField(
        label=_("Platform export (.csv or .xlsx)"),
        help_text=_("CSV in UTF-8 or GB18030 (as the WeChat backend exports it), or an Excel workbook."),
    )

    field_order = ["file", "channel", "taken_on", "create_missing"]

    def clean_file(self):
        return _check_upload(self.cleaned_data["file"], (".csv", ".xlsx"))


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("all channels")), *Channel.choices]
        self.fields["year"].choices = [("", _("all years")), *year_choices()]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"q": "", "channel": "", "year": ""}
        return self.cleaned_data


class MaterialFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    material_type = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material_type"].choices = [("", _("all types")), *MaterialType.choices]
        self.fields["year"].choices = year_choices()

    def filters(self) -> dict:
        default = {"q": "", "material_type": "", "year": str(timezone.localdate().year)}
        if not self.is_bound or not self.is_valid():
            return default
        return {**default, **{k: v for k, v in self.cleaned_data.items() if v}}


class YearForm(forms.Form):
    year = forms.ChoiceField(label=_("Year"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid():
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


class SettingsForm(forms.Form):
    materials_target = forms.IntegerField(
        label=_("Target: publicity materials distributed (copies)"), min_value=0, max_value=100_000_000
    )
    articles_target = forms.IntegerField(label=_("Target: articles published"), min_value=0, max_value=100_000_000)
    attention_target = forms.IntegerField(label=_("Target: media attention"), min_value=0, max_value=100_000_000)
