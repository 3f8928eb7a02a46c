"""The user's attestation of an interpreting invoice, and the interpreter's and agency's signatures.

A *statement* is one invoice × one interpreter: the sessions that interpreter is invoiced for (Copenhagen's
receipt form, one per interpreter). The user confirms or disputes it line by line in the portal, and the
confirmation is also the user's solemn declaration that the confirmed sessions took place. The interpreter and
the agency sign the same statement. A disputed line is held back and goes to the caseworker as a deadline.

Line statuses only change while the invoice is received and not yet settled (`SUBMITTED`): after approval or
rejection the lines are what was paid, or not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from kompensation.accounts.models import Role, User
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.models import Deadline, DeadlineKind, EventType
from kompensation.cases.services import case_event_record
from kompensation.rules import deadlines

from ..models import (
    Attestation,
    AttestationParty,
    Interpreter,
    InvoiceLine,
    LineStatus,
    PaymentRequest,
    RequestStatus,
)
from ..permissions import is_statement_party
from .interpreting_controls import ATTESTATION_RULE, invoice_controls_run

# The caseworker looks into disputed sessions within a week of working days (the payment is held meanwhile).
DISPUTE_WORKING_DAYS = 5
# The same 14 days the municipality gives a co-signature before reminding.
REMINDER_DAYS = deadlines.COSIGN_REMINDER_DAYS
# The reminder is stored as a case event (no model of its own): this payload marks it, so it is sent once.
NOTE_MAX = 500

ATTESTATION_TEXTS: dict[str, str] = {
    AttestationParty.USER: (
        "Jeg bekræfter på tro og love, at tolkningen på de bekræftede linjer har fundet sted som anført, "
        "med {interpreter} som tolk. Jeg ved, at urigtige oplysninger kan straffes og kan føre til, at "
        "kommunen kræver pengene betalt tilbage."
    ),
    AttestationParty.INTERPRETER: (
        "Jeg bekræfter på tro og love, at jeg har tolket for tolkebrugeren på bevilling {grant} "
        "på de anførte dage og tidspunkter, og at oplysningerne på linjerne er rigtige."
    ),
    AttestationParty.AGENCY: (
        "Vi bekræfter på tro og love, at {interpreter} har tolket for tolkebrugeren på bevilling {grant} "
        "på de anførte dage og tidspunkter, som faktureret på faktura {invoice}."
    ),
}


@dataclass
class Statement:
    """One interpreter's sessions on one invoice, with the signatures given so far (party → attestation).

    The interpreter and the agency see the user as the grant's reference, not by name: they invoice by it,
    and a statement shown to them needs nothing more about the person."""

    request: PaymentRequest
    interpreter: Interpreter
    lines: list[InvoiceLine]
    signatures: dict[str, Attestation] = field(default_factory=dict)

    @property
    def awaiting_lines(self) -> list[InvoiceLine]:
        return [x for x in self.lines if x.status == LineStatus.AWAITING]

    @property
    def open(self) -> bool:
        """Lines may still change (the invoice is received, not settled)."""
        return self.request.status == RequestStatus.SUBMITTED

    def text(self, party: str) -> str:
        return ATTESTATION_TEXTS[party].format(
            interpreter=self.interpreter.name,
            grant=self.request.grant.reference,
            invoice=self.request.invoice_number,
        )

    def signed(self, party: str) -> Attestation | None:
        return self.signatures.get(party)


def _statements(lines: list[InvoiceLine]) -> list[Statement]:
    """Group lines (with request, case, person, agency and interpreter loaded) into statements."""
    grouped: dict[tuple[int, int], list[InvoiceLine]] = defaultdict(list)
    for line in lines:
        grouped[(line.request_id, line.interpreter_id)].append(line)
    signatures: dict[tuple[int, int], dict[str, Attestation]] = defaultdict(dict)
    for attestation in Attestation.objects.filter(request_id__in={k[0] for k in grouped}):
        signatures[(attestation.request_id, attestation.interpreter_id)][attestation.party] = attestation
    out = [
        Statement(
            request=rows[0].request,
            interpreter=rows[0].interpreter,
            lines=sorted(rows, key=lambda x: x.position),
            signatures=signatures.get(key, {}),
        )
        for key, rows in grouped.items()
    ]
    return sorted(
        out, key=lambda s: (s.request.submitted_at or timezone.now(), s.request.pk, s.interpreter.name)
    )


def _lines() -> QuerySet[InvoiceLine]:
    return InvoiceLine.objects.select_related(
        "request__grant__case__person", "request__grant__case__employer", "request__agency", "interpreter"
    ).filter(request__kind=GrantKindCode.INTERPRETING)


def statement_get(*, request_pk: int, interpreter_pk: int) -> Statement | None:
    """The statement of one invoice and interpreter, or None when the interpreter has no line on it."""
    lines = list(_lines().filter(request_id=request_pk, interpreter_id=interpreter_pk))
    found = _statements(lines)
    return found[0] if found else None


def statements_awaiting(user: User) -> list[Statement]:
    """What waits for the user: a citizen's unanswered sessions; an interpreter's or agency's signature."""
    if not (user.is_authenticated and user.is_active):
        return []
    lines = _lines().filter(request__status=RequestStatus.SUBMITTED)
    if user.role == Role.CITIZEN and user.cpr:
        lines = lines.filter(request__grant__case__person__cpr=user.cpr)
        party = AttestationParty.USER
    elif user.role == Role.INTERPRETER:
        lines = lines.filter(interpreter__user=user)
        party = AttestationParty.INTERPRETER
    elif user.role == Role.INTERPRETER_AGENCY and user.cvr:
        lines = lines.filter(request__agency__cvr=user.cvr)
        party = AttestationParty.AGENCY
    else:
        return []
    statements = _statements(list(lines))
    if party == AttestationParty.USER:
        return [s for s in statements if s.awaiting_lines and not s.signed(party)]
    return [s for s in statements if not s.signed(party)]


