from django.urls import path

from investdesk.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/export/", views.milestone_export, name="milestone_export"),
    path("milestones/import/", views.milestone_import, name="milestone_import"),
    path("milestones/import/template/", views.milestone_template, name="milestone_template"),
    path("milestones/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/status/", views.milestone_status, name="milestone_status"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("milestones/<int:pk>/evidence/", views.milestone_evidence, name="milestone_evidence"),
    path("trips/", views.trips, name="trips"),
    path("trips/new/", views.trip_create, name="trip_create"),
    path("trips/export/", views.trip_export, name="trip_export"),
    path("trips/import/", views.trip_import, name="trip_import"),
    path("trips/import/template/", views.trip_template, name="trip_template"),
    path("trips/import/<int:pk>/", views.trip_import_preview, name="trip_import_preview"),
    path("trips/<int:pk>/", views.trip_edit, name="trip_edit"),
    path("trips/<int:pk>/delete/", views.trip_delete, name="trip_delete"),
]
