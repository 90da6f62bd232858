"""Engagement snapshots from the platforms' own exports (CSV or Excel).

The WeChat official-account backend exports CSV in GB18030 (older) or UTF-8 with a BOM, often
with a title line above the header; other platforms export Excel. Headers vary between
platforms and versions, so each figure has a list of names in order of preference (the first
one present wins, the others are listed as not imported: 阅读人数 and 阅读次数 must not both
count as views). Figures are the platform's cumulative totals at the snapshot date.

Each row is matched to an article by URL, or by its exact title among the articles of the
export's channel. An unknown article is an error, unless the user asked to create the missing
ones (they then need a publication date). Nothing is saved until the preview is confirmed, and
nothing at all while any row has an error.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from investdesk.core.tabular import MAX_ROWS, RowError, cell_text, export_xlsx, template_xlsx
from investdesk.core.tabular import Column as SheetColumn
from investdesk.publicity import services
from investdesk.publicity.dates import local_day
from investdesk.publicity.models import ENGAGEMENT_FIELDS, Article, Engagement, SnapshotSource

log = logging.getLogger(__name__)
KIND = "publicity.engagement"
HEADER_SEARCH_ROWS = 10
SUMMARY_TITLES = {"合计", "总计", "汇总", "total", "sum"}

# Names in order of preference; compared without spaces, punctuation or case.
HEADERS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "文章标题", "内容标题", "稿件标题", "作品标题", "作品名称", "title"),
    "url": ("链接", "url", "文章链接", "原文链接", "作品链接", "网址", "link"),
    "published": ("发表时间", "发布时间", "发表日期", "发布日期", "群发时间", "published", "publish time"),
    "date": ("日期", "统计日期", "数据日期", "时间", "date"),
    "views": ("阅读", "阅读数", "阅读量", "阅读次数", "总阅读次数", "浏览量", "浏览次数", "播放量", "播放次数",
              "阅读人数", "总阅读人数", "views", "reads"),
    "likes": ("点赞", "点赞数", "点赞量", "点赞人数", "在看", "在看数", "在看人数", "likes"),
    "follows": ("关注", "新增关注", "新增关注人数", "阅读后关注人数", "关注数", "涨粉", "follows", "new followers"),
    "shares": ("分享", "转发", "分享次数", "总分享次数", "分享人数", "总分享人数", "转发数", "转发量", "shares"),
    "comments": ("评论", "留言", "评论数", "留言数", "评论量", "comments"),
}  # fmt: skip
HEADER_LABELS = {
    "title": "标题",
    "url": "链接",
    "published": "发表时间",
    "date": "统计日期",
    "views": "阅读",
    "likes": "点赞",
    "follows": "关注",
    "shares": "分享",
    "comments": "评论",
}


def _key(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*:：()（）/_\-.]", "", text).lower()


# --- reading the file ---------------------------------------------------------------------------------


def read_rows(filename: str, data: bytes) -> list[list]:
    """The first sheet of a workbook, or the rows of a CSV file; ValueError when neither."""
    if filename.lower().endswith(".xlsx"):
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception:  # calamine raises its own error types for anything that is not a workbook
            raise ValueError(_("The file cannot be read as an Excel workbook (.xlsx).")) from None
    return list(csv.reader(io.StringIO(decode_csv(data)), dialect=_dialect(data)))


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ValueError(_("The CSV file is neither UTF-8 nor GB18030 text.")) from None


def _dialect(data: bytes):
    sample = data[:4096].decode("utf-8", "ignore") or data[:4096].decode("gb18030", "ignore")
    return "excel-tab" if sample.count("\t") > sample.count(",") else "excel"


@dataclass
class Header:
    row_index: int
    columns: dict[str, int]  # figure → column index
    names: dict[str, str]  # figure → the header as written in the file
    ignored: list[str]


def find_header(rows: list[list]) -> Header | None:
    """The first of the top rows that names a title or a link and at least one figure."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = {_key(cell_text(c)): i for i, c in enumerate(row) if cell_text(c)}
        columns: dict[str, int] = {}
        for name, choices in HEADERS.items():
            found = next((cells[_key(c)] for c in choices if _key(c) in cells), None)
            if found is not None:
                columns[name] = found
        has_figure = any(name in columns for name in ENGAGEMENT_FIELDS)
        if ("title" in columns or "url" in columns) and has_figure:
            used = set(columns.values())
            ignored = [cell_text(c) for i, c in enumerate(row) if cell_text(c) and i not in used]
            names = {name: cell_text(row[i]) for name, i in columns.items()}
            return Header(index, columns, names, ignored)
    return None


