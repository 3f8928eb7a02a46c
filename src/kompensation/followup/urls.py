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
urlpatterns += []

# --- renewals of time-limited grants ------------------------------------------------------------------
urlpatterns += []

# --- change reports (BEK § 29) ------------------------------------------------------------------------
urlpatterns += []

# --- inspection visits --------------------------------------------------------------------------------
urlpatterns += []
