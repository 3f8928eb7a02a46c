"""Demo payments: rate table, eIndkomst and a year of quarterly requests, through the payment services.

Runs inside `generate` under the same stand-in clock, after the cases exist. Some requests are late, some
lack payslips, some fail the eIndkomst check, some ask for more hours than the grant's average; older
quarters are approved and exported in payout files, the latest quarter waits in the payment queue.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases.models import AssistantKind, Employer, EmploymentType, Grant, GrantStatus
from kompensation.payments import services
from kompensation.payments.models import PaymentSettings, PostcodeZone, RateKind, RateRow
from kompensation.registers.models import OfflineIncomeRecord
from kompensation.rules import deadlines, pa
from kompensation.rules import payments as rules

# Illustrative figures only (pa-rules.md): a municipality enters the official rates itself.
RATES = [
    (RateKind.STANDARD_HOURLY, dt.date(2024, 4, 1), Decimal("139.50")),
    (RateKind.STANDARD_HOURLY, dt.date(2025, 4, 1), Decimal("142.30")),
    (RateKind.STANDARD_HOURLY, dt.date(2026, 4, 1), Decimal("145.10")),
    (RateKind.RAISED_HOURLY, dt.date(2024, 4, 1), Decimal("175.00")),
    (RateKind.STANDARD_PERCENTAGE, dt.date(2024, 4, 1), Decimal("25.00")),
]
# The interpreting rates in force since 10.09.2020 (pa-rules.md "Interpreting"), national rows.
INTERPRETING_SINCE = dt.date(2020, 9, 10)
INTERPRETING_SOURCE = "BEK nr. 1317 af 08/09/2020 § 24"
INTERPRETING_RATES = [
    (RateKind.INTERPRETING_HOURLY, Decimal("650.00")),
    (RateKind.INTERPRETING_ZONE_1, Decimal("275.00")),
    (RateKind.INTERPRETING_ZONE_2, Decimal("650.00")),
    (RateKind.INTERPRETING_ZONE_3, Decimal("1050.00")),
    (RateKind.INTERPRETING_WEEKEND, Decimal("161.00")),
    (RateKind.INTERPRETING_EVENING, Decimal("86.00")),
    (RateKind.INTERPRETING_DEMANDING, Decimal("135.00")),
]
# Illustrative demo data, not an official zone table: Herning itself zone 1, nearby towns zone 2, farther
# towns zone 3. A municipality imports its own table (`interpreting_zones_import`).
HERNING_ZONES = {
    "7400": 1,  # Herning
    "7430": 2,  # Ikast
    "7451": 2,  # Sunds
    "6933": 2,  # Kibæk
    "7480": 2,  # Vildbjerg
    "7500": 3,  # Holstebro
    "7330": 3,  # Brande
    "7800": 3,  # Skive
}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _quarters_back(today: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    year, quarter = rules.quarter_of(today)
    index = year * 4 + quarter - 1
    return [rules.quarter_bounds(i // 4, i % 4 + 1) for i in range(index - count, index)]


def _employer_user(employer: Employer, known: dict[str, User]) -> User:
    """The demo employer has a login; other companies get a payroll user without a usable password."""
    if employer.cvr not in known:
        known[employer.cvr] = User.objects.create(
            username=f"loen-{employer.cvr}",
            role=Role.EMPLOYER,
            cvr=employer.cvr,
            password=make_password(None),
            first_name="Lønkontor",
            last_name=employer.name[:120],
        )
    return known[employer.cvr]


def generate_payments(
    *,
    rng: random.Random,
    at: Callable[[dt.date], None],
    municipality: Municipality,
    officer: User,
    employer_users: dict[str, User],
    today: dt.date,
) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    at(today - dt.timedelta(days=420))
    for kind, valid_from, value in RATES:
        RateRow.objects.get_or_create(
            kind=kind,
            seniority=0,
            valid_from=valid_from,
            defaults={"value": value, "entered_by": officer, "source": "Eksempel – ikke en officiel sats"},
        )
    for kind, value in INTERPRETING_RATES:
        RateRow.objects.get_or_create(
            municipality=None,
            kind=kind,
            seniority=0,
            valid_from=INTERPRETING_SINCE,
            defaults={"value": value, "entered_by": officer, "source": INTERPRETING_SOURCE},
        )
    if municipality.code == "657":
        for postcode, zone in HERNING_ZONES.items():
            PostcodeZone.objects.get_or_create(
                municipality=municipality, postcode=postcode, defaults={"zone": zone}
            )
    PaymentSettings.objects.update_or_create(municipality=municipality, defaults={"mode": "simplified"})
    quarters = _quarters_back(today, 4)
    grants = list(
        Grant.objects.filter(
            case__municipality=municipality,
            status=GrantStatus.ACTIVE,
            case__employer__isnull=False,
            decision__grant_kind="assistance",
        ).select_related("case__person", "decision")
    )
    failing_income = {g.pk for g in grants if rng.random() < 0.08}
    created = 0
    for start, end in quarters:
        deadline = rules.request_deadline(end)
        latest = (start, end) == quarters[-1]
        batch_day = None
        for grant in grants:
            if end < grant.start_date or (grant.end_date and start > grant.end_date):
                continue
            case = grant.case
            assert case.employer is not None
            application = getattr(case, "application", None)
            if grant.pk not in failing_income:
                paid = [a.cpr for a in grant.decision.assistants.filter(kind=AssistantKind.INTERNAL)]
                if application is None or application.employment_type != EmploymentType.SELF_EMPLOYED:
                    paid.append(case.person.cpr)
                month = start
                while month <= end:
                    for cpr in paid:
                        OfflineIncomeRecord.objects.get_or_create(
                            cvr=case.employer.cvr,
                            cpr=cpr,
                            month=month,
                            defaults={"amount": Decimal(rng.randint(24000, 42000))},
                        )
                    month = (month + dt.timedelta(days=32)).replace(day=1)
            late = not latest and rng.random() < 0.08 and deadline < today - dt.timedelta(days=10)
            submit_day = (
                deadline + dt.timedelta(days=rng.randint(3, 40))
                if late
                else end + dt.timedelta(days=rng.randint(3, 35))
            )
            if latest:  # the newest quarter waits in today's queue, most with days left to pay
                submit_day = today - dt.timedelta(days=rng.randint(1, 16))
            submit_day = min(deadlines.next_working_day(submit_day), today - dt.timedelta(days=1))
            if submit_day <= end:
                continue
            period_start, period_end = max(start, grant.start_date), min(end, grant.end_date or end)
            allowed = rules.allowed_hours(grant.hours_per_week, period_start, period_end)
            share = Decimal("1.12") if rng.random() < 0.07 else Decimal(rng.randint(75, 100)) / 100
            hours = pa.round_down_half_hour(allowed * share)
            if hours <= 0:
                continue
            assistant = grant.decision.assistants.first()
            name = assistant.name if assistant else "Assistent"
            employer = _employer_user(case.employer, employer_users)
            at(submit_day)
            parts = services.period_parts(period_start, period_end)
            rows = _spread(hours, parts, name)
            request = services.payment_request_save_draft(
                user=employer, grant=grant, period_start=period_start, period_end=period_end, hours=rows
            )
            # A request cannot be signed without its payslips; the draw stays so the rest of the demo is the
            # same as before the requirement.
            rng.random()
            services.payslip_add(
                user=employer,
                request=request,
                assistant=name,
                upload=SimpleUploadedFile(f"loenseddel-{start:%Y-%m}.pdf", PDF),
            )
            services.payment_request_submit(
                user=employer, request=request, declaration=True, idempotency_key=uuid.uuid4().hex
            )
            created += 1
            if latest:
                continue
            at(submit_day + dt.timedelta(days=rng.randint(1, 9)))
            request.refresh_from_db()
            failed = request.controls.filter(status="fail").exclude(code="on_time")
            if failed.filter(code__in=["payslips", "eindkomst", "cvr"]).exists() and rng.random() < 0.5:
                services.payment_request_reject(
                    user=officer,
                    request=request,
                    reason="Lønsedler eller lønindberetning mangler. Send en ny anmodning.",
                )
                continue
            # Hours above the quarter's average are already deducted by the calculation: the officer
            # approves the computed amount and says so, rather than deducting them a second time.
            services.payment_request_approve(
                user=officer,
                request=request,
                late_reason="Virksomheden havde skiftet lønsystem." if request.late else "",
                override_reason=_override_reason(services.open_controls(request)),
            )
            batch_day = max(batch_day or submit_day, submit_day + dt.timedelta(days=10))
        if batch_day is not None and not latest:
            at(min(batch_day, today - dt.timedelta(days=1)))
            services.payout_batch_create(user=officer)
    return created


OVERRIDE_REASONS = {
    "hours": "Timerne over kvartalets gennemsnit er trukket fra i beregningen; resten er i orden.",
    "payslips": "Lønsedlen er modtaget på mail og lagt på sagen.",
    "eindkomst": "Lønnen ses på lønsedlen; indberetningen til eIndkomst kommer med næste kørsel.",
    "cvr": "Virksomheden er slået op i CVR manuelt og var aktiv i perioden.",
}


def _override_reason(controls: list[Any]) -> str:
    return " ".join(OVERRIDE_REASONS.get(c.code, f"{c.label}: kontrolleret manuelt.") for c in controls)


def _spread(hours: Decimal, parts: list[tuple[dt.date, dt.date]], assistant: str) -> list[dict[str, object]]:
    """Hours divided over the parts by their length, in half hours, the remainder on the last part."""
    total_days = sum((b - a).days + 1 for a, b in parts)
    rows, left = [], hours
    for index, (a, b) in enumerate(parts):
        share = (
            left
            if index == len(parts) - 1
            else (hours * ((b - a).days + 1) / total_days * 2).to_integral_value() / 2
        )
        left -= share
        rows.append({"assistant": assistant, "start": a, "end": b, "hours": share})
    return rows
