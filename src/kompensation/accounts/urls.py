from django.contrib.auth import views as auth_views
from django.urls import path

from . import access_views, views
from .permissions import public

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", public(views.LoginView.as_view()), name="login"),
    path("log-ud/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("ingen-adgang/", views.no_access, name="no_access"),
    path("tilsyn/adgangslog/", access_views.access_log, name="access_log"),
    path("tilsyn/adgangslog/csv/", access_views.access_log_csv, name="access_log_csv"),
]
