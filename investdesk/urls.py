from django.contrib import admin
from django.urls import include, path

from investdesk.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("investdesk.accounts.urls")),
    path("dashboard/", include("investdesk.dashboard.urls")),
    path("search/", include("investdesk.search.urls")),
    path("enterprises/", include("investdesk.enterprises.urls")),
    path("projects/", include("investdesk.projects.urls")),
    path("cases/requests/", include("investdesk.portal.staff_urls")),
    path("cases/", include("investdesk.cases.urls")),
    path("portal/", include("investdesk.portal.urls")),
    path("outreach/", include("investdesk.outreach.urls")),
    path("publicity/", include("investdesk.publicity.urls")),
    path("budget/", include("investdesk.budget.urls")),
    path("plans/", include("investdesk.plans.urls")),
    path("surveys/", include("investdesk.surveys.urls")),
    path("performance/", include("investdesk.performance.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "investdesk.core.views.error_403"
handler404 = "investdesk.core.views.error_404"
handler500 = "investdesk.core.views.error_500"
