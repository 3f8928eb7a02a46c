"""Settle a national quarter of payment requests through the service layer on PostgreSQL.

Setup (grants, people, companies, eIndkomst) is bulk-inserted; what is measured goes through the
services exactly as the portal and the API do: draft, payslip, submit with controls, approve, batch.
    BENCH_GRANTS=10000 BENCH_MONTHLY_SHARE=0.1 .venv/bin/python bench/payments.py   # ~12,000 requests
Writes bench/results/payments.json with requests/second and total seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from decimal import Decimal

from common import setup_fresh_django, write_result

GRANTS = int(os.environ.get("BENCH_GRANTS", "10000"))
MONTHLY_SHARE = float(
    os.environ.get("BENCH_MONTHLY_SHARE", "0.1")
)  # these grants request monthly: 3 a quarter
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def cpr(n: int) -> str:
    from stdnum.dk import cpr as stdnum_cpr

    base = dt.date(1960, 1, 1) + dt.timedelta(days=n % 15000)
    serial = (n * 7) % 10000
    while True:
        number = f"{base:%d%m%y}{serial:04d}"
        if stdnum_cpr.checksum(number) == 0:
            return number
        serial = (serial + 1) % 10000


def cvr(n: int) -> str:
    from stdnum.dk import cvr as stdnum_cvr

    stem = 9000000 + n
    for last in range(10):
        candidate = f"{stem}{last}"
        if stdnum_cvr.checksum(candidate) == 0:
            return candidate
    return cvr(n + 500000)


def build(quarter: tuple[dt.date, dt.date]) -> list[int]:
    from kompensation.accounts.models import Municipality, Role, User
    from kompensation.cases.models import (
        Application,
        ApplicationStatus,
        Assistant,
        Case,
        CaseStatus,
        Decision,
        Employer,
        Grant,
        Person,
    )
    from kompensation.payments.models import PaymentSettings, RateKind, RateRow
    from kompensation.registers.models import OfflineCvrRecord, OfflineIncomeRecord

    municipalities = list(Municipality.objects.order_by("code"))
    caseworkers = {
        m.pk: User.objects.create(username=f"sb-{m.code}", role=Role.CASEWORKER, municipality=m)
        for m in municipalities
    }
    officer = User.objects.create(
        username="ydelse-bench", role=Role.PAYMENT_OFFICER, municipality=municipalities[0]
    )
    RateRow.objects.create(
        kind=RateKind.STANDARD_HOURLY,
        valid_from=dt.date(2020, 4, 1),
        value=Decimal("142.30"),
        entered_by=officer,
    )
    RateRow.objects.create(
        kind=RateKind.STANDARD_PERCENTAGE,
        valid_from=dt.date(2020, 4, 1),
        value=Decimal("25"),
        entered_by=officer,
    )
    PaymentSettings.objects.bulk_create(
        PaymentSettings(municipality=m, mode="simplified") for m in municipalities
    )
    companies = GRANTS // 3 + 1
    employers = Employer.objects.bulk_create(
        Employer(cvr=cvr(i), name=f"Virksomhed {i} ApS") for i in range(companies)
    )
    OfflineCvrRecord.objects.bulk_create(
        OfflineCvrRecord(
            cvr=e.cvr,
            name=e.name,
            address="Vej 1",
            postcode="7400",
            city="Herning",
            active_from=dt.date(2000, 1, 1),
        )
        for e in employers
    )
    people = Person.objects.bulk_create(
        Person(cpr=cpr(i), first_name="Person", last_name=str(i), municipality=municipalities[i % 98])
        for i in range(GRANTS)
    )
    received = quarter[0] - dt.timedelta(days=200)
    cases = Case.objects.bulk_create(
        Case(
            municipality_id=p.municipality_id,
            person=p,
            employer=employers[i % companies],
            caseworker=caseworkers[p.municipality_id],
            status=CaseStatus.DECIDED,
            received_on=received,
        )
        for i, p in enumerate(people)
    )
    applications = Application.objects.bulk_create(
        Application(
            person=c.person,
            employer=c.employer,
            case=c,
            status=ApplicationStatus.SUBMITTED,
            employment_type="employee",
        )
        for c in cases
    )
    Assistant.objects.bulk_create(
        Assistant(application=a, kind="external", name=f"Assistancefirma {i % 50}")
        for i, a in enumerate(applications)
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            case=c,
            outcome="grant",
            hours_per_week=Decimal(5 + i % 16),
            start_date=received,
            period_type="until_further_notice",
            rate_type="standard",
            reasons="Benchmark",
            decided_by=caseworkers[c.municipality_id],
            sent_at=dt.datetime.now(dt.UTC),
        )
        for i, c in enumerate(cases)
    )
    through = Decision.assistants.through
    assistants = {a.application.case_id: a.pk for a in Assistant.objects.select_related("application")}
    through.objects.bulk_create(
        through(decision_id=d.pk, assistant_id=assistants[d.case_id]) for d in decisions
    )
    grants = Grant.objects.bulk_create(Grant(decision=d, case=d.case) for d in decisions)
    months = [
        quarter[0],
        quarter[0].replace(month=quarter[0].month + 1),
        quarter[0].replace(month=quarter[0].month + 2),
    ]
    OfflineIncomeRecord.objects.bulk_create(
        OfflineIncomeRecord(cvr=c.employer.cvr, cpr=c.person.cpr, month=m, amount=Decimal(30000))
        for c in cases
        for m in months
    )
    return [g.pk for g in grants]


def main() -> int:
    setup_fresh_django("kompensation_bench_payments")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import reset_queries

    from kompensation.accounts.models import Role, User
    from kompensation.cases.models import Grant
    from kompensation.payments import services
    from kompensation.payments.models import PaymentRequest, PayoutBatch
    from kompensation.rules import payments as rules

    today = dt.date.today()
    year, q = rules.quarter_of(today)
    index = year * 4 + q - 2
    quarter = rules.quarter_bounds(index // 4, index % 4 + 1)
    start = time.perf_counter()
    grant_ids = build(quarter)
    setup_seconds = time.perf_counter() - start
    monthly_every = int(1 / MONTHLY_SHARE) if MONTHLY_SHARE else 0

    periods: list[tuple[int, dt.date, dt.date]] = []
    for n, grant_id in enumerate(grant_ids):
        if monthly_every and n % monthly_every == 0:
            for m in range(3):
                periods.append((grant_id, *rules.month_bounds(quarter[0].year, quarter[0].month + m)))
        else:
            periods.append((grant_id, *quarter))

    employers: dict[str, User] = {}
    start = time.perf_counter()
    for grant_id, period_start, period_end in periods:
        grant = Grant.objects.select_related("case__employer", "case__person", "decision").get(pk=grant_id)
        employer_cvr = grant.case.employer.cvr  # type: ignore[union-attr]
        if employer_cvr not in employers:
            employers[employer_cvr] = User.objects.create(
                username=f"loen-{employer_cvr}", role=Role.EMPLOYER, cvr=employer_cvr
            )
        user = employers[employer_cvr]
        allowed = rules.allowed_hours(grant.hours_per_week, period_start, period_end)
        assistant = grant.decision.assistants.first().name  # type: ignore[union-attr]
        draft = services.payment_request_save_draft(
            user=user,
            grant=grant,
            period_start=period_start,
            period_end=period_end,
            hours=[{"assistant": assistant, "hours": allowed}],
        )
        services.payslip_add(
            user=user, request=draft, upload=SimpleUploadedFile("loen.pdf", PDF), assistant=assistant
        )
        services.payment_request_submit(
            user=user, request=draft, declaration=True, idempotency_key=uuid.uuid4().hex
        )
        reset_queries()
    submit_seconds = time.perf_counter() - start

    officers = {}
    start = time.perf_counter()
    for request in PaymentRequest.objects.select_related("municipality").order_by("pk").iterator():
        officer = officers.get(request.municipality_id)
        if officer is None:
            officer = officers[request.municipality_id] = User.objects.create(
                username=f"ydelse-{request.municipality.code}",
                role=Role.PAYMENT_OFFICER,
                municipality=request.municipality,
            )
        services.payment_request_approve(user=officer, request=request)
    approve_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for officer in officers.values():
        services.payout_batch_create(user=officer)
    batch_seconds = time.perf_counter() - start

    requests = len(periods)
    total = submit_seconds + approve_seconds + batch_seconds
    write_result(
        "payments",
        {
            "benchmark": "payments: a national quarter settled through the services",
            "database": "postgresql",
            "grants": GRANTS,
            "requests": requests,
            "setup_seconds": round(setup_seconds, 1),
            "submit_seconds": round(submit_seconds, 1),
            "approve_seconds": round(approve_seconds, 1),
            "batch_seconds": round(batch_seconds, 1),
            "total_seconds": round(total, 1),
            "requests_per_second": round(requests / total, 1),
            "batches": PayoutBatch.objects.count(),
            "paid_requests": PaymentRequest.objects.filter(status="paid").count(),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
