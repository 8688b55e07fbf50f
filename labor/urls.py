from django.contrib import admin
from django.urls import include, path

from labor.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("disputes/", include("labor.disputes.urls")),
    path("inspections/", include("labor.inspections.urls")),
    path("notifications/", include("labor.notifications.urls")),
    # The art. 80-1 list of penalised employers is public: under /online/ beside the portal.
    path("fund/ledger/", include("labor.fund.urls_ledger")),
    path("fund/", include("labor.fund.urls")),
    path("employment/programmes/", include("labor.employment.urls_programmes")),
    path("employment/", include("labor.employment.urls")),
    path("online/jobs/", include("labor.employment.urls_public")),
    path("online/fund/", include("labor.fund.urls_public")),
    path("online/penalised-employers/", include("labor.inspections.urls_public")),
    path("online/", include("labor.portal.urls")),
    path("stats/", include("labor.stats.urls")),
    path("council/", include("labor.council.urls")),
    path("", include("labor.core.urls")),
]
