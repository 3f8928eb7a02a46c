"""The demo generator: fictitious but valid data, built through the services, in every stage of a case."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

import pytest
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from kompensation.accounts.models import AccessLog, User
from kompensation.cases.models import (
    Application,
    ApplicationStatus,
    Assistant,
    Case,
    CaseEvent,
    CaseStatus,
    Deadline,
    DeadlineKind,
    Decision,
    Document,
    DocumentType,
    Employer,
    EventType,
    Grant,
    Investigation,
    Outcome,
    PeriodType,
    Person,
)
from kompensation.complaints.models import (
    AppealsOutcome,
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintStatus,
    ReassessmentOutcome,
)
from kompensation.complaints.selectors import complaint_list_visible_to
from kompensation.demo import followup_renewals
from kompensation.demo.generator import (
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    JOURNEYS,
    DemoResult,
    demo_pdf,
    generate,
)
from kompensation.insights.selectors import case_processing_time
from kompensation.letters.models import Letter
from kompensation.registers.models import OfflineCprRecord, OfflineCvrRecord
from kompensation.rules import deadlines, pa

pytestmark = pytest.mark.django_db

CASES = 25
# The complaint journeys and the renewal stories are cases of their own, besides CASES.
TOTAL = CASES + len(JOURNEYS) + followup_renewals.CASES
# The social schemes' cases (demo/social.py): three BPA, three § 95, two aids and one consumer good.
SOCIAL = 9


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoResult]:
    """Generated once for the module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(cases=CASES, with_letters=False)
        transaction.set_rollback(True)


def herning_cases() -> Any:
    """Herning's personal-assistance cases (the social schemes' demo cases are checked on their own)."""
    return Case.objects.filter(municipality__code="657", scheme="pa")


def sent_decisions(*outcomes: str) -> Any:
    return Decision.objects.filter(
        sent_at__isnull=False, outcome__in=outcomes, case__scheme="pa"
    ).select_related("case")


def test_every_cpr_and_cvr_is_valid(demo: DemoResult) -> None:
    cprs = [
        *OfflineCprRecord.objects.values_list("cpr", flat=True),
        *Person.objects.values_list("cpr", flat=True),
        *Assistant.objects.exclude(cpr="").values_list("cpr", flat=True),
        *User.objects.exclude(cpr="").values_list("cpr", flat=True),
    ]
    cvrs = [
        *OfflineCvrRecord.objects.values_list("cvr", flat=True),
        *Employer.objects.values_list("cvr", flat=True),
        *User.objects.exclude(cvr="").values_list("cvr", flat=True),
    ]
    assert len(cprs) > CASES and len(cvrs) > 10
    for cpr in cprs:
        assert stdnum_cpr.validate(cpr) == cpr
        assert stdnum_cpr.checksum(cpr) == 0, f"{cpr} fails the modulus-11 check"
    for cvr in cvrs:
        assert stdnum_cvr.validate(cvr) == cvr
        assert cvr[0] != "0"
    # Gender follows the last digit, and every person lives in the municipality of the register record.
    for person in Person.objects.select_related("municipality"):
        record = OfflineCprRecord.objects.get(cpr=person.cpr)
        assert record.municipality_code == person.municipality.code


def test_every_case_was_opened_with_a_decision_deadline(demo: DemoResult) -> None:
    assert demo.created and demo.cases == TOTAL + SOCIAL
    assert herning_cases().count() == TOTAL
    now = timezone.now()
    for case in Case.objects.filter(scheme="pa"):
        opened = case.events.filter(type=EventType.CASE_OPENED)
        assert opened.count() == 1, case
        assert timezone.localdate(opened.get().at) >= case.received_on
        decision_deadline = case.deadlines.get(kind=DeadlineKind.DECISION)
        assert decision_deadline.due == deadlines.decision_target(case.received_on)
        assert all(event.at <= now for event in case.events.all())
        assert case.application.status == ApplicationStatus.SUBMITTED


