from django.urls import path, re_path

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("grants/", views.GrantList.as_view(), name="grants"),
    path("payment-requests/", views.PaymentRequestCreate.as_view(), name="payment_requests"),
    path("payment-requests/<int:pk>/", views.PaymentRequestDetail.as_view(), name="payment_request"),
    # Anything else under /api/v1/ is answered in JSON, not with the HTML 404 page meant for people.
    re_path(r"^", views.not_found, name="not_found"),
]
