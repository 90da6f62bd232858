from django.urls import path

from investdesk.cases import archive_views, print_views, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("export/", views.case_export, name="export"),
    path("ratings/", views.rating_list, name="ratings"),
    path("settings/", views.case_settings, name="settings"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/archive/", archive_views.case_archive, name="archive"),
    path("<int:pk>/print/", print_views.case_print, name="print"),
    path("<int:pk>/assign/", views.case_assign, name="assign"),
    path("<int:pk>/mandate/", views.case_mandate, name="mandate"),
    path("<int:pk>/plan/", views.case_plan, name="plan"),
    path("<int:pk>/step/<slug:name>/", views.case_transition, name="transition"),
    path("<int:pk>/blockers/new/", views.blocker_create, name="blocker_create"),
    path("<int:pk>/files/new/", views.file_create, name="file_create"),
    path("<int:pk>/rate/", views.case_rate, name="rate"),
    path("blockers/<int:pk>/action/", views.blocker_action, name="blocker_action"),
    path("blockers/<int:pk>/resolve/", views.blocker_resolve, name="blocker_resolve"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification"),
]
