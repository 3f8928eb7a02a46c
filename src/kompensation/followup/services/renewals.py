"""Time-limited grants: the reminders before the end date, the lapse after it, and the renewal application.

A time-limited grant lapses on its end date (BEK § 15 stk. 4); the person applies again 4 weeks before
(Jobcenter København's guidance). The nightly job (`followup_daily`) sends the reminders 8 and 4 weeks
before — each exactly once, which the database enforces — and lapses the grants whose end date has passed.
The person starts the renewal on Mine sider: a draft application filled in from the earlier one, which then
follows the ordinary steps, the employer's co-signature and the ordinary decision flow on a case of its own.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.models import (
    Application,
    ApplicationStatus,
    Assistant,
    Case,
    Channel,
    Confidentiality,
    EventType,
    Grant,
    GrantStatus,
    Person,
)
from kompensation.cases.services import case_event_record
from kompensation.letters import services as letters
from kompensation.letters.models import Letter, LetterKind, Recipient
from kompensation.letters.renewals import employer_renewal_reminder_letter, renewal_reminder_letter
from kompensation.rules import followup as rules

from ..models import RenewalReminder
from ..renewal_selectors import APPLIED_STATUSES, renewal_applications, renewal_applied, renewal_successor
from .plans import follow_ups_cancel

# The reminder 8 weeks before may go out a few days early (moved back from a weekend or a holiday): a grant
# ending this far ahead can have a reminder due today.
_LOOKAHEAD = dt.timedelta(weeks=max(rules.RENEWAL_REMINDER_WEEKS), days=7)

# --- reminders --------------------------------------------------------------------------------------------


def _notify(reminder_id: int) -> None:
    from ..renewal_tasks import renewal_reminder_notify

    # robust: a queue that cannot take the task must not undo the reminder; the letter is on Mine sider.
    transaction.on_commit(partial(renewal_reminder_notify.enqueue, reminder_id), robust=True)


def _letter(grant: Grant, sender: User, subject: str, body: str, *, employer: bool) -> Letter:
    return letters.letter_send(
        letter=letters.letter_create(
            case=grant.case,
            kind=LetterKind.RENEWAL_REMINDER,
            subject=subject,
            body=body,
            # The employer's version names the subsidy's terms only; the person's names nothing of health.
            confidentiality=Confidentiality.SUBSIDY if employer else Confidentiality.CASE,
            recipient=Recipient.EMPLOYER if employer else Recipient.PERSON,
        ),
        user=sender,
    )


def _remind(grant: Grant, reminder: rules.RenewalReminder, today: dt.date) -> RenewalReminder | None:
    """One reminder in its own transaction, or None if another run has sent it."""
    end = grant.end_date
    assert end is not None
    due = rules.renewal_application_due(end)
    with transaction.atomic():
        try:
            # Inserted first: a second run (or a second worker at the same moment) meets the unique
            # constraint here, before any letter is written, and sends nothing.
            with transaction.atomic():
                row = RenewalReminder.objects.create(grant=grant, weeks=reminder.weeks, sent_on=today)
        except IntegrityError:
            return None
        case = grant.case
        # The letter is signed by the case's caseworker, or the one who decided the grant.
        sender = case.caseworker or grant.decision.decided_by
        subject, body = renewal_reminder_letter(grant=grant, weeks=reminder.weeks, due=due)
        row.person_letter = _letter(grant, sender, subject, body, employer=False)
        if case.employer is not None:
            subject, body = employer_renewal_reminder_letter(grant=grant, weeks=reminder.weeks, due=due)
            row.employer_letter = _letter(grant, sender, subject, body, employer=True)
        row.save(update_fields=["person_letter", "employer_letter"])
        case_event_record(
            case,
            EventType.RENEWAL_REMINDED,
            None,
            grant_id=grant.pk,
            weeks=reminder.weeks,
            end_date=str(end),
            application_due=str(due),
            person_letter_id=row.person_letter.pk,
            employer_letter_id=row.employer_letter.pk if row.employer_letter else None,
            on=str(today),
        )
        _notify(row.pk)
    return row


def renewal_reminders_send(*, today: dt.date) -> list[RenewalReminder]:
    """Send every renewal reminder due by ``today`` and not yet sent (a missed one goes out late, never
    after the end date); none to a person who has applied for the renewal or already has a later grant."""
    grants = (
        Grant.objects.filter(
            status=GrantStatus.ACTIVE,
            decision__end_date__isnull=False,
            decision__end_date__gte=today,
            decision__end_date__lte=today + _LOOKAHEAD,
        )
        .select_related("case__person", "case__employer", "case__caseworker", "decision__decided_by")
        .order_by("decision__end_date", "pk")
    )
    sent: list[RenewalReminder] = []
    for grant in grants:
        end = grant.end_date
        assert end is not None
        done = frozenset(RenewalReminder.objects.filter(grant=grant).values_list("weeks", flat=True))
        due = rules.reminders_due(end, today, done)
        if not due or renewal_applied(grant) or renewal_successor(grant) is not None:
            continue
        for reminder in due:
            row = _remind(grant, reminder, today)
            if row is not None:
                sent.append(row)
    return sent


# --- lapse ------------------------------------------------------------------------------------------------


def grants_lapse(*, today: dt.date) -> list[Grant]:
    """Every active grant whose end date has passed lapses: its planned follow-ups are no longer due, and
    payment for time after the end date is refused (`Grant.period_refusal`); time up to it is still paid."""
    candidates = list(
        Grant.objects.filter(status=GrantStatus.ACTIVE, decision__end_date__lt=today).values_list(
            "pk", flat=True
        )
    )
    lapsed: list[Grant] = []
    for pk in candidates:
        with transaction.atomic():
            # The lock payment requests take when they are signed: a request signed at the same moment is
            # judged against the grant either before or after it lapsed, never half-way.
            grant = (
                Grant.objects.select_for_update(of=("self",))
                .select_related("decision", "case")
                .filter(pk=pk, status=GrantStatus.ACTIVE)
                .first()
            )
            if grant is None or not rules.has_lapsed(grant.end_date, today):
                continue
            grant.status = GrantStatus.LAPSED
            grant.save(update_fields=["status"])
            cancelled = follow_ups_cancel(grant=grant, at=timezone.now())
            successor = renewal_successor(grant)
            case_event_record(
                grant.case,
                EventType.GRANT_LAPSED,
                None,
                grant_id=grant.pk,
                end_date=str(grant.end_date),
                on=str(today),
                follow_ups_cancelled=cancelled,
                renewed_by_grant_id=successor.pk if successor else None,
            )
            lapsed.append(grant)
    return lapsed


# --- the renewal application -----------------------------------------------------------------------------


def _refusal(grant: Grant, today: dt.date) -> str:
    """Why this grant cannot be renewed now, in the person's words; "" when it can."""
    end = grant.end_date
    if end is None:
        return (
            "Bevillingen gælder indtil videre og skal ikke fornyes. Jobcentret følger op på den, og ændrer "
            "dit behov sig, kan du give jobcentret besked."
        )
    if grant.status in (GrantStatus.STOPPED, GrantStatus.REPLACED):
        return (
            f"Bevillingen er {GrantStatus(grant.status).label.lower()} og kan ikke fornyes. Har du stadig "
            "brug for hjælp, kan du søge om personlig assistance på ny."
        )
    closes = rules.renewal_window_closes(end)
    if today > closes:
        return (
            f"Bevillingen udløb {end:%d.%m.%Y}, for mere end 3 måneder siden, og kan ikke længere fornyes. "
            "Har du stadig brug for hjælp, kan du søge om personlig assistance på ny."
        )
    successor = renewal_successor(grant)
    if successor is not None:
        return (
            f"Bevillingen er allerede fornyet: du har en ny bevilling fra {successor.start_date:%d.%m.%Y} "
            f"({successor.reference})."
        )
    return ""


