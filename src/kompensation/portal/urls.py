from django.urls import path

from . import views

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
]
