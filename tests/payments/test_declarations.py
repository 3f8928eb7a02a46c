"""Declarations of no economic interest (BEK § 25): who signs what, revocation, a new grant, and the
automatic requests — made once per party, sent after commit by e-mail and Digital Post, reminded once."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from kompensation.accounts.models import User
from kompensation.cases import services as case_services
from kompensation.cases.models import Case
from kompensation.payments import services
from kompensation.payments.models import DeclarationParty, DeclarationRequest
from kompensation.registers.digital_post import OfflineDigitalPost
from tests import factories
from tests import interpreting as i

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_digital_post() -> Any:
    OfflineDigitalPost.outbox.clear()
    yield
    OfflineDigitalPost.outbox.clear()


@pytest.fixture
def setup(
    investigated_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> dict[str, Any]:
    i.seed_rates()
    agency, agency_user = i.agency()
    User.objects.filter(pk=agency_user.pk).update(email="bureau@example.dk")
    anne = i.interpreter(agency, "Anne Holm")
    anne.email = "anne@example.dk"
    anne.save()
    assert investigated_case.employer is not None
    boss = factories.employer_user(investigated_case.employer.cvr)
    User.objects.filter(pk=boss.pk).update(email="chef@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        grant = i.interpreting_case(investigated_case, herning_caseworker, [agency])
    i.zones(grant.case)
    return {
        "agency": agency,
        "agency_user": agency_user,
        "anne": anne,
        "grant": grant,
        "cw": herning_caseworker,
    }


def test_the_decision_asks_user_employer_and_agency_once_and_sends_after_commit(
    setup: dict[str, Any],
) -> None:
    grant, agency = setup["grant"], setup["agency"]
    keys = set(DeclarationRequest.objects.filter(grant=grant).values_list("party_key", flat=True))
    # The interpreters are asked when an invoice names them; at the decision: user, employer, agency.
    assert keys == {"user", "employer", "agency"}
    # The citizen by Digital Post (to the grant's person), the employer and the agency by e-mail.
    assert [m.cpr for m in OfflineDigitalPost.outbox] == [grant.case.person.cpr]
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("bureau@example.dk", "faktura@example.dk"),
        ("chef@example.dk",),
    ]
    assert all(grant.reference in m.body and agency.name in m.body for m in mail.outbox)
    # Asking again makes no new request and sends nothing.
    assert services.declarations_request_missing(grant=grant, agency=agency) == []
    assert DeclarationRequest.objects.filter(grant=grant).count() == 3


def test_nothing_is_sent_when_the_transaction_rolls_back(
    setup: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    grant, agency, anne = setup["grant"], setup["agency"], setup["anne"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.declarations_request_missing(grant=grant, agency=agency, interpreters=[anne])
    # Queued for after commit, not sent inside the transaction.
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert DeclarationRequest.objects.filter(grant=grant, party_key=f"interpreter:{anne.pk}").exists()


def test_an_invoice_with_missing_declarations_asks_its_interpreters(
    setup: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    grant, agency, anne = setup["grant"], setup["agency"], setup["anne"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        i.submit(
            setup["agency_user"],
            agency,
            grant,
            [i.line(i.a_weekday(), "09:00", "10:00", anne, "650", remote=True)],
        )
    assert (
        DeclarationRequest.objects.get(grant=grant, party_key=f"interpreter:{anne.pk}").party == "interpreter"
    )
    # Only Anne is new: the user, employer and agency were asked at the decision.
    assert [m.to for m in mail.outbox] == [["anne@example.dk"]]


def test_each_party_signs_only_its_own(setup: dict[str, Any]) -> None:
    grant, agency, anne = setup["grant"], setup["agency"], setup["anne"]
    citizen = i.party_user(grant, DeclarationParty.USER, agency)
    with pytest.raises(PermissionDenied):
        services.declaration_sign(user=citizen, grant=grant, agency=agency, party=DeclarationParty.AGENCY)
    with pytest.raises(PermissionDenied):
        services.declaration_sign(
            user=setup["agency_user"],
            grant=grant,
            agency=agency,
            party=DeclarationParty.INTERPRETER,
            interpreter=anne,
        )
    stranger = factories.citizen(factories.register_person())
    with pytest.raises(PermissionDenied):
        services.declaration_sign(user=stranger, grant=grant, agency=agency, party=DeclarationParty.USER)
    signed = services.declaration_sign(user=citizen, grant=grant, agency=agency, party=DeclarationParty.USER)
    assert signed.text.startswith("Jeg erklærer på tro og love")
    assert agency.name in signed.text


def test_signing_twice_is_refused_in_danish(setup: dict[str, Any]) -> None:
    grant, agency = setup["grant"], setup["agency"]
    citizen = i.party_user(grant, DeclarationParty.USER, agency)
    services.declaration_sign(user=citizen, grant=grant, agency=agency, party=DeclarationParty.USER)
    with pytest.raises(ValidationError) as error:
        services.declaration_sign(user=citizen, grant=grant, agency=agency, party=DeclarationParty.USER)
    assert error.value.messages == ["Erklæringen er allerede underskrevet."]


def test_a_revoked_declaration_is_missing_again_and_the_party_is_asked_again(
    setup: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    grant, agency = setup["grant"], setup["agency"]
    citizen = i.party_user(grant, DeclarationParty.USER, agency)
    signed = services.declaration_sign(user=citizen, grant=grant, agency=agency, party=DeclarationParty.USER)
    assert "user" not in {r.key for r in services.declarations_missing(grant=grant, agency=agency)}
    services.declaration_revoke(
        user=setup["cw"], declaration=signed, reason="Tolkebrugerens bror ejer nu bureauet"
    )
    assert "user" in {r.key for r in services.declarations_missing(grant=grant, agency=agency)}
    OfflineDigitalPost.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.declarations_request_missing(grant=grant, agency=agency)
    assert [r.party_key for r in again] == ["user"]
    assert len(OfflineDigitalPost.outbox) == 1


def test_a_new_grant_needs_new_declarations(
    setup: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    grant, agency, cw = setup["grant"], setup["agency"], setup["cw"]
    i.sign_all(grant, agency, [setup["anne"]])
    assert services.declarations_missing(grant=grant, agency=agency, interpreters=[setup["anne"]]) == []
    # Another grant with the same agency and employer: the first grant's declarations do not carry over.
    assert grant.case.employer is not None
    other = case_services.application_register_paper(
        user=cw,
        data=factories.paper_data(cpr=factories.register_person(), cvr=grant.case.employer.cvr),
        assistants=factories.ASSISTANT,
        uploads=[(factories.pdf(), "gp")],
    )
    case_services.case_record_active_step(
        case=other, user=cw, kind="workplace_visit", on=timezone.localdate()
    )
    factories.investigate(other, cw)
    with django_capture_on_commit_callbacks(execute=True):
        newer = i.interpreting_case(other, cw, [agency])
    assert newer.pk != grant.pk
    missing = services.declarations_missing(grant=newer, agency=agency, interpreters=[setup["anne"]])
    assert [r.key for r in missing] == ["user", "employer", "agency", f"interpreter:{setup['anne'].pk}"]
    assert DeclarationRequest.objects.filter(grant=newer).count() == 3


def test_the_reminder_goes_once_after_seven_days(
    setup: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    grant, agency = setup["grant"], setup["agency"]
    # The agency signs; the user and employer do not.
    services.declaration_sign(
        user=setup["agency_user"], grant=grant, agency=agency, party=DeclarationParty.AGENCY
    )
    mail.outbox.clear()
    OfflineDigitalPost.outbox.clear()
    six_days_ago = timezone.now() - dt.timedelta(days=6)
    DeclarationRequest.objects.filter(grant=grant).update(sent_at=six_days_ago)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("declarations_remind", stdout=StringIO())
    assert mail.outbox == [] and OfflineDigitalPost.outbox == []  # 6 days: not yet
    DeclarationRequest.objects.filter(grant=grant).update(
        sent_at=timezone.now() - dt.timedelta(days=7, minutes=1)
    )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("declarations_remind", stdout=out)
    assert "2 påmindelser" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["chef@example.dk"]]
    assert mail.outbox[0].subject.startswith("Påmindelse")
    assert len(OfflineDigitalPost.outbox) == 1
    stamped = set(
        DeclarationRequest.objects.filter(grant=grant, reminded_at__isnull=False).values_list(
            "party_key", flat=True
        )
    )
    assert stamped == {"user", "employer"}
    # Run again: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("declarations_remind", stdout=StringIO())
    assert len(mail.outbox) == 1 and len(OfflineDigitalPost.outbox) == 1
