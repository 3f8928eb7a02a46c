"""The user's attestation of interpreting sessions, and the interpreter's and agency's signatures.

A statement is one invoice × one interpreter. Confirming is the user's solemn declaration; a disputed line
is held and goes to the caseworker as a deadline of 5 working days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import CaseEvent, Deadline, DeadlineKind, EventType
from kompensation.cases.selectors import InboxFilters, inbox_cases
from kompensation.payments import services
from kompensation.payments.models import (
    Attestation,
    AttestationParty,
    ControlStatus,
    LineStatus,
    PaymentRequest,
    RequestStatus,
)
from kompensation.rules.deadlines import working_days_after
from tests import factories
from tests import interpreting as i

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(investigated_case: Any, herning_caseworker: Any) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    anne = i.interpreter(agency, "Anne Holm")
    bo = i.interpreter(agency, "Bo Berg")
    grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    day = i.a_weekday()
    invoice = i.submit(
        agency_user,
        agency,
        grant,
        [
            i.line(day, "09:00", "10:00", anne, "650", remote=True),
            i.line(day, "13:00", "14:00", anne, "650", remote=True),
            i.line(day, "09:00", "10:00", bo, "650", remote=True),
        ],
    )
    citizen = i.party_user(grant, "user", agency)
    citizen.email = "borger@example.dk"
    citizen.save(update_fields=["email"])
    return {
        "agency": agency,
        "agency_user": agency_user,
        "anne": anne,
        "bo": bo,
        "grant": grant,
        "invoice": invoice,
        "citizen": citizen,
        "caseworker": herning_caseworker,
    }


def _lines(invoice: PaymentRequest, who: Any) -> list[Any]:
    return list(invoice.invoice_lines.filter(interpreter=who).order_by("position"))


def _attestation_control(invoice: PaymentRequest) -> str:
    return str(invoice.controls.get(code="attestation").status)


def test_confirming_every_session_stores_the_declaration_and_passes_the_control(
    setup: dict[str, Any],
) -> None:
    invoice, anne, bo, citizen = setup["invoice"], setup["anne"], setup["bo"], setup["citizen"]
    assert _attestation_control(invoice) == ControlStatus.UNKNOWN
    awaiting = services.statements_awaiting(citizen)
    assert {(s.request.pk, s.interpreter.pk) for s in awaiting} == {
        (invoice.pk, anne.pk),
        (invoice.pk, bo.pk),
    }

    for who in (anne, bo):
        services.statement_attest(
            user=citizen,
            request=invoice,
            interpreter=who,
            answers={x.pk: (True, "") for x in _lines(invoice, who)},
        )

    assert set(invoice.invoice_lines.values_list("status", flat=True)) == {LineStatus.CONFIRMED}
    signed = Attestation.objects.get(request=invoice, interpreter=anne, party=AttestationParty.USER)
    assert signed.text.startswith(
        "Jeg bekræfter på tro og love, at tolkningen på de bekræftede linjer har fundet sted"
    )
    assert "Anne Holm" in signed.text
    assert (signed.confirmed, signed.disputed, signed.signed_by) == (2, 0, citizen)
    assert _attestation_control(invoice) == ControlStatus.PASS
    assert services.statements_awaiting(citizen) == []
    assert CaseEvent.objects.filter(case=setup["grant"].case, type=EventType.INVOICE_ATTESTED).count() == 2
    assert not Deadline.objects.filter(case=setup["grant"].case, kind=DeadlineKind.INVOICE_DISPUTE).exists()


def test_a_disputed_session_is_held_and_goes_to_the_caseworker(setup: dict[str, Any]) -> None:
    invoice, anne, citizen = setup["invoice"], setup["anne"], setup["citizen"]
    first, second = _lines(invoice, anne)
    # Tuesday 22 December 2026 + 5 working days: 23 Dec (1); 24–27 closed/holiday/Sunday; 28, 29, 30 Dec
    # (2, 3, 4); 31 Dec closed, 1 Jan holiday, 2–3 Jan weekend; Monday 4 January 2027 (5).
    services.statement_attest(
        user=citizen,
        request=invoice,
        interpreter=anne,
        answers={first.pk: (True, ""), second.pk: (False, "Mødet blev aflyst")},
        today=dt.date(2026, 12, 22),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == LineStatus.CONFIRMED
    assert (second.status, second.dispute_reason) == (LineStatus.DISPUTED, "Mødet blev aflyst")
    deadline = Deadline.objects.get(case=setup["grant"].case, kind=DeadlineKind.INVOICE_DISPUTE)
    assert deadline.due == dt.date(2027, 1, 4) and deadline.met_at is None
    event = CaseEvent.objects.get(case=setup["grant"].case, type=EventType.INVOICE_DISPUTED)
    assert event.payload["disputed_lines"] == [second.position]
    assert (event.payload["confirmed"], event.payload["disputed"]) == (1, 1)
    # The decided case is open work again for its caseworker, labelled in the inbox.
    cases = inbox_cases(user=setup["caseworker"], filters=InboxFilters(), today=dt.date(2026, 12, 22))
    row = cases.get(pk=setup["grant"].case.pk)
    assert row.next_kind == DeadlineKind.INVOICE_DISPUTE  # type: ignore[attr-defined]


def test_five_working_days_on_an_ordinary_week() -> None:
    # Monday 23 November 2026: Tue 24, Wed 25, Thu 26, Fri 27, (weekend), Mon 30.
    assert working_days_after(dt.date(2026, 11, 23), 5) == dt.date(2026, 11, 30)


def test_a_no_without_a_note_and_an_unanswered_session_are_refused(setup: dict[str, Any]) -> None:
    invoice, anne, citizen = setup["invoice"], setup["anne"], setup["citizen"]
    first, second = _lines(invoice, anne)
    with pytest.raises(ValidationError) as error:
        services.statement_attest(
            user=citizen, request=invoice, interpreter=anne, answers={first.pk: (False, "  ")}
        )
    assert error.value.message_dict == {
        f"note_{first.pk}": ["Skriv kort, hvad der ikke passer."],
        f"answer_{second.pk}": ["Svar ja eller nej: fandt tolkningen sted?"],
    }
    assert set(invoice.invoice_lines.values_list("status", flat=True)) == {LineStatus.AWAITING}
    assert not Attestation.objects.exists()


def test_answering_twice_is_refused(setup: dict[str, Any]) -> None:
    invoice, bo, citizen = setup["invoice"], setup["bo"], setup["citizen"]
    answers = {x.pk: (True, "") for x in _lines(invoice, bo)}
    services.statement_attest(user=citizen, request=invoice, interpreter=bo, answers=answers)
    with pytest.raises(ValidationError, match="allerede svaret"):
        services.statement_attest(user=citizen, request=invoice, interpreter=bo, answers=answers)


def test_another_citizen_interpreter_or_agency_is_refused(setup: dict[str, Any]) -> None:
    invoice, anne, bo = setup["invoice"], setup["anne"], setup["bo"]
    stranger = factories.citizen(factories.register_person())
    answers = {x.pk: (True, "") for x in _lines(invoice, anne)}
    with pytest.raises(PermissionDenied):
        services.statement_attest(user=stranger, request=invoice, interpreter=anne, answers=answers)
    # The interpreter cannot answer for the user, and Bo cannot sign Anne's statement.
    with pytest.raises(PermissionDenied):
        services.statement_attest(user=anne.user, request=invoice, interpreter=anne, answers=answers)
    with pytest.raises(PermissionDenied):
        services.statement_sign(user=bo.user, request=invoice, interpreter=anne, party="interpreter")
    other_agency_user = i.agency("Fremmed Tolkning ApS")[1]
    with pytest.raises(PermissionDenied):
        services.statement_sign(user=other_agency_user, request=invoice, interpreter=anne, party="agency")
    assert services.statements_awaiting(stranger) == []
    assert services.statements_awaiting(other_agency_user) == []
    assert not Attestation.objects.exists()


def test_the_interpreter_and_agency_sign_once_each(setup: dict[str, Any]) -> None:
    invoice, anne = setup["invoice"], setup["anne"]
    assert [s.interpreter for s in services.statements_awaiting(anne.user)] == [anne]
    assert len(services.statements_awaiting(setup["agency_user"])) == 2
    signed = services.statement_sign(user=anne.user, request=invoice, interpreter=anne, party="interpreter")
    assert signed.text.startswith("Jeg bekræfter på tro og love, at jeg har tolket for")
    assert services.statements_awaiting(anne.user) == []
    with pytest.raises(ValidationError, match="allerede underskrevet"):
        services.statement_sign(user=anne.user, request=invoice, interpreter=anne, party="interpreter")
    services.statement_sign(user=setup["agency_user"], request=invoice, interpreter=anne, party="agency")
    assert [s.interpreter for s in services.statements_awaiting(setup["agency_user"])] == [setup["bo"]]
    # Signing is a statement on tro og love, not an answer: the user's lines still wait.
    assert set(_lines(invoice, anne)[0].request.invoice_lines.values_list("status", flat=True)) == {
        LineStatus.AWAITING
    }


def test_lines_do_not_change_once_the_invoice_is_settled(setup: dict[str, Any]) -> None:
    invoice, anne, citizen = setup["invoice"], setup["anne"], setup["citizen"]
    PaymentRequest.objects.filter(pk=invoice.pk).update(status=RequestStatus.REJECTED)
    with pytest.raises(ValidationError, match="allerede behandlet"):
        services.statement_attest(
            user=citizen,
            request=invoice,
            interpreter=anne,
            answers={x.pk: (False, "Ikke mig") for x in _lines(invoice, anne)},
        )
    assert set(invoice.invoice_lines.values_list("status", flat=True)) == {LineStatus.AWAITING}


def test_one_reminder_fourteen_days_after_the_invoice_came(
    setup: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    invoice, bo, citizen = setup["invoice"], setup["bo"], setup["citizen"]
    received = timezone.now()
    PaymentRequest.objects.filter(pk=invoice.pk).update(submitted_at=received)
    # Bo's statement is answered; only Anne's is still waiting.
    services.statement_attest(
        user=citizen, request=invoice, interpreter=bo, answers={x.pk: (True, "") for x in _lines(invoice, bo)}
    )
    mail.outbox.clear()
    assert services.attestation_reminders_send(now=received + dt.timedelta(days=13, hours=23)) == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):  # the mail is a task queued after commit
        assert services.attestation_reminders_send(now=received + dt.timedelta(days=14)) == 1
    assert [m.to for m in mail.outbox] == [["borger@example.dk"]]
    assert "Anne Holm" in mail.outbox[0].body
    stamp = CaseEvent.objects.get(case=setup["grant"].case, type=EventType.ATTESTATION_REMINDED)
    assert (stamp.payload["request_id"], stamp.payload["interpreter_id"]) == (invoice.pk, setup["anne"].pk)
    assert stamp.actor is None
    # Run again the next night: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.attestation_reminders_send(now=received + dt.timedelta(days=15)) == 0
    assert len(mail.outbox) == 1


def test_no_reminder_for_an_interpreter_or_agency_user(
    setup: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    # The reminder goes to the citizen's login only: the agency's user has an e-mail, and gets nothing.
    agency_user = setup["agency_user"]
    agency_user.email = "bureau@example.dk"
    agency_user.save(update_fields=["email"])
    assert agency_user.role == Role.INTERPRETER_AGENCY
    mail.outbox.clear()
    later = timezone.now() + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.attestation_reminders_send(now=later) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["borger@example.dk", "borger@example.dk"]
