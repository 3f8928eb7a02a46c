"""Change reports (BEK § 29): the person or the employer reports a change; the caseworker decides on it.

A report comes from the person or the employer in the portal, from a payroll system through the API (the
employer), from the «nej» on a payment request's "is the need unchanged?" (the employer), or is registered by
the caseworker after a phone call. What each party may report is the law's (`rules.followup.CHANGE_KINDS`):
the impairment is the person's health, never the employer's to tell. Each report is a task with a deadline
(2 working days where the change may remove the basis of the grant, otherwise 5).

The caseworker handles it once: noted (no significance), an extra follow-up, a new assessment (the case goes
to «Opfølgning – ny afgørelse» and is decided again through the normal flow), or the grant stopped at once
by a decision with letters (`cases.services.grant_end`, in the same transaction).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.models import (
    Case,
    CaseStatus,
    Confidentiality,
    Deadline,
    DeadlineKind,
    EventType,
    Grant,
    GrantStatus,
)
from kompensation.cases.services import case_event_record, case_transition, grant_end, require_caseworker
from kompensation.cases.validators import sane_date_errors
from kompensation.rules import followup as law

from ..change_tasks import mail_change_report
from ..models import (
    ChangeHandling,
    ChangeReport,
    ChangeReportStatus,
    FollowUp,
    FollowUpForm,
    FollowUpStatus,
    Participant,
    Reporter,
    ReportSource,
)
from .plans import PLAN_RULE

MAX_TEXT = 5000
CHANGE_RULE = "BEK § 29: ændringsanmeldelse"
ALREADY_HANDLED = "Ændringsanmeldelsen er allerede behandlet."
# The channels a party uses itself; the caseworker registers what came by phone or letter.
PARTY_SOURCES: dict[str, frozenset[str]] = {
    Role.CITIZEN: frozenset({ReportSource.PORTAL}),
    Role.EMPLOYER: frozenset({ReportSource.PORTAL, ReportSource.API, ReportSource.PAYMENT_REQUEST}),
}


def _party(user: User, case: Case) -> str:
    """The reporter a portal or API user is: the person (own CPR) or the case's employer (own CVR)."""
    if user.role == Role.CITIZEN and user.cpr and case.person.cpr == user.cpr:
        return Reporter.PERSON
    if (
        user.role == Role.EMPLOYER
        and user.cvr
        and case.employer is not None
        and case.employer.cvr == user.cvr
    ):
        return Reporter.EMPLOYER
    raise PermissionDenied("Kun personen selv eller sagens virksomhed kan anmelde en ændring.")


def _reporter(*, user: User, case: Case, source: str, reporter: str | None) -> str:
    if source == ReportSource.CASEWORKER:
        require_caseworker(user, case)
        if reporter not in Reporter.values:
            raise ValidationError({"reporter": "Vælg, hvem der har meldt ændringen."})
        return str(reporter)
    party = _party(user, case)
    if source not in PARTY_SOURCES.get(user.role, frozenset()):
        raise PermissionDenied("Ændringen kan ikke anmeldes ad den vej.")
    return party


def change_report_errors(
    *, reporter: str, kind: str, occurred_on: dt.date | None, description: str, today: dt.date
) -> dict[str, str]:
    """Every reason the report cannot be received, by field, so the form shows them all at once."""
    errors: dict[str, str] = {}
    change = law.CHANGE_KIND.get(kind)
    if change is None:
        errors["kind"] = "Vælg, hvilken ændring der er sket."
    elif reporter not in change.reporters:
        errors["kind"] = (
            f"«{change.label}» kan kun anmeldes af personen selv: det er oplysninger om personens helbred."
        )
    if occurred_on is None:
        errors["occurred_on"] = "Angiv, hvornår ændringen skete eller sker."
    elif sane := sane_date_errors(occurred_on=occurred_on):
        errors |= sane
    elif occurred_on > law.change_report_latest_day(today):
        errors["occurred_on"] = (
            f"En ændring kan anmeldes højst {law.CHANGE_REPORT_AHEAD_MONTHS} måneder før, den sker "
            f"(senest {law.change_report_latest_day(today):%d.%m.%Y})."
        )
    if kind in law.CHANGE_KINDS_NEEDING_DESCRIPTION and not description.strip():
        errors["description"] = "Beskriv, hvad der har ændret sig."
    elif len(description) > MAX_TEXT:
        errors["description"] = f"Beskrivelsen må højst være {MAX_TEXT:,} tegn.".replace(",", ".")
    return errors


def case_active_grant(case: Case) -> Grant | None:
    return case.grants.filter(status=GrantStatus.ACTIVE).select_related("decision").order_by("-pk").first()


