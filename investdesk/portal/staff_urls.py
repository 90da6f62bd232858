"""Staff pages of the portal: the inbox of requests submitted online, mounted under /cases/requests/."""

from django.urls import path  # noqa: F401

app_name = "portal_staff"

urlpatterns = []
