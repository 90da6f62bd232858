"""Material batches and articles to and from Excel (STYLE.md habit 9), on core.tabular.

Batches: a row names its material by title (created, with the row's type, when the unit has no
material of that title) and updates the batch of the same material, date and place, or adds one.
Articles: a row updates the article with the same URL, or — without a URL — the article with the
same title, channel and publication date, or adds one. Every bad cell and every row the model or
the copies check refuses is reported with its Excel row number and header; rows are saved in one
transaction only when there is no error at all. Exports use the same headers, so they import again.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import translation
from django.utils.translation import gettext as _

from investdesk.core.tabular import (
    Column,
    RowError,
    export_xlsx,
    model_row_errors,
    parse_date,
    parse_decimal,
    read_xlsx,
    template_xlsx,
)
from investdesk.publicity import services
from investdesk.publicity.models import Article, Batch, Channel, Engagement, Material, MaterialType

log = logging.getLogger(__name__)
BATCHES_KIND = "publicity.batches"
ARTICLES_KIND = "publicity.articles"
LANGUAGES = ("zh-hans", "en")


def choice(choices, aliases: tuple = ()):
    """Accept a choice by its stored value or its label in Chinese or English (case-blind)."""

    def parse(text: str) -> str:
        by_text = {}
        for language in LANGUAGES:
            with translation.override(language):
                for value, label in (*choices.choices, *aliases):
                    by_text[str(value).lower()] = value
                    by_text[str(label).lower()] = value
        found = by_text.get(text.strip().lower())
        if found is None:
            allowed = "、".join(str(label) for _value, label in choices.choices)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed})
        return found

    return parse


def copies(text: str) -> int:
    number = parse_decimal(text)
    if number < 0 or number != number.to_integral_value():
        raise ValueError(_("“%(value)s” is not a whole number of copies.") % {"value": text})
    return int(number)


def money(text: str) -> Decimal:
    amount = parse_decimal(text)
    if amount < 0:
        raise ValueError(_("The amount cannot be negative."))
    return amount


def _display(name: str):
    return lambda obj: getattr(obj, f"get_{name}_display")() if getattr(obj, name) else ""


MATERIAL_ALIASES = ((MaterialType.GUIDE, "服务指南"), (MaterialType.GUIDE, "指南"),
                    (MaterialType.BROCHURE, "宣传册"), (MaterialType.BANNER, "横幅"),
                    (MaterialType.POSTER, "海报"), (MaterialType.OTHER, "其他"))  # fmt: skip
CHANNEL_ALIASES = ((Channel.WECHAT, "公众号"), (Channel.WECHAT, "微信公众号"), (Channel.WECHAT, "微信"),
                   (Channel.WEBSITE, "网站"), (Channel.WEBSITE, "门户网站"), (Channel.PRESS, "报刊"),
                   (Channel.PRESS, "报纸"), (Channel.TV, "电视"), (Channel.SHORT_VIDEO, "短视频"),
                   (Channel.SHORT_VIDEO, "抖音"), (Channel.SHORT_VIDEO, "视频号"), (Channel.OTHER, "其他"))  # fmt: skip


@dataclass
class PlannedRow:
    number: int
    obj: Batch | Article  # unsaved changes applied; pk set when the row updates an existing one
    is_new: bool
    new_material: bool = False


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.is_new)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if not r.is_new)


# --- material batches --------------------------------------------------------------------------------


def batch_columns() -> list[Column]:
    return [
        Column("material_title", _("Material"), ("宣传材料", "材料名称", "Material"), required=True, width=28,
               export=lambda b: b.material.title,
               help=_("The material's title; a new title creates the material with the row's type.")),
        Column("material_type", _("Type"), ("类型", "材料类型", "Type"), parse=choice(MaterialType, MATERIAL_ALIASES),
               export=lambda b: b.material.get_material_type_display()),
        Column("batch_on", _("Date"), ("日期", "发放日期", "批次日期", "Date"), required=True, parse=parse_date,
               kind="date", width=12),
        Column("printed_copies", _("Copies printed"), ("印制数量", "印制份数", "Copies printed"), parse=copies,
               kind="number", width=12),
        Column("distributed_copies", _("Copies distributed"), ("发放数量", "发放份数", "Copies distributed"),
               parse=copies, kind="number", width=12),
        Column("distribution", _("Where and how distributed"), ("发放地点及方式", "发放方式", "发放地点",
               "Where and how distributed"), width=30),
        Column("cost_yuan", _("Cost (yuan)"), ("费用（元）", "费用", "金额", "Cost (yuan)"), parse=money,
               kind="number"),
        Column("note", _("Note"), ("备注", "Note"), width=24),
    ]  # fmt: skip


BATCH_EXAMPLE = {
    "material_title": "昆明市呈贡区投资项目服务指南（2022年版）",
    "material_type": "服务指南",
    "batch_on": "2022-03-15",
    "printed_copies": 60,
    "distributed_copies": 45,
    "distribution": "政务服务中心C区投资服务窗口发放",
    "cost_yuan": 750,
}


def batches_template() -> bytes:
    return template_xlsx(batch_columns(), _("Material batches"), example=BATCH_EXAMPLE)


def batches_export(batches) -> bytes:
    return export_xlsx(batch_columns(), batches, _("Material batches"))


def plan_batches(unit, data: bytes) -> Plan:
    """Read and check the whole sheet; nothing is saved."""
    cols = batch_columns()
    headers = {c.key: c.header for c in cols} | {"material": cols[0].header}
    read = read_xlsx(data, cols)
    result = Plan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    if not read.rows:
        return result
    titles = {r["material_title"] for r in read.rows if r.get("material_title")}
    materials = {m.title: m for m in Material.objects.for_unit(unit).filter(title__in=titles)}
    existing = defaultdict(list)
    for batch in Batch.objects.for_unit(unit).filter(material__in=materials.values()).select_related("material"):
        existing[batch.material.title].append(batch)
    new_materials: dict[str, Material] = {}
    failed = {e.row for e in read.errors}
    for row in read.rows:
        if row["_row"] in failed or not row.get("material_title"):
            continue
        planned = _plan_batch(unit, row, materials, new_materials, existing, headers, result.errors)
        if planned is not None:
            result.rows.append(planned)
    _check_copies(result, existing, headers)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _plan_batch(unit, row, materials, new_materials, existing, headers, errors) -> PlannedRow | None:
    number, title = row["_row"], row["material_title"]
    material, new_material = materials.get(title) or new_materials.get(title), False
    if material is None:
        if not row.get("material_type"):
            errors.append(RowError(number, headers["material_type"], _("A new material needs its type.")))
            return None
        material = new_materials[title] = Material(unit=unit, title=title, material_type=row["material_type"])
        new_material = True
        try:
            services.check_material(material)
        except ValidationError as exc:
            errors.extend(model_row_errors(number, exc, headers | {"title": headers["material_title"]}))
            return None
    elif row.get("material_type") and row["material_type"] != material.material_type:
        errors.append(
            RowError(
                number,
                headers["material_type"],
                _("“%(title)s” is a %(type)s.") % {"title": title, "type": material.get_material_type_display()},
            )
        )
        return None
    place = row.get("distribution") or ""
    batch = next((b for b in existing[title] if b.batch_on == row["batch_on"] and b.distribution == place), None)
    is_new = batch is None
    if is_new:
        batch = Batch(unit=unit, material=material)
        existing[title].append(batch)
    for name in ("batch_on", "printed_copies", "distributed_copies", "distribution", "cost_yuan", "note"):
        if name in row:
            value = row[name]
            setattr(batch, name, value if value is not None else Batch._meta.get_field(name).get_default())
    try:
        services.check_batch_fields(batch)
    except ValidationError as exc:
        errors.extend(model_row_errors(number, exc, headers))
        return None
    batch.row_number = number
    return PlannedRow(number, batch, is_new, new_material)


def _check_copies(result: Plan, existing: dict, headers: dict) -> None:
    """Distributed ≤ printed over each material's batches, the sheet's rows included."""
    bad_rows = set()
    for title, batches in existing.items():
        found = services.first_shortfall([b for b in batches if b.pk or hasattr(b, "row_number")])
        if found is None:
            continue
        rows = [b for b in batches if hasattr(b, "row_number") and b.batch_on <= found.day]
        culprit = max(rows, key=lambda b: (b.batch_on, b.row_number)) if rows else None
        number = culprit.row_number if culprit else min(b.row_number for b in batches if hasattr(b, "row_number"))
        message = f"{title}：{services.shortfall_message(found)}"
        result.errors.append(RowError(number, headers["distributed_copies"], message))
        bad_rows.add(number)
    result.rows = [r for r in result.rows if r.number not in bad_rows]


@transaction.atomic
def apply_batches(unit, result: Plan, *, actor) -> tuple[int, int]:
    """Save every planned row or none (the caller has checked `result.ok`)."""
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    touched = {}
    for row in result.rows:
        batch = row.obj
        if batch.material.pk is None:
            batch.material.created_by = actor
            services.save_material(unit, actor=actor, fields={}, material=batch.material)
        fields = {name: getattr(batch, name) for name in services.BATCH_FIELDS}
        saved = Batch.objects.get(pk=batch.pk) if batch.pk else None
        services.save_batch(batch.material, actor=actor, fields=fields, batch=saved, alone=False)
        touched[batch.material.pk] = batch.material
    for material in touched.values():
        services.check_copies(material)
    log.info("unit %s imported %d new and %d changed batches by %s", unit.code, result.created, result.updated, actor)
    return result.created, result.updated


# --- articles ---------------------------------------------------------------------------------------------


ARTICLE_SHEET_FIELDS = ("title", "channel", "url", "published_on", "author", "note")


def article_columns() -> list[Column]:
    return [
        Column("title", _("Title"), ("标题", "稿件标题", "文章标题", "Title"), required=True, width=40),
        Column("channel", _("Channel"), ("渠道", "发布渠道", "Channel"), required=True,
               parse=choice(Channel, CHANNEL_ALIASES), export=_display("channel")),
        Column("url", _("URL"), ("链接", "网址", "文章链接", "URL"), width=40),
        Column("published_on", _("Publication date"), ("发布日期", "发表日期", "发表时间", "发布时间",
               "Publication date"), required=True, parse=parse_date, kind="date", width=12),
        Column("author", _("Author"), ("作者", "Author")),
        Column("note", _("Note"), ("备注", "Note"), width=24),
    ]  # fmt: skip


def article_export_columns() -> list[Column]:
    """The import columns, then the latest snapshot for reading (an import ignores them)."""

    def latest(name: str):
        return lambda a: getattr(a.latest, name) if a.latest else None

    return [
        *article_columns(),
        Column("staff", _("Responsible staff"), export=lambda a: a.staff.get_full_name() if a.staff else ""),
        Column("taken_on", _("Latest snapshot date"), export=latest("taken_on"), kind="date", width=12),
        Column("views", _("Views"), export=latest("views"), kind="number"),
        Column("likes", _("Likes"), export=latest("likes"), kind="number"),
        Column("follows", _("Follows"), export=latest("follows"), kind="number"),
        Column("shares", _("Shares"), export=latest("shares"), kind="number"),
        Column("comments", _("Comments"), export=latest("comments"), kind="number"),
        Column("total", _("Media attention"), export=latest("total"), kind="number"),
    ]


ARTICLE_EXAMPLE = {
    "title": "呈贡区投资服务中心开展“拿地即开工”政策宣讲",
    "channel": "公众号",
    "url": "https://mp.weixin.qq.com/s/example",
    "published_on": "2022-04-12",
    "author": "张敏",
}


def articles_template() -> bytes:
    return template_xlsx(article_columns(), _("Articles"), example=ARTICLE_EXAMPLE)


def articles_export(articles) -> bytes:
    """Articles carrying `.latest` (queries.attach_latest)."""
    return export_xlsx(article_export_columns(), articles, _("Articles"))


def plan_articles(unit, data: bytes) -> Plan:
    cols = article_columns()
    headers = {c.key: c.header for c in cols}
    read = read_xlsx(data, cols)
    result = Plan(errors=list(read.errors), ignored_headers=read.ignored_headers)
    if not read.rows:
        return result
    existing = _existing_articles(unit, read.rows)
    first_snapshots = dict(
        Engagement.objects.filter(article__in={a.pk for a in existing.values()})
        .values_list("article_id")
        .annotate(first=Min("taken_on"))
        .order_by()
    )
    urls = Counter(r.get("url") for r in read.rows if r.get("url"))
    keys = Counter(_natural_key(r) for r in read.rows if not r.get("url"))
    failed = {e.row for e in read.errors}
    for row in read.rows:
        number = row["_row"]
        if number in failed:
            continue
        if row.get("url") and urls[row["url"]] > 1:
            result.errors.append(RowError(number, headers["url"], _("This URL appears more than once in the file.")))
            continue
        if not row.get("url") and keys[_natural_key(row)] > 1:
            message = _("The same title, channel and date appear more than once in the file without a URL.")
            result.errors.append(RowError(number, headers["title"], message))
            continue
        article = existing.get(("url", row["url"])) if row.get("url") else existing.get(("key", *_natural_key(row)))
        is_new = article is None
        article = article or Article(unit=unit)
        for name in ARTICLE_SHEET_FIELDS:
            if name in row and not (name == "url" and not row[name]):  # an empty URL cell keeps the known link
                setattr(article, name, row[name] if row[name] is not None else "")
        try:
            # A link of the file is either matched to its article or free: no query per row for it.
            services.check_article_fields(article, staff_changed=False)
            services.check_first_snapshot(article, first_snapshots.get(article.pk))
        except ValidationError as exc:
            result.errors.extend(model_row_errors(number, exc, headers))
            continue
        result.rows.append(PlannedRow(number, article, is_new))
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _natural_key(row: dict) -> tuple:
    return (row.get("title"), row.get("channel"), row.get("published_on"))


def _existing_articles(unit, rows: list[dict]) -> dict:
    urls = {r["url"] for r in rows if r.get("url")}
    titles = {r["title"] for r in rows if r.get("title") and not r.get("url")}
    found: dict = {}
    articles = Article.objects.for_unit(unit)
    for article in articles.filter(url__in=urls):
        found[("url", article.url)] = article
    for article in articles.filter(title__in=titles).order_by("-pk"):
        found[("key", article.title, article.channel, article.published_on)] = article
    return found


@transaction.atomic
def apply_articles(unit, result: Plan, *, actor) -> tuple[int, int]:
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The sheet has no rows to import.")])
    for row in result.rows:
        article = row.obj
        fields = {name: getattr(article, name) for name in ARTICLE_SHEET_FIELDS}
        saved = None if row.is_new else Article.objects.get(pk=article.pk)
        services.save_article(unit, actor=actor, fields=fields, article=saved)
    log.info("unit %s imported %d new and %d changed articles by %s", unit.code, result.created, result.updated, actor)
    return result.created, result.updated
