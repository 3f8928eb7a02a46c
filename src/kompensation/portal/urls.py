from django.urls import path

from . import complaint_views, declaration_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine-oplysninger/adgang/", views.access_log, name="access_log"),
    path("ansoegning/ny/", views.application_start, name="start"),
    path("ansoegning/<int:pk>/trin/<slug:step>/", views.application_step, name="step"),
    path("ansoegning/<int:pk>/send/", views.application_submit, name="submit"),
    path("ansoegning/<int:pk>/underskriv/", views.application_cosign, name="cosign"),
    path("ansoegning/<int:pk>/kvittering/", views.application_receipt, name="receipt"),
    path("sager/<int:pk>/", views.own_case, name="case"),
    path("sager/<int:pk>/klage/", complaint_views.complaint_new, name="complaint_new"),
    path(
        "virksomhed/sager/<int:pk>/klage/",
        complaint_views.employer_complaint_new,
        name="employer_complaint_new",
    ),
    path("klager/<int:pk>/", complaint_views.complaint_receipt, name="complaint_receipt"),
    # Interpreting: declarations and registry
    path("erklaeringer/", declaration_views.declarations, name="declarations"),
    path("bureau/erklaeringer/", declaration_views.agency_declarations, name="agency_declarations"),
    path("bureau/tolke/", declaration_views.agency_interpreters, name="agency_interpreters"),
    path("tolk/", declaration_views.interpreter_home, name="interpreter_home"),
]