def _under_way(grant: Grant) -> Application | None:
    """A renewal the person has sent that is not yet decided (a decided one leaves a grant or a refusal)."""
    for application in renewal_applications(grant).filter(status__in=APPLIED_STATUSES):
        if application.case is None or not application.case.decisions.filter(sent_at__isnull=False).exists():
            return application
    return None


def _prefill(grant: Grant, person: Person, user: User) -> Application:
    """A draft copied from the grant's own application and the grant's terms."""
    old: Application | None = getattr(grant.case, "application", None)
    end = grant.end_date
    assert end is not None
    copied: dict[str, object] = {}
    if old is not None:
        copied = {
            f: getattr(old, f)
            for f in (
                "job_title",
                "phone",
                "email",
                "employment_type",
                "employment_form",
                "impairment_description",
                "tasks_description",
                "hours_without_assistance",
                "travel",
                "travel_description",
                # The employer's part it will confirm or correct when it co-signs.
                "working_hours",
                "employment_start",
            )
        }
    application = Application.objects.create(
        person=person,
        employer=grant.case.employer or (old.employer if old else None),
        channel=Channel.ONLINE,
        renews=grant,
        **copied,
        # What was granted is what is sought again, from the day after the end; the new end is the person's
        # choice (or «indtil videre»), and so is approving the assistant again.
        hours_sought=grant.hours_per_week,
        period_from=end + dt.timedelta(days=1),
    )
    if not application.email:
        application.email = user.email
        application.save(update_fields=["email"])
    # The approved assistants of the grant, or (an interpreting grant names none) those applied for.
    assistants = list(grant.decision.assistants.all()) or (list(old.assistants.all()) if old else [])
    Assistant.objects.bulk_create(
        Assistant(application=application, kind=a.kind, name=a.name, cpr=a.cpr) for a in assistants
    )
    return application