def _locked(request: PaymentRequest, interpreter: Interpreter) -> tuple[PaymentRequest, list[InvoiceLine]]:
    """Lock the invoice (the lock approval takes) and check its lines may still change."""
    locked = PaymentRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.SUBMITTED:
        raise ValidationError(
            "Fakturaen er allerede behandlet af kommunen, så sessionerne kan ikke længere bekræftes eller "
            "afvises her. Kontakt kommunen, hvis noget ikke passer."
        )
    lines = list(locked.invoice_lines.filter(interpreter=interpreter).order_by("position"))
    if not lines:
        raise ValidationError("Tolken har ingen sessioner på denne faktura.")
    return locked, lines


def statement_attest(
    *,
    user: User,
    request: PaymentRequest,
    interpreter: Interpreter,
    answers: dict[int, tuple[bool, str]],
    today: dt.date | None = None,
) -> Attestation:
    """The user confirms or disputes every session of the statement; confirming is their solemn declaration.

    `answers` maps a line's id to (took place?, note). A «no» needs a short note: it is what the caseworker
    starts from. Nothing is stored unless every session is answered.
    """
    statement = statement_get(request_pk=request.pk, interpreter_pk=interpreter.pk)
    if statement is None or not is_statement_party(user, statement, AttestationParty.USER):
        raise PermissionDenied("Du kan kun bekræfte tolkning, du selv har modtaget.")
    with transaction.atomic():
        locked, lines = _locked(request, interpreter)
        if Attestation.objects.filter(
            request=locked, interpreter=interpreter, party=AttestationParty.USER
        ).exists():
            raise ValidationError("Du har allerede svaret på disse sessioner.")
        awaiting = [x for x in lines if x.status == LineStatus.AWAITING]
        if not awaiting:
            raise ValidationError("Der er ingen sessioner, der venter på dit svar.")
        errors: dict[str, str] = {}
        for line in awaiting:
            answer = answers.get(line.pk)
            if answer is None:
                errors[f"answer_{line.pk}"] = "Svar ja eller nej: fandt tolkningen sted?"
            elif not answer[0] and not answer[1].strip():
                errors[f"note_{line.pk}"] = "Skriv kort, hvad der ikke passer."
            elif len(answer[1].strip()) > NOTE_MAX:
                errors[f"note_{line.pk}"] = f"Skriv højst {NOTE_MAX} tegn."
        if errors:
            raise ValidationError(errors)
        confirmed, disputed = [], []
        for line in awaiting:
            took_place, note = answers[line.pk]
            if took_place:
                line.status = LineStatus.CONFIRMED
                line.dispute_reason = ""
                confirmed.append(line)
            else:
                line.status = LineStatus.DISPUTED
                line.dispute_reason = note.strip()
                disputed.append(line)
        InvoiceLine.objects.bulk_update(awaiting, ["status", "dispute_reason"])
        attestation = Attestation.objects.create(
            request=locked,
            interpreter=interpreter,
            party=AttestationParty.USER,
            signed_by=user,
            signed_at=timezone.now(),
            text=statement.text(AttestationParty.USER),
            confirmed=len(confirmed),
            disputed=len(disputed),
        )
        case = statement.request.grant.case
        case_event_record(
            case,
            EventType.INVOICE_DISPUTED if disputed else EventType.INVOICE_ATTESTED,
            user,
            request_id=locked.pk,
            invoice_number=locked.invoice_number,
            interpreter=interpreter.number,
            confirmed=len(confirmed),
            disputed=len(disputed),
            disputed_lines=[x.position for x in disputed],
        )
        if disputed:
            # The caseworker of the case looks into it; the inbox lists it by this deadline.
            Deadline.objects.create(
                case=case,
                kind=DeadlineKind.INVOICE_DISPUTE,
                due=deadlines.working_days_after(today or timezone.localdate(), DISPUTE_WORKING_DAYS),
                rule=ATTESTATION_RULE[:120],
            )
        invoice_controls_run(request=locked)
    return attestation


