"""The interpreting agency's side of the API: send an invoice as JSON or as an OIOUBL file, read its own.

`POST /api/v1/tolkning/fakturaer/` takes either `application/json` (grant reference, invoice number, period,
lines) or `application/xml` (an OIOUBL invoice, the body as the file). Both end in the same service as the
portal, so prices and refusals are the same whichever way the invoice came. The Idempotency-Key works as for
the employers' payment requests: the first answer is stored under (CVR, key) and replayed to every repeat.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response

from kompensation.accounts.models import User
from kompensation.payments import selectors, services
from kompensation.payments.models import Agency, InvoiceLine, PaymentRequest, RequestSource
from kompensation.payments.services.oioubl import MAX_BYTES

from .idempotency import (
    as_json,
    idempotency_claim,
    idempotency_header,
    idempotency_key,
    idempotency_store,
    request_hash,
)
from .parsers import LimitedJSONParser, PayloadTooLarge
from .serializers import ErrorSerializer, InputDateField
from .views import HasRule

NOT_FOUND = "Fakturaen findes ikke, eller den tilhører ikke jeres CVR-nummer."


class OioublParser(BaseParser):
    """The body as bytes, for `invoice_receive_oioubl` to read with its hardened XML parser."""

    media_type = "application/xml"

    def parse(  # type: ignore[override]  # request.data is the raw file, not a mapping
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> bytes:
        raw = stream.read(MAX_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BYTES:
            raise PayloadTooLarge(f"Fakturaen er for stor (over {MAX_BYTES // (1024 * 1024)} MB).")
        return bytes(raw)


class TextXmlParser(OioublParser):
    media_type = "text/xml"


class SessionLineSerializer(serializers.Serializer[dict[str, Any]]):
    date = InputDateField()
    start = serializers.TimeField(help_text="TT:MM, dansk tid.")
    end = serializers.TimeField(help_text="TT:MM; 00:00 betyder midnat ved dagens slutning.")
    interpreter = serializers.CharField(max_length=40, help_text="Tolkens nummer hos bureauet.")
    claimed = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal(0))
    remote = serializers.BooleanField(default=False)
    postcode = serializers.RegexField(r"^\d{4}$", required=False, allow_blank=True, default="")
    zone = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=3, default=None)
    demanding = serializers.BooleanField(default=False)


class InvoiceCreateSerializer(serializers.Serializer[dict[str, Any]]):
    grant_reference = serializers.CharField(max_length=20, help_text="Bevillingsnummeret, fx BEV-0000123.")
    invoice_number = serializers.CharField(max_length=40)
    period_start = InputDateField()
    period_end = InputDateField()
    lines = SessionLineSerializer(many=True, allow_empty=False)


class InvoiceLineOutSerializer(serializers.ModelSerializer[InvoiceLine]):
    interpreter = serializers.CharField(source="interpreter.number")

    class Meta:
        model = InvoiceLine
        fields = [
            "position",
            "date",
            "start",
            "end",
            "interpreter",
            "remote",
            "postcode",
            "zone",
            "demanding",
            "claimed",
            "computed",
            "status",
        ]


class InvoiceSerializer(serializers.ModelSerializer[PaymentRequest]):
    """An invoice as the agency may see it: no person data, only the grant's reference."""

    reference = serializers.CharField()
    grant_reference = serializers.CharField(source="grant.reference")
    status_label = serializers.CharField(source="get_status_display")
    claimed_total = serializers.SerializerMethodField()
    computed_total = serializers.SerializerMethodField()
    lines = InvoiceLineOutSerializer(many=True, source="invoice_lines")

    class Meta:
        model = PaymentRequest
        fields = [
            "id",
            "reference",
            "grant_reference",
            "invoice_number",
            "source",
            "period_start",
            "period_end",
            "status",
            "status_label",
            "claimed_total",
            "computed_total",
            "requested_total",
            "approved_total",
            "payout_due",
            "submitted_at",
            "lines",
        ]

    def get_claimed_total(self, invoice: PaymentRequest) -> Decimal:
        return Decimal(invoice.calculation.get("claimed_total", "0"))

    def get_computed_total(self, invoice: PaymentRequest) -> Decimal:
        return Decimal(invoice.calculation.get("computed_total", "0"))