def change_report_submit(
    *,
    user: User,
    case: Case,
    kind: str,
    occurred_on: dt.date | None,
    description: str,
    source: str,
    payment_request: Any = None,
    reporter: str | None = None,
) -> ChangeReport:
    """Receive a change report and open its task. ``reporter`` is chosen by the caseworker only (source
    «caseworker»); the person and the employer are who they are logged in as. Call inside the caller's
    transaction when it is part of a larger step (a payment request's «nej»)."""
    if source not in ReportSource.values:
        raise ValidationError({"source": "Ukendt kanal for anmeldelsen."})
    who = _reporter(user=user, case=case, source=source, reporter=reporter)
    if (source == ReportSource.PAYMENT_REQUEST) != (payment_request is not None):
        raise ValidationError("En anmeldelse fra en anmodning om udbetaling skal pege på anmodningen.")
    today = timezone.localdate()
    errors = change_report_errors(
        reporter=who, kind=kind, occurred_on=occurred_on, description=description, today=today
    )
    if errors:
        raise ValidationError(errors)
    assert occurred_on is not None
    change = law.change_kind(kind)
    with transaction.atomic():
        grant = payment_request.grant if payment_request is not None else case_active_grant(case)
        due = law.change_report_due(today, may_remove_basis=change.may_remove_basis)
        days = law.CHANGE_REPORT_URGENT_DAYS if change.may_remove_basis else law.CHANGE_REPORT_DAYS
        deadline = Deadline.objects.create(
            case=case,
            kind=DeadlineKind.CHANGE_REPORT,
            due=due,
            rule=f"{CHANGE_RULE} behandles inden {days} arbejdsdage",
        )
        report = ChangeReport.objects.create(
            case=case,
            grant=grant,
            kind=kind,
            occurred_on=occurred_on,
            description=description.strip(),
            reporter=who,
            source=source,
            reported_by=user,
            received_at=timezone.now(),
            # The person may tell of their health; the employer's report concerns the subsidy.
            confidentiality=Confidentiality.HEALTH if who == Reporter.PERSON else Confidentiality.SUBSIDY,
            payment_request=payment_request,
            deadline=deadline,
        )
        case_event_record(
            case,
            EventType.CHANGE_REPORTED,
            user,
            report_id=report.pk,
            kind=kind,
            reporter=who,
            source=source,
            occurred_on=occurred_on.isoformat(),
            due=due.isoformat(),
        )
        if case.caseworker_id is not None:
            transaction.on_commit(
                lambda pk=report.pk: mail_change_report.enqueue(pk),  # type: ignore[misc]
                robust=True,
            )
    return report


# --- handling -----------------------------------------------------------------------------------------


def _plan_follow_up(*, user: User, report: ChangeReport, grant: Grant, today: dt.date) -> FollowUp:
    """An extra follow-up within 4 weeks: the planned one moved earlier, or a new one if none is planned.

    Kept to the model: the plan's own services (reasons, risk profile) belong to the follow-up plans; this
    only makes sure the change is looked at soon."""
    due = law.change_follow_up_due(today)
    reason = f"Ændringsanmeldelse: {report.get_kind_display().lower()} ({report.occurred_on:%d.%m.%Y})."
    planned = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("deadline")
        .filter(grant=grant, status=FollowUpStatus.PLANNED)
        .first()
    )
    if planned is not None:
        if planned.due > due:
            planned.due = due
            planned.plan_reason = f"{planned.plan_reason}\n{reason} Opfølgningen er rykket frem.".strip()
            planned.save(update_fields=["due", "plan_reason"])
            if planned.deadline is not None:
                planned.deadline.due = due
                planned.deadline.save(update_fields=["due"])
        return planned
    deadline = Deadline.objects.create(case=grant.case, kind=DeadlineKind.FOLLOW_UP, due=due, rule=PLAN_RULE)
    participants = [Participant.PERSON] + ([Participant.EMPLOYER] if grant.case.employer_id else [])
    follow_up = FollowUp.objects.create(
        grant=grant,
        case=grant.case,
        due=due,
        form=FollowUpForm.PHONE,
        participants=participants,
        plan_reason=reason,
        deadline=deadline,
        planned_by=user,
    )
    case_event_record(
        grant.case,
        EventType.FOLLOW_UP_PLANNED,
        user,
        follow_up_id=follow_up.pk,
        due=due.isoformat(),
        form=follow_up.form,
        change_report_id=report.pk,
    )
    return follow_up


