from django.urls import path

from . import attestation_views, complaint_views, views

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
    # Interpreting: the user confirms the sessions; the interpreter and the agency sign the same statement.
    path("tolkning/", attestation_views.attestation_list, name="attestations"),
    path(
        "tolkning/<int:pk>/tolk/<int:interpreter_pk>/",
        attestation_views.attestation_statement,
        name="attestation",
    ),
    path(
        "tolkning/<int:pk>/tolk/<int:interpreter_pk>/tolkens-underskrift/",
        attestation_views.attestation_sign_interpreter,
        name="attestation_interpreter",
    ),
    path(
        "tolkning/<int:pk>/tolk/<int:interpreter_pk>/bureauets-underskrift/",
        attestation_views.attestation_sign_agency,
        name="attestation_agency",
    ),
]
