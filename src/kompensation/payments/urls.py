from django.urls import path

from . import control_views, declaration_views, invoice_views, registry_views, views

app_name = "payments"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.officer_request, name="officer_request"),
    path("<int:pk>/godkend/", views.approve, name="approve"),
    path("<int:pk>/ret/", views.correct, name="correct"),
    path(
        "<int:pk>/rettelse/<int:correction_pk>/godkend/", views.correction_confirm, name="correction_confirm"
    ),
    path("<int:pk>/rettelse/<int:correction_pk>/afvis/", views.correction_refuse, name="correction_refuse"),
    path("<int:pk>/afvis/", views.reject, name="reject"),
    path("<int:pk>/loenseddel/<int:payslip_pk>/", views.payslip, name="payslip"),
    path("<int:pk>/tilbagebetaling/", views.repayment_new, name="repayment_new"),
    path("tilbagebetaling/<int:pk>/", views.repayment, name="repayment"),
    path("tilbagebetaling/<int:pk>/hoering/", views.repayment_hearing, name="repayment_hearing"),
    path("tilbagebetaling/<int:pk>/svar/", views.repayment_answer_record, name="repayment_answer_record"),
    path("tilbagebetaling/<int:pk>/afgoer/", views.repayment_decide, name="repayment_decide"),
    path("tilbagebetaling/<int:pk>/opgiv/", views.repayment_drop, name="repayment_drop"),
    path("sag/<int:case_pk>/rejse/", views.trip_new, name="trip_new"),
    path("filer/", views.batches, name="batches"),
    path("filer/<int:pk>/csv/", views.batch_csv, name="batch_csv"),
    path("satser/", views.rates, name="rates"),
    path("satser/bpa-administrationsbidrag/", views.bpa_admin_mode, name="bpa_admin_mode"),
    path("virksomhed/", views.employer_requests, name="employer_list"),
    path("virksomhed/ny/", views.employer_request_new, name="employer_new"),
    path("virksomhed/<int:pk>/", views.employer_request, name="employer_request"),
    path(
        "virksomhed/tilbagebetaling/<int:pk>/svar/",
        views.employer_repayment_answer,
        name="employer_repayment_answer",
    ),
    path("virksomhed/<int:pk>/slet/", views.employer_request_delete, name="employer_delete"),
    # Interpreting: samples and tips («Kontrol»).
    path("kontrol/stikproever/", control_views.control_samples, name="control_samples"),
    path(
        "kontrol/stikproever/svar/<int:pk>/", control_views.sample_answer_record, name="sample_answer_record"
    ),
    path("kontrol/tips/", control_views.tips, name="tips"),
    path("kontrol/tips/ny/", control_views.tip_new, name="tip_new"),
    path("kontrol/tips/<int:pk>/", control_views.tip, name="tip"),
    path("kontrol/indstillinger/", control_views.control_settings, name="control_settings"),
    # Interpreting: declarations and registry
    path("tolkeregister/bureauer/", registry_views.agencies, name="agencies"),
    path("tolkeregister/bureauer/nyt/", registry_views.agency_new, name="agency_new"),
    path("tolkeregister/bureauer/<int:pk>/", registry_views.agency, name="agency"),
    path("tolkeregister/tolke/", registry_views.interpreters, name="interpreters"),
    path("tolkeregister/tolke/ny/", registry_views.interpreter_new, name="interpreter_new"),
    path("tolkeregister/tolke/<int:pk>/", registry_views.interpreter, name="interpreter"),
    path(
        "tolkeregister/tolke/<int:pk>/forbindelse/",
        registry_views.economic_link_new,
        name="economic_link_new",
    ),
    # Interpreting: the payment officer's invoice
    path("faktura/<int:pk>/", invoice_views.invoice, name="invoice"),
    path("faktura/<int:pk>/godkend/", invoice_views.invoice_approve, name="invoice_approve"),
    path(
        "faktura/<int:pk>/linje/<int:line_pk>/afvis/",
        invoice_views.invoice_line_reject,
        name="invoice_line_reject",
    ),
]
# Interpreting: the caseworker revokes a declaration from the panel on the case page.
urlpatterns.append(
    path("erklaering/<int:pk>/tilbagekald/", declaration_views.declaration_revoke, name="declaration_revoke")
)
