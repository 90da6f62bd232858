"""The public portal, no login: /portal/<unit code>/… (each unit has its own)."""

from django.urls import path

from investdesk.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:unit_code>/", views.home, name="home"),
    path("<slug:unit_code>/apply/", views.apply, name="apply"),
    path("<slug:unit_code>/apply/done/", views.submitted, name="submitted"),
    path("<slug:unit_code>/track/", views.track, name="track"),
    path("<slug:unit_code>/track/<str:number>/", views.status, name="status"),
    path("<slug:unit_code>/case/<str:number>/", views.case_status, name="case_status"),
    path("<slug:unit_code>/qr.svg", views.qr_svg, name="qr"),
    path("<slug:unit_code>/poster/", views.poster, name="poster"),
]
