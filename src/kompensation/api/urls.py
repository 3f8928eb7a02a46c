from django.urls import path, re_path

from . import changes, interpreting, views

app_name = "api"
urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("grants/", views.GrantList.as_view(), name="grants"),
    path("payment-requests/", views.PaymentRequestCreate.as_view(), name="payment_requests"),
    path("payment-requests/<int:pk>/", views.PaymentRequestDetail.as_view(), name="payment_request"),
    # Interpreting: the agency's invoices (JSON or OIOUBL XML).
    path("tolkning/fakturaer/", interpreting.InvoiceListCreate.as_view(), name="invoices"),
    path("tolkning/fakturaer/<int:pk>/", interpreting.InvoiceDetail.as_view(), name="invoice"),
    # Follow-up: change reports from payroll systems (BEK § 29).
    path("aendringer/", changes.ChangeReportListCreate.as_view(), name="change_reports"),
    # Anything else under /api/v1/ is answered in JSON, not with the HTML 404 page meant for people.
    re_path(r"^", views.not_found, name="not_found"),
]
