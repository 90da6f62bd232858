"""Every write of the publicity ledgers (STYLE.md habit 2).

Each change is one function with an explicit actor that validates the whole row (a
ValidationError names the field), checks what needs the other rows (copies distributed against
copies printed, a URL used twice, snapshots before publication) and saves in one transaction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.enterprises import files
from investdesk.publicity.conf import PublicitySettings
from investdesk.publicity.models import (
    ENGAGEMENT_FIELDS,
    Article,
    Batch,
    Engagement,
    Material,
    SnapshotSource,
)

log = logging.getLogger(__name__)

MATERIAL_FIELDS = ("material_type", "title", "description")
BATCH_FIELDS = ("batch_on", "printed_copies", "distributed_copies", "distribution", "cost_yuan", "note")
ARTICLE_FIELDS = ("title", "channel", "url", "published_on", "author", "staff", "note")
SNAPSHOT_FIELDS = ("taken_on", *ENGAGEMENT_FIELDS)


def _check(instance, *set_by_service: str) -> None:
    # The unit is set by the service from the request, never from input. The uniqueness rules are
    # checked by the services with a message on the field; the database constraints are the backstop.
    instance.full_clean(exclude=["unit", *set_by_service], validate_constraints=False)


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _not_in_future(instance, name: str) -> None:
    today = timezone.localdate()
    value = getattr(instance, name)
    if value and value > today:
        raise ValidationError(
            {
                name: _("%(field)s cannot be in the future (today is %(today)s).")
                % {"field": _label(type(instance), name), "today": today}
            }
        )


def _apply(instance, names: tuple[str, ...], fields: dict) -> None:
    for name in names:
        if name in fields:
            setattr(instance, name, fields[name])


# --- materials ----------------------------------------------------------------------------------------


def check_material(material: Material) -> None:
    material.title = (material.title or "").strip()
    _check(material)
    same = Material.objects.for_unit(material.unit_id).filter(title=material.title)
    if material.pk:
        same = same.exclude(pk=material.pk)
    if same.exists():
        raise ValidationError({"title": [_("This unit already has a material of this title.")]})


@transaction.atomic
def save_material(unit, *, actor, fields: dict, material: Material | None = None) -> Material:
    material = material or Material(unit=unit, created_by=actor)
    _apply(material, MATERIAL_FIELDS, fields)
    check_material(material)
    material.save()
    log.debug("material %s of unit %s saved by %s", material.pk, unit.code, actor)
    return material


@transaction.atomic
def delete_material(material: Material, *, actor) -> None:
    if material.batches.exists():
        raise ValidationError(_("“%(title)s” has batches: delete them first.") % {"title": material.title})
    log.info("material %s (%s) of unit %s deleted by %s", material.pk, material.title, material.unit_id, actor)
    material.delete()


# --- batches ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """The first day on which more copies were distributed than printed, with the running totals."""

    day: date
    printed: int
    distributed: int


def first_shortfall(batches) -> Shortfall | None:
    """Walk a material's batches day by day; None when distributed ≤ printed at the end of every day.

    `batches` are objects with `batch_on`, `printed_copies` and `distributed_copies`. Batches of
    the same day count together: copies printed in the morning may be handed out that afternoon.
    """
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for batch in batches:
        per_day[batch.batch_on][0] += batch.printed_copies or 0
        per_day[batch.batch_on][1] += batch.distributed_copies or 0
    printed = distributed = 0
    for day in sorted(per_day):
        printed += per_day[day][0]
        distributed += per_day[day][1]
        if distributed > printed:
            return Shortfall(day, printed, distributed)
    return None


def shortfall_message(found: Shortfall) -> str:
    return _(
        "Copies distributed cannot exceed copies printed: by %(day)s, %(printed)s copies had been printed "
        "and %(distributed)s distributed."
    ) % {"day": found.day, "printed": found.printed, "distributed": found.distributed}


def check_batch_fields(batch: Batch) -> None:
    """What one batch must be on its own (the copies against the other batches come after)."""
    _check(batch, "material")  # the material may be one an import is about to create
    _not_in_future(batch, "batch_on")
    if not batch.printed_copies and not batch.distributed_copies:
        raise ValidationError({"printed_copies": [_("Enter the copies printed, distributed or both.")]})


def check_batch(batch: Batch, siblings) -> None:
    """Validate one batch against the material's other batches (`siblings`, without this one)."""
    check_batch_fields(batch)
    found = first_shortfall([*siblings, batch])
    if found is not None:
        raise ValidationError({"distributed_copies": [shortfall_message(found)]})