def change_report_handle(
    *,
    user: User,
    report: ChangeReport,
    handling: str,
    note: str,
    ending: dict[str, Any] | None = None,
) -> ChangeReport:
    """The caseworker's answer to a report, once. ``ending`` (last_day, reasons, hearing_note) is needed
    when the grant is stopped: the decision and its letters are sent in this transaction."""
    require_caseworker(user, report.case)
    errors: dict[str, str] = {}
    if handling not in ChangeHandling.values:
        errors["handling"] = "Vælg, hvad ændringen betyder for bevillingen."
    if handling != ChangeHandling.STOPPED and not note.strip():
        errors["note"] = "Skriv din vurdering af ændringen."
    elif len(note) > MAX_TEXT:
        errors["note"] = f"Vurderingen må højst være {MAX_TEXT:,} tegn.".replace(",", ".")
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    with transaction.atomic():
        # Locked: two caseworkers (or a double click) handle the report once.
        report = (
            ChangeReport.objects.select_for_update(of=("self",))
            .select_related("case", "grant", "deadline")
            .get(pk=report.pk)
        )
        if report.status != ChangeReportStatus.OPEN:
            raise ValidationError(ALREADY_HANDLED)
        case = report.case
        grant = (
            report.grant if report.grant is not None and report.grant.status == GrantStatus.ACTIVE else None
        )
        grant = grant or case_active_grant(case)
        payload: dict[str, Any] = {}
        if handling in (ChangeHandling.FOLLOW_UP, ChangeHandling.STOPPED) and grant is None:
            raise ValidationError({"handling": "Der er ingen løbende bevilling i sagen."})
        if handling == ChangeHandling.FOLLOW_UP:
            assert grant is not None
            follow_up = _plan_follow_up(user=user, report=report, grant=grant, today=today)
            payload = {"follow_up_id": follow_up.pk, "follow_up_due": follow_up.due.isoformat()}
        elif handling == ChangeHandling.REASSESS:
            if case.status != CaseStatus.DECIDED:
                raise ValidationError(
                    {
                        "handling": f"Sagen har status «{CaseStatus(case.status).label}». Den kan vurderes "
                        "igen, når den er afgjort."
                    }
                )
            case_transition(case, CaseStatus.FOLLOW_UP)
        elif handling == ChangeHandling.STOPPED:
            assert grant is not None
            if not ending:
                raise ValidationError({"last_day": "Angiv den sidste dag med bevilling."})
            report.decision = grant_end(
                user=user,
                grant=grant,
                last_day=ending.get("last_day"),
                reasons=str(ending.get("reasons", "")),
                hearing_note=str(ending.get("hearing_note", "")),
            )
            payload = {"decision_id": report.decision.pk, "grant_id": grant.pk}
        report.status = ChangeReportStatus.HANDLED
        report.handling = handling
        report.handling_note = note.strip() or (report.decision.reasons if report.decision else "")
        report.handled_by = user
        report.handled_at = timezone.now()
        report.save(
            update_fields=["status", "handling", "handling_note", "handled_by", "handled_at", "decision"]
        )
        if report.deadline is not None and report.deadline.met_at is None:
            report.deadline.met_at = report.handled_at
            report.deadline.save(update_fields=["met_at"])
        case_event_record(
            case,
            EventType.CHANGE_REPORT_HANDLED,
            user,
            report_id=report.pk,
            kind=report.kind,
            handling=handling,
            **payload,
        )
    return report


def change_report_ending_defaults(*, report: ChangeReport, today: dt.date) -> dict[str, Any]:
    """What the stop form is filled with: the last day before the change (today, if the grant began after
    that), the reasons from the report, and that the facts come from the party itself (FVL § 19 stk. 1
    asks for no hearing then)."""
    last_day = report.occurred_on - dt.timedelta(days=1)
    if report.grant is not None and last_day < report.grant.start_date:
        last_day = today
    # The reasons and the hearing note are read by the person (the employer's letter has neither).
    employer = report.case.employer
    if report.reporter == Reporter.PERSON or employer is None:
        who, source = "Du", "dig selv"
    else:
        who = employer.name
        source = (
            "din arbejdsgiver, som også er part i sagen om tilskuddet, og handler om forhold, du selv kender"
        )
    reasons = (
        f"{who} meldte {timezone.localdate(report.received_at):%d.%m.%Y}, at "
        f"{_KIND_SENTENCES[report.kind]} den {report.occurred_on:%d.%m.%Y}."
    )
    if report.description:
        reasons += f" Anmeldelsen siger: «{report.description}»"
    reasons += (
        " Dermed er betingelserne for bevillingen ikke længere opfyldt, og bevillingen ophører "
        "(BEK §§ 15 og 29)."
    )
    hearing = (
        f"Oplysningerne om ændringen kommer fra {source}. Der er derfor ikke foretaget partshøring "
        "(forvaltningslovens § 19 stk. 1)."
    )
    return {
        "last_day": last_day,
        "reasons": reasons,
        "hearing_note": hearing,
    }


# The change in words to the person, who reads the reasons in the letter.
_KIND_SENTENCES = {
    "new_job": "du har fået nyt job",
    "tasks": "dine arbejdsopgaver er ændret",
    "hours": "din arbejdstid er ændret",
    "impairment": "din funktionsnedsættelse har ændret sig",
    "assistant_left": "assistenten er stoppet",
    "assistant_sick": "assistenten har langvarigt sygefravær",
    "employment_ended": "din ansættelse er ophørt",
    "need_changed": "dit behov for personlig assistance er ændret",
}
