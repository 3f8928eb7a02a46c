"""Renewals against the database: reminders exactly once with letters to both parties, lapse and what it
does to payments, the renewal application prefilled from the old one, and its way through the ordinary
decision flow to a grant of its own.

The grants here are the usual test grant (7 hours a week from the start of the previous quarter); its end
date is moved to where each test needs it. The reminder days and the deadline come from `rules.followup`,
whose dates are worked out by hand in `tests/rules/test_followup_renewals.py`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from kompensation.cases import services as case_services
from kompensation.cases.models import (
    Application,
    ApplicationStatus,
    Case,
    CaseEvent,
    Decision,
    EventType,
    Grant,
    GrantStatus,
)
from kompensation.followup.models import FollowUpStatus, RenewalReminder
from kompensation.followup.services.renewals import grants_lapse, renewal_reminders_send, renewal_start
from kompensation.letters.models import Letter, LetterKind
from kompensation.payments import services as payment_services
from kompensation.payments.models import RequestStatus
from kompensation.registers.digital_post import OfflineDigitalPost
from kompensation.rules import followup as rules
from tests import factories
from tests.concurrency import at_once
from tests.factories import long_date

TODAY = timezone.localdate()


def ending(case: Case, end: dt.date) -> Grant:
    """The case's grant, time-limited to `end` (test setup: the decision's end date set directly)."""
    Decision.objects.filter(grant__case=case).update(end_date=end, period_type="time_limited")
    return Grant.objects.select_related("case__person", "case__employer", "decision").get(case=case)


# --- reminders ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_reminder_is_sent_once_with_a_letter_to_the_person_and_one_to_the_employer(
    granted_case: Case,
    employer: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    grant = granted_case.grants.get()
    end = grant.end_date
    assert end is not None
    eight, four = rules.renewal_reminders(end)
    due = rules.renewal_application_due(end)
    factories.user("employer", cvr=granted_case.employer.cvr, code=None, email="hr@firma.invalid")
    OfflineDigitalPost.outbox.clear()

    assert renewal_reminders_send(today=eight.send_on - dt.timedelta(days=1)) == []
    with django_capture_on_commit_callbacks(execute=True):
        sent = renewal_reminders_send(today=eight.send_on)
    assert [(r.grant_id, r.weeks, r.sent_on) for r in sent] == [(grant.pk, 8, eight.send_on)]
    reminder = sent[0]
    person, company = reminder.person_letter, reminder.employer_letter
    assert person is not None and company is not None
    assert (person.kind, person.recipient, person.confidentiality) == (
        LetterKind.RENEWAL_REMINDER,
        "person",
        "case",
    )
    assert (company.kind, company.recipient, company.confidentiality) == (
        LetterKind.RENEWAL_REMINDER,
        "employer",
        "subsidy",
    )
    assert person.is_sent and company.is_sent
    for letter in (person, company):
        assert f"udløber den {long_date(end)}" in letter.subject + letter.body
        assert f"senest den {long_date(due)}" in letter.body
        assert "Mine sider" in letter.body
        # A reminder decides nothing: no complaint guidance.
        assert letter.fixed_footer == ""
    assert "Søg om fornyelse" in person.body and granted_case.employer.name in company.body
    # The employer's version names nothing of the person's health.
    assert granted_case.application.impairment_description not in company.body
    event = CaseEvent.objects.get(case=granted_case, type=EventType.RENEWAL_REMINDED)
    assert event.payload["weeks"] == 8 and event.payload["application_due"] == str(due)
    # After commit: Digital Post to the person, a mail to the employer's users.
    assert [m.cpr for m in OfflineDigitalPost.outbox] == [granted_case.person.cpr]
    assert [m.to for m in mailoutbox] == [["hr@firma.invalid"]]
    assert str(due.year) in mailoutbox[0].body and granted_case.person.first_name in mailoutbox[0].body

    # A second run the same day, and the next day, send nothing again.
    assert renewal_reminders_send(today=eight.send_on) == []
    assert renewal_reminders_send(today=eight.send_on + dt.timedelta(days=1)) == []
    # The 4-week reminder on its day, once.
    assert [r.weeks for r in renewal_reminders_send(today=four.send_on)] == [4]
    assert renewal_reminders_send(today=four.send_on) == []
    assert sorted(RenewalReminder.objects.filter(grant=grant).values_list("weeks", flat=True)) == [4, 8]
    assert Letter.objects.filter(case=granted_case, kind=LetterKind.RENEWAL_REMINDER).count() == 4
    # Nothing after the end date.
    RenewalReminder.objects.filter(grant=grant).delete()
    assert renewal_reminders_send(today=end + dt.timedelta(days=1)) == []


@pytest.mark.django_db
def test_a_missed_reminder_goes_out_late_and_until_further_notice_gets_none(granted_case: Case) -> None:
    grant = granted_case.grants.get()
    end = grant.end_date
    assert end is not None
    four = rules.renewal_reminders(end)[1]
    assert [r.weeks for r in renewal_reminders_send(today=four.send_on)] == [8, 4]
    Decision.objects.filter(grant=grant).update(end_date=None, period_type="until_further_notice")
    RenewalReminder.objects.filter(grant=grant).delete()
    assert renewal_reminders_send(today=four.send_on) == []


@pytest.mark.django_db
def test_no_reminder_to_a_person_who_has_applied_for_the_renewal(granted_case: Case) -> None:
    grant = ending(granted_case, TODAY + dt.timedelta(weeks=6))
    citizen = factories.citizen(granted_case.person.cpr)
    application = renewal_start(user=citizen, grant=grant)
    # A draft is not an application: the person is still reminded.
    assert [r.weeks for r in renewal_reminders_send(today=TODAY)] == [8]
    _sign(application, citizen)
    RenewalReminder.objects.all().delete()
    assert renewal_reminders_send(today=TODAY) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_reminder_once(granted_case: Case) -> None:
    assert connection.vendor == "postgresql"
    grant = granted_case.grants.get()
    end = grant.end_date
    assert end is not None
    four = rules.renewal_reminders(end)[1]
    results = at_once([lambda: renewal_reminders_send(today=four.send_on) for _ in range(3)])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.weeks for batch in results for r in batch) == [4, 8]
    assert RenewalReminder.objects.filter(grant=grant).count() == 2
    assert Letter.objects.filter(case=granted_case, kind=LetterKind.RENEWAL_REMINDER).count() == 4
    assert CaseEvent.objects.filter(case=granted_case, type=EventType.RENEWAL_REMINDED).count() == 2


# --- lapse ------------------------------------------------------------------------------------------------


@pytest.fixture
def lapsed(granted_case: Case, rates: None, wages: None, simplified: None) -> Grant:
    """The grant ended 40 days into the previous quarter, and the nightly job ran today."""
    start = granted_case.grants.get().start_date
    grant = ending(granted_case, start + dt.timedelta(days=39))
    assert grants_lapse(today=TODAY) == [grant]
    grant.refresh_from_db()
    return grant


def _request(employer: Any, grant: Grant, start: dt.date, end: dt.date) -> Any:
    assistant = grant.case.application.assistants.first().name
    return payment_services.payment_request_save_draft(
        user=employer,
        grant=grant,
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": Decimal("10")}],
    )


@pytest.mark.django_db
def test_a_lapsed_grant_pays_up_to_its_end_date_and_refuses_the_time_after(
    lapsed: Grant, employer: Any
) -> None:
    grant = lapsed
    end = grant.end_date
    assert end is not None and grant.status == GrantStatus.LAPSED
    event = CaseEvent.objects.get(case=grant.case, type=EventType.GRANT_LAPSED)
    assert event.payload["end_date"] == str(end) and event.payload["renewed_by_grant_id"] is None
    # Its follow-ups are no longer due, and their deadline leaves the inbox.
    assert set(grant.follow_ups.values_list("status", flat=True)) == {FollowUpStatus.CANCELLED}
    assert not grant.case.deadlines.filter(kind="first_follow_up", met_at__isnull=True).exists()

    # The time up to the end date is still paid: the request is received.
    request = _request(employer, grant, grant.start_date, end)
    payment_services.payslip_add(
        user=employer,
        request=request,
        upload=factories.pdf("loen.pdf"),
        assistant=request.hours.get().assistant,
    )
    request = payment_services.payment_request_submit(
        user=employer, request=request, declaration=True, idempotency_key=uuid.uuid4().hex
    )
    assert request.status == RequestStatus.SUBMITTED
    # The time after it is refused, with the reason.
    after = end + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _request(employer, grant, after, after + dt.timedelta(days=13))
    assert exc.value.message_dict["period"] == [
        f"Bevillingen udløb {end:%d.%m.%Y}. Der kan ikke udbetales for tiden derefter, medmindre der er "
        "bevilget en fornyelse."
    ]
    # Running the job again changes nothing.
    assert grants_lapse(today=TODAY) == []
    assert CaseEvent.objects.filter(case=grant.case, type=EventType.GRANT_LAPSED).count() == 1


@pytest.mark.django_db
def test_a_grant_does_not_lapse_on_its_end_date(granted_case: Case) -> None:
    grant = ending(granted_case, TODAY)
    assert grants_lapse(today=TODAY) == []
    assert grants_lapse(today=TODAY + dt.timedelta(days=1)) == [grant]


# --- the renewal application -------------------------------------------------------------------------------


def _sign(application: Application, citizen: Any, *, until: dt.date | None = None) -> Application:
    """The person reviews the prefilled draft: picks an end date, approves the assistant, signs."""
    assert application.period_from is not None
    case_services.application_update(
        application=application,
        user=citizen,
        data={"period_to": until or application.period_from + dt.timedelta(days=364)},
    )
    assistants = [{"kind": a.kind, "name": a.name, "cpr": a.cpr} for a in application.assistants.all()]
    case_services.application_set_assistants(
        application=application, user=citizen, assistants=assistants, approved=True
    )
    return case_services.application_submit(application=application, user=citizen, declaration=True)


@pytest.mark.django_db
def test_the_renewal_is_prefilled_from_the_old_application_and_the_grant(granted_case: Case) -> None:
    end = TODAY + dt.timedelta(weeks=5)
    grant = ending(granted_case, end)
    citizen = factories.citizen(granted_case.person.cpr)
    application = renewal_start(user=citizen, grant=grant)
    assert application.status == ApplicationStatus.DRAFT and application.renews == grant
    assert application.channel == "online" and application.person == granted_case.person
    assert application.employer == granted_case.employer
    # What factories.paper_data applied with, and what was granted (7 hours a week).
    assert application.job_title == "Bogholder"
    assert (application.employment_type, application.employment_form) == ("employee", "ordinary")
    assert application.impairment_description == "Nedsat syn"
    assert application.tasks_description == "Læsning af bilag"
    assert application.hours_sought == Decimal("7")
    assert application.hours_without_assistance == Decimal("27")
    assert application.working_hours == Decimal("37")
    assert application.period_from == end + dt.timedelta(days=1)
    assert application.period_to is None and not application.until_further_notice
    assert not application.assistant_approved  # the person approves the assistant again
    old = granted_case.application.assistants.get()
    copied = application.assistants.get()
    assert (copied.kind, copied.name) == (old.kind, old.name) and copied.pk != old.pk
    # Only the end date and the approval are missing.
    assert set(case_services.application_missing(application)) == {"period_to", "assistant_approved"}
    # A second click finds the same draft.
    assert renewal_start(user=citizen, grant=grant) == application
    assert Application.objects.filter(renews=grant).count() == 1


@pytest.mark.django_db
def test_a_renewal_is_refused_in_danish_when_it_cannot_be_started(granted_case: Case) -> None:
    grant = ending(granted_case, TODAY + dt.timedelta(weeks=5))
    citizen = factories.citizen(granted_case.person.cpr)

    with pytest.raises(PermissionDenied):
        renewal_start(user=factories.citizen(factories.register_person()), grant=grant)
    with pytest.raises(PermissionDenied):
        renewal_start(user=factories.employer_user(granted_case.employer.cvr), grant=grant)

    # Another draft: one draft per person, so it is finished first.
    other = case_services.application_start(user=citizen)
    with pytest.raises(ValidationError) as exc:
        renewal_start(user=citizen, grant=grant)
    assert exc.value.messages == [
        f"Du har allerede en ansøgning under udfyldelse ({other.reference}). Gør den færdig under "
        "«Ansøgninger», før du søger om fornyelse, eller kontakt jobcentret."
    ]
    other.delete()

    # More than 3 months after the end date (100 days is more than any 3 months).
    grant = ending(granted_case, TODAY - dt.timedelta(days=100))
    with pytest.raises(ValidationError) as exc:
        renewal_start(user=citizen, grant=grant)
    assert exc.value.messages == [
        f"Bevillingen udløb {grant.end_date:%d.%m.%Y}, for mere end 3 måneder siden, og kan ikke længere "
        "fornyes. Har du stadig brug for hjælp, kan du søge om personlig assistance på ny."
    ]
    # 80 days after the end date it still can (no 3 months are shorter than 89 days).
    grant = ending(granted_case, TODAY - dt.timedelta(days=80))
    draft = renewal_start(user=citizen, grant=grant)
    assert draft.period_from == grant.end_date + dt.timedelta(days=1)
    draft.delete()

    # Until further notice: nothing to renew.
    Decision.objects.filter(grant=grant).update(end_date=None, period_type="until_further_notice")
    grant.refresh_from_db()
    grant.decision.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        renewal_start(user=citizen, grant=grant)
    assert "gælder indtil videre og skal ikke fornyes" in exc.value.messages[0]

    # Stopped early: no renewal, a new application.
    grant = ending(granted_case, TODAY + dt.timedelta(weeks=5))
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.STOPPED, ended_on=TODAY)
    grant.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        renewal_start(user=citizen, grant=grant)
    assert exc.value.messages[0].startswith("Bevillingen er standset og kan ikke fornyes.")


@pytest.mark.django_db
def test_a_renewal_already_sent_is_not_started_again(granted_case: Case) -> None:
    grant = ending(granted_case, TODAY + dt.timedelta(weeks=5))
    citizen = factories.citizen(granted_case.person.cpr)
    application = _sign(renewal_start(user=citizen, grant=grant), citizen)
    assert application.status == ApplicationStatus.AWAITING_EMPLOYER
    with pytest.raises(ValidationError) as exc:
        renewal_start(user=citizen, grant=grant)
    assert exc.value.messages == [
        f"Du har allerede søgt om fornyelse af bevillingen ({application.reference}, afventer virksomhedens "
        "underskrift). Jobcentret behandler ansøgningen."
    ]


@pytest.mark.django_db
def test_the_renewal_is_decided_through_the_ordinary_flow_and_gets_its_own_grant(
    granted_case: Case, herning_caseworker: Any, employer: Any
) -> None:
    end = TODAY + dt.timedelta(weeks=5)
    old = ending(granted_case, end)
    citizen = factories.citizen(granted_case.person.cpr)
    until = end + dt.timedelta(days=365)
    application = _sign(renewal_start(user=citizen, grant=old), citizen, until=until)
    # The employer co-signs as for any application: the renewal's own case opens on receipt.
    new_case = case_services.application_cosign(
        application=application,
        user=employer,
        data={
            "employer_contact_name": "Bo Chef",
            "employer_contact_role": "owner",
            "working_hours": Decimal("37"),
            "employment_start": dt.date(2020, 1, 1),
        },
        declaration=True,
        contract=factories.pdf("kontrakt.pdf"),
    )
    assert new_case != granted_case and new_case.person == granted_case.person
    applied = CaseEvent.objects.get(case=granted_case, type=EventType.RENEWAL_APPLIED)
    assert applied.payload["new_case_id"] == new_case.pk
    assert applied.payload["application_reference"] == application.reference
    assert not CaseEvent.objects.filter(case=new_case, type=EventType.RENEWAL_APPLIED).exists()

    # The ordinary decision flow: active step, investigation (the documentation is on the old case), decision.
    case_services.case_record_active_step(case=new_case, user=herning_caseworker, kind="meeting", on=TODAY)
    factories.investigate(new_case, herning_caseworker)
    case_services.investigation_save(
        case=new_case,
        user=herning_caseworker,
        data={
            "working_hours": Decimal("37"),
            "impairment_type": "physical",
            "no_documentation_reason": f"Lægeattesten ligger i sag {granted_case.reference}.",
            "compatibility_assessment": "Personen udfører selv kerneopgaverne.",
            "aids_considered": "Skærmlæser",
            "flex_job_compensation": "",
            "pa_covers": "",
            "tier": "standard",
            "concrete_assessment": "",
        },
    )
    new_case.refresh_from_db()
    decision = case_services.decision_draft(
        case=new_case,
        user=herning_caseworker,
        assistant_ids=[a.pk for a in application.assistants.all()],
        data={
            "outcome": "grant",
            "hours_per_week": Decimal("7"),
            "start_date": end + dt.timedelta(days=1),
            "end_date": until,
            "period_type": "time_limited",
            "period_reason": "Fornyet for et år",
            "rate_type": "standard",
            "reasons": "Behovet er uændret.",
        },
    )
    case_services.decision_send(decision=decision, user=herning_caseworker)
    new = new_case.grants.get()
    assert (new.status, new.start_date, new.end_date) == (
        GrantStatus.ACTIVE,
        end + dt.timedelta(days=1),
        until,
    )
    old.refresh_from_db()
    assert old.status == GrantStatus.ACTIVE  # it runs to its own end date
    assert renewal_reminders_send(today=end) == []  # renewed: no reminders
    # The day after its end date the old grant lapses; the new one carries on.
    assert grants_lapse(today=end + dt.timedelta(days=1)) == [old]
    lapse = CaseEvent.objects.get(case=granted_case, type=EventType.GRANT_LAPSED)
    assert lapse.payload["renewed_by_grant_id"] == new.pk
    new.refresh_from_db()
    assert new.status == GrantStatus.ACTIVE
