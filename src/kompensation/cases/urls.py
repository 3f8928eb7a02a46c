from django.urls import path

from . import overview_views, views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("ny/", views.case_new, name="new"),
    path("overblik/", overview_views.overview, name="overview"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/cpr/", views.case_reveal_cpr, name="reveal_cpr"),
    path("<int:pk>/aktivt-skridt/", views.case_active_step, name="active_step"),
    path("<int:pk>/sagsoplysning/", views.case_investigation, name="investigation"),
    path("<int:pk>/dialogskema/", views.case_dialog_form, name="dialog_form"),
    path("<int:pk>/partshoering/", views.case_hearing, name="hearing"),
    path(
        "<int:pk>/partshoering/<int:hearing_pk>/svar/", views.case_hearing_response, name="hearing_response"
    ),
    path("<int:pk>/afgoerelse/", views.case_decision, name="decision"),
    path("<int:pk>/afgoerelse/brev/", views.case_decision_letter, name="decision_letter"),
    path("<int:pk>/forsinket-afgoerelse/", views.case_late_notice, name="late_notice"),
    path(
        "<int:pk>/afgoerelse/brev/forhaandsvisning/",
        views.case_decision_letter_preview,
        name="decision_letter_preview",
    ),
    path("<int:pk>/afgoerelse/send/", views.case_decision_send, name="decision_send"),
    path("<int:pk>/fordel/", views.case_assign, name="assign"),
    path("<int:pk>/stands-bevilling/", views.case_grant_stop, name="grant_stop"),
    path("<int:pk>/journalnotat/", views.case_journal_note, name="journal_note"),
    path("<int:pk>/dokumenter/", views.case_document_upload, name="document_upload"),
    path("dokumenter/<int:pk>/", views.document_download, name="document"),
]
