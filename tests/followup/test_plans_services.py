"""Planning and recording follow-ups: the proposal from what the case shows, the first follow-up's legal
date, the seven checks and the three conclusions (unchanged without a letter, adjusted through a new
decision, ended by a decision with letters)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases import services as case_services
from kompensation.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    DeadlineKind,
    EventType,
    GrantStatus,
    Investigation,
    JournalNote,
    Outcome,
    Person,
)
from kompensation.followup.models import FollowUp, FollowUpStatus
from kompensation.followup.selectors import follow_up_proposal_for
from kompensation.followup.selectors_plans import follow_up_register_hints, grant_risk_factors
from kompensation.followup.services.plans import follow_up_plan
from kompensation.followup.services.records import follow_up_record
from kompensation.letters.models import Letter
from kompensation.registers.models import OfflineCvrRecord, OfflineIncomeRecord
from tests import factories
from tests.concurrency import at_once

from .plans import checks, first_follow_up, grant_of, granted

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in error.message_dict.items()}


def record(case: Case, user: Any, **overrides: Any) -> FollowUp:
    values: dict[str, Any] = {
        "user": user,
        "held_on": timezone.localdate(),
        "checks": checks(),
        "conclusion": "unchanged",
        "conclusion_note": "Behovet er uændret; assistancen fungerer.",
        "next_plan": {
            "form": "phone",
            "participants": ["person", "employer"],
            "due": timezone.localdate() + dt.timedelta(days=180),
            "risk_factors": [],
            "reason": "",
        },
    }
    if "follow_up" not in overrides:
        values["follow_up"] = first_follow_up(case)
    return follow_up_record(**(values | overrides))


# --- the risk profile and the proposal ------------------------------------------------------------------


def test_a_stable_case_shows_no_risk_factor(granted_case: Case) -> None:
    grant = grant_of(granted_case)
    today = timezone.localdate()
    assert grant_risk_factors(grant=grant, today=today) == ()
    proposal = follow_up_proposal_for(grant=grant, today=today)
    # Time-limited, no factor: a phone call in a year with the person and the employer.
    assert (proposal.months, proposal.form, proposal.participants) == (12, "phone", ("person", "employer"))


def test_a_stable_grant_until_further_notice_gets_a_visit_every_two_years(herning_caseworker: Any) -> None:
    grant = grant_of(granted(herning_caseworker, until_further_notice=True))
    proposal = follow_up_proposal_for(grant=grant, today=timezone.localdate())
    assert (proposal.months, proposal.form, proposal.close) == (24, "visit", False)


def test_a_mental_impairment_in_the_investigation_is_a_risk_factor(granted_case: Case) -> None:
    Investigation.objects.filter(case=granted_case).update(impairment_type="both")
    grant = grant_of(granted_case)
    seen = grant_risk_factors(grant=grant, today=timezone.localdate())
    assert [f.code for f in seen] == ["mental"]
    assert "både fysisk og psykisk" in seen[0].source
    proposal = follow_up_proposal_for(grant=grant, today=timezone.localdate())
    assert (proposal.months, proposal.form, proposal.close) == (6, "meeting", True)


def test_a_flex_job_in_the_application_is_a_risk_factor(herning_caseworker: Any) -> None:
    grant = grant_of(granted(herning_caseworker, employment_form="flex_job"))
    assert [f.code for f in grant_risk_factors(grant=grant, today=timezone.localdate())] == ["flex_job"]
    assert follow_up_proposal_for(grant=grant, today=timezone.localdate()).close


def test_a_person_under_30_by_the_cpr_number_is_a_risk_factor(granted_case: Case) -> None:
    today = timezone.localdate()
    # Born 29 years and 364 days ago: still 29; born 30 years ago today: 30.
    young_birth = dt.date(today.year - 30, today.month, today.day) + dt.timedelta(days=1)
    grant = grant_of(granted_case)
    Person.objects.filter(pk=granted_case.person_id).update(cpr=factories.new_cpr(young_birth))
    grant.case.person.refresh_from_db()
    seen = grant_risk_factors(grant=grant, today=today)
    assert [(f.code, f.source) for f in seen] == [("young_first_job", "CPR-nummeret: 29 år")]
    Person.objects.filter(pk=granted_case.person_id).update(
        cpr=factories.new_cpr(dt.date(today.year - 30, today.month, today.day))
    )
    grant.case.person.refresh_from_db()
    assert grant_risk_factors(grant=grant, today=today) == ()


def test_ticked_factors_make_the_proposal_close(granted_case: Case) -> None:
    grant = grant_of(granted_case)
    proposal = follow_up_proposal_for(grant=grant, today=timezone.localdate(), ticked={"introduction"})
    assert (proposal.months, proposal.form) == (6, "visit")


def test_the_registers_give_evidence_for_the_first_two_checks(granted_case: Case, wages: None) -> None:
    follow_up = first_follow_up(granted_case)
    hints = follow_up_register_hints(follow_up=follow_up, today=timezone.localdate())
    assert hints["cvr_active"].status == "pass" and "aktiv siden 01.01.2000" in hints["cvr_active"].text
    assert hints["employed"].status == "pass" and "124.000,00 kr." in hints["employed"].text
    OfflineCvrRecord.objects.filter(cvr=granted_case.employer.cvr).update(active_to=dt.date(2020, 6, 30))
    OfflineIncomeRecord.objects.all().delete()
    hints = follow_up_register_hints(follow_up=follow_up, today=timezone.localdate())
    assert hints["cvr_active"].status == "fail" and "ophørt 30.06.2020" in hints["cvr_active"].text
    assert hints["employed"].status == "fail" and "Ingen løn" in hints["employed"].text


# --- planning ------------------------------------------------------------------------------------------


def test_the_first_follow_up_may_not_be_later_than_a_year_after_the_grant(
    granted_case: Case, herning_caseworker: Any
) -> None:
    follow_up = first_follow_up(granted_case)
    legal = granted_case.grants.get().decision.follow_up_due
    with pytest.raises(ValidationError) as error:
        follow_up_plan(
            user=herning_caseworker,
            follow_up=follow_up,
            form="phone",
            participants=["person", "employer"],
            due=legal + dt.timedelta(days=1),
            risk_factors=[],
            reason="Passer bedre",
        )
    assert messages_of(error.value)["due"] == (
        f"Den første opfølgning skal holdes senest {legal:%d.%m.%Y}, et år efter bevillingen "
        "(BEK § 15 stk. 4). Vælg en dato, der ligger senest den dag."
    )


def test_planning_moves_the_deadline_and_records_the_proposals_reason(
    granted_case: Case, herning_caseworker: Any
) -> None:
    follow_up = first_follow_up(granted_case)
    due = timezone.localdate() + dt.timedelta(days=90)
    planned = follow_up_plan(
        user=herning_caseworker,
        follow_up=follow_up,
        form="phone",
        participants=["person", "employer"],
        due=due,
        risk_factors=[],
        reason="",
    )
    assert planned.due == due and planned.deadline.due == due
    assert planned.deadline.kind == DeadlineKind.FIRST_FOLLOW_UP
    assert planned.plan_reason.startswith("Ingen særlige risikofaktorer")
    event = granted_case.events.get(type=EventType.FOLLOW_UP_PLANNED)
    assert event.payload | {"follow_up_id": 0} == {
        "follow_up_id": 0,
        "grant_id": planned.grant_id,
        "first": True,
        "form": "phone",
        "participants": ["person", "employer"],
        "due": str(due),
        "risk_factors": [],
        "own_reason": False,
    }


def test_a_plan_other_than_the_proposal_needs_a_reason(granted_case: Case, herning_caseworker: Any) -> None:
    Investigation.objects.filter(case=granted_case).update(impairment_type="mental")
    follow_up = first_follow_up(granted_case)
    plan: dict[str, Any] = {
        "user": herning_caseworker,
        "follow_up": follow_up,
        "form": "phone",
        "participants": ["person"],
        "due": timezone.localdate() + dt.timedelta(days=60),
        "risk_factors": [],
    }
    with pytest.raises(ValidationError) as error:
        follow_up_plan(**plan, reason="  ")
    message = messages_of(error.value)["reason"]
    assert message.startswith("Skriv, hvorfor I vælger en anden opfølgning end forslaget (")
    assert "sagen viser psykisk funktionsnedsættelse" in message
    # Without the factor the proposal is the stable one: a call with the person and the employer.
    assert "forslaget er personen, virksomheden" in message
    planned = follow_up_plan(**plan, reason="Personen ønsker telefon; assistenten deltager ikke.")
    assert planned.plan_reason == "Personen ønsker telefon; assistenten deltager ikke."
    assert granted_case.events.get(type=EventType.FOLLOW_UP_PLANNED).payload["own_reason"] is True


def test_plan_errors_are_in_danish(granted_case: Case, herning_caseworker: Any) -> None:
    with pytest.raises(ValidationError) as error:
        follow_up_plan(
            user=herning_caseworker,
            follow_up=first_follow_up(granted_case),
            form="",
            participants=[],
            due=timezone.localdate() - dt.timedelta(days=1),
            risk_factors=["tired"],
            reason="x",
        )
    assert messages_of(error.value) == {
        "form": "Vælg, hvordan opfølgningen skal foregå.",
        "participants": "Vælg mindst én deltager: personen, virksomheden eller assistenten.",
        "risk_factors": "Vælg risikofaktorerne fra listen.",
        "due": f"Datoen kan ikke ligge før {timezone.localdate():%d.%m.%Y}.",
    }


# --- recording: unchanged ----------------------------------------------------------------------------


def test_unchanged_writes_a_journal_note_and_plans_the_next_without_a_letter(
    granted_case: Case, herning_caseworker: Any
) -> None:
    letters_before = Letter.objects.count()
    decisions_before = granted_case.decisions.count()
    next_due = timezone.localdate() + dt.timedelta(days=180)
    done = record(
        granted_case,
        herning_caseworker,
        checks=checks(aids_considered=("no", "Skærmlæser afprøves; kan ikke erstatte oplæsning endnu.")),
    )
    assert Letter.objects.count() == letters_before
    assert granted_case.decisions.count() == decisions_before
    assert done.status == FollowUpStatus.DONE and done.conclusion == "unchanged"
    assert done.recorded_by == herning_caseworker and done.recorded_at is not None
    assert done.checks["aids_considered"] == {
        "answer": "no",
        "note": "Skærmlæser afprøves; kan ikke erstatte oplæsning endnu.",
    }
    assert done.deadline.met_at is not None
    note = JournalNote.objects.get(case=granted_case)
    assert note == done.journal_note
    assert f"Opfølgning holdt {timezone.localdate():%d.%m.%Y} (telefonsamtale" in note.text
    assert "- Hjælpemidler er overvejet: nej – Skærmlæser afprøves" in note.text
    assert "- Virksomheden er aktiv i CVR: ja" in note.text
    assert "Samlet vurdering: Behovet er uændret; assistancen fungerer." in note.text
    assert f"Næste opfølgning: telefonsamtale senest {next_due:%d.%m.%Y}" in note.text
    after = done.next_follow_up
    assert after is not None and after.status == FollowUpStatus.PLANNED and not after.first
    assert (after.due, after.form, after.participants) == (next_due, "phone", ["person", "employer"])
    assert after.deadline.kind == DeadlineKind.FOLLOW_UP and after.deadline.due == next_due
    assert after.plan_reason.startswith("Ingen særlige risikofaktorer")
    recorded = granted_case.events.get(type=EventType.FOLLOW_UP_RECORDED)
    assert recorded.payload["conclusion"] == "unchanged"
    assert recorded.payload["checks"]["aids_considered"] == "no"
    assert "Skærmlæser" not in str(recorded.payload)  # the notes stay out of the timeline's payload
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.DECIDED


def test_on_change_only_is_for_a_grant_until_further_notice_with_a_reason(
    granted_case: Case, herning_caseworker: Any
) -> None:
    no_date = {"form": "visit", "participants": ["person"], "due": None, "risk_factors": [], "reason": "x"}
    with pytest.raises(ValidationError) as error:
        record(granted_case, herning_caseworker, next_plan=no_date)
    assert "Kun en bevilling indtil videre" in messages_of(error.value)["next_due"]

    ufn = granted(herning_caseworker, until_further_notice=True)
    with pytest.raises(ValidationError) as error:
        record(ufn, herning_caseworker, next_plan=no_date | {"reason": ""})
    assert "forslaget er en opfølgning senest" in messages_of(error.value)["next_reason"]
    done = record(
        ufn, herning_caseworker, next_plan=no_date | {"reason": "Stabilt i 10 år; anmelder ændringer."}
    )
    assert done.next_follow_up is None
    assert not FollowUp.objects.filter(grant=done.grant, status=FollowUpStatus.PLANNED).exists()
    assert "Næste opfølgning: når person eller virksomhed anmelder en ændring" in done.journal_note.text
    assert "Begrundelse: Stabilt i 10 år; anmelder ændringer." in done.journal_note.text


def test_record_errors_are_in_danish_and_nothing_is_saved(
    granted_case: Case, herning_caseworker: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        record(
            granted_case,
            herning_caseworker,
            held_on=timezone.localdate() + dt.timedelta(days=1),
            checks=checks(cvr_active=("", ""), employed=("no", " ")),
            conclusion="",
            conclusion_note="",
        )
    assert messages_of(error.value) == {
        "held_on": "Datoen ligger i fremtiden. Registrér opfølgningen, når den er holdt.",
        "check_cvr_active": "Svar ja eller nej: virksomheden er aktiv i cvr.",
        "check_employed": "Skriv hvad der er fundet, når svaret er nej: personen er ansat i virksomheden.",
        "conclusion": "Vælg konklusionen: uændret, justeres eller ophører.",
        "conclusion_note": "Skriv den samlede vurdering: hvad opfølgningen viste, og hvad det betyder.",
    }
    assert first_follow_up(granted_case).status == FollowUpStatus.PLANNED
    assert not JournalNote.objects.filter(case=granted_case).exists()


def test_a_second_submit_records_once(granted_case: Case, herning_caseworker: Any) -> None:
    follow_up = first_follow_up(granted_case)
    record(granted_case, herning_caseworker, follow_up=follow_up)
    with pytest.raises(ValidationError, match="allerede registreret"):
        record(granted_case, herning_caseworker, follow_up=follow_up)
    assert granted_case.events.filter(type=EventType.FOLLOW_UP_RECORDED).count() == 1
    assert FollowUp.objects.filter(grant=follow_up.grant).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_at_once_record_once(granted_case: Case, herning_caseworker: Any) -> None:
    follow_up = first_follow_up(granted_case)
    results = at_once([lambda: record(granted_case, herning_caseworker, follow_up=follow_up)] * 2)
    assert sum(isinstance(r, FollowUp) for r in results) == 1, results
    assert any(isinstance(r, ValidationError) and "allerede registreret" in str(r) for r in results)
    assert CaseEvent.objects.filter(case=granted_case, type=EventType.FOLLOW_UP_RECORDED).count() == 1
    assert JournalNote.objects.filter(case=granted_case).count() == 1


# --- recording: adjusted and ended --------------------------------------------------------------------


def test_adjusted_sends_the_case_to_a_new_decision_that_replaces_the_grant(
    granted_case: Case, herning_caseworker: Any
) -> None:
    letters_before = Letter.objects.count()
    old = grant_of(granted_case)
    done = record(granted_case, herning_caseworker, conclusion="adjusted", next_plan=None)
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.FOLLOW_UP
    assert done.next_follow_up is None and done.status == FollowUpStatus.DONE
    assert Letter.objects.count() == letters_before  # the letter comes with the new decision

    today = timezone.localdate()
    start = today
    decision = case_services.decision_draft(
        case=granted_case,
        user=herning_caseworker,
        assistant_ids=[a.pk for a in granted_case.application.assistants.all()],
        data={
            "outcome": "grant",
            "hours_per_week": Decimal("7"),
            "start_date": start,
            "end_date": dt.date(today.year + 1, 12, 31),
            "period_type": "time_limited",
            "period_reason": "Vurderes igen",
            "rate_type": "standard",
            "reasons": "Ny assistent efter opfølgningen.",
        },
    )
    case_services.decision_send(decision=decision, user=herning_caseworker)
    granted_case.refresh_from_db()
    old.refresh_from_db()
    assert granted_case.status == CaseStatus.DECIDED
    assert old.status == GrantStatus.REPLACED and old.ended_on == start - dt.timedelta(days=1)
    new = grant_of(granted_case)
    assert new.follow_ups.get().first and new.follow_ups.get().status == FollowUpStatus.PLANNED
    assert Letter.objects.count() > letters_before


def test_adjusted_is_refused_while_a_complaint_is_handled(
    granted_case: Case, herning_caseworker: Any
) -> None:
    factories.complaint(decision=granted_case.decisions.get(), user=herning_caseworker)
    with pytest.raises(ValidationError) as error:
        record(granted_case, herning_caseworker, conclusion="adjusted")
    assert messages_of(error.value)["conclusion"].startswith("Sagen er «Klage – genvurderes».")


def test_ended_stops_the_grant_by_a_decision_with_letters(
    granted_case: Case, herning_caseworker: Any
) -> None:
    letters_before = Letter.objects.count()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        record(granted_case, herning_caseworker, conclusion="ended", ending={"last_day": today})
    assert set(messages_of(error.value)) == {"reasons", "hearing_note"}

    done = record(
        granted_case,
        herning_caseworker,
        conclusion="ended",
        checks=checks(employed=("no", "Ansættelsen ophørte 31.10.")),
        ending={
            "last_day": today,
            "reasons": "Ansættelsen er ophørt, så betingelsen i § 4 er ikke længere opfyldt.",
            "hearing_note": "Oplysningen kommer fra personen selv.",
        },
    )
    grant = granted_case.grants.get()
    assert grant.status == GrantStatus.STOPPED and grant.ended_on == today
    assert done.decision is not None and done.decision.outcome == Outcome.END
    assert done.decision.letter.is_sent and done.decision.employer_letter.is_sent
    assert Letter.objects.count() == letters_before + 2
    assert done.status == FollowUpStatus.DONE and done.conclusion == "ended"  # not cancelled by the stop
    assert done.next_follow_up is None
    kinds = list(granted_case.events.values_list("type", flat=True))
    assert kinds.index(EventType.FOLLOW_UP_RECORDED) < kinds.index(EventType.GRANT_STOPPED)


def test_a_follow_up_of_an_ended_grant_cannot_be_recorded(
    granted_case: Case, herning_caseworker: Any
) -> None:
    follow_up = first_follow_up(granted_case)
    case_services.grant_end(
        user=herning_caseworker,
        grant=follow_up.grant,
        last_day=timezone.localdate(),
        reasons="Assistenten er stoppet.",
        hearing_note="Egne oplysninger.",
    )
    with pytest.raises(ValidationError, match="bortfaldet"):
        record(granted_case, herning_caseworker, follow_up=follow_up)


# --- who may ----------------------------------------------------------------------------------------------


def test_a_manager_cannot_plan_or_record(granted_case: Case) -> None:
    manager = factories.user(Role.MANAGER, code="657")
    with pytest.raises(PermissionDenied):
        record(granted_case, manager)
    with pytest.raises(PermissionDenied):
        follow_up_plan(
            user=manager,
            follow_up=first_follow_up(granted_case),
            form="phone",
            participants=["person"],
            due=timezone.localdate(),
            risk_factors=[],
            reason="x",
        )
    assert first_follow_up(granted_case).status == FollowUpStatus.PLANNED


def test_a_caseworker_of_another_municipality_cannot_record(granted_case: Case) -> None:
    with pytest.raises(PermissionDenied):
        record(granted_case, factories.caseworker("751"))
