"""API views: thin wrappers around the payments services, bound to the token owner's CVR."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import rules
from kompensation.accounts.models import User
from kompensation.accounts.permissions import has, public
from kompensation.files import file_writes
from kompensation.payments import selectors, services
from kompensation.payments.models import PaymentRequest

from .idempotency import (
    as_json,
    idempotency_claim,
    idempotency_header,
    idempotency_key,
    idempotency_store,
    request_hash,
)
from .serializers import (
    ConflictSerializer,
    ErrorSerializer,
    GrantSerializer,
    PaymentRequestCreateSerializer,
    PaymentRequestSerializer,
)


@public
def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": "Adressen findes ikke i API'et. Se /api/v1/schema/."}, status=404)


class HasRule(BasePermission):
    """The API's side of the one permission model: each view names its rule in `rule`."""

    message = "API'et er kun for virksomheder (token bundet til et CVR-nummer)."

    def has_permission(self, request: Request, view: Any) -> bool:
        return has(view.rule, request.user)


class SchemaView(SpectacularAPIView):
    permission_classes = [HasRule]
    rule = "api.read_schema"


# The OpenAPI description holds no personal data; payroll vendors read it before they have a token.
rules.add_perm("api.read_schema", rules.always_allow)


def _errors(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {"errors": error.message_dict}
    return {"errors": {"request": error.messages}}


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


READ_ERRORS = {
    401: _error("Token mangler, er ukendt, udløbet eller spærret."),
    403: _error("Tokenet tilhører ikke en virksomhed."),
}


@extend_schema_view(get=extend_schema(responses={200: GrantSerializer(many=True), **READ_ERRORS}))
class GrantList(generics.ListAPIView[Any]):
    """The employer's active grants."""

    permission_classes = [HasRule]
    rule = "payments.request_payment"
    serializer_class = GrantSerializer

    def get_queryset(self) -> Any:
        return selectors.grants_of_employer(cast(User, self.request.user))


class PaymentRequestCreate(APIView):
    permission_classes = [HasRule]
    rule = "payments.request_payment"

    @extend_schema(
        request=PaymentRequestCreateSerializer,
        responses={
            201: PaymentRequestSerializer,
            400: _error(
                "Fejl i anmodningen, i JSON (fx for dybt indlejret) eller manglende Idempotency-Key."
            ),
            **READ_ERRORS,
            404: _error("Bevillingen findes ikke, eller den tilhører ikke jeres CVR-nummer."),
            409: OpenApiResponse(
                ConflictSerializer,
                description="Der er allerede anmodet om perioden; `existing_request` nævner anmodningen.",
            ),
            413: _error("Anmodningen er over 8 MB."),
            415: _error("Anmodningen skal sendes som application/json."),
            422: _error("Idempotency-Key er allerede brugt til en anden anmodning."),
        },
        parameters=[
            idempotency_header(
                "Jeres egen unikke nøgle pr. anmodning (højst 80 tegn). Sendes samme nøgle igen med "
                "samme indhold, får I præcis det første svar igen, og der udbetales aldrig to gange. "
                "Samme nøgle med andet indhold afvises med 422."
            )
        ],
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        key, refused = idempotency_key(request)
        if refused is not None:
            return refused
        digest = request_hash(request.data)
        with transaction.atomic():
            record, first = idempotency_claim(cvr=user.cvr, key=key, digest=digest)
            if record.request_hash != digest:
                return Response(
                    {
                        "errors": {
                            "Idempotency-Key": [
                                "Nøglen er allerede brugt til en anden anmodning. "
                                "Brug en ny nøgle til en ny anmodning."
                            ]
                        }
                    },
                    status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                )
            if first:
                response = self._submit(user, request.data, key)
                idempotency_store(record, status_code=response.status_code, body=as_json(response.data))
        return Response(record.body, status=record.status_code)

    def _submit(self, user: User, payload: Any, key: str) -> Response:
        """Every refusal becomes a response here, so it is stored and replayed like a success."""
        try:
            return self._submit_or_raise(user, payload, key)
        except APIException as exc:
            return Response({"detail": exc.detail}, status=exc.status_code)

    def _submit_or_raise(self, user: User, payload: Any, key: str) -> Response:
        serializer = PaymentRequestCreateSerializer(data=payload)
        if not serializer.is_valid():
            return Response({"errors": serializer.errors}, status=status.HTTP_400_BAD_REQUEST)
        data = serializer.validated_data
        grant = selectors.grants_of_employer(user).filter(pk=data["grant"]).first()
        if grant is None:
            raise NotFound("Bevillingen findes ikke, eller den tilhører ikke jeres CVR-nummer.")
        try:
            # file_writes outside the transaction: a refused submit also removes the payslips' files.
            with file_writes(), transaction.atomic():
                draft = services.payment_request_save_draft(
                    user=user,
                    grant=grant,
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    hours=data["hours"],
                    supplements=data.get("supplements", []),
                    payslips=[
                        services.Attachment(
                            upload=SimpleUploadedFile(slip["filename"], slip["content_base64"]),
                            field="payslips",
                            assistant=slip["assistant"],
                        )
                        for slip in data["payslips"]
                    ],
                )
                submitted = services.payment_request_submit(
                    user=user,
                    request=draft,
                    declaration=data["declaration"],
                    idempotency_key=key,
                    need_unchanged=data.get("need_unchanged"),
                    need_change=data.get("need_change", ""),
                )
        except services.PeriodAlreadyRequested as conflict:
            return Response(
                {"errors": conflict.message_dict, "existing_request": conflict.reference},
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as error:
            return Response(_errors(error), status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as error:
            raise ApiPermissionDenied(str(error)) from error
        return Response(PaymentRequestSerializer(submitted).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        responses={
            200: PaymentRequestSerializer,
            **READ_ERRORS,
            404: _error("Anmodningen findes ikke, eller den tilhører ikke jeres CVR-nummer."),
        }
    )
)
class PaymentRequestDetail(generics.RetrieveAPIView[PaymentRequest]):
    """Status, calculation and the municipality's corrections of one request."""

    permission_classes = [HasRule]
    rule = "payments.request_payment"
    serializer_class = PaymentRequestSerializer

    def get_queryset(self) -> Any:
        return selectors.payment_requests_visible_to(cast(User, self.request.user)).prefetch_related(
            "corrections"
        )

    def get_object(self) -> PaymentRequest:
        try:
            return super().get_object()
        except Http404 as exc:
            raise NotFound("Anmodningen findes ikke, eller den tilhører ikke jeres CVR-nummer.") from exc
