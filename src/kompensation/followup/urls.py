from django.urls import URLPattern, URLResolver, path

from .views import changes, plans, questionnaires, renewals, visits  # noqa: F401

app_name = "followup"

urlpatterns: list[URLPattern | URLResolver] = []

# --- plans and records (the caseworker's follow-up work) ---------------------------------------------
urlpatterns += []

# --- questionnaires (sent to the person and the employer, answered in the portal) -------------------
urlpatterns += []

# --- renewals of time-limited grants ------------------------------------------------------------------
urlpatterns += []

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
urlpatterns += []
