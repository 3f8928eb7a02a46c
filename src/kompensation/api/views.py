"""API views: thin wrappers around the payments services, bound to the token owner's CVR."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import rules
from kompensation.accounts.models import User
from kompensation.accounts.permissions import has
from kompensation.files import file_writes
from kompensation.payments import selectors, services
from kompensation.payments.models import PaymentRequest

from .serializers import GrantSerializer, PaymentRequestCreateSerializer, PaymentRequestSerializer


class HasRule(BasePermission):
    """The API's side of the one permission model: each view names its rule in `rule`."""

    message = "API'et er kun for virksomheder (token bundet til et CVR-nummer)."

    def has_permission(self, request: Request, view: Any) -> bool:
        return has(view.rule, request.user)


class SchemaView(SpectacularAPIView):
    permission_classes = [HasRule]
    rule = "api.read_schema"


rules.add_perm("api.read_schema", rules.is_authenticated)


def _errors(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {"errors": error.message_dict}
    return {"errors": {"request": error.messages}}


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
        responses={201: PaymentRequestSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="Unik nøgle pr. anmodning; samme nøgle to gange udbetales aldrig to gange.",
            )
        ],
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        key = request.headers.get("Idempotency-Key", "").strip()[:80]
        if not key:
            return Response(
                {"errors": {"Idempotency-Key": ["Headeren Idempotency-Key mangler."]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        replay = PaymentRequest.objects.filter(employer__cvr=user.cvr, idempotency_key=key).first()
        if replay is not None:
            return Response(
                {
                    "errors": {
                        "Idempotency-Key": [
                            f"Anmodningen er allerede modtaget ({replay.reference}). "
                            "Den bliver ikke behandlet to gange."
                        ]
                    }
                },
                status=status.HTTP_409_CONFLICT,
            )
        serializer = PaymentRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
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
                    user=user, request=draft, declaration=data["declaration"], idempotency_key=key
                )
        except services.PeriodAlreadyRequested as error:
            return Response(
                {**_errors(error), "existing_request": error.reference}, status=status.HTTP_409_CONFLICT
            )
        except ValidationError as error:
            return Response(_errors(error), status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as error:
            raise ApiPermissionDenied(str(error)) from error
        return Response(PaymentRequestSerializer(submitted).data, status=status.HTTP_201_CREATED)


class PaymentRequestDetail(generics.RetrieveAPIView[PaymentRequest]):
    """Status, calculation and the municipality's corrections of one request."""

    permission_classes = [HasRule]
    rule = "payments.request_payment"
    serializer_class = PaymentRequestSerializer

    def get_queryset(self) -> Any:
        return selectors.payment_requests_visible_to(cast(User, self.request.user)).prefetch_related(
            "corrections"
        )
