from django.urls import path, re_path

from investdesk.performance import monitoring_views, views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("rule-preview/", views.rule_preview, name="rule_preview"),
    path("settings/", views.scoring_settings, name="settings"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/weights/", views.weights, name="weights"),
    path("projects/<int:pk>/adopt/", views.table_adopt, name="table_adopt"),
    path("projects/<int:pk>/copy/", views.table_copy, name="table_copy"),
    re_path(r"^projects/(?P<pk>\d+)/export/(?P<fmt>xlsx|docx)/$", views.table_export, name="table_export"),
    path("projects/<int:pk>/evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/actual/", views.indicator_actual, name="indicator_actual"),
    path("indicators/<int:pk>/evidence/", views.indicator_evidence, name="indicator_evidence"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    re_path(
        r"^evaluations/(?P<pk>\d+)/(?P<action>submit|approve|return)/$",
        views.evaluation_transition,
        name="evaluation_transition",
    ),
    re_path(r"^evaluations/(?P<pk>\d+)/export/(?P<fmt>xlsx|docx)/$", views.evaluation_export, name="evaluation_export"),
    path("projects/<int:pk>/monitoring/new/", monitoring_views.monitoring_create, name="monitoring_create"),
    path("monitoring/<int:pk>/", monitoring_views.monitoring_detail, name="monitoring"),
    re_path(
        r"^monitoring/(?P<pk>\d+)/(?P<action>approve|return)/$",
        monitoring_views.monitoring_transition,
        name="monitoring_transition",
    ),
    re_path(
        r"^monitoring/(?P<pk>\d+)/export/(?P<fmt>xlsx|docx)/$",
        monitoring_views.monitoring_export,
        name="monitoring_export",
    ),
]
