from django.urls import path

from investdesk.surveys import public, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("channels/", views.channels, name="channels"),
    path("channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("settings/", views.survey_settings, name="settings"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/status/", views.survey_status, name="status"),
    path("<int:pk>/copy/", views.survey_copy, name="copy"),
    path("<int:pk>/delete/", views.survey_delete, name="delete"),
    path("<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("<int:pk>/tokens/", views.tokens, name="tokens"),
    path("<int:pk>/tokens/export/", views.tokens_export, name="tokens_export"),
    path("<int:pk>/tokens/print/", views.tokens_print, name="tokens_print"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/export/", views.export_answers, name="export"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    # Public: no login (see public.py).
    path("p/<str:unit_code>/<str:key>/", public.answer, name="answer"),
    path("p/<str:unit_code>/<str:key>/thanks/", public.thanks, name="thanks"),
]
