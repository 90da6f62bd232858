from django.urls import path

from investdesk.publicity import views

app_name = "publicity"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("settings/", views.publicity_settings, name="settings"),
    path("materials/", views.material_list, name="materials"),
    path("materials/new/", views.material_create, name="material_create"),
    path("materials/export/", views.materials_export, name="materials_export"),
    path("materials/import/", views.materials_import, name="materials_import"),
    path("materials/import/template/", views.materials_template, name="materials_template"),
    path("materials/import/<int:pk>/", views.materials_import_preview, name="materials_import_preview"),
    path("materials/<int:pk>/", views.material_detail, name="material_detail"),
    path("materials/<int:pk>/edit/", views.material_edit, name="material_edit"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material_delete"),
    path("materials/<int:pk>/batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/edit/", views.batch_edit, name="batch_edit"),
    path("batches/<int:pk>/delete/", views.batch_delete, name="batch_delete"),
    path("batches/<int:pk>/evidence/", views.batch_evidence, name="batch_evidence"),
    path("batches/<int:pk>/evidence/remove/", views.batch_evidence_remove, name="batch_evidence_remove"),
    path("articles/", views.article_list, name="articles"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/export/", views.articles_export, name="articles_export"),
    path("articles/import/", views.articles_import, name="articles_import"),
    path("articles/import/template/", views.articles_template, name="articles_template"),
    path("articles/import/<int:pk>/", views.articles_import_preview, name="articles_import_preview"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/delete/", views.article_delete, name="article_delete"),
    path("articles/<int:pk>/snapshots/new/", views.snapshot_create, name="snapshot_create"),
    path("snapshots/<int:pk>/edit/", views.snapshot_edit, name="snapshot_edit"),
    path("snapshots/<int:pk>/delete/", views.snapshot_delete, name="snapshot_delete"),
    path("engagement/import/", views.engagement_import, name="engagement_import"),
    path("engagement/import/template/", views.engagement_template, name="engagement_template"),
    path("engagement/import/<int:pk>/", views.engagement_preview, name="engagement_preview"),
    path("engagement/export/", views.engagement_export, name="engagement_export"),
]
