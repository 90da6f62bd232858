from django.urls import path

from investdesk.enterprises import print_views, views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("export/", views.enterprise_export, name="export"),
    path("template/", views.import_template, name="template"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/print/", print_views.enterprise_print, name="print"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("<int:pk>/files/new/", views.attachment_create, name="attachment_create"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/plan/new/", views.plan_item_create, name="plan_item_create"),
    path("plan/<int:pk>/", views.plan_item_edit, name="plan_item_edit"),
    path("areas/", views.areas, name="areas"),
    path("areas/<int:pk>/", views.area_edit, name="area_edit"),
    path("areas/<int:pk>/delete/", views.area_delete, name="area_delete"),
]
