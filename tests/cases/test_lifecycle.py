"""The case's lifecycle as data (cases/lifecycle.py): the stages are consistent, no sequence of allowed moves
strands a case, `case_transition` refuses anything else, and a decision can be made again after a complaint
or a remand (RSL §§ 66–67)."""

from __future__ import annotations

import datetime as dt
from collections import deque
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from kompensation.cases import lifecycle, services
from kompensation.cases.lifecycle import STAGES, TRANSITIONS
from kompensation.cases.models import Case, CaseStatus, Deadline, DeadlineKind, GrantStatus
from tests import factories

S = CaseStatus


def _reaches_decided(start: str) -> bool:
    """Breadth-first over the moves: can the case get from `start` to a decision?"""
    seen, todo = {start}, deque([start])
    while todo:
        status = todo.popleft()
        if status == S.DECIDED:
            return True
        for nxt in TRANSITIONS[status] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return False


# --- the data ---------------------------------------------------------------------------------------


def test_every_status_has_a_stage_and_every_move_leads_to_a_status() -> None:
    assert set(STAGES) == set(CaseStatus.values)
    for status, stage in STAGES.items():
        assert stage.status == status
        assert stage.moves_to <= set(CaseStatus.values), status
        assert stage.after_decision in CaseStatus.values
        # Nothing moves to where it already is (a "move" that changes nothing would hide a bug).
        assert status not in stage.moves_to


def test_decided_is_reachable_from_every_stage() -> None:
    for status in CaseStatus.values:
        assert _reaches_decided(status), status


def test_a_decision_is_made_in_investigation_hearing_complaint_remand_and_follow_up() -> None:
    assert {S.INVESTIGATING, S.HEARING, S.COMPLAINT, S.REMANDED, S.FOLLOW_UP} == lifecycle.DECIDING_STATUSES
    assert {s for s in CaseStatus.values if lifecycle.can_decide(s)} == lifecycle.DECIDING_STATUSES
    # Received: the investigation opens with the first active step; decided and at Ankestyrelsen: no.
    assert not lifecycle.can_decide(S.RECEIVED)
    assert not lifecycle.can_decide(S.DECIDED)
    assert not lifecycle.can_decide(S.FORWARDED)


def test_where_a_decision_leaves_the_case() -> None:
    # During re-assessment the case stays in complaint: the re-assessment then closes or forwards it.
    assert lifecycle.status_after_decision(S.COMPLAINT) == S.COMPLAINT
    for status in (S.INVESTIGATING, S.HEARING, S.REMANDED, S.FOLLOW_UP):
        assert lifecycle.status_after_decision(status) == S.DECIDED
    # Every status a decision leaves a case in is one the case may reach or already is in.
    for status in lifecycle.DECIDING_STATUSES:
        after = lifecycle.status_after_decision(status)
        assert after == status or after in TRANSITIONS[status]


def test_the_stages_open_their_deadlines() -> None:
    assert STAGES[S.COMPLAINT].deadline == DeadlineKind.REASSESSMENT
    assert STAGES[S.REMANDED].deadline == DeadlineKind.REMAND_DECISION
    assert STAGES[S.RECEIVED].deadline == DeadlineKind.DECISION


def test_the_status_groups() -> None:
    # Open work is everything the municipality has in hand; decided and at Ankestyrelsen are not.
    open_ = {S.RECEIVED, S.INVESTIGATING, S.HEARING, S.COMPLAINT, S.REMANDED, S.FOLLOW_UP}
    assert open_ == lifecycle.OPEN_STATUSES
    assert {S.FORWARDED} == lifecycle.WAITING_STATUSES
    assert {S.COMPLAINT, S.FORWARDED, S.REMANDED} == lifecycle.COMPLAINT_STATUSES
    # A promised decision date (RSL § 3 stk. 2) runs before the first decision and after a remand.
    assert {S.RECEIVED, S.INVESTIGATING, S.HEARING, S.REMANDED} == lifecycle.AWAITING_DECISION_STATUSES


@pytest.mark.parametrize(
    ("status", "decided_before", "expected"),
    [
        # (active step, investigate, hearing, decide)
        (S.RECEIVED, False, (True, False, False, False)),
        (S.INVESTIGATING, False, (True, True, True, True)),
        (S.HEARING, False, (True, True, False, True)),
        (S.DECIDED, True, (False, False, False, False)),
        (S.COMPLAINT, True, (False, True, False, True)),
        (S.FORWARDED, True, (False, False, False, False)),
        (S.REMANDED, True, (False, True, True, True)),
        # A remanded case back under investigation: no new "first" active step.
        (S.INVESTIGATING, True, (False, True, True, True)),
    ],
)
def test_case_page_actions_per_stage(status: str, decided_before: bool, expected: tuple[bool, ...]) -> None:
    actions = lifecycle.case_actions(status, decided_before=decided_before)
    assert (actions.active_step, actions.investigate, actions.hearing, actions.decide) == expected


@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=60))
def test_no_walk_of_allowed_moves_strands_a_case(choices: list[int]) -> None:
    """Any sequence of allowed moves from 'received' (complaints, remands, new decisions, round after
    round) ends in a stage from which a decision can still be reached."""
    status: str = S.RECEIVED
    for choice in choices:
        moves = sorted(TRANSITIONS[status])
        assert moves, f"{status} has no way on"
        status = moves[choice % len(moves)]
        assert _reaches_decided(status), status


# --- case_transition --------------------------------------------------------------------------------


