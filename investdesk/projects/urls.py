from django.urls import path

from investdesk.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("export/", views.project_export, name="export"),
    path("import/", views.project_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("approvals/", views.item_list, name="items"),
    path("followups/", views.followup_list, name="followups"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.catalogue_create, name="catalogue_create"),
    path("catalogue/<int:pk>/", views.catalogue_edit, name="catalogue_edit"),
    path("departments/", views.department_list, name="departments"),
    path("departments/defaults/", views.department_defaults, name="department_defaults"),
    path("departments/<int:pk>/", views.department_edit, name="department_edit"),
    path("departments/<int:pk>/delete/", views.department_delete, name="department_delete"),
    path("settings/", views.project_settings, name="settings"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/status/", views.project_status, name="status"),
    path("<int:pk>/delete/", views.project_delete, name="delete"),
    path("<int:pk>/items/sync/", views.sync_items, name="sync_items"),
    path("<int:pk>/followups/new/", views.followup_create, name="followup_create"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("followups/<int:pk>/edit/", views.followup_edit, name="followup_edit"),
    path("followups/<int:pk>/delete/", views.followup_delete, name="followup_delete"),
]
