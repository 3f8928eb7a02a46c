"""Change report services (BEK § 29): who reports what, the task and its deadline, and each way of handling
it — a stop being a decision with letters after which payment for later time is refused."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kompensation.accounts.models import Role
from kompensation.cases.models import (
    CaseStatus,
    Confidentiality,
    DeadlineKind,
    EventType,
    GrantStatus,
    Outcome,
)
from kompensation.followup.models import ChangeReport, FollowUp, FollowUpStatus
from kompensation.followup.services.changes import (
    change_report_ending_defaults,
    change_report_handle,
    change_report_submit,
)
from kompensation.payments import services as payments
from kompensation.rules import payments as payment_rules
from kompensation.rules.deadlines import previous_working_day
from tests import factories
from tests.factories import previous_quarter

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")

ALL_KINDS = [
    "new_job",
    "tasks",
    "hours",
    "impairment",
    "assistant_left",
    "assistant_sick",
    "employment_ended",
    "need_changed",
]


@pytest.fixture
def parties(granted_case: Any) -> dict[str, Any]:
    return {
        "case": granted_case,
        "grant": granted_case.grants.get(),
        "person": factories.citizen(granted_case.person.cpr),
        "employer": factories.employer_user(granted_case.employer.cvr),
        "caseworker": granted_case.caseworker,
    }


def report(parties: dict[str, Any], who: str = "employer", kind: str = "hours", **kwargs: Any) -> Any:
    kwargs.setdefault("occurred_on", timezone.localdate())
    kwargs.setdefault("description", "Noget har ændret sig.")
    kwargs.setdefault("source", "portal")
    return change_report_submit(user=parties[who], case=parties["case"], kind=kind, **kwargs)


def test_the_person_reports_every_kind_the_employer_all_but_the_impairment(parties: dict[str, Any]) -> None:
    for kind in ALL_KINDS:
        mine = report(parties, "person", kind)
        assert mine.reporter == "person" and mine.confidentiality == Confidentiality.HEALTH
        assert mine.grant == parties["grant"] and mine.status == "open"
    for kind in ALL_KINDS:
        if kind == "impairment":
            with pytest.raises(ValidationError) as refused:
                report(parties, "employer", kind)
            assert "kan kun anmeldes af personen selv" in refused.value.message_dict["kind"][0]
            continue
        theirs = report(parties, "employer", kind)
        assert theirs.reporter == "employer" and theirs.confidentiality == Confidentiality.SUBSIDY
    assert ChangeReport.objects.filter(reporter="employer").count() == 7
    assert parties["case"].events.filter(type=EventType.CHANGE_REPORTED).count() == 15


def test_only_the_parties_report_and_each_by_its_own_way(parties: dict[str, Any]) -> None:
    stranger = factories.employer_user(factories.register_company(name="Fremmed ApS"))
    other_person = factories.citizen(factories.register_person())
    for user in (stranger, other_person, factories.user(Role.MANAGER)):
        with pytest.raises(PermissionDenied):
            change_report_submit(
                user=user,
                case=parties["case"],
                kind="hours",
                occurred_on=timezone.localdate(),
                description="",
                source="portal",
            )
    # The person has no payroll system; the API and the payment request are the employer's.
    with pytest.raises(PermissionDenied):
        report(parties, "person", source="api")
    # A caseworker registers only as a caseworker, and says who told it.
    with pytest.raises(ValidationError) as refused:
        report(parties, "caseworker", source="caseworker")
    assert refused.value.message_dict["reporter"] == ["Vælg, hvem der har meldt ændringen."]
    with pytest.raises(PermissionDenied):
        report(parties, "caseworker", source="portal")
    foreign = factories.caseworker("751")
    with pytest.raises(PermissionDenied):
        change_report_submit(
            user=foreign,
            case=parties["case"],
            kind="hours",
            occurred_on=timezone.localdate(),
            description="",
            source="caseworker",
            reporter="employer",
        )


def test_a_phone_call_is_registered_with_the_reporter_the_caseworker_chooses(parties: dict[str, Any]) -> None:
    told = report(parties, "caseworker", "impairment", source="caseworker", reporter="person")
    assert told.reporter == "person" and told.confidentiality == Confidentiality.HEALTH
    assert told.reported_by == parties["caseworker"] and told.source == "caseworker"
    with pytest.raises(ValidationError) as refused:
        report(parties, "caseworker", "impairment", source="caseworker", reporter="employer")
    assert "kun anmeldes af personen selv" in refused.value.message_dict["kind"][0]


def test_what_the_report_must_say(parties: dict[str, Any]) -> None:
    today = timezone.localdate()
    for kind in ("tasks", "need_changed"):
        with pytest.raises(ValidationError) as refused:
            report(parties, kind=kind, description="  ")
        assert refused.value.message_dict["description"] == ["Beskriv, hvad der har ændret sig."]
    assert report(parties, kind="assistant_left", description="").description == ""
    with pytest.raises(ValidationError) as refused:
        report(parties, occurred_on=None)
    assert "occurred_on" in refused.value.message_dict
    # Known in advance (the employment ends in 6 months) may be reported; further ahead may not.
    six_months = _add_months(today, 6)
    assert report(parties, kind="employment_ended", occurred_on=six_months).occurred_on == six_months
    with pytest.raises(ValidationError) as refused:
        report(parties, kind="employment_ended", occurred_on=six_months + dt.timedelta(days=1))
    assert "højst 6 måneder før" in refused.value.message_dict["occurred_on"][0]
    with pytest.raises(ValidationError):
        report(parties, kind="lottery")


def _add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months by hand, the day kept or cut to the month's last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def test_the_task_has_its_deadline_and_the_caseworker_gets_a_mail(
    parties: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    caseworker = parties["caseworker"]
    caseworker.email = "mette@herning.example"
    caseworker.save()
    # Received Friday 20.11.2026: an urgent change (the assistant left) within 2 working days — Monday 23
    # and Tuesday 24 — and an ordinary one (hours) within 5: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27.
    friday = dt.datetime(2026, 11, 20, 10, tzinfo=CPH)
    with (
        mock.patch("django.utils.timezone.now", return_value=friday),
        django_capture_on_commit_callbacks(execute=True),
    ):
        urgent = report(parties, kind="assistant_left", occurred_on=dt.date(2026, 11, 19))
        ordinary = report(parties, kind="hours", occurred_on=dt.date(2026, 11, 19))
    assert urgent.deadline.kind == DeadlineKind.CHANGE_REPORT and urgent.deadline.due == dt.date(2026, 11, 24)
    assert ordinary.deadline.due == dt.date(2026, 11, 27)
    assert "2 arbejdsdage" in urgent.deadline.rule and "5 arbejdsdage" in ordinary.deadline.rule
    assert len(mailoutbox) == 2 and mailoutbox[0].to == ["mette@herning.example"]
    # E-mail is not secure: the case and the deadline, never what changed.
    assert parties["case"].reference in mailoutbox[0].subject
    assert "24.11.2026" in mailoutbox[0].body and "Assistenten" not in mailoutbox[0].body


def test_no_mail_without_an_address(
    parties: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report(parties)
    assert mailoutbox == []


# --- handling -------------------------------------------------------------------------------------------


def test_noted_meets_the_deadline_once(parties: dict[str, Any]) -> None:
    change = report(parties)
    with pytest.raises(ValidationError) as refused:
        change_report_handle(user=parties["caseworker"], report=change, handling="noted", note="")
    assert refused.value.message_dict["note"] == ["Skriv din vurdering af ændringen."]
    handled = change_report_handle(
        user=parties["caseworker"], report=change, handling="noted", note="30 timer rækker stadig."
    )
    assert handled.status == "handled" and handled.handling == "noted" and handled.handled_by is not None
    change.deadline.refresh_from_db()
    assert change.deadline.met_at is not None
    event = parties["case"].events.get(type=EventType.CHANGE_REPORT_HANDLED)
    assert event.payload["handling"] == "noted" and event.payload["report_id"] == change.pk
    with pytest.raises(ValidationError, match="allerede behandlet"):
        change_report_handle(user=parties["caseworker"], report=change, handling="noted", note="Igen.")
    assert parties["case"].events.filter(type=EventType.CHANGE_REPORT_HANDLED).count() == 1


def test_only_a_caseworker_of_the_municipality_handles(parties: dict[str, Any]) -> None:
    change = report(parties)
    for user in (factories.user(Role.MANAGER), factories.caseworker("751"), parties["employer"]):
        with pytest.raises(PermissionDenied):
            change_report_handle(user=user, report=change, handling="noted", note="Set.")


def test_follow_up_moves_the_planned_one_earlier_or_plans_one(parties: dict[str, Any]) -> None:
    grant = parties["grant"]
    first = FollowUp.objects.get(grant=grant, status=FollowUpStatus.PLANNED)  # a year after the grant
    today = timezone.localdate()
    change_report_handle(
        user=parties["caseworker"], report=report(parties), handling="follow_up", note="Tal om timerne."
    )
    first.refresh_from_db()
    # Within 4 weeks, on the last working day on or before (rules.followup.change_follow_up_due).
    within = previous_working_day(today + dt.timedelta(weeks=4))
    assert first.due == within and first.deadline.due == within
    assert FollowUp.objects.filter(grant=grant).count() == 1
    # None planned (the first was held): a new follow-up with its own FOLLOW_UP deadline.
    FollowUp.objects.filter(pk=first.pk).update(status=FollowUpStatus.CANCELLED)
    change_report_handle(
        user=parties["caseworker"], report=report(parties), handling="follow_up", note="Tal om timerne."
    )
    planned = FollowUp.objects.get(grant=grant, status=FollowUpStatus.PLANNED)
    assert planned.pk != first.pk and planned.due == within and not planned.first
    assert planned.deadline.kind == DeadlineKind.FOLLOW_UP and "Ændringsanmeldelse" in planned.plan_reason
    assert parties["case"].events.filter(type=EventType.FOLLOW_UP_PLANNED).count() == 1


def test_reassess_sends_the_case_to_a_new_decision(parties: dict[str, Any]) -> None:
    change = report(parties, kind="tasks", description="Nye opgaver med kundekontakt.")
    change_report_handle(
        user=parties["caseworker"], report=change, handling="reassess", note="Behovet skal udmåles igen."
    )
    parties["case"].refresh_from_db()
    assert parties["case"].status == CaseStatus.FOLLOW_UP
    # Once in follow-up, a second report cannot send it there again (it is being decided already).
    with pytest.raises(ValidationError) as refused:
        change_report_handle(
            user=parties["caseworker"], report=report(parties), handling="reassess", note="Igen."
        )
    assert "Opfølgning – ny afgørelse" in refused.value.message_dict["handling"][0]


@pytest.fixture
def paying(parties: dict[str, Any], rates: None, wages: None, simplified: None) -> dict[str, Any]:
    return parties


def _draft(parties: dict[str, Any], start: dt.date, end: dt.date) -> Any:
    assistant = parties["case"].application.assistants.first().name
    draft = payments.payment_request_save_draft(
        user=parties["employer"],
        grant=parties["grant"],
        period_start=start,
        period_end=end,
        hours=[{"assistant": assistant, "hours": Decimal("5")}],
    )
    payments.payslip_add(
        user=parties["employer"], request=draft, upload=factories.pdf("loen.pdf"), assistant=assistant
    )
    return draft


def _submit(parties: dict[str, Any], draft: Any) -> Any:
    return payments.payment_request_submit(
        user=parties["employer"], request=draft, declaration=True, idempotency_key=uuid.uuid4().hex
    )


def test_stopped_ends_the_grant_with_letters_and_refuses_payment_after(paying: dict[str, Any]) -> None:
    parties = paying
    today = timezone.localdate()
    quarter_start, quarter_end = previous_quarter()
    month_start, _ = payment_rules.month_bounds(today.year, today.month)
    after = _draft(parties, month_start, today)  # a draft for this month, made before the stop
    # The assistant left the first day of this quarter: the last day with subsidy is the quarter before's end.
    left_on = quarter_end + dt.timedelta(days=1)
    change = report(parties, kind="assistant_left", occurred_on=left_on, description="Assistenten sagde op.")
    ending = change_report_ending_defaults(report=change, today=today)
    assert ending["last_day"] == quarter_end
    assert "Assistenten sagde op." in ending["reasons"] and "assistenten er stoppet" in ending["reasons"]
    assert "forvaltningslovens § 19 stk. 1" in ending["hearing_note"]
    handled = change_report_handle(
        user=parties["caseworker"], report=change, handling="stopped", note="", ending=ending
    )
    grant = parties["grant"]
    grant.refresh_from_db()
    assert grant.status == GrantStatus.STOPPED and grant.ended_on == quarter_end
    decision = handled.decision
    assert decision is not None and decision.outcome == Outcome.END and decision.end_date == quarter_end
    assert handled.handling == "stopped" and handled.handling_note == decision.reasons
    assert decision.letter.is_sent and "Assistenten sagde op." in decision.letter.body
    assert decision.letter.confidentiality == Confidentiality.HEALTH
    # The employer's version: the last day with subsidy, never the reasons.
    employer_letter = decision.employer_letter
    assert employer_letter is not None and employer_letter.is_sent
    assert employer_letter.recipient == "employer"
    assert employer_letter.confidentiality == Confidentiality.SUBSIDY
    assert "Assistenten sagde op." not in employer_letter.body and "sagde op" not in employer_letter.body
    assert factories.long_date(quarter_end) in employer_letter.body
    # After the stop: the draft for this month is refused at the signature, a new one at once, both with the
    # first day without subsidy; the quarter before the stop is still paid.
    without = f"Bevillingen er standset fra {left_on:%d.%m.%Y}"
    with pytest.raises(ValidationError, match=without):
        _submit(parties, after)
    with pytest.raises(ValidationError, match=without):
        _draft(parties, month_start, today)
    before = _submit(parties, _draft(parties, quarter_start, quarter_end))
    assert before.status == "submitted"


def test_a_stop_with_a_bad_ending_changes_nothing(parties: dict[str, Any]) -> None:
    change = report(parties, kind="employment_ended")
    with pytest.raises(ValidationError) as refused:
        change_report_handle(
            user=parties["caseworker"],
            report=change,
            handling="stopped",
            note="",
            ending={"last_day": None, "reasons": "", "hearing_note": ""},
        )
    assert set(refused.value.message_dict) == {"last_day", "reasons", "hearing_note"}
    change.refresh_from_db()
    parties["grant"].refresh_from_db()
    assert change.status == "open" and parties["grant"].status == GrantStatus.ACTIVE
    assert not parties["case"].decisions.filter(outcome=Outcome.END).exists()