def test_case_transition_refuses_a_move_not_in_the_data(opened_case: Case) -> None:
    with pytest.raises(ValidationError) as refused:
        services.case_transition(opened_case, S.DECIDED)
    assert refused.value.messages == ["Sagen kan ikke gå fra «Modtaget» til «Afgjort»."]
    opened_case.refresh_from_db()
    assert opened_case.status == S.RECEIVED


def test_case_transition_refuses_forwarding_a_decided_case(granted_case: Case) -> None:
    # A decided case reaches Ankestyrelsen only through a complaint.
    with pytest.raises(ValidationError) as refused:
        services.case_transition(granted_case, S.FORWARDED)
    assert refused.value.messages == ["Sagen kan ikke gå fra «Afgjort» til «Sendt til Ankestyrelsen»."]


def test_case_transition_follows_the_complaint_course(granted_case: Case, herning_caseworker: Any) -> None:
    factories.complaint(decision=granted_case.decisions.get(), user=herning_caseworker)
    granted_case.refresh_from_db()
    assert granted_case.status == S.COMPLAINT
    services.case_transition(granted_case, S.FORWARDED)
    services.case_transition(granted_case, S.REMANDED)
    services.case_transition(granted_case, S.INVESTIGATING)
    granted_case.refresh_from_db()
    assert granted_case.status == S.INVESTIGATING


# --- a new decision after a complaint or a remand -----------------------------------------------------


def _remanded(case: Case, user: Any) -> Deadline:
    factories.complaint(decision=case.decisions.get(), user=user)
    case.refresh_from_db()
    services.case_transition(case, S.FORWARDED)
    services.case_transition(case, S.REMANDED)
    return Deadline.objects.create(
        case=case,
        kind=DeadlineKind.REMAND_DECISION,
        due=timezone.localdate() + dt.timedelta(days=28),
        rule="Ny afgørelse efter hjemvisning",
    )


def test_new_decision_after_a_remand(granted_case: Case, herning_caseworker: Any) -> None:
    first_grant = granted_case.grants.get()
    deadline = _remanded(granted_case, herning_caseworker)
    decision = factories.grant_draft(granted_case)
    services.decision_send(decision=decision, user=herning_caseworker)

    granted_case.refresh_from_db()
    assert granted_case.status == S.DECIDED
    first_grant.refresh_from_db()
    assert first_grant.status == GrantStatus.REPLACED
    new_grant = granted_case.grants.get(decision=decision)
    assert new_grant.status == GrantStatus.ACTIVE
    deadline.refresh_from_db()
    assert deadline.met_at == decision.sent_at
    sent = granted_case.events.filter(type="decision_sent").order_by("at", "id").last()
    assert sent is not None and sent.payload["replaced_grant_ids"] == [first_grant.pk]
    assert sent.payload["on"] == str(timezone.localdate())


def test_new_decision_during_reassessment_keeps_the_complaint_open(
    granted_case: Case, herning_caseworker: Any
) -> None:
    first_grant = granted_case.grants.get()
    factories.complaint(decision=granted_case.decisions.get(), user=herning_caseworker)
    granted_case.refresh_from_db()
    decision = factories.grant_draft(granted_case)
    services.decision_send(decision=decision, user=herning_caseworker)

    granted_case.refresh_from_db()
    # The re-assessment closes the complaint (changed) or forwards the rest; the decision alone does not.
    assert granted_case.status == S.COMPLAINT
    first_grant.refresh_from_db()
    assert first_grant.status == GrantStatus.REPLACED
    assert granted_case.grants.filter(status=GrantStatus.ACTIVE).get().decision == decision


def test_no_decision_while_at_ankestyrelsen(granted_case: Case, herning_caseworker: Any) -> None:
    factories.complaint(decision=granted_case.decisions.get(), user=herning_caseworker)
    granted_case.refresh_from_db()
    services.case_transition(granted_case, S.FORWARDED)
    with pytest.raises(ValidationError):
        factories.grant_draft(granted_case)


def test_new_decision_closes_the_replaced_grants_follow_up(
    granted_case: Case, herning_caseworker: Any
) -> None:
    """The replaced grant's first follow-up must not stay open as the inbox's next deadline."""
    from kompensation.cases.selectors import ALL_STATUSES, InboxFilters, inbox_cases

    today = timezone.localdate()
    old = granted_case.deadlines.get(kind=DeadlineKind.FIRST_FOLLOW_UP, met_at__isnull=True)
    # The old grant's follow-up falls due in 30 days: sooner than anything the new decision opens.
    Deadline.objects.filter(pk=old.pk).update(due=today + dt.timedelta(days=30))
    _remanded(granted_case, herning_caseworker)
    decision = services.decision_send(decision=factories.grant_draft(granted_case), user=herning_caseworker)

    old.refresh_from_db()
    assert old.met_at == decision.sent_at
    open_follow_ups = granted_case.deadlines.filter(kind=DeadlineKind.FIRST_FOLLOW_UP, met_at__isnull=True)
    # BEK § 15 stk. 4: the new grant (from today) is followed up one year on; the only open follow-up.
    new_due = (
        today.replace(year=today.year + 1)
        if (today.month, today.day) != (2, 29)
        else dt.date(today.year + 1, 2, 28)
    )
    assert [d.due for d in open_follow_ups] == [new_due]
    row = inbox_cases(user=herning_caseworker, filters=InboxFilters(status=ALL_STATUSES), today=today).get(
        pk=granted_case.pk
    )
    assert (row.next_kind, row.next_due) == (DeadlineKind.FIRST_FOLLOW_UP, new_due)