def check_copies(material: Material) -> None:
    """The stored batches of a material, after several were changed together (an import)."""
    found = first_shortfall(material.batches.select_for_update())
    if found is not None:
        raise ValidationError(f"{material.title}：{shortfall_message(found)}")


def _siblings(batch: Batch) -> list[Batch]:
    others = Batch.objects.filter(material_id=batch.material_id).select_for_update()
    if batch.pk:
        others = others.exclude(pk=batch.pk)
    return list(others)


@transaction.atomic
def save_batch(
    material: Material, *, actor, fields: dict, batch: Batch | None = None, evidence=None, alone: bool = True
) -> Batch:
    """Create or change a batch; `evidence` is an optional uploaded file (checked, then stored).

    `alone=False` is for a change made together with others (an import): the copies are then
    checked over the whole material by `check_copies` once all of them are saved, since the
    order of the rows must not decide whether the final state is accepted.
    """
    batch = batch or Batch(unit_id=material.unit_id, material=material, created_by=actor)
    _apply(batch, BATCH_FIELDS, fields)
    if alone:
        check_batch(batch, _siblings(batch))
    else:
        check_batch_fields(batch)
    old_file = batch.evidence.name if evidence is not None and batch.evidence else ""
    if evidence is not None:
        _store_evidence(batch, evidence)
    try:
        batch.save()
    except Exception:
        if evidence is not None:
            batch.evidence.storage.delete(batch.evidence.name)
        raise
    if old_file:
        _remove_file_after_commit(batch.evidence.storage, old_file)
    log.debug("batch %s of material %s saved by %s", batch.pk, material.pk, actor)
    return batch


def _store_evidence(batch: Batch, upload) -> None:
    head = upload.read(2048)
    upload.seek(0)

    def read_all() -> bytes:
        data = upload.read()
        upload.seek(0)
        return data

    try:
        files.check_attachment(upload.name, head, upload.size, read_all)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from None
    batch.evidence.save(upload.name, upload, save=False)
    batch.evidence_name = upload.name[-255:]


def _remove_file_after_commit(storage, name: str) -> None:
    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not remove the publicity file %s", name)

    transaction.on_commit(remove)


@transaction.atomic
def remove_evidence(batch: Batch, *, actor) -> None:
    if not batch.evidence:
        return
    storage, name = batch.evidence.storage, batch.evidence.name
    batch.evidence, batch.evidence_name = "", ""
    batch.save(update_fields=["evidence", "evidence_name"])
    _remove_file_after_commit(storage, name)
    log.info("evidence of batch %s removed by %s", batch.pk, actor)


@transaction.atomic
def delete_batch(batch: Batch, *, actor) -> None:
    """Refused when a later batch hands out copies that only this one printed."""
    found = first_shortfall(_siblings(batch))
    if found is not None:
        raise ValidationError(
            _("This batch cannot be deleted: without it, %(problem)s") % {"problem": shortfall_message(found)}
        )
    if batch.evidence:
        _remove_file_after_commit(batch.evidence.storage, batch.evidence.name)
    log.info("batch %s of material %s deleted by %s", batch.pk, batch.material_id, actor)
    batch.delete()


# --- articles --------------------------------------------------------------------------------------------


def check_article_fields(article: Article, *, staff_changed: bool = True) -> None:
    """What one article must be on its own; `check_article` adds the checks against other rows.

    `staff_changed=False` when the staff cannot have changed (a sheet has no staff column), which
    spares an import three queries per row.
    """
    article.title = (article.title or "").strip()
    article.url = (article.url or "").strip()
    _check(article, *(() if staff_changed else ("staff",)))
    _not_in_future(article, "published_on")
    if staff_changed and article.staff_id and not article.staff.memberships.filter(unit_id=article.unit_id).exists():
        raise ValidationError({"staff": [_("Choose a member of this unit.")]})


def check_first_snapshot(article: Article, earliest: date | None) -> None:
    """A publication date later than the article's first snapshot (`earliest`) is refused."""
    if earliest is not None and article.published_on and earliest < article.published_on:
        raise ValidationError(
            {
                "published_on": [
                    _("The article has a snapshot of %(day)s, before this publication date.") % {"day": earliest}
                ]
            }
        )


def _check_url_free(article: Article) -> None:
    same = Article.objects.for_unit(article.unit_id).filter(url=article.url)
    if article.pk:
        same = same.exclude(pk=article.pk)
    other = same.first()
    if other is not None:
        message = _("This URL is already recorded for “%(title)s” (%(day)s): the same publication is one article.")
        raise ValidationError({"url": [message % {"title": other.title, "day": other.published_on}]})