def agency_invoices(user: User) -> Any:
    return (
        selectors.payment_requests_visible_to(user)
        .filter(kind="interpreting")
        .select_related("agency")
        .prefetch_related("invoice_lines__interpreter")
        .order_by("-submitted_at", "-pk")
    )


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


READ_ERRORS = {
    401: _error("Token mangler, er ukendt, udløbet eller spærret."),
    403: _error("Tokenet tilhører ikke et tolkebureau."),
}


class InvoiceListCreate(generics.ListAPIView[PaymentRequest]):
    """The agency's own invoices (GET) and a new invoice (POST, JSON or OIOUBL XML)."""

    permission_classes = [HasRule]
    rule = "payments.submit_invoice"
    serializer_class = InvoiceSerializer
    parser_classes = [LimitedJSONParser, OioublParser, TextXmlParser]

    def get_queryset(self) -> Any:
        return agency_invoices(cast(User, self.request.user))

    @extend_schema(responses={200: InvoiceSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": InvoiceCreateSerializer,
            "application/xml": {"type": "string", "format": "binary", "description": "En OIOUBL-faktura."},
        },
        responses={
            201: InvoiceSerializer,
            400: _error("Fakturaen er afvist: `errors.request` har en besked pr. fejl (element og linje)."),
            **READ_ERRORS,
            413: _error("Fakturaen er for stor."),
            415: _error("Send application/json eller application/xml."),
            422: _error("Idempotency-Key er allerede brugt til en anden faktura."),
        },
        parameters=[
            idempotency_header(
                "Jeres egen unikke nøgle pr. faktura. Samme nøgle og indhold giver det første "
                "svar igen, og fakturaen betales aldrig to gange."
            )
        ],
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        key, refused = idempotency_key(request)
        if refused is not None:
            return refused
        payload = request.data
        digest = hashlib.sha256(payload).hexdigest() if isinstance(payload, bytes) else request_hash(payload)
        with transaction.atomic():
            record, first = idempotency_claim(cvr=user.cvr, key=key, digest=digest)
            if record.request_hash != digest:
                message = "Nøglen er allerede brugt til en anden faktura. Brug en ny nøgle til en ny faktura."
                return Response(
                    {"errors": {"Idempotency-Key": [message]}}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
                )
            if first:
                response = self._submit(user, payload, key)
                idempotency_store(record, status_code=response.status_code, body=as_json(response.data))
        return Response(record.body, status=record.status_code)

    def _submit(self, user: User, payload: Any, key: str) -> Response:
        """Every refusal becomes a response here, so it is stored and replayed like a success."""
        agency = Agency.objects.filter(cvr=user.cvr).first()
        if agency is None:
            return Response(
                {"detail": "Bureauet er ikke registreret hos kommunen."}, status=status.HTTP_403_FORBIDDEN
            )
        try:
            if isinstance(payload, bytes):
                invoice = services.invoice_receive_oioubl(
                    user=user, agency=agency, content=payload, idempotency_key=key
                )
            else:
                serializer = InvoiceCreateSerializer(data=payload)
                if not serializer.is_valid():
                    return Response({"errors": serializer.errors}, status=status.HTTP_400_BAD_REQUEST)
                data = serializer.validated_data
                invoice = services.invoice_receive(
                    user=user,
                    agency=agency,
                    grant_reference=data["grant_reference"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    invoice_number=data["invoice_number"],
                    lines=[services.SessionLine(**line) for line in data["lines"]],
                    source=RequestSource.API,
                    idempotency_key=key,
                )
        except ValidationError as error:
            return Response({"errors": {"request": error.messages}}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        return Response(InvoiceSerializer(agency_invoices(user).get(pk=invoice.pk)).data, status=201)


@extend_schema_view(
    get=extend_schema(responses={200: InvoiceSerializer, **READ_ERRORS, 404: _error(NOT_FOUND)})
)
class InvoiceDetail(generics.RetrieveAPIView[PaymentRequest]):
    """One of the agency's invoices: status, claimed and computed per line."""

    permission_classes = [HasRule]
    rule = "payments.submit_invoice"
    serializer_class = InvoiceSerializer

    def get_queryset(self) -> Any:
        return agency_invoices(cast(User, self.request.user))

    def get_object(self) -> PaymentRequest:
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound(NOT_FOUND) from exc
