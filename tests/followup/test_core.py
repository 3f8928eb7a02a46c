"""The core of follow-up: a new grant's first reassessment, a grant's last day after an early end, and why a
payment for a later period is refused (BEK § 15 stk. 4 and § 29)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompensation.cases import services
from kompensation.cases.models import Case, DeadlineKind, Grant, GrantStatus
from kompensation.followup.models import FollowUp, FollowUpStatus
from kompensation.letters.models import Letter

pytestmark = pytest.mark.django_db

HEARD = "Oplysningerne kommer fra virksomheden selv (forvaltningslovens § 19 stk. 1)."


def _grant(case: Case) -> Grant:
    return case.grants.get(status=GrantStatus.ACTIVE)


def test_a_new_grant_opens_its_first_reassessment_with_its_deadline(granted_case: Case) -> None:
    grant = _grant(granted_case)
    follow_up = FollowUp.objects.get(grant=grant)
    assert follow_up.first and follow_up.status == FollowUpStatus.PLANNED
    assert follow_up.deadline is not None and follow_up.deadline.kind == DeadlineKind.FIRST_FOLLOW_UP
    # The letter and the deadline name the same date, no later than a year after the grant.
    assert follow_up.due == follow_up.deadline.due == grant.decision.follow_up_due
    sent = grant.decision.sent_at.date()
    assert sent < follow_up.due <= sent.replace(year=sent.year + 1)
    assert follow_up.participants == ["person", "employer"]


def test_ending_a_grant_covers_the_time_before_and_refuses_the_time_after(granted_case: Case) -> None:
    grant = _grant(granted_case)
    last_day = grant.start_date + dt.timedelta(days=40)
    services.grant_end(
        user=granted_case.caseworker,
        grant=grant,
        last_day=last_day,
        reasons="Ansættelsen ophørte.",
        hearing_note=HEARD,
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.STOPPED and grant.ended_on == last_day and grant.last_day == last_day
    assert grant.covers(last_day) and not grant.covers(last_day + dt.timedelta(days=1))
    assert grant.period_refusal(grant.start_date, last_day) == ""
    first_without = last_day + dt.timedelta(days=1)
    assert grant.period_refusal(grant.start_date, first_without) == (
        f"Bevillingen er standset fra {first_without:%d.%m.%Y} (sidste dag med tilskud er "
        f"{last_day:%d.%m.%Y}). Der kan ikke udbetales for tiden derefter."
    )
    # Its planned follow-up is no longer due, and leaves the inbox.
    follow_up = FollowUp.objects.get(grant=grant)
    assert follow_up.status == FollowUpStatus.CANCELLED and follow_up.deadline.met_at is not None


def test_ending_needs_a_last_day_inside_the_grant_a_reason_and_a_hearing_note(granted_case: Case) -> None:
    grant = _grant(granted_case)
    letters_before = Letter.objects.count()
    with pytest.raises(ValidationError) as error:
        services.grant_end(
            user=granted_case.caseworker,
            grant=grant,
            last_day=grant.end_date,
            reasons=" ",
            hearing_note="",
        )
    assert set(error.value.message_dict) == {"last_day", "reasons", "hearing_note"}
    assert "skal ligge før" in error.value.message_dict["last_day"][0]
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE and grant.ended_on is None
    assert Letter.objects.count() == letters_before


def test_only_the_case_municipality_caseworker_ends_a_grant(granted_case: Case) -> None:
    from django.core.exceptions import PermissionDenied

    from tests import factories

    with pytest.raises(PermissionDenied):
        services.grant_end(
            user=factories.caseworker("751"),
            grant=_grant(granted_case),
            last_day=timezone.localdate(),
            reasons="x",
            hearing_note="y",
        )


def test_a_lapsed_grant_says_it_lapsed() -> None:
    grant = Grant(status=GrantStatus.LAPSED)
    grant.decision = _terms(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert grant.period_refusal(dt.date(2026, 6, 1), dt.date(2026, 6, 30)) == ""
    assert grant.period_refusal(dt.date(2026, 6, 1), dt.date(2026, 7, 31)) == (
        "Bevillingen udløb 30.06.2026. Der kan ikke udbetales for tiden derefter, medmindre der er "
        "bevilget en fornyelse."
    )
    assert grant.period_refusal(dt.date(2025, 12, 1), dt.date(2025, 12, 31)) == (
        "Perioden ligger uden for bevillingen (01.01.2026–30.06.2026)."
    )


def test_a_replaced_grant_points_to_the_new_decision() -> None:
    grant = Grant(status=GrantStatus.REPLACED, ended_on=dt.date(2026, 3, 31))
    grant.decision = _terms(dt.date(2026, 1, 1), None)
    assert grant.last_day == dt.date(2026, 3, 31)
    assert grant.period_refusal(dt.date(2026, 4, 1), dt.date(2026, 6, 30)) == (
        "Bevillingen er erstattet af en ny afgørelse fra 01.04.2026. Anmod om udbetaling for tiden derefter "
        "på den nye bevilling."
    )


def _terms(start: dt.date, end: dt.date | None) -> Any:
    from kompensation.cases.models import Decision

    return Decision(outcome="grant", hours_per_week=Decimal("7"), start_date=start, end_date=end)


def test_a_new_decision_ends_the_running_grant_the_day_before_it_starts(
    granted_case: Case, herning_caseworker: Any
) -> None:
    old = _grant(granted_case)
    Case.objects.filter(pk=granted_case.pk).update(status="follow_up")
    granted_case.refresh_from_db()
    new_start = timezone.localdate() + dt.timedelta(days=10)
    decision = services.decision_draft(
        case=granted_case,
        user=herning_caseworker,
        assistant_ids=[a.pk for a in granted_case.application.assistants.all()],
        data={
            "outcome": "grant",
            # More hours than now: no partial refusal, so no hearing (a reduction needs one, tested below).
            "hours_per_week": Decimal("9"),
            "start_date": new_start,
            "end_date": old.end_date,
            "period_type": "time_limited",
            "period_reason": "Behovet er steget efter opfølgningen.",
            "rate_type": "standard",
            "reasons": "Flere timer, fordi opgaverne med kunder er vokset.",
        },
    )
    services.decision_send(decision=decision, user=herning_caseworker)
    old.refresh_from_db()
    granted_case.refresh_from_db()
    assert granted_case.status == "decided"
    assert old.status == GrantStatus.REPLACED and old.ended_on == new_start - dt.timedelta(days=1)
    assert old.covers(new_start - dt.timedelta(days=1)) and not old.covers(new_start)
    new = _grant(granted_case)
    assert new.hours_per_week == Decimal("9")
    # The old grant's follow-up is cancelled; the new grant has its own first reassessment.
    assert FollowUp.objects.get(grant=old).status == FollowUpStatus.CANCELLED
    assert FollowUp.objects.get(grant=new, first=True).status == FollowUpStatus.PLANNED
    open_first = granted_case.deadlines.filter(kind=DeadlineKind.FIRST_FOLLOW_UP, met_at__isnull=True)
    assert list(open_first) == [FollowUp.objects.get(grant=new).deadline]


def test_a_follow_up_reduction_is_a_partial_refusal_held_against_the_running_grant(
    granted_case: Case, herning_caseworker: Any
) -> None:
    old = _grant(granted_case)
    Case.objects.filter(pk=granted_case.pk).update(status="follow_up")
    granted_case.refresh_from_db()
    start = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        services.decision_draft(
            case=granted_case,
            user=herning_caseworker,
            assistant_ids=[a.pk for a in granted_case.application.assistants.all()],
            data={
                "outcome": "grant",
                "hours_per_week": Decimal("5"),
                "start_date": start,
                "end_date": old.end_date,
                "period_type": "time_limited",
                "period_reason": "Uændret periode.",
                "rate_type": "standard",
                "reasons": "Færre timer, fordi en skærmlæser klarer en del af opgaverne.",
            },
        )
    assert error.value.message_dict["outcome"][0].startswith(
        f"Der bevilges mindre, end der er bevilget nu (nu: 7 timer om ugen til {old.end_date:%d.%m.%Y}; "
        f"bevilget: 5 timer om ugen fra {start:%d.%m.%Y} til {old.end_date:%d.%m.%Y})."
    )


def test_ended_grants_stay_open_for_claims_for_a_year(granted_case: Case) -> None:
    grant = _grant(granted_case)
    today = timezone.localdate()
    assert list(Grant.objects.open_for_claims(today)) == [grant]
    ended = grant.start_date + dt.timedelta(days=10)
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.STOPPED, ended_on=ended)
    # Its time can be claimed for 366 days after the last day, then no more.
    assert list(Grant.objects.open_for_claims(ended + dt.timedelta(days=366))) == [grant]
    assert list(Grant.objects.open_for_claims(ended + dt.timedelta(days=367))) == []
    # Ended before it began: nothing to claim.
    Grant.objects.filter(pk=grant.pk).update(ended_on=grant.start_date - dt.timedelta(days=1))
    assert list(Grant.objects.open_for_claims(today)) == []
