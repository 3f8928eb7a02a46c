from django.urls import URLPattern, URLResolver, path

from .views import changes, plans, questionnaires, renewals, visits

app_name = "followup"

urlpatterns: list[URLPattern | URLResolver] = []

# --- plans and records (the caseworker's follow-up work) ---------------------------------------------
urlpatterns += [
    path("", plans.due, name="due"),
    path("<int:pk>/", plans.detail, name="detail"),
    path("<int:pk>/planlaeg/", plans.plan, name="plan"),
    path("<int:pk>/registrer/", plans.record, name="record"),
]

# --- questionnaires (sent to the person and the employer, answered in the portal) -------------------
urlpatterns += [
    # Staff: the follow-up's questionnaires (GET) and sending them (POST); <pk> is the follow-up.
    path("<int:pk>/skemaer/", questionnaires.questionnaire_send, name="questionnaire_send"),
    # Portal: the party answers its own questionnaire, then sees its receipt; <pk> is the questionnaire.
    path("skema/<int:pk>/", questionnaires.questionnaire_answer, name="questionnaire_answer"),
    path(
        "skema/<int:pk>/kvittering/",
        questionnaires.questionnaire_receipt,
        name="questionnaire_receipt",
    ),
]

# --- renewals of time-limited grants ------------------------------------------------------------------
urlpatterns += [
    path("fornyelse/bevilling/<int:pk>/", renewals.renewal_start, name="renewal_start"),
]

# --- change reports (BEK § 29) ------------------------------------------------------------------------
urlpatterns += [
    path("aendringer/", changes.change_reports, name="change_reports"),
    path("aendringer/<int:pk>/", changes.change_report, name="change_report"),
    path("sager/<int:pk>/aendring/registrer/", changes.change_report_register, name="change_report_register"),
    # The portal: the person or the employer reports a change on a case, and gets a receipt.
    path("sager/<int:pk>/aendring/", changes.change_report_new, name="change_report_new"),
    path("aendringer/<int:pk>/kvittering/", changes.change_report_receipt, name="change_report_receipt"),
]

# --- inspection visits --------------------------------------------------------------------------------
urlpatterns += [
    path("tilsyn/", visits.visits, name="visits"),
    path("tilsyn/nyt/", visits.visit_new, name="visit_new"),
    path("tilsyn/<int:pk>/", visits.visit, name="visit"),
]
