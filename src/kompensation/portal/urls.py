from django.urls import path

from . import (
    agency_views,
    attestation_views,
    complaint_views,
    declaration_views,
    oioubl_views,
    sample_views,
    views,
)

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
    # Interpreting: samples — «Fik du den hjælp, der er betalt for?»
    path("stikproeve/<int:pk>/", sample_views.sample_answer, name="sample_answer"),
    path("stikproeve/<int:pk>/kvittering/", sample_views.sample_receipt, name="sample_receipt"),
    # Interpreting: the agency's pages (its users, its invoices, the invoice form in four steps).
    path("tolkebureau/", agency_views.home, name="agency_home"),
    path("tolkebureau/fakturaer/", agency_views.invoices, name="agency_invoices"),
    path("tolkebureau/fakturaer/<int:pk>/", agency_views.invoice_detail, name="agency_invoice"),
    path(
        "tolkebureau/fakturaer/<int:pk>/kvittering/",
        agency_views.invoice_receipt,
        name="agency_invoice_receipt",
    ),
    path("tolkebureau/faktura/ny/", agency_views.invoice_grant, name="agency_invoice_grant"),
    path("tolkebureau/faktura/ny/periode/", agency_views.invoice_period, name="agency_invoice_period"),
    path("tolkebureau/faktura/ny/linjer/", agency_views.invoice_lines, name="agency_invoice_lines"),
    path("tolkebureau/faktura/ny/tjek/", agency_views.invoice_check, name="agency_invoice_check"),
    # Interpreting: declarations and registry
    path("erklaeringer/", declaration_views.declarations, name="declarations"),
    path("bureau/erklaeringer/", declaration_views.agency_declarations, name="agency_declarations"),
    path("bureau/tolke/", declaration_views.agency_interpreters, name="agency_interpreters"),
    path("tolk/", declaration_views.interpreter_home, name="interpreter_home"),
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
    # Interpreting: the agency's invoice as an OIOUBL file
    path("tolkebureau/faktura/oioubl/", oioubl_views.oioubl_upload, name="agency_oioubl_upload"),
]
