"""Change reports from payroll systems (BEK § 29): `POST /api/v1/aendringer/` reports a change on one of the
employer's grants, `GET` lists the employer's own reports (never the person's: they may hold health data).

The grant is named by its reference (BEV-0000123) or its id. The Idempotency-Key works as for payment
requests: the first answer is stored under (CVR, key) and replayed to every repeat.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from kompensation.accounts.models import User
from kompensation.cases.models import Grant, GrantStatus
from kompensation.followup import change_selectors
from kompensation.followup.models import ChangeReport, ReportSource
from kompensation.followup.services.changes import MAX_TEXT, change_report_submit
from kompensation.rules.followup import change_kinds_for

from .idempotency import (
    as_json,
    idempotency_claim,
    idempotency_header,
    idempotency_key,
    idempotency_store,
    request_hash,
)
from .serializers import ErrorSerializer, InputDateField
from .views import HasRule

GRANT_NOT_FOUND = "Bevillingen findes ikke, eller den tilhører ikke jeres CVR-nummer."
_REFERENCE = re.compile(r"^BEV-(\d{1,12})$")
EMPLOYER_KINDS = [(k.code, k.label) for k in change_kinds_for("employer")]


class ChangeReportCreateSerializer(serializers.Serializer[dict[str, Any]]):
    grant = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Bevillingens id (eller brug grant_reference).",
    )
    grant_reference = serializers.CharField(
        required=False, max_length=20, help_text="Bevillingsnummeret, fx BEV-0000123 (eller brug grant)."
    )
    kind = serializers.ChoiceField(
        choices=EMPLOYER_KINDS,
        help_text="Ændringen. Ændringer i personens helbred melder personen selv.",
        error_messages={"invalid_choice": "Ukendt ændring «{input}». Se de mulige værdier i skemaet."},
    )
    occurred_on = InputDateField(help_text="Dagen, ændringen skete eller sker (højst 6 måneder frem).")
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_TEXT,
        help_text="Hvad der er ændret. Skal udfyldes ved «tasks» og «need_changed».",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("grant" in attrs) == ("grant_reference" in attrs):
            raise serializers.ValidationError(
                {"grant": ["Angiv bevillingen med enten grant (id) eller grant_reference (BEV-…)."]}
            )
        if "grant_reference" in attrs:
            match = _REFERENCE.match(attrs["grant_reference"].strip().upper())
            if match is None:
                raise serializers.ValidationError(
                    {
                        "grant_reference": [
                            "Skriv bevillingsnummeret som BEV efterfulgt af tal, fx BEV-0000123."
                        ]
                    }
                )
            attrs["grant"] = int(match.group(1))
        return attrs


class ChangeReportSerializer(serializers.ModelSerializer[ChangeReport]):
    """A report as the employer may see it: its own words and the status, not the caseworker's note."""

    grant_reference = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    handling_label = serializers.CharField(source="get_handling_display")

    class Meta:
        model = ChangeReport
        fields = [
            "id",
            "grant",
            "grant_reference",
            "kind",
            "kind_label",
            "occurred_on",
            "description",
            "source",
            "received_at",
            "status",
            "status_label",
            "handling",
            "handling_label",
        ]

    def get_grant_reference(self, report: ChangeReport) -> str | None:
        return report.grant.reference if report.grant is not None else None


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


READ_ERRORS = {
    401: _error("Token mangler, er ukendt, udløbet eller spærret."),
    403: _error("Tokenet tilhører ikke en virksomhed."),
}


class ChangeReportListCreate(generics.ListAPIView[ChangeReport]):
    """The employer's own change reports (GET) and a new one (POST)."""

    permission_classes = [HasRule]
    rule = "followup.api_change_reports"
    serializer_class = ChangeReportSerializer

    def get_queryset(self) -> Any:
        return change_selectors.employer_api_reports(user=cast(User, self.request.user))

    @extend_schema(responses={200: ChangeReportSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ChangeReportCreateSerializer,
        responses={
            201: ChangeReportSerializer,
            400: _error("Fejl i anmeldelsen (felt → beskeder på dansk) eller manglende Idempotency-Key."),
            **READ_ERRORS,
            404: _error(GRANT_NOT_FOUND),
            413: _error("Anmeldelsen er over 8 MB."),
            415: _error("Anmeldelsen skal sendes som application/json."),
            422: _error("Idempotency-Key er allerede brugt til en anden anmeldelse."),
        },
        parameters=[
            idempotency_header(
                "Jeres egen unikke nøgle pr. anmeldelse (højst 80 tegn). Samme nøgle og indhold "
                "giver det første svar igen, og ændringen anmeldes kun én gang."
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
                message = (
                    "Nøglen er allerede brugt til en anden anmeldelse. Brug en ny nøgle til en ny anmeldelse."
                )
                return Response(
                    {"errors": {"Idempotency-Key": [message]}}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
                )
            if first:
                response = self._submit(user, request.data)
                idempotency_store(record, status_code=response.status_code, body=as_json(response.data))
        return Response(record.body, status=record.status_code)

    def _submit(self, user: User, payload: Any) -> Response:
        """Every refusal becomes a response here, so it is stored and replayed like a success."""
        serializer = ChangeReportCreateSerializer(data=payload)
        if not serializer.is_valid():
            return Response({"errors": serializer.errors}, status=status.HTTP_400_BAD_REQUEST)
        data = serializer.validated_data
        grant = (
            Grant.objects.filter(pk=data["grant"], status=GrantStatus.ACTIVE, case__employer__cvr=user.cvr)
            .select_related("case__person", "case__employer")
            .first()
        )
        if grant is None:
            return Response({"detail": GRANT_NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)
        try:
            report = change_report_submit(
                user=user,
                case=grant.case,
                kind=data["kind"],
                occurred_on=data["occurred_on"],
                description=data["description"],
                source=ReportSource.API,
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"request": error.messages}
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied as error:
            return Response({"detail": str(error)}, status=status.HTTP_403_FORBIDDEN)
        return Response(ChangeReportSerializer(report).data, status=status.HTTP_201_CREATED)
