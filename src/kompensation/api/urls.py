from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("grants/", views.GrantList.as_view(), name="grants"),
    path("payment-requests/", views.PaymentRequestCreate.as_view(), name="payment_requests"),
    path("payment-requests/<int:pk>/", views.PaymentRequestDetail.as_view(), name="payment_request"),
]