# --- cells ------------------------------------------------------------------------------------------------


def parse_count(value) -> int:
    """A platform figure: 1234, "1,234", "1.2万", "10万+" (WeChat's display cap); empty is 0."""
    text = cell_text(value).replace(",", "").replace("，", "").strip()
    if not text or text in ("-", "--", "—"):
        return 0
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(万)?\+?", text)
    if not match:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
    try:
        number = Decimal(match[1]) * (10000 if match[2] else 1)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text}) from None
    if number != number.to_integral_value():
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
    return int(number)


# --- the plan ------------------------------------------------------------------------------------------------


@dataclass
class Options:
    channel: str
    taken_on: date  # for rows without a date column
    create_missing: bool = False


@dataclass
class PlannedSnapshot:
    number: int
    article: Article  # unsaved when it is created by the import
    taken_on: date
    figures: dict[str, int]
    existing: Engagement | None  # the snapshot of the same day, which the row updates
    warnings: list[str] = field(default_factory=list)
    probe: Engagement | None = None  # the figures as an unsaved snapshot, to compare with the others

    @property
    def total(self) -> int:
        return sum(self.figures.values())


@dataclass
class EngagementPlan:
    rows: list[PlannedSnapshot] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    skipped: int = 0  # summary rows (合计)
    labels: dict[str, str] = field(default_factory=lambda: dict(HEADER_LABELS))  # figure → the file's header

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def new_articles(self) -> int:
        return len({id(r.article) for r in self.rows if r.article.pk is None})

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.existing is None)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.existing is not None)

    @property
    def warning_count(self) -> int:
        return sum(len(r.warnings) for r in self.rows)


@dataclass
class _Cells:
    number: int
    title: str
    url: str
    published: date | None
    taken_on: date
    figures: dict[str, int]


def plan(unit, filename: str, data: bytes, options: Options) -> EngagementPlan:
    """Read and check the whole file; nothing is saved."""
    result = EngagementPlan()
    try:
        rows = read_rows(filename, data)
    except ValueError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        return result
    header = find_header(rows)
    if header is None:
        names = "、".join(HEADER_LABELS.values())
        message = _("No header row found: the file needs a title or link column and figures (%(names)s).")
        result.errors.append(RowError(0, "", message % {"names": names}))
        return result
    result.ignored_headers = header.ignored
    result.labels.update(header.names)
    body = rows[header.row_index + 1 :]
    if len(body) > MAX_ROWS:
        result.errors.append(RowError(0, "", _("At most %(n)s rows can be imported at once.") % {"n": MAX_ROWS}))
        return result
    cells = _read_cells(body, header, options, result)
    _match(unit, cells, options, result)
    result.errors.sort(key=lambda e: (e.row, e.column))
    return result


def _read_cells(body: list[list], header: Header, options: Options, result: EngagementPlan) -> list[_Cells]:
    found = []
    for offset, row in enumerate(body):
        number = header.row_index + offset + 2  # the spreadsheet's row number (1-based, after the header)

        def cell(name: str, row=row):
            index = header.columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        texts = {name: cell_text(cell(name)) for name in header.columns}
        if not any(texts.values()):
            continue
        if texts.get("title", "").lower() in SUMMARY_TITLES and not texts.get("url"):
            result.skipped += 1
            continue
        parsed = _parse_cells(number, cell, texts, options, result)
        if parsed is not None:
            found.append(parsed)
    return found


