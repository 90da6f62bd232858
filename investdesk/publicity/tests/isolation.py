"""How the isolation test reaches the publicity URLs with another unit's rows."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from investdesk.core.models import ImportUpload
from investdesk.publicity.models import Article, Batch, Engagement, Material
from tests.isolation import Row


def material(unit, marker):
    found = Material.objects.for_unit(unit).first()
    return found or Material.objects.create(unit=unit, material_type="guide", title=f"指南{marker}", description=marker)


def batch(unit, marker):
    found = Batch.objects.filter(material=material(unit, marker)).first()
    if found:
        return found
    made = Batch(
        unit=unit,
        material=material(unit, marker),
        batch_on=date(2022, 3, 15),
        printed_copies=60,
        distributed_copies=45,
        distribution=marker,
        note=marker,
        evidence_name=f"{marker}.txt",
    )
    made.evidence.save("evidence.txt", ContentFile(marker.encode()), save=False)
    made.save()
    return made


def article(unit, marker):
    found = Article.objects.for_unit(unit).first()
    return found or Article.objects.create(
        unit=unit, title=f"稿件{marker}", channel="wechat", published_on=date(2022, 4, 12), note=marker
    )


def snapshot(unit, marker):
    found = Engagement.objects.filter(article=article(unit, marker)).first()
    return found or Engagement.objects.create(
        unit=unit, article=article(unit, marker), taken_on=date(2022, 5, 1), views=10, source_file=marker
    )


def upload(kind):
    def make(unit, marker):
        owner = get_user_model().objects.filter(memberships__unit=unit).first()
        return ImportUpload.objects.create(unit=unit, kind=kind, created_by=owner, filename=f"{marker}.xlsx", data=b"x")

    return make


SPECS = {
    "publicity:material_detail": Row(material),
    "publicity:material_edit": Row(material),
    "publicity:material_delete": Row(material),
    "publicity:batch_create": Row(material),
    "publicity:batch_edit": Row(batch),
    "publicity:batch_delete": Row(batch),
    "publicity:batch_evidence": Row(batch),
    "publicity:batch_evidence_remove": Row(batch),
    "publicity:article_detail": Row(article),
    "publicity:article_edit": Row(article),
    "publicity:article_delete": Row(article),
    "publicity:snapshot_create": Row(article),
    "publicity:snapshot_edit": Row(snapshot),
    "publicity:snapshot_delete": Row(snapshot),
    "publicity:materials_import_preview": Row(upload("publicity.batches")),
    "publicity:articles_import_preview": Row(upload("publicity.articles")),
    "publicity:engagement_preview": Row(upload("publicity.engagement")),
}