def statement_sign(
    *, user: User, request: PaymentRequest, interpreter: Interpreter, party: str
) -> Attestation:
    """The interpreter signs their own statement, the agency the statements of its invoice."""
    if party not in (AttestationParty.INTERPRETER, AttestationParty.AGENCY):
        raise ValidationError("Kun tolken og tolkebureauet underskriver opgørelsen her.")
    statement = statement_get(request_pk=request.pk, interpreter_pk=interpreter.pk)
    if statement is None or not is_statement_party(user, statement, party):
        raise PermissionDenied("Du kan kun underskrive din egen opgørelse.")
    try:
        with transaction.atomic():
            locked, _ = _locked(request, interpreter)
            attestation = Attestation.objects.create(
                request=locked,
                interpreter=interpreter,
                party=party,
                signed_by=user,
                signed_at=timezone.now(),
                text=statement.text(party),
            )
            # The statement is signed on tro og love: a declaration, in the case's timeline as one.
            case_event_record(
                statement.request.grant.case,
                EventType.DECLARATION_SIGNED,
                user,
                kind="statement",
                request_id=locked.pk,
                invoice_number=locked.invoice_number,
                interpreter=interpreter.number,
                party=party,
            )
            invoice_controls_run(request=locked)
    except IntegrityError as error:
        raise ValidationError("Opgørelsen er allerede underskrevet.") from error
    return attestation


def _reminded(statement: Statement) -> bool:
    return statement.request.grant.case.events.filter(
        type=EventType.ATTESTATION_REMINDED,
        payload__request_id=statement.request.pk,
        payload__interpreter_id=statement.interpreter.pk,
    ).exists()


def attestation_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the user of each statement still unanswered 14 days after the invoice came; once per statement.

    The reminder is a case event (the stamp that makes the run idempotent), and the mail goes after commit
    as a task.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=REMINDER_DAYS)
    lines = list(
        _lines().filter(
            request__status=RequestStatus.SUBMITTED,
            request__submitted_at__lte=cutoff,
            status=LineStatus.AWAITING,
        )
    )
    sent = 0
    with transaction.atomic():
        for statement in _statements(lines):
            if statement.signed(AttestationParty.USER) or _reminded(statement):
                continue
            request = statement.request
            case_event_record(
                request.grant.case,
                EventType.ATTESTATION_REMINDED,
                None,
                request_id=request.pk,
                interpreter_id=statement.interpreter.pk,
                label=(
                    f"Påmindelse sendt til borgeren: bekræft tolkningen med {statement.interpreter.name} "
                    f"på faktura {request.invoice_number}"
                ),
                on=now.date().isoformat(),
            )
            transaction.on_commit(
                lambda r=request.pk, i=statement.interpreter.pk: mail_attestation_reminder.enqueue(r, i),  # type: ignore[misc]
                robust=True,
            )
            sent += 1
    return sent


@task()
def mail_attestation_reminder(request_id: int, interpreter_id: int) -> int:
    """Mail the user's portal login(s) a reminder to answer a statement; returns mails sent."""
    statement = statement_get(request_pk=request_id, interpreter_pk=interpreter_id)
    if statement is None:
        return 0
    person = statement.request.grant.case.person
    recipients = list(
        User.objects.filter(role=Role.CITIZEN, cpr=person.cpr, is_active=True)
        .exclude(Q(email="") | Q(email__isnull=True))
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    return send_mail(
        subject="Påmindelse: bekræft din tolkning",
        message=(
            f"{statement.request.agency.name if statement.request.agency else 'Tolkebureauet'} har sendt en "
            f"regning for tolkning med {statement.interpreter.name} for 14 dage siden. "
            "Log ind på Mine sider, og svar for hver session, om tolkningen fandt sted. "
            "Kommunen betaler først, når du har svaret."
        ),
        from_email=None,
        recipient_list=recipients,
    )
