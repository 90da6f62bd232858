"""Staff pages of the portal, mounted under /cases/requests/: the inbox of requests submitted online,
and every case's QR code of its public status page."""

from django.urls import path

from investdesk.portal import staff_views

app_name = "portal_staff"

urlpatterns = [
    path("", staff_views.inbox, name="inbox"),
    path("<int:pk>/", staff_views.detail, name="detail"),
    path("<int:pk>/convert/", staff_views.convert, name="convert"),
    path("<int:pk>/reject/", staff_views.reject, name="reject"),
    path("<int:pk>/duplicate/", staff_views.duplicate, name="duplicate"),
    path("<int:pk>/reopen/", staff_views.reopen, name="reopen"),
    path("<int:pk>/archive/", staff_views.archive, name="archive"),
    path("files/<int:pk>/", staff_views.attachment, name="attachment"),
    path("case/<int:case_pk>/qr.svg", staff_views.case_qr, name="case_qr"),
    path("case/<int:case_pk>/qr/", staff_views.case_qr_sheet, name="case_qr_sheet"),
]
