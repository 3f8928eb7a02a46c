"""Sample checks and tips: did the user receive the assistance that was paid for?

Each month the municipality asks a random sample of the users whose grant (personal assistance or
interpreting) had payouts for periods in that month. The question goes to the person on Mine sider and by
letter; the answer comes in the portal or on paper (recorded by staff). A «no» opens a control task for the
caseworker. Anonymous tips about a grant, an agency or an interpreter are registered and closed with an
outcome; a tip about a grant opens a control task too. The tipper is anonymous: nothing names them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases.models import Confidentiality, Deadline, DeadlineKind, EventType, Grant
from kompensation.cases.services.events import case_event_record
from kompensation.letters.models import LetterKind, Recipient
from kompensation.letters.services import letter_create, letter_send
from kompensation.rules import deadlines
from kompensation.rules.payments import period_label

from ..models import PaymentRequest, PaymentSettings
from ..models.interpreting import Agency, Interpreter, SampleAnswer, SampleAnswerStatus, SampleCheck, Tip
from .money import kr

# LetterKind has no choice for this letter yet (a new choice needs a migration, owned by the lead); the
# value is stored as is and shown by its subject.
SAMPLE_LETTER_KIND = LetterKind.SAMPLE_CHECK
# A control task is due in 10 working days: long enough to look at the payouts and call the person.
CONTROL_TASK_WORKING_DAYS = 10
DEFAULT_SAMPLE_SIZE = PaymentSettings._meta.get_field("sample_size").get_default()
SAMPLE_RULE = "Kontrol af udbetalt hjælp (stikprøve)"
TIP_RULE = "Kontrol af udbetalt hjælp (anonymt tip)"
STAFF_ROLES = (Role.CASEWORKER, Role.PAYMENT_OFFICER, Role.MANAGER)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `month`'s calendar month."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def previous_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def sample_size_for(municipality: Municipality) -> int:
    settings = PaymentSettings.objects.filter(municipality=municipality).first()
    return settings.sample_size if settings is not None else int(DEFAULT_SAMPLE_SIZE)


def _paid_in_month(municipality: Municipality, month: dt.date) -> dict[int, list[PaymentRequest]]:
    """The municipality's paid requests (a payout exists) for periods overlapping the month, per grant."""
    first, last = month_bounds(month)
    paid: dict[int, list[PaymentRequest]] = {}
    rows = (
        PaymentRequest.objects.filter(
            municipality=municipality,
            grant__case__municipality=municipality,
            payout__isnull=False,
            period_start__lte=last,
            period_end__gte=first,
        )
        .select_related("payout")
        .order_by("grant_id", "period_start", "pk")
    )
    for request in rows:
        paid.setdefault(request.grant_id, []).append(request)
    return paid


