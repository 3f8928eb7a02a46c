"""Aids and consumer goods (SEL §§ 112–113): the trial as a timeline step, its processing time, and the
supplier's payment, exactly once, in the export file. Expected values are worked out by hand in comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.cases import services as case_services
from kompensation.cases.models import Case, CaseEvent, CaseStatus, Confidentiality, Decision, EventType
from kompensation.insights.selectors import (
    ReportFilters,
    case_processing_time,
    milestones_for,
    processing_time_report,
)
from kompensation.letters.models import LetterKind
from kompensation.letters.services import letter_create
from kompensation.payments.models import PaymentRequest, PaymentSettings, Payout, RequestStatus
from kompensation.payments.services import payout_batch_create
from kompensation.rules import processing_time as pt
from kompensation.social import aids
from kompensation.social.models import AidTrial, SocialTerms
from tests import factories
from tests import social_cases as social

pytestmark = pytest.mark.django_db

# The services' «today» is the Danish date (timezone.localdate), not the machine's (they differ at night).
TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def aid_case(caseworker: Any, scheme: str = "aid", received: dt.date | None = None) -> Case:
    return social.social_case(scheme, caseworker, received_on=received or days_ago(60))


def start(case: Case, caseworker: Any, **data: Any) -> AidTrial:
    values = {
        "product": "Vaske-/tørretoilet",
        "supplier_cvr": "",
        "started_on": days_ago(40),
        "planned_end": days_ago(10),
    }
    return aids.trial_start(case=case, user=caseworker, data=values | data)


def end(trial: AidTrial, caseworker: Any, **data: Any) -> AidTrial:
    values = {
        "ended_on": days_ago(8),
        "result": "suitable",
        "findings": "Toilettet gør borgeren selvhjulpen ved toiletbesøg.",
    }
    return aids.trial_end(trial=trial, user=caseworker, data=values | data)


def errors_of(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict if hasattr(exc.value, "error_dict") else {"__all__": exc.value.messages}


# --- the trial -------------------------------------------------------------------------------------------


def test_starting_and_ending_a_trial_writes_dated_events(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    supplier_cvr = factories.register_company(name="Hjælpemiddelhuset ApS")
    trial = start(case, herning_caseworker, supplier_cvr=supplier_cvr)
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING
    assert trial.supplier is not None and trial.supplier.name == "Hjælpemiddelhuset ApS"
    started = CaseEvent.objects.get(case=case, type=EventType.TRIAL_STARTED)
    # The day it happened, not the day it was recorded: that is what processing time is measured from.
    assert started.payload["on"] == days_ago(40).isoformat()
    assert started.payload["trial_id"] == trial.pk
    assert started.payload["supplier_cvr"] == supplier_cvr

    end(trial, herning_caseworker)
    trial.refresh_from_db()
    assert (trial.ended_on, trial.result) == (days_ago(8), "suitable")
    ended = CaseEvent.objects.get(case=case, type=EventType.TRIAL_ENDED)
    assert ended.payload == {"on": days_ago(8).isoformat(), "trial_id": trial.pk, "result": "suitable"}
    # What the trial showed stays on the trial, out of the timeline's payload.
    assert "findings" not in ended.payload


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"product": "  "}, "product", "Skriv hvilket produkt der afprøves."),
        ({"started_on": None}, "started_on", "Angiv hvornår afprøvningen startede."),
        ({"planned_end": None}, "planned_end", "Angiv hvornår afprøvningen efter planen afsluttes."),
        (
            {"started_on": days_ago(20), "planned_end": days_ago(21)},
            "planned_end",
            "Den planlagte afslutning kan ikke ligge før startdatoen.",
        ),
        (
            {"started_on": TODAY + dt.timedelta(days=1), "planned_end": TODAY + dt.timedelta(days=30)},
            "started_on",
            "Startdatoen kan ikke ligge i fremtiden. Registrér afprøvningen, når den er startet.",
        ),
        (
            {"started_on": days_ago(61)},
            "started_on",
            f"Afprøvningen kan ikke starte før ansøgningen blev modtaget ({days_ago(60):%d.%m.%Y}).",
        ),
        (
            {"started_on": dt.date(1999, 12, 31)},
            "started_on",
            "Datoen skal ligge mellem 1. januar 2000 og 31. december 2100.",
        ),
    ],
)
def test_a_trial_start_is_refused_with_a_danish_message(
    herning_caseworker: Any, data: dict[str, Any], field: str, message: str
) -> None:
    case = aid_case(herning_caseworker)
    errors = errors_of(lambda: start(case, herning_caseworker, **data))
    assert errors[field] == [message]
    assert not AidTrial.objects.filter(case=case).exists()
    assert not CaseEvent.objects.filter(case=case, type=EventType.TRIAL_STARTED).exists()


def test_an_unknown_supplier_cvr_is_refused_beside_the_field(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    errors = errors_of(lambda: start(case, herning_caseworker, supplier_cvr="12345678"))
    assert list(errors) == ["supplier_cvr"]


def test_one_open_trial_at_a_time(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    first = start(case, herning_caseworker, product="Badestol")
    errors = errors_of(lambda: start(case, herning_caseworker, product="Toiletstol"))
    assert errors["__all__"] == [
        f"Der er allerede en afprøvning i gang (Badestol, startet {days_ago(40):%d.%m.%Y}). "
        "Afslut den, før en ny startes."
    ]
    end(first, herning_caseworker, result="unsuitable", findings="Stolen var for høj.")
    second = start(case, herning_caseworker, product="Toiletstol", started_on=days_ago(5), planned_end=TODAY)
    assert [t.pk for t in case.aid_trials.all()] == [first.pk, second.pk]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"ended_on": None}, "ended_on", "Angiv hvornår afprøvningen blev afsluttet."),
        (
            {"ended_on": days_ago(41)},
            "ended_on",
            f"Afprøvningen kan ikke slutte før den startede ({days_ago(40):%d.%m.%Y}).",
        ),
        (
            {"ended_on": TODAY + dt.timedelta(days=1)},
            "ended_on",
            "Afslutningsdatoen kan ikke ligge i fremtiden. Registrér afslutningen, når afprøvningen er slut.",
        ),
        ({"result": ""}, "result", "Vælg om produktet var egnet eller ikke egnet."),
        ({"findings": " "}, "findings", "Skriv hvad afprøvningen viste: afgørelsen skal bygge på det."),
    ],
)
def test_a_trial_end_is_refused_with_a_danish_message(
    herning_caseworker: Any, data: dict[str, Any], field: str, message: str
) -> None:
    trial = start(aid_case(herning_caseworker), herning_caseworker)
    errors = errors_of(lambda: end(trial, herning_caseworker, **data))
    assert errors[field] == [message]
    trial.refresh_from_db()
    assert trial.ended_on is None


def test_a_trial_ends_once(herning_caseworker: Any) -> None:
    trial = start(aid_case(herning_caseworker), herning_caseworker)
    end(trial, herning_caseworker)
    errors = errors_of(lambda: end(trial, herning_caseworker, ended_on=days_ago(1)))
    assert errors["__all__"] == [f"Afprøvningen er allerede afsluttet den {days_ago(8):%d.%m.%Y}."]
    assert CaseEvent.objects.filter(case=trial.case, type=EventType.TRIAL_ENDED).count() == 1


def test_only_aids_cases_have_trials_and_only_their_municipalitys_caseworkers_record_them(
    herning_caseworker: Any,
) -> None:
    bpa = social.social_case("bpa", herning_caseworker, received_on=days_ago(60))
    errors = errors_of(lambda: start(bpa, herning_caseworker))
    assert errors["__all__"] == ["Afprøvning hører kun til sager om hjælpemidler og forbrugsgoder."]
    case = aid_case(herning_caseworker, "consumer_good")
    with pytest.raises(PermissionDenied):
        start(case, factories.caseworker("751"))
    with pytest.raises(PermissionDenied):
        start(case, factories.user("payment_officer", code="657"))


def test_no_trial_once_the_case_is_decided(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    decide(case, herning_caseworker, price=Decimal("0"))
    errors = errors_of(lambda: start(case, herning_caseworker))
    assert errors["__all__"] == ["Sagen kan ikke ændres i sin nuværende fase."]


# --- processing time -------------------------------------------------------------------------------------


def test_the_trial_events_are_the_trial_milestones_and_make_the_km_trial_step(
    herning_caseworker: Any,
) -> None:
    case = aid_case(herning_caseworker)
    trial = start(case, herning_caseworker, started_on=days_ago(40))
    end(trial, herning_caseworker, ended_on=days_ago(8))
    kinds = {m.kind: m.on for m in milestones_for([case.pk])[case.pk]}
    assert kinds[pt.TRIAL_STARTED] == days_ago(40)
    assert kinds[pt.TRIAL_ENDED] == days_ago(8)
    step = case_processing_time(case=case, today=TODAY).times.by_code()["km_trial"]
    # 40 − 8 = 32 days; 32 / 7 = 4,571… → 4,6 weeks (half up).
    assert step.step.label_da == "KM – Afprøvning"
    assert (step.days, step.weeks, step.ongoing) == (32, Decimal("4.6"), False)


def test_an_open_trial_runs_up_to_today(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker, "consumer_good")
    start(case, herning_caseworker, started_on=days_ago(10))
    step = case_processing_time(case=case, today=TODAY).times.by_code()["km_trial"]
    # 10 days so far: 10 / 7 = 1,43 → 1,4 weeks, still running.
    assert (step.days, step.weeks, step.ongoing) == (10, Decimal("1.4"), True)


def test_the_trial_lies_inside_the_investigation_and_is_not_counted_twice_in_the_total() -> None:
    d0 = dt.date(2025, 3, 3)
    milestones = [
        pt.Milestone("case_opened", d0),
        pt.Milestone("active_step", d0 + dt.timedelta(days=7)),
        pt.Milestone("trial_started", d0 + dt.timedelta(days=10)),
        pt.Milestone("trial_ended", d0 + dt.timedelta(days=42)),
        pt.Milestone("decision_sent", d0 + dt.timedelta(days=50)),
    ]
    times = pt.case_times(milestones, scheme="aid")
    by_code = times.by_code()
    # Initial 7 days (1,0), investigation 43 days (6,1), trial 32 days (4,6) within it.
    assert [by_code[c].days for c in ("km_initial", "km_investigation", "km_trial")] == [7, 43, 32]
    # The total is the case end to end: 7 + 43 = 50 days → 7,1 weeks (not 82 days → 11,7).
    assert (times.total_days, times.total_weeks) == (50, Decimal("7.1"))
    averages = pt.averages([times], pt.steps_for("aid"))
    assert averages.per_step["km_trial"] == Decimal("4.6")
    assert averages.total == Decimal("7.1")


def test_the_report_shows_the_trial_of_a_decided_aid_case(herning_caseworker: Any) -> None:
    manager = factories.user("manager", code="657")
    case = aid_case(herning_caseworker)
    trial = start(case, herning_caseworker, started_on=days_ago(40))
    end(trial, herning_caseworker, ended_on=days_ago(8))
    decide(case, herning_caseworker, price=Decimal("0"))
    report = processing_time_report(user=manager, filters=ReportFilters(scheme="aid"))
    assert [s.label_da for s in report.steps][:3] == [
        "KM – Indledende kontakt",
        "KM – Sagsoplysning, udmåling og afgørelse",
        "KM – Afprøvning",
    ]
    (row,) = report.rows
    assert row.reference == case.reference and row.reference.startswith("HJ-")
    trial_cell = row.cells[2]
    assert trial_cell is not None and trial_cell.weeks == Decimal("4.6")
    # No active step recorded: the investigation runs from receipt (60 days ago) to today's decision:
    # 60 days → 8,6 weeks, and that is the total (the trial lies inside it).
    assert row.times.total_days == 60
    assert report.averages.per_step["km_trial"] == Decimal("4.6")
    assert report.averages.total == Decimal("8.6")


# --- the supplier's payment ------------------------------------------------------------------------------


def decide(
    case: Case,
    caseworker: Any,
    *,
    price: Decimal,
    support: Decimal | None = None,
    outcome: str = "grant",
    start_date: dt.date | None = None,
    supplier_name: str | None = "Hjælpemiddelhuset ApS",
) -> Decision:
    """A decision with its social terms written directly (the drafting page is another part's), sent with
    the shared `decision_send`, which opens the grant and calls the scheme's `on_grant`."""
    if case.status == CaseStatus.RECEIVED:
        social.assess_circle(case, caseworker)
    supplier = None
    if supplier_name:
        cvr = factories.register_company(name=supplier_name)
        supplier = case_services.employer_from_register(cvr=cvr)
    letter = letter_create(
        case=case,
        kind=LetterKind.DECISION,
        subject="Afgørelse om hjælpemiddel",
        body="Du får hjælpemidlet.",
        confidentiality=Confidentiality.HEALTH,
    )
    decision = Decision.objects.create(
        case=case,
        outcome=outcome,
        grant_kind="aid",
        start_date=None if outcome == "refusal" else (start_date or TODAY),
        reasons="Hjælpemidlet afhjælper i væsentlig grad de varige følger.",
        decided_by=caseworker,
        letter=letter,
    )
    SocialTerms.objects.create(
        decision=decision,
        product="Vaske-/tørretoilet",
        supplier=supplier,
        price=price,
        support_amount=support,
    )
    return case_services.decision_send(decision=decision, user=caseworker)


def test_section_112_pays_the_supplier_the_full_price(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    decision = decide(
        case,
        herning_caseworker,
        price=Decimal("12345.60"),
        support=Decimal("12345.60"),
        start_date=days_ago(2),
    )
    request = PaymentRequest.objects.get(grant__decision=decision)
    # § 112: the whole price, 12.345,60 kr.
    assert request.kind == "aid" and request.source == "plan" and request.status == RequestStatus.APPROVED
    assert request.requested_total == request.approved_total == Decimal("12345.60")
    assert request.employer is not None and request.employer.name == "Hjælpemiddelhuset ApS"
    assert (request.period_start, request.period_end) == (days_ago(2), days_ago(2))
    assert request.calculation["rule"] == "SEL § 112: hjælpemidlet støttes med hele prisen"
    assert request.calculation["price"] == "12345.60" and request.calculation["share"] == "1"
    assert request.decided_by == herning_caseworker
    payout = Payout.objects.get(request=request)
    assert payout.gross == payout.net == Decimal("12345.60") and payout.offset == 0
    event = CaseEvent.objects.get(case=case, type=EventType.PAYMENT_APPROVED)
    assert event.payload["gross"] == "12345.60" and event.payload["request_id"] == request.pk


def test_section_113_pays_half_the_price_of_a_standard_product_rounded_half_up(
    herning_caseworker: Any,
) -> None:
    case = aid_case(herning_caseworker, "consumer_good")
    decide(case, herning_caseworker, price=Decimal("8999.99"))
    request = PaymentRequest.objects.get(grant__case=case)
    # § 113 stk. 3: 50 % of 8.999,99 = 4.499,995 → 4.500,00 kr. (half up at the øre).
    assert request.approved_total == Decimal("4500.00")
    assert request.calculation["share"] == "0.5"
    assert request.calculation["rule"].startswith("SEL § 113 stk. 3")
    assert request.payout.net == Decimal("4500.00")


def test_the_payout_is_due_on_the_next_bank_day(herning_caseworker: Any, monkeypatch: Any) -> None:
    case = aid_case(herning_caseworker)
    # Saturday 26 December 2026 is also 2nd Christmas Day; Sunday 27th; Monday 28 December is a bank day.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 12, 26))
    decide(case, herning_caseworker, price=Decimal("100"), start_date=dt.date(2026, 12, 26))
    assert PaymentRequest.objects.get(grant__case=case).payout_due == dt.date(2026, 12, 28)


def test_a_support_that_does_not_follow_the_rule_is_refused_and_nothing_is_sent(
    herning_caseworker: Any,
) -> None:
    case = aid_case(herning_caseworker, "consumer_good")
    errors = errors_of(
        lambda: decide(case, herning_caseworker, price=Decimal("1000"), support=Decimal("1000"))
    )
    # § 113 stk. 3: half of 1.000 kr. is 500 kr., not 1.000 kr.
    assert "svarer ikke til reglen" in errors["__all__"][0] and "500,00 kr." in errors["__all__"][0]
    assert not case.grants.exists()
    assert not PaymentRequest.objects.filter(grant__case=case).exists()
    assert not Decision.objects.filter(case=case, sent_at__isnull=False).exists()


def test_a_refusal_or_a_zero_support_pays_nothing(herning_caseworker: Any) -> None:
    refused = aid_case(herning_caseworker)
    decide(refused, herning_caseworker, price=Decimal("5000"), outcome="refusal")
    assert not refused.grants.exists()
    depot = aid_case(herning_caseworker)
    decide(depot, herning_caseworker, price=Decimal("0"), supplier_name=None)
    assert depot.grants.count() == 1
    assert not PaymentRequest.objects.filter(grant__case__in=[refused, depot]).exists()


def test_a_support_without_a_supplier_is_refused(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    errors = errors_of(lambda: decide(case, herning_caseworker, price=Decimal("100"), supplier_name=None))
    assert errors["__all__"] == ["Afgørelsen mangler leverandøren, så støtten kan ikke udbetales."]
    assert not case.grants.exists()


def test_the_supplier_is_paid_exactly_once(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    decision = decide(case, herning_caseworker, price=Decimal("2500"))
    grant = decision.grant
    errors = errors_of(lambda: aids.aid_payment_open(grant=grant, user=herning_caseworker))
    assert errors["__all__"] == ["Leverandøren er allerede betalt for denne bevilling."]
    first = PaymentRequest.objects.get(grant=grant)
    # And in the database, whatever the code: the grant's period exclusion refuses a second live request for
    # the same day, and the one-to-one payout refuses a second payout of the request.
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRequest.objects.create(
            grant=grant,
            municipality=first.municipality,
            kind="aid",
            employer=first.employer,
            source="plan",
            period_start=first.period_start,
            period_end=first.period_end,
            mode=first.mode,
            status=RequestStatus.APPROVED,
            created_by=herning_caseworker,
            requested_total=first.requested_total,
            approved_total=first.approved_total,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.create(request=first, gross=Decimal("2500"), net=Decimal("2500"))
    assert PaymentRequest.objects.filter(grant=grant).count() == 1
    assert Payout.objects.filter(request__grant=grant).count() == 1


def test_a_new_decision_on_the_case_pays_only_what_was_not_paid_before(herning_caseworker: Any) -> None:
    case = aid_case(herning_caseworker)
    decide(case, herning_caseworker, price=Decimal("10000"))
    # A complaint: the re-assessment decides again and the new grant replaces the first.
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.COMPLAINT)
    case.refresh_from_db()
    decide(case, herning_caseworker, price=Decimal("12000"))
    requests = list(PaymentRequest.objects.filter(grant__case=case).order_by("id"))
    # 10.000 kr. paid on the first grant; the new support 12.000 kr. − 10.000 kr. = 2.000 kr.
    assert [r.approved_total for r in requests] == [Decimal("10000.00"), Decimal("2000.00")]
    assert requests[1].calculation["paid_before"] == "10000.00"
    assert requests[1].calculation["support"] == "12000.00"
    # A third decision at 9.000 kr.: 12.000 kr. is already paid, so nothing more is paid.
    decide(case, herning_caseworker, price=Decimal("9000"))
    assert PaymentRequest.objects.filter(grant__case=case).count() == 2
    assert case.grants.count() == 3


def test_the_payout_is_exported_with_the_others_on_the_aid_account(
    herning_caseworker: Any, officer: Any
) -> None:
    case = aid_case(herning_caseworker)
    decide(case, herning_caseworker, price=Decimal("12345.60"), start_date=days_ago(3))
    request = PaymentRequest.objects.get(grant__case=case)
    batch = payout_batch_create(user=officer)
    assert batch is not None and batch.total == Decimal("12345.60")
    header, *rows = batch.content.splitlines()
    assert header.startswith("konto;cvr;beloeb;periode_fra;periode_til")
    (row,) = rows
    fields = row.split(";")
    # The default account of aids (05.35.40), the supplier's CVR, the amount, the decision's start day.
    assert fields[:5] == [
        "05.35.40",
        request.employer.cvr,  # type: ignore[union-attr]
        "12345.60",
        days_ago(3).isoformat(),
        days_ago(3).isoformat(),
    ]
    assert "aid" in fields and "Hjælpemiddelhuset ApS" in fields
    request.refresh_from_db()
    assert request.status == RequestStatus.PAID


def test_the_municipality_may_book_aids_on_its_own_account(herning_caseworker: Any, officer: Any) -> None:
    PaymentSettings.objects.update_or_create(
        municipality=officer.municipality, defaults={"accounts": {"aid": "05.35.41"}}
    )
    decide(aid_case(herning_caseworker), herning_caseworker, price=Decimal("10"))
    batch = payout_batch_create(user=officer)
    assert batch is not None and batch.content.splitlines()[1].startswith("05.35.41;")
