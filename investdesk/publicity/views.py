"""The publicity pages: thin views that parse input, call a service and render (STYLE.md habit 1)."""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from investdesk.accounts.access import can, get_for_unit, require, unit_view
from investdesk.accounts.permissions import LEDGER_EDIT, PERFORMANCE_EDIT
from investdesk.core.models import ImportUpload
from investdesk.core.money import rate
from investdesk.core.periods import Period
from investdesk.core.web import choice_order, form_errors, list_sort, xlsx_response
from investdesk.publicity import metrics, platform, queries, services, sheets
from investdesk.publicity.conf import PublicitySettings, settings_for
from investdesk.publicity.forms import (
    ArticleFilterForm,
    ArticleForm,
    BatchForm,
    EngagementImportForm,
    EngagementOptionsForm,
    ImportForm,
    MaterialFilterForm,
    MaterialForm,
    SettingsForm,
    SnapshotForm,
    YearForm,
)
from investdesk.publicity.models import ENGAGEMENT_FIELDS, Article, Batch, Channel, Engagement, Material, MaterialType

log = logging.getLogger(__name__)
PAGE_SIZE = 25


def _year_form(request) -> YearForm:
    data = request.GET if request.GET.get("year") else {"year": str(queries.default_year(request.unit))}
    return YearForm(data)


# --- the summary of the year ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    target: int
    unit: str

    @property
    def met(self) -> bool:
        return self.value >= self.target

    @property
    def completion(self):
        return rate(self.value, self.target)


@unit_view()
def summary(request):
    form = _year_form(request)
    year = form.chosen_year()
    period = Period.year_of(year)
    conf = settings_for(request.unit)
    figures = [
        Figure("materials", _("Publicity materials distributed"),
               int(metrics.materials_distributed(request.unit, period)), conf.materials_target, _("copies")),
        Figure("articles", _("Articles published"),
               int(metrics.articles_published(request.unit, period)), conf.articles_target, _("article(s)")),
        Figure("attention", _("Media attention"),
               int(metrics.media_attention(request.unit, period)), conf.attention_target, _("times")),
    ]  # fmt: skip
    context = {
        "form": form,
        "year": year,
        "figures": figures,
        "attention": metrics.attention_totals(request.unit, period),
        "printed": int(metrics.materials_printed(request.unit, period)),
        "months": queries.monthly(request.unit, year),
        "channels": queries.by_channel(request.unit, year),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "publicity/summary.html", context)


@unit_view()
def publicity_settings(request):
    conf = settings_for(request.unit)
    editable = can(request, PERFORMANCE_EDIT)
    form = SettingsForm(request.POST or None, initial=conf.to_dict())
    if request.method == "POST":
        require(request, PERFORMANCE_EDIT)
        if form.is_valid():
            try:
                services.update_settings(request.unit, actor=request.user, values=form.cleaned_data)
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The publicity targets have been saved."))
                return redirect("publicity:settings")
    context = {"form": form, "editable": editable, "defaults": PublicitySettings()}
    return render(request, "publicity/settings.html", context)


# --- materials and batches ----------------------------------------------------------------------------------


MATERIAL_SORT = {
    "title": "title",
    "type": choice_order("material_type", MaterialType.choices),
    "printed_year": "printed_year",
    "distributed_year": "distributed_year",
    "cost_year": "cost_year",
    "printed_total": "printed_total",
    "distributed_total": "distributed_total",
    "stock": "stock",
    "last_batch": "last_batch_on",
}


@unit_view()
def material_list(request):
    data = request.GET.copy()
    data.setdefault("year", str(queries.default_year(request.unit)))
    form = MaterialFilterForm(data)
    filters = form.filters()
    sort = list_sort(request, MATERIAL_SORT)
    materials = sort.apply(queries.search_materials(request.unit, filters))
    page = Paginator(materials, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "year": filters["year"],
        "query": sort.query,
        "sort": sort,
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "publicity/materials.html", context)


def _material(request, pk: int) -> Material:
    return get_for_unit(Material, request, pk=pk)


@unit_view()
def material_detail(request, pk: int):
    material = _material(request, pk)
    batches = queries.batches_of(material)
    context = {
        "material": material,
        "batches": batches,
        "printed": sum(b.printed_copies for b in batches),
        "distributed": sum(b.distributed_copies for b in batches),
        "stock": batches[-1].stock if batches else 0,
        "batch_form": BatchForm(initial={"batch_on": timezone.localdate()}),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "publicity/material_detail.html", context)


