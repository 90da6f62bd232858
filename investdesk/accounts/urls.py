from django.contrib.auth import views as auth_views
from django.urls import path

from investdesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("switch-unit/", views.switch_unit, name="switch_unit"),
    path("audit/", views.audit_log, name="audit_log"),
    path("unit/", views.unit_profile, name="unit"),
    path("unit/edit/", views.unit_edit, name="unit_edit"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/", views.member_change, name="member_change"),
    path("calendar/", views.calendar, name="calendar"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("calendar/<int:pk>/delete/", views.calendar_delete, name="calendar_delete"),
]
