"""Grants with payouts in chosen periods, for the sample-check and tip tests (built through the services,
except the paid requests themselves: a row and its payout, as payment_request_approve leaves them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import services as case_services
from kompensation.cases.models import Grant
from kompensation.payments.models import PaymentRequest, PaymentSettings, Payout, RequestStatus
from tests import factories

OCTOBER = dt.date(2026, 10, 1)


def grant(caseworker: Any, *, first_name: str = "Anne", last_name: str = "Testesen") -> Grant:
    """A sent personal-assistance grant in the caseworker's municipality."""
    code = caseworker.municipality.code
    cpr = factories.register_person(code=code, first_name=first_name, last_name=last_name)
    case = case_services.application_register_paper(
        user=caseworker,
        data=factories.paper_data(cpr=cpr, cvr=factories.register_company()),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    case_services.case_record_active_step(
        case=case, user=caseworker, kind="workplace_visit", on=timezone.localdate()
    )
    factories.investigate(case, caseworker)
    decision = factories.grant_draft(case, user=caseworker)
    case_services.decision_send(decision=decision, user=caseworker)
    return case.grants.get()


def paid(
    grant_: Grant,
    start: dt.date,
    end: dt.date,
    amount: str,
    *,
    status: str = RequestStatus.PAID,
    payout: bool = True,
) -> PaymentRequest:
    officer = factories.user(Role.PAYMENT_OFFICER, code=grant_.case.municipality.code)
    request = PaymentRequest.objects.create(
        grant=grant_,
        municipality=grant_.case.municipality,
        kind="assistance",
        employer=grant_.case.employer,
        period_start=start,
        period_end=end,
        mode="simplified",
        status=status,
        created_by=officer,
        requested_total=Decimal(amount),
        approved_total=Decimal(amount) if payout else None,
    )
    if payout:
        Payout.objects.create(request=request, gross=Decimal(amount), offset=0, net=Decimal(amount))
    return request


def sample_size(municipality: Any, size: int) -> None:
    settings, _ = PaymentSettings.objects.get_or_create(municipality=municipality)
    settings.sample_size = size
    settings.save()
