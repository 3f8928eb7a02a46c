from django.contrib import admin
from django.urls import include, path

from kompensation.cases.views import casework_targets

urlpatterns = [
    path("", include("kompensation.accounts.urls")),
    path("sager/", include("kompensation.cases.urls")),
    path("sagsbehandlingsfrister/", casework_targets, name="casework_targets"),
    path("portal/", include("kompensation.portal.urls")),
    path("breve/", include("kompensation.letters.urls")),
    path("klager/", include("kompensation.complaints.urls")),
    path("opfoelgning/", include("kompensation.followup.urls")),
    path("social/", include("kompensation.social.urls")),
    path("indsigt/", include("kompensation.insights.urls")),
    path("udbetaling/", include("kompensation.payments.urls")),
    path("api/v1/", include("kompensation.api.urls")),
    path("admin/", admin.site.urls),
]
