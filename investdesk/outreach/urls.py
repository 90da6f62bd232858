from django.urls import path

from investdesk.outreach import appeal_views, views

app_name = "outreach"

urlpatterns = [
    path("", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/delete/", views.visit_delete, name="visit_delete"),
    path("pickers/enterprises/", views.enterprise_search, name="enterprise_search"),
    path("pickers/projects/", views.enterprise_projects, name="enterprise_projects"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/<int:pk>/delete/", views.consultation_delete, name="consultation_delete"),
    path("appeals/", appeal_views.appeal_list, name="appeals"),
    path("appeals/new/", appeal_views.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", appeal_views.appeal_detail, name="appeal_detail"),
    path("appeals/<int:pk>/edit/", appeal_views.appeal_edit, name="appeal_edit"),
    path("appeals/<int:pk>/step/", appeal_views.appeal_step, name="appeal_step"),
    path("appeals/<int:pk>/delete/", appeal_views.appeal_delete, name="appeal_delete"),
    path("figures/", views.figures, name="figures"),
    path("settings/", views.outreach_settings, name="settings"),
]
# Excel for each ledger: the same views, told which ledger by the route (no argument to guess).
for kind in ("visits", "consultations", "appeals"):
    urlpatterns += [
        path(f"{kind}/export/", views.sheet_export, {"kind": kind}, name=f"{kind}_export"),
        path(f"{kind}/template/", views.sheet_template, {"kind": kind}, name=f"{kind}_template"),
        path(f"{kind}/import/", views.sheet_import, {"kind": kind}, name=f"{kind}_import"),
        path(f"{kind}/import/<int:pk>/", views.import_preview, {"kind": kind}, name=f"{kind}_import_preview"),
    ]
