"""Re-assessment (RSL § 66): a change needs the new decision first; changed closes, upheld waits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.cases.models import Case, CaseEvent, CaseStatus, DeadlineKind, EventType, GrantStatus
from kompensation.complaints.models import ComplaintStatus
from kompensation.complaints.services import complaint_reassess
from kompensation.letters.models import LetterKind
from tests import factories

from .casework import open_complaint, send_new_decision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("outcome", ["changed", "partly_changed"])
def test_a_change_needs_the_new_decision_first(
    granted_case: Case, herning_caseworker: Any, outcome: str
) -> None:
    complaint = open_complaint(granted_case, herning_caseworker)
    with pytest.raises(ValidationError) as error:
        complaint_reassess(user=herning_caseworker, complaint=complaint, outcome=outcome, reasons="Medhold")
    assert "Træf først den nye afgørelse" in error.value.message_dict["outcome"][0]
    complaint.refresh_from_db()
    assert complaint.reassessment_outcome == ""
    assert complaint.status == ComplaintStatus.OPEN


def test_reasons_are_required(granted_case: Case, herning_caseworker: Any) -> None:
    complaint = open_complaint(granted_case, herning_caseworker)
    with pytest.raises(ValidationError) as error:
        complaint_reassess(user=herning_caseworker, complaint=complaint, outcome="upheld", reasons="  ")
    assert "begrundelsen" in error.value.message_dict["reasons"][0]


def test_a_late_complaint_is_reassessed_only_once_accepted(
    granted_case: Case, herning_caseworker: Any
) -> None:
    complaint = open_complaint(granted_case, herning_caseworker, in_time=False, late_accepted=None)
    with pytest.raises(ValidationError, match="efter klagefristen"):
        complaint_reassess(
            user=herning_caseworker, complaint=complaint, outcome="upheld", reasons="Fastholdt"
        )


def test_a_full_change_closes_the_complaint_and_decides_the_case_again(
    granted_case: Case, herning_caseworker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cw = herning_caseworker
    old_grant = granted_case.grants.get()
    complaint = open_complaint(granted_case, cw)
    new = send_new_decision(granted_case, cw)
    granted_case.refresh_from_db()
    # Sending a decision during re-assessment keeps the case there (cases/lifecycle.py).
    assert granted_case.status == CaseStatus.COMPLAINT
    # The new decision's letter says it is a re-assessment after the complaint received today.
    assert (
        f"Vi har genvurderet din sag efter din klage af {factories.long_date(timezone.localdate())}"
        in new.letter.body
    )

    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_reassess(
            user=cw,
            complaint=complaint,
            outcome="changed",
            reasons="Lægeerklæringen viser et større behov.",
            new_information="Ny lægeerklæring af i dag.",
        )

    granted_case.refresh_from_db()
    assert complaint.status == ComplaintStatus.CHANGED
    assert complaint.new_decision == new
    assert granted_case.status == CaseStatus.DECIDED
    deadline = granted_case.deadlines.get(kind=DeadlineKind.REASSESSMENT)
    assert deadline.met_at is not None
    letter = complaint.reassessment_letter
    letter.refresh_from_db()
    assert letter.kind == LetterKind.REASSESSMENT and letter.confidentiality == "health"
    assert letter.is_sent and letter.pdf  # rendered after commit
    # The decision complained about was sent today: the heading names that day in full.
    assert f"## Genvurdering af afgørelsen af {factories.long_date(timezone.localdate())}" in letter.body
    assert "Ny lægeerklæring af i dag." in letter.body
    assert "Lægeerklæringen viser et større behov." in letter.body
    assert "Jeg klager over antallet af timer." in letter.body
    assert "Retssikkerhedslovens § 66" in letter.body
    assert letter.fixed_footer == ""  # not a deciding letter: the new decision carries the guidance
    event = CaseEvent.objects.get(case=granted_case, type=EventType.COMPLAINT_REASSESSED)
    assert event.payload == {
        "on": timezone.localdate().isoformat(),
        "complaint_id": complaint.pk,
        "round": 1,
        "outcome": "changed",
        "decision_id": new.pk,
    }
    old_grant.refresh_from_db()
    assert old_grant.status == GrantStatus.REPLACED
    assert new.grant.status == GrantStatus.ACTIVE


def test_upheld_is_recorded_and_the_case_waits_to_be_forwarded(
    granted_case: Case, herning_caseworker: Any
) -> None:
    complaint = open_complaint(granted_case, herning_caseworker)
    complaint = complaint_reassess(
        user=herning_caseworker, complaint=complaint, outcome="upheld", reasons="Behovet er uændret."
    )
    granted_case.refresh_from_db()
    assert granted_case.status == CaseStatus.COMPLAINT
    assert complaint.status == ComplaintStatus.OPEN
    assert complaint.new_decision is None
    assert not complaint.reassessment_letter.is_sent  # goes with the forwarding letter
    assert "Vi fastholder afgørelsen" in complaint.reassessment_letter.body
    assert granted_case.deadlines.get(kind=DeadlineKind.REASSESSMENT).met_at is None
    # Recorded again before forwarding: the same unsent letter follows the new wording.
    again = complaint_reassess(
        user=herning_caseworker, complaint=complaint, outcome="upheld", reasons="Uændret behov, præciseret."
    )
    assert again.reassessment_letter_id == complaint.reassessment_letter_id
    assert "præciseret" in again.reassessment_letter.body


def test_upheld_is_refused_when_a_new_decision_was_sent(granted_case: Case, herning_caseworker: Any) -> None:
    complaint = open_complaint(granted_case, herning_caseworker)
    send_new_decision(granted_case, herning_caseworker)
    with pytest.raises(ValidationError, match="ændres delvist"):
        complaint_reassess(
            user=herning_caseworker, complaint=complaint, outcome="upheld", reasons="Fastholdt"
        )


def test_only_the_municipality_caseworker_reassesses(granted_case: Case, herning_caseworker: Any) -> None:
    from django.core.exceptions import PermissionDenied

    complaint = open_complaint(granted_case, herning_caseworker)
    with pytest.raises(PermissionDenied):
        complaint_reassess(
            user=factories.caseworker("751"), complaint=complaint, outcome="upheld", reasons="Fastholdt"
        )
    assert Case.objects.get(pk=granted_case.pk).status == CaseStatus.COMPLAINT
