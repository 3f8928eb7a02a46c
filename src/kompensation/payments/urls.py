from django.urls import path

from . import invoice_views, views

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
    path("virksomhed/", views.employer_requests, name="employer_list"),
    path("virksomhed/ny/", views.employer_request_new, name="employer_new"),
    path("virksomhed/<int:pk>/", views.employer_request, name="employer_request"),
    path(
        "virksomhed/tilbagebetaling/<int:pk>/svar/",
        views.employer_repayment_answer,
        name="employer_repayment_answer",
    ),
    path("virksomhed/<int:pk>/slet/", views.employer_request_delete, name="employer_delete"),
    # Interpreting: the payment officer's invoice
    path("faktura/<int:pk>/", invoice_views.invoice, name="invoice"),
    path("faktura/<int:pk>/godkend/", invoice_views.invoice_approve, name="invoice_approve"),
    path(
        "faktura/<int:pk>/linje/<int:line_pk>/afvis/",
        invoice_views.invoice_line_reject,
        name="invoice_line_reject",
    ),
]
