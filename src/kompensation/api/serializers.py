from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from kompensation.cases.models import Grant
from kompensation.cases.validators import validate_sane_date
from kompensation.payments.models import PaymentRequest


class GrantSerializer(serializers.ModelSerializer[Grant]):
    person = serializers.CharField(source="case.person.name")
    hours_per_week = serializers.DecimalField(max_digits=5, decimal_places=1)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    assistants = serializers.SerializerMethodField()

    class Meta:
        model = Grant
        fields = ["id", "person", "hours_per_week", "start_date", "end_date", "status", "assistants"]

    def get_assistants(self, grant: Grant) -> list[str]:
        return [a.name for a in grant.decision.assistants.all()]


class InputDateField(serializers.DateField):
    """A date a payroll system sends: ISO format, within 2000–2100 like every date typed in a form."""

    default_validators = [validate_sane_date]


class HoursSerializer(serializers.Serializer[dict[str, Any]]):
    assistant = serializers.CharField(max_length=200)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=Decimal(0))
    seniority = serializers.IntegerField(required=False, min_value=0, max_value=20, default=0)
    start = InputDateField(required=False)
    end = InputDateField(required=False)


class SupplementSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.CharField(max_length=24)
    assistant = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, min_value=Decimal(0)
    )
    percentage = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        min_value=Decimal(0),
        max_value=Decimal(100),
    )
    basis = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, min_value=Decimal(0)
    )


class PayslipSerializer(serializers.Serializer[dict[str, Any]]):
    assistant = serializers.CharField(max_length=200)
    filename = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField()

    def validate_content_base64(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError("Filen er ikke gyldig base64.") from exc


class PaymentRequestCreateSerializer(serializers.Serializer[dict[str, Any]]):
    grant = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    period_start = InputDateField()
    period_end = InputDateField()
    hours = HoursSerializer(many=True)
    supplements = SupplementSerializer(many=True, required=False)
    payslips = PayslipSerializer(many=True)
    declaration = serializers.BooleanField(
        help_text="Virksomheden erklærer på tro og love, at oplysningerne er rigtige."
    )
    need_unchanged = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Er behovet for personlig assistance uændret? Udelades eller null: ikke besvaret. "
        "false åbner en ændringsanmeldelse til jobcentret og kræver `need_change`.",
    )
    need_change = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Hvad har ændret sig i behovet (når `need_unchanged` er false).",
    )


class CorrectionOutSerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    old_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    new_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    reason = serializers.CharField()


class PaymentRequestSerializer(serializers.ModelSerializer[PaymentRequest]):
    reference = serializers.CharField()
    corrections = CorrectionOutSerializer(many=True, source="confirmed_corrections")
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = PaymentRequest
        fields = [
            "id",
            "reference",
            "grant",
            "period_start",
            "period_end",
            "mode",
            "status",
            "status_label",
            "requested_total",
            "approved_total",
            "payout_due",
            "late",
            "need_unchanged",
            "calculation",
            "corrections",
            "submitted_at",
        ]


class ErrorSerializer(serializers.Serializer[Any]):
    """Refusals: `errors` maps a field (or `request`) to messages; DRF's own refusals use `detail`."""

    errors = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Felt → liste af fejlbeskeder på dansk."
    )
    detail = serializers.CharField(required=False)


class ConflictSerializer(serializers.Serializer[Any]):
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )
    existing_request = serializers.CharField(help_text="Reference på den anmodning, der dækker perioden.")