def test_all_statuses_and_outcomes_occur(demo: DemoResult) -> None:
    statuses = set(herning_cases().values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    assert set(sent_decisions(*Outcome.values).values_list("outcome", flat=True)) == set(Outcome.values)
    assert all(demo.cases_by_status[status] > 0 for status in CaseStatus.values)
    # Cases are spread over the past ~14 months, and some received cases are past the 4-week target.
    today = timezone.localdate()
    received_on = list(herning_cases().values_list("received_on", flat=True))
    assert min(received_on) < pa.add_months(today, -6) and max(received_on) < today
    overdue = herning_cases().filter(
        status=CaseStatus.RECEIVED,
        deadlines__kind=DeadlineKind.DECISION,
        deadlines__due__lt=today,
        deadlines__met_at__isnull=True,
    )
    assert overdue.exists()


def test_open_cases_have_the_steps_of_their_stage(demo: DemoResult) -> None:
    for case in herning_cases().exclude(status=CaseStatus.RECEIVED):
        assert case.events.filter(type=EventType.ACTIVE_STEP).exists(), case
        assert Investigation.objects.filter(case=case).exists(), case
        assert case.dialog_tasks.exists(), case
    for case in herning_cases().filter(status=CaseStatus.RECEIVED):
        assert not case.events.exclude(type__in=[EventType.CASE_OPENED, EventType.DOCUMENT_ADDED]).exists()
    for case in herning_cases().filter(status=CaseStatus.HEARING):
        hearing = case.hearings.get()
        assert not hearing.answered and hearing.response_due >= timezone.localdate()
        assert hearing.letter is not None and hearing.letter.is_sent
        assert case.deadlines.filter(kind=DeadlineKind.HEARING_RESPONSE, met_at__isnull=True).exists()


def test_grants_above_twenty_hours_have_a_higher_tier_and_a_concrete_assessment(demo: DemoResult) -> None:
    grants = sent_decisions(Outcome.GRANT, Outcome.PARTIAL_GRANT)
    above = [d for d in grants if cast(Decimal, d.hours_per_week) > 20]
    assert above, "the demo should show at least one grant above 20 hours a week"
    for decision in grants:
        investigation = decision.case.investigation
        hours = cast(Decimal, decision.hours_per_week)
        assert investigation.working_hours is not None
        assert hours <= investigation.working_hours
        if hours > 20:
            assert investigation.tier != "standard"
            assert investigation.concrete_assessment.strip()
        assert not pa.validate_granted_hours(
            hours,
            investigation.working_hours,
            cast(pa.Tier, investigation.tier),
            has_concrete_assessment=bool(investigation.concrete_assessment.strip()),
        )


def test_refusals_and_partial_grants_were_preceded_by_a_hearing(demo: DemoResult) -> None:
    decisions = sent_decisions(Outcome.REFUSAL, Outcome.PARTIAL_GRANT)
    assert decisions.exists()
    for decision in decisions:
        hearings = list(decision.case.hearings.all())
        assert hearings, decision.case
        sent_on = timezone.localdate(cast(Any, decision.sent_at))
        assert all(h.answered or h.response_due < sent_on for h in hearings)
        if decision.outcome == Outcome.PARTIAL_GRANT:
            assert all(h.answered for h in hearings)
            assert decision.hours_per_week < decision.case.application.hours_sought


def test_decided_grants_have_a_grant_and_a_first_follow_up(demo: DemoResult) -> None:
    for decision in sent_decisions(Outcome.GRANT, Outcome.PARTIAL_GRANT):
        assert Grant.objects.filter(decision=decision, case=decision.case).exists()
        # One follow-up per grant: a case decided again (complaint, remand) has one per decision.
        # A year after sending; the deadline binds the jobcentre, so on a closed day the working day before.
        due = deadlines.previous_working_day(
            pa.first_follow_up_due(timezone.localdate(cast(Any, decision.sent_at)))
        )
        assert decision.follow_up_due == due
        # The caseworker may plan the first follow-up earlier, never later (followup_plans moves some), and a
        # change report may bring it forward (followup.services.changes).
        assert decision.case.deadlines.filter(kind=DeadlineKind.FIRST_FOLLOW_UP, due__lte=due).exists()
        assert decision.letter is not None and decision.letter.is_sent
    for decision in sent_decisions(Outcome.REFUSAL):
        assert not Grant.objects.filter(decision=decision).exists()
    # Every decided case is documented: a medical statement or a recorded reason why none is needed.
    for case in herning_cases().filter(status=CaseStatus.DECIDED):
        has_statement = case.documents.filter(doc_type=DocumentType.GP).exists()
        assert has_statement or case.investigation.no_documentation_reason.strip(), case


def test_case_mix_has_both_grant_periods_and_flex_jobs(demo: DemoResult) -> None:
    periods = set(sent_decisions(Outcome.GRANT, Outcome.PARTIAL_GRANT).values_list("period_type", flat=True))
    assert periods == {PeriodType.TIME_LIMITED, PeriodType.UNTIL_FURTHER_NOTICE}
    flex = Investigation.objects.filter(case__application__employment_form="flex_job", case__status="decided")
    assert flex.exists()
    assert all(i.flex_job_compensation and i.pa_covers for i in flex)
    impairments = set(Investigation.objects.values_list("impairment_type", flat=True))
    assert {"physical", "mental"} <= impairments
    statements = Document.objects.filter(doc_type=DocumentType.GP, case__municipality__code="657")
    assert TOTAL * 0.5 <= statements.values("case").distinct().count() <= TOTAL * 0.95


def test_demo_logins(demo: DemoResult) -> None:
    assert [login.username for login in demo.logins] == list(DEMO_USERNAMES)
    request = RequestFactory().post("/")
    for login in demo.logins:
        assert login.password == DEMO_PASSWORD and login.description
        assert authenticate(request, username=login.username, password=DEMO_PASSWORD) is not None
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert users["aarhus"].municipality is not None and users["aarhus"].municipality.code == "751"
    assert users["sagsbehandler"].get_full_name()
    dpo = users["dpo"]
    assert dpo.role == "data_protection" and dpo.municipality is not None and dpo.municipality.code == "657"
    # The officer has something to look up: staff's openings of the cases, derived from their events.
    assert AccessLog.objects.filter(user=users["sagsbehandler"], case_id__isnull=False).exists()

    citizen = users["borger"]
    assert OfflineCprRecord.objects.get(cpr=citizen.cpr).municipality_code == "657"
    assert not Application.objects.filter(person__cpr=citizen.cpr).exists()
    assert not Case.objects.filter(person__cpr=citizen.cpr).exists()

    employer = users["virksomhed"]
    assert OfflineCvrRecord.objects.filter(cvr=employer.cvr).exists()
    waiting = Application.objects.filter(
        employer__cvr=employer.cvr, status=ApplicationStatus.AWAITING_EMPLOYER
    )
    assert waiting.count() == 1 and waiting.get().case is None
    decided = sent_decisions(Outcome.GRANT).filter(case__employer__cvr=employer.cvr)
    assert decided.exists()
    assert Letter.objects.filter(case__employer__cvr=employer.cvr, sent_at__isnull=False).exists()

    # Paper and online applications; sagsbehandler2 has a fresh paper application of their own.
    channels = set(herning_cases().values_list("application__channel", flat=True))
    assert {"paper", "online"} <= channels
    assert (
        herning_cases()
        .filter(status=CaseStatus.RECEIVED, caseworker=users["sagsbehandler2"], application__channel="paper")
        .exists()
    )
    assert Case.objects.filter(municipality__code="751").count() == demo.tenancy_cases > 0


def test_running_twice_creates_nothing_more(demo: DemoResult) -> None:
    models = (User, Person, Employer, Case, CaseEvent, Deadline, Decision, Document, Letter, OfflineCprRecord)
    before = {model.__name__: model.objects.count() for model in models}
    again = generate(cases=CASES, with_letters=False)
    assert not again.created
    assert {model.__name__: model.objects.count() for model in models} == before
    assert again.logins == demo.logins and again.cases == demo.cases


def test_documents_and_letters_are_pdfs(demo: DemoResult) -> None:
    for document in Document.objects.all()[:5]:
        with document.file.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-1.4")
        assert "FIKTIV" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    letter = Letter.objects.filter(sent_at__isnull=False).first()
    assert letter is not None and len(letter.sha256) == 64


def test_demo_pdf_is_readable() -> None:
    text = PdfReader(io.BytesIO(demo_pdf(["Lægeattest (fiktiv)", "Æble (ø) \\ å"]))).pages[0].extract_text()
    assert "Lægeattest (fiktiv)" in text and "Æble (ø)" in text


# --- complaints (issue 8) -------------------------------------------------------------------------------


def herning_complaints() -> Any:
    return Complaint.objects.filter(case__municipality__code="657").select_related("case")


def test_every_complaint_status_appeals_outcome_and_channel_occurs(demo: DemoResult) -> None:
    complaints = herning_complaints()
    assert set(complaints.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert set(complaints.exclude(appeals_outcome="").values_list("appeals_outcome", flat=True)) == set(
        AppealsOutcome.values
    )
    assert set(complaints.values_list("channel", flat=True)) == set(ComplaintChannel.values)
    assert set(
        complaints.exclude(reassessment_outcome="").values_list("reassessment_outcome", flat=True)
    ) == (set(ReassessmentOutcome.values))
    assert demo.complaints_by_status == {
        status: complaints.filter(status=status).count() for status in ComplaintStatus.values
    }
    assert all(count > 0 for count in demo.complaints_by_status.values())
    # Every case on the complaint's course is there: a live complaint, or a remand awaiting a new decision.
    for case in herning_cases().filter(status__in=[CaseStatus.COMPLAINT, CaseStatus.FORWARDED]):
        live = case.complaints.get(status__in=[ComplaintStatus.OPEN, ComplaintStatus.FORWARDED])
        assert (live.status == ComplaintStatus.OPEN) == (case.status == CaseStatus.COMPLAINT)
    for case in herning_cases().filter(status=CaseStatus.REMANDED):
        assert case.deadlines.filter(kind=DeadlineKind.REMAND_DECISION, met_at__isnull=True).exists()


def test_late_overdue_second_round_and_twice_remanded_complaints(demo: DemoResult) -> None:
    today = timezone.localdate()
    complaints = herning_complaints()
    # Late: one not assessed yet, one refused, one accepted and forwarded.
    late = complaints.filter(in_time=False)
    assert late.filter(late_accepted__isnull=True, status=ComplaintStatus.OPEN).exists()
    assert late.filter(late_accepted=False, status=ComplaintStatus.REJECTED_LATE).exists()
    assert late.filter(late_accepted=True, forwarded_on__isnull=False).exists()
    for complaint in complaints:
        # RSL § 67: in time if received at the latest 4 weeks after the decision was received, a deadline
        # on a day off moving to the next working day; Digital Post letters arrive the day they are sent,
        # so the deadline is 28 days after sending, or up to 33 (28 days landing on Maundy Thursday).
        sent_on = timezone.localdate(cast(Any, complaint.decision.sent_at))
        assert complaint.in_time == (complaint.received_on <= complaint.complaint_deadline)
        assert 28 <= (complaint.complaint_deadline - sent_on).days <= 33
    # An open, in-time complaint whose re-assessment (4 weeks, RSL § 66) is still to come, and one overdue.
    open_ = complaints.filter(status=ComplaintStatus.OPEN, in_time=True)
    assert open_.filter(reassessment_due__gte=today).exists()
    overdue = open_.filter(reassessment_due__lt=today)
    assert overdue.exists()
    for complaint in overdue:
        assert complaint.case.deadlines.filter(
            kind=DeadlineKind.REASSESSMENT, due__lt=today, met_at__isnull=True
        ).exists()
    # A second round, and a case remanded twice with a new decision after each remand.
    assert complaints.filter(round=2).exists()
    twice = [
        case for case in herning_cases() if case.events.filter(type=EventType.REMAND_RECEIVED).count() == 2
    ]
    assert twice
    for case in twice:
        assert case.status == CaseStatus.DECIDED
        remands = sorted(
            case.complaints.values_list("remand_received_on", flat=True).exclude(remand_received_on=None)
        )
        sent = [
            timezone.localdate(cast(Any, d.sent_at)) for d in case.decisions.filter(sent_at__isnull=False)
        ]
        assert len(remands) == 2 and all(any(on >= remand for on in sent) for remand in remands)
    # The demo employer's own complaint about the subsidy, filed in the portal: its login shows it.
    employer = User.objects.get(username="virksomhed")
    own = complaint_list_visible_to(user=employer)
    assert own.filter(
        complainant=Complainant.EMPLOYER, channel=ComplaintChannel.PORTAL, status=ComplaintStatus.OPEN
    ).exists()
    assert not own.filter(complainant=Complainant.PERSON).exists()


def test_complaint_steps_are_dated_in_order_and_never_after_today(demo: DemoResult) -> None:
    today = timezone.localdate()
    steps = (
        "received_on",
        "reassessed_on",
        "forwarded_on",
        "appeals_received_on",
        "appeals_assigned_on",
        "appeals_decided_on",
        "remand_received_on",
    )
    for complaint in herning_complaints():
        dates = [getattr(complaint, name) for name in steps if getattr(complaint, name) is not None]
        assert dates == sorted(dates) and dates[-1] <= today, complaint
        handled = complaint.forwarded_on or (
            complaint.reassessed_on if complaint.status == ComplaintStatus.CHANGED else None
        )
        if handled is not None:
            # RSL § 66: changed or forwarded within 4 weeks of the complaint.
            assert handled <= complaint.reassessment_due, complaint
    kinds = [t for t in EventType.values if t.startswith(("complaint_", "appeals_", "remand_"))]
    for case in herning_cases().filter(complaints__isnull=False).distinct():
        events = case.events.filter(type__in=[*kinds, EventType.DECISION_SENT]).order_by("pk")
        days = []
        for event in events:
            happened = dt.date.fromisoformat(event.payload["on"])
            assert happened <= timezone.localdate(event.at) <= today, (case, event.type)
            days.append(happened)
        assert days == sorted(days), case


def test_processing_time_has_every_step_of_two_rounds(demo: DemoResult) -> None:
    today = timezone.localdate()
    second = herning_complaints().filter(
        round=2, forwarded_on__isnull=False, appeals_decided_on__isnull=False
    )
    assert second.exists()
    for round_two in second:
        case = round_two.case
        first = case.complaints.get(round=1)
        times = case_processing_time(case=case, today=today).times.by_code()
        codes = (
            "km_initial",
            "km_investigation",
            "km_complaint",
            "ast_waiting",
            "ast_processing",
            "km_after_remand",
            "ast_waiting_2",
            "ast_processing_2",
        )
        for code in codes:
            assert times[code].days is not None and not times[code].ongoing, (case, code)
        # Tabel 4.1's steps, by hand from the complaint's own dates: the first decision to the forwarding;
        # Ankestyrelsen's receipt to the assignment, and on to its decision; the remand's receipt to the
        # round-2 forwarding; and round 2 at Ankestyrelsen the same way.
        decided = timezone.localdate(cast(Any, first.decision.sent_at))
        assert first.forwarded_on and first.appeals_received_on and first.appeals_assigned_on
        assert first.appeals_decided_on and first.remand_received_on and round_two.forwarded_on
        assert (
            round_two.appeals_received_on and round_two.appeals_assigned_on and round_two.appeals_decided_on
        )
        assert times["km_complaint"].days == (first.forwarded_on - decided).days
        assert times["ast_waiting"].days == (first.appeals_assigned_on - first.appeals_received_on).days
        assert times["ast_processing"].days == (first.appeals_decided_on - first.appeals_assigned_on).days
        assert times["km_after_remand"].days == (round_two.forwarded_on - first.remand_received_on).days
        assert (
            times["ast_waiting_2"].days
            == (round_two.appeals_assigned_on - round_two.appeals_received_on).days
        )
        assert (
            times["ast_processing_2"].days
            == (round_two.appeals_decided_on - round_two.appeals_assigned_on).days
        )


def test_forwarded_complaints_have_a_package_and_decided_ones_a_document(demo: DemoResult) -> None:
    for complaint in herning_complaints().filter(forwarded_on__isnull=False):
        assert complaint.package and len(complaint.package_sha256) == 64, complaint
        kinds = [item["kind"] for item in complaint.package_manifest]
        # Built when the complaint was forwarded: nothing from later (Ankestyrelsen's decision, a remand).
        forwarded_on = complaint.forwarded_on.isoformat()
        assert all(item["date"] <= forwarded_on for item in complaint.package_manifest), complaint
        assert kinds[0] == "complaint" and {"reassessment", "decision"} <= set(kinds)
        # Every document the case held when it was forwarded (the complaint's own letter is its own item).
        case = complaint.case
        forwarded_at = cast(Any, complaint.forwarding_letter).sent_at
        held = Document.objects.filter(
            Q(case=case) | Q(application=case.application), uploaded_at__lte=forwarded_at
        ).exclude(pk=complaint.document_id)
        assert kinds.count("document") == held.distinct().count(), complaint
        with complaint.package.open("rb") as handle:
            pages = len(PdfReader(io.BytesIO(handle.read())).pages)
        last = complaint.package_manifest[-1]
        assert pages == last["start_page"] + last["pages"] - 1  # the contents, then every item in order
    for complaint in herning_complaints().filter(status=ComplaintStatus.APPEALS_DECIDED):
        document = complaint.appeals_document
        assert document is not None and document.doc_type == DocumentType.APPEALS_DECISION
        with document.file.open("rb") as handle:
            text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
        assert "ANKESTYRELSENS AFGØRELSE" in text and AppealsOutcome(complaint.appeals_outcome).label in text


# --- follow-up: renewals ---------------------------------------------------------------------------------


def test_renewals_reminded_applied_lapsed_and_renewed(demo: DemoResult) -> None:
    from kompensation.cases.models import GrantStatus
    from kompensation.followup.models import RenewalReminder
    from kompensation.followup.renewal_selectors import portal_renewals
    from kompensation.letters.models import LetterKind

    reminders = RenewalReminder.objects.filter(grant__case__municipality__code="657")
    assert {8, 4} <= set(reminders.values_list("weeks", flat=True))
    for reminder in reminders:
        assert reminder.person_letter is not None and reminder.person_letter.is_sent
        assert reminder.person_letter.kind == LetterKind.RENEWAL_REMINDER
        assert reminder.employer_letter is not None and reminder.employer_letter.recipient == "employer"
        assert CaseEvent.objects.filter(
            case=reminder.grant.case, type=EventType.RENEWAL_REMINDED, payload__weeks=reminder.weeks
        ).exists()
    # A renewal under way: the person's draft, prefilled from the old application.
    waiting = Application.objects.get(renews__isnull=False, status=ApplicationStatus.DRAFT)
    old = waiting.renews
    assert old is not None and old.end_date is not None
    assert waiting.job_title == old.case.application.job_title
    assert waiting.hours_sought == old.hours_per_week
    assert waiting.period_from == old.end_date + dt.timedelta(days=1)
    # One lapsed without a renewal: payment for the time after its end is refused with the reason.
    lapsed = [
        g
        for g in Grant.objects.filter(status=GrantStatus.LAPSED)
        if not g.renewals.exists()  # type: ignore[attr-defined]
    ]
    assert lapsed
    grant = lapsed[0]
    assert grant.end_date is not None
    after = grant.end_date + dt.timedelta(days=1)
    assert grant.period_refusal(after, after + dt.timedelta(days=13)).startswith(
        f"Bevillingen udløb {grant.end_date:%d.%m.%Y}."
    )
    assert grant.period_refusal(grant.start_date, grant.end_date) == ""
    # One renewed: its own case with a grant from the day after the end, and the old one lapsed.
    renewal = Application.objects.get(renews__isnull=False, status=ApplicationStatus.SUBMITTED)
    old = renewal.renews
    assert old is not None and old.status == GrantStatus.LAPSED and old.end_date is not None
    assert renewal.case is not None and renewal.case != old.case
    new = renewal.case.grants.get()
    assert new.status == GrantStatus.ACTIVE and new.start_date == old.end_date + dt.timedelta(days=1)
    assert CaseEvent.objects.get(case=old.case, type=EventType.RENEWAL_APPLIED).payload["new_case_id"] == (
        renewal.case.pk
    )
    assert (
        CaseEvent.objects.get(case=old.case, type=EventType.GRANT_LAPSED).payload["renewed_by_grant_id"]
        == new.pk
    )
    # The demo employer (`virksomhed`) sees the grants ending soon on its page.
    assert len(portal_renewals(user=User.objects.get(username="virksomhed"))) >= 2


# --- follow-up: inspection visits ---------------------------------------------------------------------------


def test_inspection_visits_of_every_kind(demo: DemoResult) -> None:
    # Imported here so the parts of follow-up add no lines to the shared imports above.
    from kompensation.followup.models import InspectionVisit, VisitStatus

    visits = InspectionVisit.objects.filter(municipality__code="657").select_related("employer")
    kinds = {(v.announced, v.status) for v in visits}
    assert {
        (True, VisitStatus.HELD),
        (False, VisitStatus.HELD),
        (True, VisitStatus.PLANNED),
        (False, VisitStatus.PLANNED),
    } <= kinds
    assert visits.filter(status=VisitStatus.CANCELLED).count() == 1
    demo_cvr = User.objects.get(username="virksomhed").cvr
    assert visits.filter(employer__cvr=demo_cvr).count() >= 2
    assert visits.exclude(employer__cvr=demo_cvr).values("employer").distinct().count() >= 2
    today = timezone.localdate()
    for visit in visits:
        grants = list(visit.grants.select_related("case", "decision"))
        assert grants, visit
        for grant in grants:
            assert (
                grant.case.employer_id == visit.employer_id
                and grant.case.municipality_id == visit.municipality_id
            )
            assert grant.start_date <= visit.planned_on
        events = CaseEvent.objects.filter(type=EventType.INSPECTION_RECORDED, payload__visit_id=visit.pk)
        steps = 1 if visit.status == VisitStatus.PLANNED else 2
        assert events.count() == steps * len({g.case_id for g in grants}), visit
        assert all(e.at <= timezone.now() for e in events)
        assert all(visit.findings[:20] not in str(e.payload) for e in events if visit.findings)
        if visit.status == VisitStatus.HELD:
            assert visit.held_on <= today and visit.findings and visit.documents_seen and visit.visitors
        if visit.status == VisitStatus.PLANNED:
            assert visit.planned_on > today - dt.timedelta(days=30)
    assert visits.filter(status=VisitStatus.HELD, follow_up_needed=True).exists()


# --- Follow-up: questionnaires -------------------------------------------------------------------------


def test_followup_questionnaires_answered_waiting_and_overdue(demo: DemoResult) -> None:
    from kompensation.followup.models import FollowUpForm, FollowUpStatus, Questionnaire
    from kompensation.letters.models import LetterKind

    today = timezone.localdate()
    sent = Questionnaire.objects.filter(follow_up__case__municipality__code="657").select_related(
        "follow_up", "letter"
    )
    answered = sent.filter(answered_at__isnull=False)
    waiting = sent.filter(answered_at__isnull=True)
    assert answered.filter(party="person").count() >= 3 and answered.filter(party="employer").count() >= 2
    assert waiting.filter(due__gte=today).exists() and waiting.filter(due__lt=today).exists()
    # One person says an aid could replace part of the assistance.
    assert any(q.answers["aid"]["answer"] == "yes" for q in answered.filter(party="person"))
    for q in sent:
        # 14 days to answer, moved to the next working day: never a closed day, never more than 4 days later.
        assert 14 <= (q.due - q.sent_on).days <= 18 and deadlines.is_working_day(q.due), q
        assert q.follow_up.form == FollowUpForm.QUESTIONNAIRE
        assert q.follow_up.status == FollowUpStatus.PLANNED  # answering does not close the follow-up
        assert q.letter is not None and q.letter.kind == LetterKind.FOLLOW_UP_QUESTIONNAIRE
        assert q.letter.recipient == q.party and q.letter.is_sent
        if q.party == "employer":
            assert q.letter.confidentiality == "subsidy" and "impairment" not in q.answers
    for q in answered:
        assert q.answered_at is not None and timezone.localdate(q.answered_at) < today
        event = CaseEvent.objects.get(type=EventType.QUESTIONNAIRE_ANSWERED, payload__questionnaire_id=q.pk)
        assert set(event.payload) == {"follow_up_id", "questionnaire_id", "party", "late", "label", "on"}


# --- follow-up: plans and records ---------------------------------------------------------------------


def test_follow_ups_are_due_overdue_and_done_in_every_form_and_conclusion(demo: DemoResult) -> None:
    from kompensation.followup.models import Conclusion, FollowUp, FollowUpForm, FollowUpStatus

    today = timezone.localdate()
    herning = FollowUp.objects.filter(case__municipality__code="657")
    planned = herning.filter(status=FollowUpStatus.PLANNED, grant__status="active")
    assert planned.filter(due__lt=today).exists()  # overdue
    assert planned.filter(due__gte=today, due__lte=today + dt.timedelta(days=60)).exists()
    assert planned.filter(due__gt=today + dt.timedelta(days=60)).exists()
    done = herning.filter(status=FollowUpStatus.DONE)
    assert set(done.values_list("form", flat=True)) == set(FollowUpForm.values)
    assert set(done.values_list("conclusion", flat=True)) == set(Conclusion.values)
    for follow_up in done:
        assert follow_up.journal_note is not None and follow_up.held_on <= today
        assert set(follow_up.checks) == {
            "cvr_active",
            "employed",
            "medical_current",
            "tasks_hours",
            "assistants",
            "aids_considered",
            "next_follow_up",
        }
        assert follow_up.deadline is None or follow_up.deadline.met_at is not None
        if follow_up.conclusion == Conclusion.UNCHANGED:
            # No letter and no decision: only the note and the next date (or, until further notice, none).
            assert follow_up.decision is None
            assert not Letter.objects.filter(
                case=follow_up.case, sent_at__date=follow_up.recorded_at.date()
            ).exists()
        if follow_up.conclusion == Conclusion.ENDED:
            assert follow_up.decision is not None and follow_up.decision.outcome == Outcome.END
            assert follow_up.grant.status == "stopped"
    adjusted = done.filter(conclusion=Conclusion.ADJUSTED)
    assert adjusted.filter(case__status=CaseStatus.FOLLOW_UP).exists()
    # Every plan the caseworker made says why: the risk profile's reason or the caseworker's own.
    assert all(f.plan_reason for f in herning.filter(planned_by__isnull=False))
    assert herning.filter(planned_by__isnull=False).exclude(risk_factors=[]).exists()


# --- Follow-up: change reports ---------------------------------------------------------------------------


def test_change_reports_of_every_kind_from_every_channel_open_and_handled_each_way(demo: DemoResult) -> None:
    # Imported here: each part of follow-up appends its own test, so the file's import block stays as it was.
    from kompensation.cases.models import GrantStatus
    from kompensation.followup.models import ChangeReport
    from kompensation.rules import followup

    reports = ChangeReport.objects.filter(case__municipality__code="657").select_related(
        "deadline", "decision", "grant", "payment_request"
    )
    assert {r.kind for r in reports} == {k.code for k in followup.CHANGE_KINDS}
    assert {r.source for r in reports} == {"portal", "api", "payment_request", "caseworker"}
    assert {r.reporter for r in reports} == {"person", "employer"}
    for report in reports:
        assert report.confidentiality == ("health" if report.reporter == "person" else "subsidy")
        kind = followup.change_kind(report.kind)
        assert report.deadline is not None and report.deadline.kind == DeadlineKind.CHANGE_REPORT
        received = timezone.localdate(report.received_at)
        assert report.deadline.due == followup.change_report_due(
            received, may_remove_basis=kind.may_remove_basis
        )
        assert (report.deadline.met_at is not None) == (report.status == "handled")
    assert {r.handling for r in reports if r.status == "handled"} == {
        "noted",
        "follow_up",
        "reassess",
        "stopped",
    }
    today = timezone.localdate()
    assert any(r.status == "open" and r.deadline.due < today for r in reports)  # one overdue
    assert any(r.status == "open" and r.deadline.due >= today for r in reports)
    stopped = reports.get(handling="stopped")
    assert stopped.grant is not None and stopped.grant.status == GrantStatus.STOPPED
    assert stopped.decision is not None and stopped.grant.ended_on == stopped.decision.end_date
    assert stopped.decision.letter.is_sent and stopped.decision.employer_letter.is_sent
    asked = reports.get(source="payment_request")
    assert asked.payment_request is not None and asked.payment_request.need_unchanged is False
    assert asked.kind == "need_changed"
    assert reports.get(handling="reassess").case.status == CaseStatus.FOLLOW_UP