def _parse_cells(number: int, cell, texts: dict, options: Options, result: EngagementPlan) -> _Cells | None:
    labels, problems = result.labels, []
    if not texts.get("title") and not texts.get("url"):
        problems.append(RowError(number, labels["title"], _("The row has neither a title nor a link.")))
    values: dict = {}
    for name, parse in (("published", local_day), ("date", local_day), *((f, parse_count) for f in ENGAGEMENT_FIELDS)):
        raw = cell(name)
        if name in ("published", "date") and not texts.get(name):
            values[name] = None
            continue
        try:
            values[name] = parse(raw)
        except ValueError as exc:
            problems.append(RowError(number, labels[name], str(exc)))
    if problems:
        result.errors.extend(problems)
        return None
    return _Cells(
        number=number,
        title=texts.get("title", ""),
        url=texts.get("url", ""),
        published=values["published"],
        taken_on=values["date"] or options.taken_on,
        figures={f: values[f] for f in ENGAGEMENT_FIELDS},
    )


def _match(unit, cells: list[_Cells], options: Options, result: EngagementPlan) -> None:
    by_url, by_title = _known_articles(unit, cells, options.channel)
    snapshots = _existing_snapshots([*by_url.values(), *(a for same in by_title.values() for a in same)])
    created: dict[tuple, Article] = {}
    seen: dict[tuple, int] = {}
    labels = result.labels
    for row in cells:
        article = _article_for(unit, row, (by_url, by_title, created), options, result)
        if article is None:
            continue
        key = (id(article), row.taken_on)
        if key in seen:
            message = _("The same article and date are already in row %(row)s.") % {"row": seen[key]}
            result.errors.append(RowError(row.number, labels["date"], message))
            continue
        seen[key] = row.number
        problem = _date_problem(article, row)
        if problem:
            result.errors.append(RowError(row.number, labels["date"], problem))
            continue
        same_day = next((s for s in snapshots.get(article.pk, []) if s.taken_on == row.taken_on), None)
        result.rows.append(PlannedSnapshot(row.number, article, row.taken_on, row.figures, same_day))
    _warn(result.rows, snapshots)


def _known_articles(unit, cells: list[_Cells], channel: str) -> tuple[dict, dict]:
    urls = {c.url for c in cells if c.url}
    titles = {c.title for c in cells if c.title}
    articles = Article.objects.for_unit(unit)
    by_url = {a.url: a for a in articles.filter(url__in=urls)}
    by_title: dict[str, list[Article]] = {}
    for article in articles.filter(channel=channel, title__in=titles).order_by("pk"):
        by_title.setdefault(article.title, []).append(article)
    return by_url, by_title


def _existing_snapshots(articles: list[Article]) -> dict[int, list[Engagement]]:
    found: dict[int, list[Engagement]] = {}
    for snapshot in Engagement.objects.filter(article__in={a.pk for a in articles}).order_by("taken_on"):
        found.setdefault(snapshot.article_id, []).append(snapshot)
    return found


def _article_for(unit, row: _Cells, known: tuple, options: Options, result: EngagementPlan) -> Article | None:
    by_url, by_title, created = known
    if row.url and row.url in by_url:
        return by_url[row.url]
    same = by_title.get(row.title, []) if row.title else []
    if len(same) > 1:
        message = _("%(n)s articles of this channel have this title: add a link column to tell them apart.")
        result.errors.append(RowError(row.number, result.labels["title"], message % {"n": len(same)}))
        return None
    if same and not (row.url and same[0].url and same[0].url != row.url):
        return same[0]  # a link the article does not have yet does not stop the match by title
    if not options.create_missing:
        result.errors.append(RowError(row.number, result.labels["title"], _unknown(row)))
        return None
    return _new_article(unit, row, created, options, result)


def _unknown(row: _Cells) -> str:
    name = row.title or row.url
    return _(
        "No article “%(name)s” in the ledger: add it first, or tick “create the articles that are not in the ledger”."
    ) % {"name": name}


def _new_article(unit, row: _Cells, created: dict, options: Options, result: EngagementPlan) -> Article | None:
    key = ("url", row.url) if row.url else ("title", row.title)
    if key in created:
        return created[key]
    if row.published is None:
        message = _("A new article needs its publication date: the file has no publication date here.")
        result.errors.append(RowError(row.number, result.labels["published"], message))
        return None
    article = Article(
        unit=unit, title=row.title or row.url, channel=options.channel, url=row.url, published_on=row.published
    )
    try:
        services.check_article(article)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = result.labels.get({"published_on": "published"}.get(name, name), "")
            result.errors.extend(RowError(row.number, column, m) for m in messages)
        return None
    created[key] = article
    return article


