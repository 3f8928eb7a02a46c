from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("sagsbehandlingstid/", views.processing_time, name="processing_time"),
    path("sagsbehandlingstid/csv/", views.processing_time_csv, name="processing_time_csv"),
    path("sagsbehandlingstid/aar/", views.processing_time_years, name="processing_time_years"),
    path("sagsbehandlingstid/aar/csv/", views.processing_time_years_csv, name="processing_time_years_csv"),
]
