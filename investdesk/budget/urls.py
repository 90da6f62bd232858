from django.urls import path

from investdesk.budget import views

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/lines/new/", views.line_create, name="line_create"),
    path("projects/<int:pk>/lines/export/", views.line_export, name="line_export"),
    path("projects/<int:pk>/lines/import/", views.line_import, name="line_import"),
    path("projects/<int:pk>/adjustments/new/", views.adjustment_create, name="adjustment_create"),
    path("projects/<int:pk>/adjustments/export/", views.adjustment_export, name="adjustment_export"),
    path("projects/<int:pk>/adjustments/import/", views.adjustment_import, name="adjustment_import"),
    path("projects/<int:pk>/expenditures/new/", views.expenditure_create, name="expenditure_create"),
    path("projects/<int:pk>/expenditures/export/", views.expenditure_export, name="expenditure_export"),
    path("projects/<int:pk>/expenditures/import/", views.expenditure_import, name="expenditure_import"),
    path("lines/template/", views.line_template, name="line_template"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("adjustments/template/", views.adjustment_template, name="adjustment_template"),
    path("adjustments/<int:pk>/delete/", views.adjustment_delete, name="adjustment_delete"),
    path("expenditures/template/", views.expenditure_template, name="expenditure_template"),
    path("expenditures/<int:pk>/edit/", views.expenditure_edit, name="expenditure_edit"),
    path("expenditures/<int:pk>/delete/", views.expenditure_delete, name="expenditure_delete"),
    path("expenditures/<int:pk>/file/", views.expenditure_file, name="expenditure_file"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
]