def _material_form(request, material: Material | None):
    instance = Material.objects.get(pk=material.pk) if material else Material(unit=request.unit)
    form = MaterialForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_material(
                request.unit, actor=request.user, fields=form.cleaned_data, material=material
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” has been saved.") % {"title": saved.title})
            return redirect("publicity:material_detail", pk=saved.pk)
    return render(request, "publicity/material_form.html", {"form": form, "material": material})


@unit_view(LEDGER_EDIT)
def material_create(request):
    return _material_form(request, None)


@unit_view(LEDGER_EDIT)
def material_edit(request, pk: int):
    return _material_form(request, _material(request, pk))


@require_POST
@unit_view(LEDGER_EDIT)
def material_delete(request, pk: int):
    material = _material(request, pk)
    try:
        services.delete_material(material, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("publicity:material_detail", pk=material.pk)
    messages.success(request, _("“%(title)s” has been deleted.") % {"title": material.title})
    return redirect("publicity:materials")


def _batch_form(request, material: Material, batch: Batch | None):
    instance = Batch.objects.get(pk=batch.pk) if batch else Batch(unit=request.unit, material=material)
    initial = {} if batch else {"batch_on": timezone.localdate()}
    form = BatchForm(request.POST or None, request.FILES or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_batch(
                material,
                actor=request.user,
                fields=form.service_fields(),
                batch=batch,
                evidence=form.cleaned_data.get("evidence_file"),
            )
        except ValidationError as exc:
            form_errors(form, exc)
            if hasattr(exc, "error_dict") and "evidence" in exc.error_dict:
                for message in exc.message_dict["evidence"]:
                    form.add_error("evidence_file", message)
        else:
            messages.success(request, _("The batch has been saved."))
            return redirect(reverse("publicity:material_detail", args=[material.pk]) + "#batches")
    return render(request, "publicity/batch_form.html", {"form": form, "material": material, "batch": batch})


@unit_view(LEDGER_EDIT)
def batch_create(request, pk: int):
    return _batch_form(request, _material(request, pk), None)


def _batch(request, pk: int) -> Batch:
    return get_for_unit(Batch.objects.select_related("material"), request, pk=pk)


@unit_view(LEDGER_EDIT)
def batch_edit(request, pk: int):
    batch = _batch(request, pk)
    return _batch_form(request, batch.material, batch)


@require_POST
@unit_view(LEDGER_EDIT)
def batch_delete(request, pk: int):
    batch = _batch(request, pk)
    try:
        services.delete_batch(batch, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The batch has been deleted."))
    return redirect(reverse("publicity:material_detail", args=[batch.material_id]) + "#batches")


@unit_view()
def batch_evidence(request, pk: int):
    batch = _batch(request, pk)
    if not batch.evidence:
        raise Http404("no evidence")
    try:
        handle = batch.evidence.open("rb")
    except FileNotFoundError:
        log.error("the evidence file of batch %s is missing: %s", batch.pk, batch.evidence.name)
        raise Http404("file missing") from None
    kind = mimetypes.guess_type(batch.evidence_name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=batch.evidence_name, content_type=kind)


@require_POST
@unit_view(LEDGER_EDIT)
def batch_evidence_remove(request, pk: int):
    batch = _batch(request, pk)
    services.remove_evidence(batch, actor=request.user)
    messages.success(request, _("The evidence file has been removed."))
    return redirect(reverse("publicity:material_detail", args=[batch.material_id]) + "#batches")


# --- articles and snapshots ----------------------------------------------------------------------------------


ARTICLE_SORT = {
    "title": "title",
    "channel": choice_order("channel", Channel.choices),
    "published": "published_on",
    "author": ("author", "staff__first_name"),
}


@unit_view()
def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    sort = list_sort(request, ARTICLE_SORT)
    articles = sort.apply(queries.search_articles(request.unit, form.filters()))
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    queries.attach_latest(rows)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": sort.query,
        "sort": sort,
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "publicity/articles.html", context)


def _article(request, pk: int) -> Article:
    return get_for_unit(Article.objects.select_related("staff"), request, pk=pk)


def _chart(snapshots: list[Engagement]) -> dict:
    """The snapshots as ECharts series data (written with json_script, read by the page's script)."""
    data: dict = {"dates": [s.taken_on.isoformat() for s in snapshots]}
    data |= {name: [getattr(s, name) for s in snapshots] for name in (*ENGAGEMENT_FIELDS, "total")}
    labels = {name: str(Engagement._meta.get_field(name).verbose_name) for name in ENGAGEMENT_FIELDS}
    data["labels"] = labels | {"total": _("media attention")}
    return data


@unit_view()
def article_detail(request, pk: int):
    article = _article(request, pk)
    snapshots = list(article.snapshots.select_related("created_by").order_by("taken_on", "pk"))
    context = {
        "article": article,
        "snapshots": snapshots,
        "latest": snapshots[-1] if snapshots else None,
        "chart": _chart(snapshots),
        "snapshot_form": SnapshotForm(initial={"taken_on": timezone.localdate()}),
        "can_edit": can(request, LEDGER_EDIT),
    }
    return render(request, "publicity/article_detail.html", context)


def _article_form(request, article: Article | None):
    instance = Article.objects.get(pk=article.pk) if article else Article(unit=request.unit)
    initial = {} if article else {"published_on": timezone.localdate(), "staff": request.user.pk}
    form = ArticleForm(request.POST or None, instance=instance, unit=request.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_article(request.unit, actor=request.user, fields=form.cleaned_data, article=article)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("“%(title)s” has been saved.") % {"title": saved.title})
            return redirect("publicity:article_detail", pk=saved.pk)
    return render(request, "publicity/article_form.html", {"form": form, "article": article})


@unit_view(LEDGER_EDIT)
def article_create(request):
    return _article_form(request, None)


@unit_view(LEDGER_EDIT)
def article_edit(request, pk: int):
    return _article_form(request, _article(request, pk))


@require_POST
@unit_view(LEDGER_EDIT)
def article_delete(request, pk: int):
    article = _article(request, pk)
    services.delete_article(article, actor=request.user)
    messages.success(request, _("“%(title)s” has been deleted.") % {"title": article.title})
    return redirect("publicity:articles")


def _snapshot_form(request, article: Article, snapshot: Engagement | None):
    instance = Engagement.objects.get(pk=snapshot.pk) if snapshot else Engagement(unit=request.unit, article=article)
    initial = {} if snapshot else {"taken_on": timezone.localdate()}
    form = SnapshotForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _saved, warnings = services.record_snapshot(
                article, actor=request.user, fields=form.cleaned_data, snapshot=snapshot
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The snapshot has been saved."))
            for warning in warnings:
                messages.warning(request, _("Please check: %(warning)s") % {"warning": warning})
            return redirect(reverse("publicity:article_detail", args=[article.pk]) + "#snapshots")
    context = {"form": form, "article": article, "snapshot": snapshot}
    return render(request, "publicity/snapshot_form.html", context)


@unit_view(LEDGER_EDIT)
def snapshot_create(request, pk: int):
    return _snapshot_form(request, _article(request, pk), None)


def _snapshot(request, pk: int) -> Engagement:
    return get_for_unit(Engagement.objects.select_related("article"), request, pk=pk)


@unit_view(LEDGER_EDIT)
def snapshot_edit(request, pk: int):
    snapshot = _snapshot(request, pk)
    return _snapshot_form(request, snapshot.article, snapshot)


@require_POST
@unit_view(LEDGER_EDIT)
def snapshot_delete(request, pk: int):
    snapshot = _snapshot(request, pk)
    services.delete_snapshot(snapshot, actor=request.user)
    messages.success(request, _("The snapshot has been deleted."))
    return redirect(reverse("publicity:article_detail", args=[snapshot.article_id]) + "#snapshots")


# --- Excel: materials (batches) and articles ------------------------------------------------------------------


@dataclass(frozen=True)
class SheetKind:
    kind: str
    plan: object
    apply: object
    title: str
    list_url: str
    template_url: str
    preview_url: str


def _sheet_kinds() -> dict[str, SheetKind]:
    return {
        "batches": SheetKind(sheets.BATCHES_KIND, sheets.plan_batches, sheets.apply_batches,
                             _("Import material batches"), "publicity:materials", "publicity:materials_template",
                             "publicity:materials_import_preview"),
        "articles": SheetKind(sheets.ARTICLES_KIND, sheets.plan_articles, sheets.apply_articles,
                              _("Import articles"), "publicity:articles", "publicity:articles_template",
                              "publicity:articles_import_preview"),
    }  # fmt: skip


def _sheet_upload(request, which: str):
    sheet = _sheet_kinds()[which]
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        draft = ImportUpload.objects.create(
            unit=request.unit, kind=sheet.kind, created_by=request.user, filename=upload.name[:255], data=upload.read()
        )
        return redirect(sheet.preview_url, pk=draft.pk)
    return render(request, "publicity/import.html", {"form": form, "sheet": sheet, "which": which})


def _sheet_preview(request, which: str, pk: int):
    sheet = _sheet_kinds()[which]
    draft = get_for_unit(ImportUpload, request, pk=pk, kind=sheet.kind, created_by=request.user)
    result = sheet.plan(request.unit, bytes(draft.data))
    if request.method == "POST" and result.ok:
        try:
            created, updated = sheet.apply(request.unit, result, actor=request.user)
        except ValidationError as exc:
            log.warning("import %s of unit %s refused at confirmation: %s", draft.pk, request.unit.code, exc.messages)
            for message in exc.messages:
                messages.error(request, message)
        else:
            draft.delete()
            messages.success(
                request, _("%(created)s rows added and %(updated)s updated.") % {"created": created, "updated": updated}
            )
            return redirect(sheet.list_url)
    context = {"draft": draft, "result": result, "sheet": sheet, "which": which}
    return render(request, "publicity/import_preview.html", context)


@unit_view(LEDGER_EDIT)
def materials_import(request):
    return _sheet_upload(request, "batches")


@unit_view(LEDGER_EDIT)
def materials_import_preview(request, pk: int):
    return _sheet_preview(request, "batches", pk)


@unit_view()
def materials_template(request):
    return xlsx_response(sheets.batches_template(), _("material batches import template.xlsx"))


@unit_view()
def materials_export(request):
    batches = Batch.objects.for_unit(request.unit).select_related("material").order_by("material__title", "batch_on")
    day = timezone.localdate()
    return xlsx_response(sheets.batches_export(batches), _("material batches %(day)s.xlsx") % {"day": day})


@unit_view(LEDGER_EDIT)
def articles_import(request):
    return _sheet_upload(request, "articles")


@unit_view(LEDGER_EDIT)
def articles_import_preview(request, pk: int):
    return _sheet_preview(request, "articles", pk)


@unit_view()
def articles_template(request):
    return xlsx_response(sheets.articles_template(), _("articles import template.xlsx"))


@unit_view()
def articles_export(request):
    form = ArticleFilterForm(request.GET or None)
    articles = list(queries.search_articles(request.unit, form.filters()))
    queries.attach_latest(articles)
    day = timezone.localdate()
    return xlsx_response(sheets.articles_export(articles), _("articles %(day)s.xlsx") % {"day": day})


# --- platform exports of engagement -------------------------------------------------------------------------


@unit_view(LEDGER_EDIT)
def engagement_import(request):
    form = EngagementImportForm(request.POST or None, request.FILES or None, initial={"taken_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        draft = ImportUpload.objects.create(
            unit=request.unit,
            kind=platform.KIND,
            created_by=request.user,
            filename=upload.name[:255],
            data=upload.read(),
        )
        options = {
            "channel": form.cleaned_data["channel"],
            "taken_on": form.cleaned_data["taken_on"].isoformat(),
            "create_missing": "on" if form.cleaned_data["create_missing"] else "",
        }
        query = urlencode({k: v for k, v in options.items() if v})
        return redirect(reverse("publicity:engagement_preview", args=[draft.pk]) + f"?{query}")
    return render(request, "publicity/engagement_import.html", {"form": form})


@unit_view(LEDGER_EDIT)
def engagement_preview(request, pk: int):
    draft = get_for_unit(ImportUpload, request, pk=pk, kind=platform.KIND, created_by=request.user)
    options_form = EngagementOptionsForm(request.POST if request.method == "POST" else request.GET)
    if not options_form.is_valid():
        for name, errors in options_form.errors.items():
            label = options_form.fields[name].label if name in options_form.fields else ""
            for message in errors:
                messages.error(request, f"{label}：{message}" if label else message)
        return redirect("publicity:engagement_import")
    options = platform.Options(**options_form.cleaned_data)
    result = platform.plan(request.unit, draft.filename, bytes(draft.data), options)
    if request.method == "POST" and result.ok:
        try:
            created, updated, new = platform.apply(request.unit, result, actor=request.user, filename=draft.filename)
        except ValidationError as exc:
            log.warning("engagement import %s of unit %s refused: %s", draft.pk, request.unit.code, exc.messages)
            for message in exc.messages:
                messages.error(request, message)
        else:
            draft.delete()
            messages.success(
                request,
                _("%(created)s snapshots added, %(updated)s updated, %(new)s articles created.")
                % {"created": created, "updated": updated, "new": new},
            )
            return redirect("publicity:articles")
    context = {"draft": draft, "result": result, "options": options_form.cleaned_data}
    return render(request, "publicity/engagement_preview.html", context)


@unit_view()
def engagement_template(request):
    return xlsx_response(platform.template(), _("engagement import template.xlsx"))


@unit_view()
def engagement_export(request):
    """Every snapshot of the articles the list shows (same filters), oldest first per article."""
    form = ArticleFilterForm(request.GET or None)
    articles = queries.search_articles(request.unit, form.filters()).values("pk")
    snapshots = (
        Engagement.objects.filter(article__in=articles)
        .select_related("article")
        .order_by("article__published_on", "article_id", "taken_on")
    )
    day = timezone.localdate()
    return xlsx_response(platform.export(snapshots), _("engagement snapshots %(day)s.xlsx") % {"day": day})
