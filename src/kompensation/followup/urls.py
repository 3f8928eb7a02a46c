from django.urls import URLPattern, URLResolver, path

from .views import changes, plans, questionnaires, renewals, visits  # noqa: F401

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
urlpatterns += []

# --- inspection visits --------------------------------------------------------------------------------
urlpatterns += [
    path("tilsyn/", visits.visits, name="visits"),
    path("tilsyn/nyt/", visits.visit_new, name="visit_new"),
    path("tilsyn/<int:pk>/", visits.visit, name="visit"),
]
