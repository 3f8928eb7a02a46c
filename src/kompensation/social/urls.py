"""The social schemes' own pages: registration, personal circle, measurement, decision, plan, aids.

One section per part; each part adds its routes to its own section only."""

from django.urls import URLPattern, URLResolver, path

from . import views_decision
from .views import aids as aid_views
from .views import intake, measurement
from .views import plan as plan_views

app_name = "social"

urlpatterns: list[URLPattern | URLResolver] = []

# --- intake (the caseworker registers; the citizen applies on Mine sider) -----------------------------
urlpatterns += [
    path("ny/", intake.register, name="new"),
    path("ansoeg/", intake.apply, name="apply"),
    path("ansoeg/behov/", intake.apply_need, name="apply_need"),
    path("ansoeg/tjek/", intake.apply_check, name="apply_check"),
    path("ansoeg/<int:pk>/kvittering/", intake.apply_receipt, name="apply_receipt"),
]

# --- personal circle and measurement ------------------------------------------------------------------
urlpatterns += [
    path("<int:pk>/personkreds/", measurement.circle, name="circle"),
    path("<int:pk>/udmaaling/", measurement.measurement, name="measurement"),
    path("<int:pk>/udmaaling/<int:activity_pk>/", measurement.activity, name="activity"),
    path("<int:pk>/udmaaling/<int:activity_pk>/slet/", measurement.activity_delete, name="activity_delete"),
]

# --- decision and letter ------------------------------------------------------------------------------
urlpatterns += [path("<int:pk>/afgoerelse/", views_decision.decision, name="decision")]

# --- BPA money and the monthly payment plan -----------------------------------------------------------
urlpatterns += [path("<int:pk>/udbetalingsplan/", plan_views.plan, name="plan")]

# --- aids: trial, supplier and price ------------------------------------------------------------------
urlpatterns += [
    path("<int:pk>/afproevning/", aid_views.trial, name="trial"),
    path("<int:pk>/afproevning/start/", aid_views.trial_start, name="trial_start"),
    path("<int:pk>/afproevning/<int:trial_pk>/afslut/", aid_views.trial_end, name="trial_end"),
]