def _date_problem(article: Article, row: _Cells) -> str:
    if row.taken_on > timezone.localdate():
        return _("The snapshot date %(day)s is in the future.") % {"day": row.taken_on}
    if row.taken_on < article.published_on:
        return _("The snapshot date %(day)s is before the publication (%(published)s).") % {
            "day": row.taken_on,
            "published": article.published_on,
        }
    return ""


def _warn(rows: list[PlannedSnapshot], snapshots: dict[int, list[Engagement]]) -> None:
    """Figures going down between snapshots, against the stored ones and the file's other rows."""
    by_article: dict[int, list[Engagement]] = {}
    for row in rows:
        probe = Engagement(article=row.article, taken_on=row.taken_on, **row.figures)
        by_article.setdefault(id(row.article), []).append(probe)
        row.probe = probe
    for row in rows:
        stored = [s for s in snapshots.get(row.article.pk, []) if s.taken_on != row.taken_on] if row.article.pk else []
        others = [p for p in by_article[id(row.article)] if p is not row.probe]
        row.warnings = services.decreases(row.probe, [*stored, *others])


# --- saving ----------------------------------------------------------------------------------------------


@transaction.atomic
def apply(unit, result: EngagementPlan, *, actor, filename: str) -> tuple[int, int, int]:
    """Save every planned snapshot (and new article) or none; returns (created, updated, new articles)."""
    if not result.ok:
        raise ValidationError([str(e) for e in result.errors] or [_("The file has no rows to import.")])
    new_articles = result.new_articles
    for row in result.rows:
        article = row.article
        if article.pk is None:
            fields = {name: getattr(article, name) for name in ("title", "channel", "url", "published_on")}
            saved = services.save_article(unit, actor=actor, fields=fields)
            article.pk, article.id = saved.pk, saved.pk
            article._state.adding = False
        existing = Engagement.objects.get(pk=row.existing.pk) if row.existing else None
        services.record_snapshot(
            article,
            actor=actor,
            fields={"taken_on": row.taken_on, **row.figures},
            snapshot=existing,
            source=SnapshotSource.IMPORT,
            source_file=filename,
            warn=False,
        )
    log.info(
        "unit %s imported %d snapshots (%d updated, %d new articles) from %s by %s",
        unit.code, result.created, result.updated, new_articles, filename, actor,
    )  # fmt: skip
    return result.created, result.updated, new_articles


def template() -> bytes:
    """An Excel sheet with the preferred headers, for figures copied from a platform by hand."""
    columns = [
        SheetColumn("title", "标题", width=40),
        SheetColumn("url", "链接", width=40),
        SheetColumn("published", "发表时间", kind="date", width=12),
        SheetColumn("date", "统计日期", kind="date", width=12),
        *(SheetColumn(f, HEADER_LABELS[f], kind="number", width=10) for f in ENGAGEMENT_FIELDS),
    ]
    example = {
        "title": "呈贡区投资服务中心开展“拿地即开工”政策宣讲",
        "url": "https://mp.weixin.qq.com/s/example",
        "published": "2022-04-12",
        "date": "2022-12-31",
        "views": 36,
        "likes": 4,
        "follows": 1,
        "shares": 3,
        "comments": 1,
    }
    return template_xlsx(columns, _("Engagement"), example=example)


def export_columns() -> list[SheetColumn]:
    """One row per snapshot, under the headers this import reads first (so a file imports again)."""
    return [
        SheetColumn("title", "标题", export=lambda s: s.article.title, width=40),
        SheetColumn("channel", "渠道", export=lambda s: s.article.get_channel_display(), width=12),
        SheetColumn("url", "链接", export=lambda s: s.article.url, width=40),
        SheetColumn("published", "发表时间", export=lambda s: s.article.published_on, kind="date", width=12),
        SheetColumn("date", "统计日期", export=lambda s: s.taken_on, kind="date", width=12),
        *(SheetColumn(f, HEADER_LABELS[f], kind="number", width=10) for f in ENGAGEMENT_FIELDS),
        SheetColumn("total", "媒体关注量", export=lambda s: s.total, kind="number", width=12),
        SheetColumn("source", "来源", export=lambda s: s.get_source_display(), width=14),
    ]


def export(snapshots) -> bytes:
    return export_xlsx(export_columns(), snapshots, _("Engagement"))