def check_article(article: Article) -> None:
    check_article_fields(article)
    if article.url:
        _check_url_free(article)
    if article.pk:
        check_first_snapshot(article, article.snapshots.order_by("taken_on").values_list("taken_on", flat=True).first())


@transaction.atomic
def save_article(unit, *, actor, fields: dict, article: Article | None = None) -> Article:
    article = article or Article(unit=unit, created_by=actor)
    _apply(article, ARTICLE_FIELDS, fields)
    check_article(article)
    article.save()
    log.debug("article %s of unit %s saved by %s", article.pk, unit.code, actor)
    return article


@transaction.atomic
def delete_article(article: Article, *, actor) -> None:
    log.info("article %s (%s) of unit %s deleted by %s", article.pk, article.title, article.unit_id, actor)
    article.delete()


# --- engagement snapshots --------------------------------------------------------------------------------


def check_snapshot(snapshot: Engagement) -> None:
    _check(snapshot)
    _not_in_future(snapshot, "taken_on")
    published = snapshot.article.published_on
    if snapshot.taken_on < published:
        raise ValidationError(
            {"taken_on": [_("The snapshot cannot be dated before the publication (%(day)s).") % {"day": published}]}
        )
    same = Engagement.objects.filter(article_id=snapshot.article_id, taken_on=snapshot.taken_on)
    if snapshot.pk:
        same = same.exclude(pk=snapshot.pk)
    if same.exists():
        raise ValidationError({"taken_on": [_("The article already has a snapshot of this date: edit that one.")]})


def decreases(snapshot: Engagement, others) -> list[str]:
    """Warnings for figures lower than an earlier snapshot's or higher than a later one's.

    Platform figures only grow, so either usually means a typing error or a different export
    (daily instead of cumulative figures); it is shown, not refused, because platforms do
    correct their counts (deleted comments, removed spam views).
    """
    warnings = []
    for other in others:
        if other.pk == snapshot.pk or other.taken_on == snapshot.taken_on:
            continue
        earlier = other.taken_on < snapshot.taken_on
        for name in ENGAGEMENT_FIELDS:
            mine, theirs = getattr(snapshot, name), getattr(other, name)
            if (earlier and mine < theirs) or (not earlier and mine > theirs):
                warnings.append(
                    _("%(field)s %(value)s on %(day)s is %(direction)s %(other)s on %(other_day)s.")
                    % {
                        "field": _label(Engagement, name),
                        "value": mine,
                        "day": snapshot.taken_on,
                        "direction": _("lower than") if earlier else _("higher than"),
                        "other": theirs,
                        "other_day": other.taken_on,
                    }
                )
    return warnings


@transaction.atomic
def record_snapshot(
    article: Article,
    *,
    actor,
    fields: dict,
    snapshot: Engagement | None = None,
    source: str = SnapshotSource.MANUAL,
    source_file: str = "",
    warn: bool = True,
) -> tuple[Engagement, list[str]]:
    """Create or change a snapshot; returns it with the warnings about figures that went down
    (`warn=False` for an import, whose preview has shown them already)."""
    snapshot = snapshot or Engagement(unit_id=article.unit_id, article=article, created_by=actor)
    _apply(snapshot, SNAPSHOT_FIELDS, fields)
    snapshot.source, snapshot.source_file = source, source_file[-255:]
    check_snapshot(snapshot)
    snapshot.save()
    warnings = decreases(snapshot, article.snapshots.all()) if warn else []
    log.debug("snapshot %s of article %s saved by %s (%d warnings)", snapshot.pk, article.pk, actor, len(warnings))
    return snapshot, warnings


@transaction.atomic
def delete_snapshot(snapshot: Engagement, *, actor) -> None:
    log.info("snapshot %s of article %s deleted by %s", snapshot.pk, snapshot.article_id, actor)
    snapshot.delete()


# --- settings ---------------------------------------------------------------------------------------------


def update_settings(unit, *, actor, values: dict) -> PublicitySettings:
    """Check and store the unit's publicity targets (ValueError names the key when one is wrong)."""
    conf = PublicitySettings.from_dict(values)
    unit.settings = {**(unit.settings or {}), "publicity": conf.to_dict()}
    unit.save(update_fields=["settings"])
    log.info("publicity settings of unit %s changed by %s: %s", unit.code, actor, conf.to_dict())
    return conf