def renewal_start(*, user: User, grant: Grant) -> Application:
    """The person (own CPR) starts the renewal of a time-limited grant: a draft filled in from the earlier
    application, with ``renews`` set. A second click finds the same draft.

    It can be started until the end date and up to 3 months after it (`rules.renewal_window_closes`):
    the renewal can still start the day after the end, since a grant may start 3 months before the
    application is received (BEK § 25 stk. 5). Later it is a new application like any other.
    """
    case = grant.case
    if user.role != Role.CITIZEN or not user.cpr or case.person.cpr != user.cpr:
        raise PermissionDenied("Du kan kun søge om fornyelse af din egen bevilling.")
    today = timezone.localdate()
    with transaction.atomic():
        # Two clicks at once: the second waits here and then finds the first one's draft.
        person = Person.objects.select_for_update().get(pk=case.person_id)
        draft = Application.objects.filter(person=person, status=ApplicationStatus.DRAFT).first()
        if draft is not None and draft.renews_id == grant.pk:
            return draft
        refusal = _refusal(grant, today)
        if refusal:
            raise ValidationError(refusal)
        sent = _under_way(grant)
        if sent is not None:
            raise ValidationError(
                f"Du har allerede søgt om fornyelse af bevillingen ({sent.reference}, "
                f"{ApplicationStatus(sent.status).label.lower()}). Jobcentret behandler ansøgningen."
            )
        if draft is not None:
            # One draft per person (the database holds it): the other one is finished or left first.
            raise ValidationError(
                f"Du har allerede en ansøgning under udfyldelse ({draft.reference}). Gør den færdig under "
                "«Ansøgninger», før du søger om fornyelse, eller kontakt jobcentret."
            )
        return _prefill(grant, person, user)


def renewal_received(*, application: Application, case: Case, actor: User | None) -> None:
    """A renewal application is received (the employer co-signed, the new case opened): the old case's
    timeline says so, in the caller's transaction."""
    grant = application.renews
    if grant is None:
        return
    case_event_record(
        grant.case,
        EventType.RENEWAL_APPLIED,
        actor,
        grant_id=grant.pk,
        application_id=application.pk,
        application_reference=application.reference,
        new_case_id=case.pk,
        new_case_reference=case.reference,
        received_on=str(case.received_on),
    )
