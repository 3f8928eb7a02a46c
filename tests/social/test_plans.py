"""The monthly payment plan of BPA (§ 96) and cash-allowance (§ 95) grants, against the database.

Amounts are worked out by hand in the comments: the hours a week × the days the grant covers that month ÷ 7
× the municipality's rate row, each line rounded to øre."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kompensation.cases import services as case_services
from kompensation.cases.models import Case, CaseEvent, EventType, Grant, GrantStatus
from kompensation.payments.models import (
    PaymentRequest,
    PaymentSettings,
    Payout,
    RateKind,
    RateRow,
    RequestStatus,
)
from kompensation.payments.services.settlement import payout_batch_create
from kompensation.social.decisions import social_decision_draft
from kompensation.social.plans import plan_for, plan_payments_make
from tests import factories
from tests import social_cases as social

from .test_decisions import CASH_56, bpa_grant, cash_grant

pytestmark = pytest.mark.django_db

DECIDED_ON = dt.date(2026, 11, 10)  # a Tuesday


@pytest.fixture
def decided_on(monkeypatch: Any) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DECIDED_ON)
    return DECIDED_ON


def rate(kind: str, value: str, officer: Any) -> RateRow:
    return RateRow.objects.create(
        kind=kind,
        municipality=officer.municipality,
        valid_from=dt.date(2020, 1, 1),
        value=Decimal(value),
        entered_by=officer,
        source="Herning Kommunes takster 2026",
    )


@pytest.fixture
def bpa_rates(officer: Any) -> dict[str, RateRow]:
    return {
        "hourly": rate(RateKind.BPA_HOURLY, "200.00", officer),
        "standby": rate(RateKind.BPA_STANDBY_HOURLY, "80.00", officer),
        "admin": rate(RateKind.BPA_ADMIN_PER_HOUR, "10.00", officer),
    }


def decided(caseworker: Any, scheme: str, rows: Any, data: dict[str, Any]) -> Grant:
    case = social.social_case(scheme, caseworker, received_on=dt.date(2026, 8, 20))
    social.assess_circle(case, caseworker)
    social.measure(case, caseworker, rows)
    case.refresh_from_db()
    decision = social_decision_draft(case=case, user=caseworker, data=data)
    case_services.decision_send(decision=decision, user=caseworker)
    return Grant.objects.select_related("decision", "case").get(case=case)


def bpa_grant_from(caseworker: Any, **changes: Any) -> Grant:
    return decided(caseworker, "bpa", social.BPA_ROWS, bpa_grant(**changes))


def requests(grant: Grant) -> list[PaymentRequest]:
    return list(PaymentRequest.objects.filter(grant=grant).order_by("period_start"))


def test_a_grant_decided_back_in_time_pays_the_months_already_due_in_advance_to_the_person(
    herning_caseworker: Any, bpa_rates: dict[str, RateRow], decided_on: dt.date
) -> None:
    # 27.5 h a week from 16 September, 6 of them stand-by: 21.5 actual. Decided 10 November; in advance, so
    # September (due Mon 31 Aug), October (due Wed 30 Sep) and November (due Fri 30 Oct) are due already.
    grant = bpa_grant_from(
        herning_caseworker, start_date=dt.date(2026, 9, 16), standby_hours_per_week=Decimal(6)
    )
    made = requests(grant)
    # September, 15 days: actual 21.5 × 15/7 = 46.071… h × 200 = 9,214.29; stand-by 6 × 15/7 = 12.857… h
    # × 80 = 1,028.57; admin (46.071… + 12.857…) × 10 = 589.29. Total 10,832.15.
    # October, 31 days: 19,042.86 + 2,125.71 + 1,217.86 = 22,386.43.
    # November, 30 days: 18,428.57 + 2,057.14 + 1,178.57 = 21,664.28.
    assert [(r.period_start, r.period_end, r.approved_total) for r in made] == [
        (dt.date(2026, 9, 16), dt.date(2026, 9, 30), Decimal("10832.15")),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31), Decimal("22386.43")),
        (dt.date(2026, 11, 1), dt.date(2026, 11, 30), Decimal("21664.28")),
    ]
    assert [r.payout_due for r in made] == [dt.date(2026, 8, 31), dt.date(2026, 9, 30), dt.date(2026, 10, 30)]
    first = made[0]
    assert first.status == RequestStatus.APPROVED and first.kind == "bpa" and first.source == "plan"
    assert first.payee_person == grant.case.person and first.employer is None
    assert first.payout.net == Decimal("10832.15")  # type: ignore[attr-defined]
    # The trail: the rule, the hours, the days and each rate row used.
    calc = first.calculation
    assert calc["rule"].startswith("SEL § 96")
    assert (calc["covered_days"], calc["timing"], calc["employer_role"]) == (15, "advance", "person")
    assert calc["rates"]["hourly"] == {
        "row": str(bpa_rates["hourly"].pk),
        "valid_from": "2020-01-01",
        "value": "200.00",
    }
    assert calc["rates"]["admin"]["row"] == str(bpa_rates["admin"].pk)
    assert (calc["wages"], calc["admin"], calc["total"]) == ("10242.86", "589.29", "10832.15")
    events = CaseEvent.objects.filter(case=grant.case, type=EventType.PLAN_PAYMENT_MADE)
    assert events.count() == 3


def test_the_daily_run_pays_each_month_once_when_it_falls_due(
    herning_caseworker: Any, bpa_rates: dict[str, RateRow], decided_on: dt.date
) -> None:
    grant = bpa_grant_from(
        herning_caseworker, start_date=dt.date(2026, 11, 1), standby_hours_per_week=Decimal(6)
    )
    assert len(requests(grant)) == 1  # November, due 30 October
    # December in advance is due Monday 30 November: not on the 27th, on the 30th, and only once.
    assert plan_payments_make(today=dt.date(2026, 11, 27)) == []
    (december,) = plan_payments_make(today=dt.date(2026, 11, 30))
    # 31 days, as October above: 22,386.43.
    assert (december.period_start, december.approved_total) == (dt.date(2026, 12, 1), Decimal("22386.43"))
    assert plan_payments_make(today=dt.date(2026, 11, 30)) == []
    assert plan_payments_make(today=dt.date(2026, 12, 1)) == []
    assert len(requests(grant)) == 2


def test_the_database_refuses_a_second_request_for_a_month_whatever_the_code(
    herning_caseworker: Any, bpa_rates: dict[str, RateRow], decided_on: dt.date
) -> None:
    grant = bpa_grant_from(herning_caseworker, start_date=dt.date(2026, 11, 1))
    (paid,) = requests(grant)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRequest.objects.create(
            grant=grant,
            municipality=paid.municipality,
            kind="bpa",
            payee_person=paid.payee_person,
            source="plan",
            period_start=dt.date(2026, 11, 15),
            period_end=dt.date(2026, 11, 30),
            mode=paid.mode,
            status=RequestStatus.APPROVED,
            created_by=herning_caseworker,
            requested_total=Decimal(1),
            approved_total=Decimal(1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.create(request=paid, gross=Decimal(1), net=Decimal(1))
    assert len(requests(grant)) == 1


def test_an_association_is_paid_in_arrears_with_the_admin_contribution_as_a_monthly_sum(
    herning_caseworker: Any, officer: Any, decided_on: dt.date
) -> None:
    rate(RateKind.BPA_HOURLY, "200.00", officer)
    rate(RateKind.BPA_STANDBY_HOURLY, "80.00", officer)
    rate(RateKind.BPA_ADMIN_MONTHLY, "3000.00", officer)
    PaymentSettings.objects.update_or_create(
        municipality=officer.municipality, defaults={"bpa_admin_mode": "sum"}
    )
    cvr = factories.register_company(name="BPA-foreningen Midt")
    grant = bpa_grant_from(
        herning_caseworker, start_date=dt.date(2026, 10, 1), employer_role="association", payee_cvr=cvr
    )
    # October in arrears is due Monday 2 November (the 1st is a Sunday): paid. November is due 1 December.
    (october,) = requests(grant)
    # 27.5 × 31/7 = 121.785… h × 200 = 24,357.14; the monthly sum 3,000 × 31/31. Total 27,357.14.
    assert october.approved_total == Decimal("27357.14")
    assert october.payout_due == dt.date(2026, 11, 2)
    assert october.employer is not None and october.employer.cvr == cvr and october.payee_person is None
    assert october.calculation["admin_mode"] == "sum"
    assert plan_payments_make(today=dt.date(2026, 11, 30)) == []
    (november,) = plan_payments_make(today=dt.date(2026, 12, 1))
    assert november.period_end == dt.date(2026, 11, 30)


def test_a_cash_allowance_to_a_relative_pays_the_hours_at_the_cash_rate_without_admin(
    herning_caseworker: Any, officer: Any, decided_on: dt.date
) -> None:
    rate(RateKind.CASH_HOURLY, "180.00", officer)
    mother = factories.register_person(birth=dt.date(1960, 2, 2))
    grant = decided(
        herning_caseworker,
        "cash",
        CASH_56,
        cash_grant(start_date=dt.date(2026, 11, 16), employer_role="relative", payee_cpr=mother),
    )
    (november,) = requests(grant)
    # 56 h × 15/7 (16–30 November) = 120 h × 180.00 = 21,600.00, no admin contribution in § 95.
    assert november.approved_total == Decimal("21600.00")
    assert november.payee_person is not None and november.payee_person.cpr == mother
    assert november.calculation["rule"].startswith("SEL § 95")
    assert november.calculation["admin"] == "0.00"


def test_a_missing_rate_holds_the_month_not_the_decision(
    herning_caseworker: Any, officer: Any, decided_on: dt.date
) -> None:
    grant = bpa_grant_from(herning_caseworker, start_date=dt.date(2026, 11, 1))
    assert grant.case.status == "decided" and requests(grant) == []
    (november, *_later) = plan_for(grant, today=DECIDED_ON)
    assert november.status == "Mangler sats"
    assert "Der er ingen sats for «BPA: timebeløb, egentlige timer»" in november.error
    rate(RateKind.BPA_HOURLY, "200.00", officer)
    rate(RateKind.BPA_STANDBY_HOURLY, "80.00", officer)
    rate(RateKind.BPA_ADMIN_PER_HOUR, "10.00", officer)
    (paid,) = plan_payments_make(today=DECIDED_ON)
    # 27.5 × 30/7 = 117.857… h × 200 = 23,571.43 + admin 117.857… × 10 = 1,178.57. Total 24,750.00.
    assert paid.approved_total == Decimal("24750.00")


def test_an_ended_or_stopped_grant_stops_paying(
    herning_caseworker: Any, bpa_rates: dict[str, RateRow], decided_on: dt.date
) -> None:
    bpa_grant_from(
        herning_caseworker,
        start_date=dt.date(2026, 10, 1),
        end_date=dt.date(2026, 12, 15),
        period_type="time_limited",
        period_reason="Behovet vurderes igen, når borgeren er flyttet.",
    )
    # December: 15 days, due 30 November; nothing after.
    (december,) = plan_payments_make(today=dt.date(2026, 12, 31))
    assert (december.period_start, december.period_end) == (dt.date(2026, 12, 1), dt.date(2026, 12, 15))
    assert plan_payments_make(today=dt.date(2027, 3, 1)) == []
    other = bpa_grant_from(herning_caseworker, start_date=dt.date(2026, 11, 1))
    Grant.objects.filter(pk=other.pk).update(status=GrantStatus.STOPPED)
    assert plan_payments_make(today=dt.date(2027, 3, 1)) == []
    assert len(requests(other)) == 1


def test_the_daily_command_and_the_payout_file_carry_the_cpr_of_a_person_payee(
    herning_caseworker: Any, officer: Any, bpa_rates: dict[str, RateRow], decided_on: dt.date
) -> None:
    grant = bpa_grant_from(herning_caseworker, start_date=dt.date(2026, 11, 1))
    call_command("social_payments_daily")  # today is 10 November: nothing more is due
    assert len(requests(grant)) == 1
    batch = payout_batch_create(user=officer)
    assert batch is not None
    header, row = batch.content.splitlines()
    cells = dict(zip(header.split(";"), row.split(";"), strict=True))
    assert cells["cpr"] == grant.case.person.cpr and cells["cvr"] == ""
    assert cells["ydelse"] == "bpa" and cells["beloeb"] == "24750.00"
    assert cells["konto"] == "05.38.45"  # the default account of BPA and § 95


def test_the_plan_page_shows_the_months_to_staff_of_the_municipality_only(
    client: Any, herning_caseworker: Any, bpa_rates: dict[str, RateRow], decided_on: dt.date
) -> None:
    grant = bpa_grant_from(herning_caseworker, start_date=dt.date(2026, 10, 1))
    client.force_login(herning_caseworker)
    page = client.get(reverse("social:plan", kwargs={"pk": grant.case.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Udbetalingsplan" in text and "oktober 2026" in text and "januar 2027" in text
    # October: 27.5 × 31/7 = 121.785… h × 200 = 24,357.14 + admin 1,217.86 = 25,575.00.
    assert "25.575,00 kr." in text and "Godkendt til udbetaling" in text and "Planlagt" in text
    case_page = client.get(reverse("cases:detail", kwargs={"pk": grant.case.pk}))
    assert "Månedlig udbetaling" in case_page.content.decode()
    stranger = factories.caseworker("751")
    client.force_login(stranger)
    assert client.get(reverse("social:plan", kwargs={"pk": grant.case.pk})).status_code in (403, 404)


def test_a_measured_case_without_a_grant_has_an_empty_plan_and_an_aid_has_no_plan_page(
    client: Any, herning_caseworker: Any
) -> None:
    case: Case = social.social_case("bpa", herning_caseworker)
    client.force_login(herning_caseworker)
    page = client.get(reverse("social:plan", kwargs={"pk": case.pk}))
    assert "Sagen har ingen aktiv bevilling med månedlig udbetaling." in page.content.decode()
    aid = social.social_case("aid", herning_caseworker)
    assert client.get(reverse("social:plan", kwargs={"pk": aid.pk})).status_code == 404


def test_the_payment_officer_chooses_how_bpa_admin_is_paid_and_the_next_months_follow(
    client: Any, herning_caseworker: Any, officer: Any, bpa_rates: dict[str, RateRow], decided_on: dt.date
) -> None:
    rate(RateKind.BPA_ADMIN_MONTHLY, "3000.00", officer)
    grant = bpa_grant_from(herning_caseworker, start_date=dt.date(2026, 11, 1))
    url = reverse("payments:bpa_admin_mode")
    client.force_login(officer)
    page = client.get(reverse("payments:rates"))
    assert "Administrationsbidrag til BPA" in page.content.decode()
    refused = client.post(url, {"bpa_admin_mode": "weekly"})
    assert refused.status_code == 400
    assert "Vælg pr. time eller et fast beløb pr. måned." in refused.content.decode()
    assert client.post(url, {"bpa_admin_mode": "sum"}).status_code == 302
    assert PaymentSettings.objects.get(municipality=officer.municipality).bpa_admin_mode == "sum"
    # November was paid per hour; December (due 30 November) follows the new choice:
    # 27.5 × 31/7 = 121.785… h × 200 = 24,357.14 + the monthly sum 3,000 × 31/31. Total 27,357.14.
    (december,) = plan_payments_make(today=dt.date(2026, 11, 30))
    assert december.approved_total == Decimal("27357.14")
    assert requests(grant)[0].approved_total == Decimal("24750.00")
    client.force_login(herning_caseworker)
    assert client.post(url, {"bpa_admin_mode": "per_hour"}).status_code == 403
    assert PaymentSettings.objects.get(municipality=officer.municipality).bpa_admin_mode == "sum"
