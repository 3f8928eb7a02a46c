from django.urls import path

from .views import detail

app_name = "complaints"

urlpatterns = [
    path("<int:pk>/", detail.detail, name="detail"),
]