def municipalities_with_payouts(month: dt.date) -> list[Municipality]:
    first, last = month_bounds(month)
    ids = (
        PaymentRequest.objects.filter(payout__isnull=False, period_start__lte=last, period_end__gte=first)
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    return list(Municipality.objects.filter(pk__in=list(ids)).order_by("pk"))


def _require_staff(user: User, municipality_id: int | None, roles: tuple[str, ...], message: str) -> None:
    if not (user.is_active and user.role in roles and user.municipality_id == municipality_id):
        raise PermissionDenied(message)


def sample_draw(
    *, municipality: Municipality, month: dt.date, user: User | None = None, seed: str | None = None
) -> SampleCheck:
    """Draw the month's sample (or return the one already drawn) and ask each person in it.

    `user` is the payment officer who drew it now; None when the monthly job draws it. The seed is stored,
    so anyone can draw the same sample again from the same grants: `random.Random(seed)` over the grant ids
    in ascending order.
    """
    if user is not None:
        _require_staff(
            user,
            municipality.pk,
            (Role.PAYMENT_OFFICER,),
            "Kun kommunens ydelsesmedarbejdere trækker stikprøver.",
        )
    first, _ = month_bounds(month)
    existing = SampleCheck.objects.filter(municipality=municipality, month=first).first()
    if existing is not None:
        return existing
    size = sample_size_for(municipality)
    seed = seed or secrets.token_hex(8)
    try:
        with transaction.atomic():
            sample = SampleCheck.objects.create(
                municipality=municipality, month=first, size=size, seed=seed, drawn_by=user
            )
            paid = _paid_in_month(municipality, first)
            chosen = pick(sorted(paid), size=size, seed=seed)
            for grant in Grant.objects.filter(pk__in=chosen).select_related("case__person", "decision"):
                _ask(sample, grant, paid[grant.pk], user)
    except IntegrityError:
        # Drawn at the same moment by the job and an officer: the one that committed first stands.
        return SampleCheck.objects.get(municipality=municipality, month=first)
    return sample


def pick(grant_ids: list[int], *, size: int, seed: str) -> list[int]:
    """The sample: `size` of the ids (all of them if fewer), reproducible from the seed."""
    if len(grant_ids) <= size:
        return list(grant_ids)
    return sorted(random.Random(seed).sample(grant_ids, size))


def _ask(
    sample: SampleCheck, grant: Grant, requests: list[PaymentRequest], user: User | None
) -> SampleAnswer:
    """One person in the sample: the amount paid (gross of each payout: what was paid for the help, before
    any repayment was offset), the periods it covered, and the question by letter and on Mine sider."""
    total = sum((r.payout.gross for r in requests), Decimal("0"))
    start = min(r.period_start for r in requests)
    end = max(r.period_end for r in requests)
    case = grant.case
    kind = "tolkning" if grant.is_interpreting else "personlig assistance"
    subject = "Fik du den hjælp, der er betalt for?"
    body = "\n\n".join(
        [
            f"Kommunen har udbetalt {kr(total)} for {kind} til dig for perioden {period_label(start, end)} "
            f"(bevilling {grant.reference}).",
            "Hver måned spørger kommunen nogle tilfældigt udvalgte borgere, om de har fået den hjælp, "
            "der er betalt for. Du er udvalgt denne gang. Det betyder ikke, at vi tror, at noget er galt.",
            "Svar på Mine sider under «Fik du den hjælp, der er betalt for?», eller skriv til os med "
            f"bevillingens nummer {grant.reference} og om du fik hjælpen.",
        ]
    )
    letter = letter_create(
        case=case,
        kind=SAMPLE_LETTER_KIND,
        subject=subject,
        body=body,
        confidentiality=Confidentiality.HEALTH,
        recipient=Recipient.PERSON,
    )
    sender = user or case.caseworker or grant.decision.decided_by
    if sender is not None:
        letter_send(letter=letter, user=sender)
    can_log_in = User.objects.filter(role=Role.CITIZEN, cpr=case.person.cpr, is_active=True).exists()
    return SampleAnswer.objects.create(
        sample=sample,
        grant=grant,
        period_start=start,
        period_end=end,
        paid_total=total,
        channel="portal" if can_log_in else "letter",
        letter=letter,
    )


def _control_task(grant: Grant, rule: str) -> Deadline:
    today = timezone.localdate()
    return Deadline.objects.create(
        case=grant.case,
        kind=DeadlineKind.CONTROL_TASK,
        due=deadlines.working_days_after(today, CONTROL_TASK_WORKING_DAYS),
        rule=rule,
    )


def _answer(
    *, user: User, answer: SampleAnswer, received: bool, comment: str, via: str
) -> tuple[SampleAnswer, Deadline | None]:
    comment = (comment or "").strip()
    if len(comment) > 4000:
        raise ValidationError({"comment": "Bemærkningen må højst være 4000 tegn."})
    with transaction.atomic():
        answer = SampleAnswer.objects.select_for_update().select_related("grant__case").get(pk=answer.pk)
        if answer.status != SampleAnswerStatus.ASKED:
            raise ValidationError("Der er allerede svaret på spørgsmålet.")
        answer.status = SampleAnswerStatus.YES if received else SampleAnswerStatus.NO
        answer.comment = comment
        answer.answered_at = timezone.now()
        answer.recorded_by = user
        answer.save(update_fields=["status", "comment", "answered_at", "recorded_by"])
        task = None if received else _control_task(answer.grant, SAMPLE_RULE)
        case_event_record(
            answer.grant.case,
            EventType.SAMPLE_ANSWERED,
            user,
            answer_id=answer.pk,
            month=answer.sample.month.isoformat(),
            received=received,
            via=via,
            control_task_id=task.pk if task else None,
        )
    return answer, task


def sample_answer(*, user: User, answer: SampleAnswer, received: bool, comment: str = "") -> SampleAnswer:
    """The person answers on Mine sider."""
    if not (user.is_active and user.role == Role.CITIZEN and user.cpr == answer.grant.case.person.cpr):
        raise PermissionDenied("Kun den person, spørgsmålet er stillet til, kan svare.")
    return _answer(user=user, answer=answer, received=received, comment=comment, via="portal")[0]


def sample_answer_record(
    *, user: User, answer: SampleAnswer, received: bool, comment: str = ""
) -> SampleAnswer:
    """A caseworker or payment officer records an answer that came by letter or phone."""
    _require_staff(
        user,
        answer.grant.case.municipality_id,
        (Role.CASEWORKER, Role.PAYMENT_OFFICER),
        "Kun kommunens sagsbehandlere og ydelsesmedarbejdere kan registrere svar.",
    )
    return _answer(user=user, answer=answer, received=received, comment=comment, via="paper")[0]


@dataclass(frozen=True)
class SampleSummary:
    asked: int
    yes: int
    no: int


def sample_summary(sample: SampleCheck) -> SampleSummary:
    counts = dict(sample.answers.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return SampleSummary(
        asked=counts.get(SampleAnswerStatus.ASKED, 0),
        yes=counts.get(SampleAnswerStatus.YES, 0),
        no=counts.get(SampleAnswerStatus.NO, 0),
    )


def tip_register(
    *,
    user: User,
    municipality: Municipality,
    grant: Grant | None = None,
    agency: Agency | None = None,
    interpreter: Interpreter | None = None,
    received_on: dt.date,
    channel: str,
    content: str,
) -> Tip:
    """Register an anonymous tip. Nothing about the tipper is stored: only how and when it came."""
    _require_staff(user, municipality.pk, STAFF_ROLES, "Kun kommunens medarbejdere kan registrere tips.")
    errors: dict[str, str] = {}
    if grant is None and agency is None and interpreter is None:
        errors["grant"] = "Vælg hvad tippet handler om: en bevilling, en tolkevirksomhed eller en tolk."
    if grant is not None and grant.case.municipality_id != municipality.pk:
        errors["grant"] = "Bevillingen findes ikke i kommunen."
    content = (content or "").strip()
    if not content:
        errors["content"] = "Skriv hvad tippet går ud på."
    channel = (channel or "").strip()
    if not channel:
        errors["channel"] = "Skriv hvordan tippet kom (fx telefon, brev, e-mail)."
    if received_on > timezone.localdate():
        errors["received_on"] = "Datoen kan ikke ligge i fremtiden."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        tip = Tip.objects.create(
            municipality=municipality,
            grant=grant,
            agency=agency,
            interpreter=interpreter,
            received_on=received_on,
            channel=channel[:40],
            content=content,
            registered_by=user,
        )
        if grant is not None:
            task = _control_task(grant, TIP_RULE)
            case_event_record(
                grant.case, EventType.TIP_REGISTERED, user, tip_id=tip.pk, control_task_id=task.pk
            )
    return tip


def tip_close(*, user: User, tip: Tip, outcome: str) -> Tip:
    """Close a tip with what came of it."""
    _require_staff(user, tip.municipality_id, STAFF_ROLES, "Kun kommunens medarbejdere kan lukke tips.")
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": "Skriv hvad der kom ud af tippet."})
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip.pk)
        if tip.closed_at is not None:
            raise ValidationError("Tippet er allerede lukket.")
        tip.outcome = outcome
        tip.closed_at = timezone.now()
        tip.save(update_fields=["outcome", "closed_at"])
    return tip
