"""The decision: validation, the draft and its letter, sending it and opening the grant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from kompensation.accounts.models import User
from kompensation.letters import services as letters
from kompensation.letters.compose import employer_decision_letter
from kompensation.letters.models import LetterKind
from kompensation.rules import eligibility, pa
from kompensation.rules import followup as followup_rules

from ..grant_kinds import GrantKindCode, InterpretingType
from ..lifecycle import can_decide, status_after_decision
from ..models import (
    DECISION_DEADLINE_KINDS,
    MEDICAL_DOCUMENT_TYPES,
    Assistant,
    Case,
    CaseStatus,
    Confidentiality,
    DeadlineKind,
    Decision,
    EventType,
    Grant,
    GrantStatus,
    Outcome,
    PeriodType,
    RateType,
)
from ..validators import sane_date_errors
from .events import _event, _require_caseworker, _transition
from .investigation import investigation_for


def _iso(value: object) -> object:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


DECISION_FIELDS = (
    "outcome",
    "hours_per_week",
    "start_date",
    "end_date",
    "period_type",
    "period_reason",
    "rate_type",
    "rate_reason",
    "reasons",
    "partial_reason",
    "refusal_grounds",
    "other_help",
    "grant_kind",
    "interpreting_type",
    "agency_choice_approved_on",
)

# Free text can hold health data; the case event records the terms, not the wording.
_FREE_TEXT = ("reasons", "partial_reason", "other_help")


def _hearing_satisfied(case: Case) -> bool:
    today = timezone.localdate()
    return any(h.answered or h.response_due < today for h in case.hearings.all())


def _sought(case: Case) -> tuple[Decimal | None, pa.Period]:
    if case.status == CaseStatus.FOLLOW_UP:
        # A follow-up's new decision answers no application: it is held up against the running grant, so
        # fewer hours or an earlier end is a partial refusal that needs a hearing; a new start does not.
        running = case.grants.filter(status=GrantStatus.ACTIVE).select_related("decision").first()
        if running is not None:
            return running.hours_per_week, (None, running.end_date)
    application = getattr(case, "application", None)
    if application is None:
        return None, (None, None)
    end = None if application.until_further_notice else application.period_to
    return application.hours_sought, (application.period_from, end)


def _kind_error(case: Case, outcome: str, data: Mapping[str, Any]) -> str:
    """A grant of less than was sought is a partial grant (a partial refusal), and the reverse."""
    hours = data.get("hours_per_week")
    start = data.get("start_date")
    if hours is None or start is None:
        return ""
    end = data.get("end_date") if data.get("period_type") == PeriodType.TIME_LIMITED else None
    hours_sought, period_sought = _sought(case)
    kind = pa.decision_kind(hours_sought, hours, period_sought, (start, end))
    if outcome == Outcome.GRANT and kind == "partial_grant":
        return (
            f"Der bevilges mindre, end der er {_compared_with(case)}: "
            f"{pa.format_hours(hours_sought or Decimal(0))} "
            f"timer om ugen {_period_words(period_sought)}; bevilget: {pa.format_hours(hours)} timer om ugen "
            f"{_period_words((start, end))}). Det er en delvis bevilling: vælg «Delvis bevilling», partshør "
            "personen først, og skriv, hvorfor der bevilges mindre."
        )
    if outcome == Outcome.PARTIAL_GRANT and kind == "grant":
        return (
            "Der bevilges det, der er søgt om, både timer og periode. Vælg «Bevilling», eller ret timerne "
            "eller perioden, hvis der skal bevilges mindre."
        )
    return ""


def _compared_with(case: Case) -> str:
    return "bevilget nu (nu" if case.status == CaseStatus.FOLLOW_UP else "søgt om (søgt"


def _period_words(period: pa.Period) -> str:
    start, end = period
    if start is None:
        return f"til {end:%d.%m.%Y}" if end else "indtil videre"
    first = f"fra {start:%d.%m.%Y}" if start else "fra –"
    return f"{first} til {end:%d.%m.%Y}" if end else f"{first} og indtil videre"


def _interpreting_errors(data: Mapping[str, Any], agency_count: int) -> dict[str, str]:
    """An interpreting grant names its kind, the approved agencies, and when the person approved the choice
    (BEK § 12 stk. 4–6)."""
    errors: dict[str, str] = {}
    if data.get("interpreting_type") not in InterpretingType.values:
        errors["interpreting_type"] = "Vælg tegnsprogstolkning, taktil tolkning eller skrivetolkning."
    if not agency_count:
        errors["agencies"] = "Vælg mindst ét tolkebureau."
    approved = data.get("agency_choice_approved_on")
    if approved is None:
        errors["agency_choice_approved_on"] = (
            "Skriv hvornår borgeren godkendte valget af tolkebureau (BEK § 12 stk. 5–6)."
        )
    elif approved > timezone.localdate():
        errors["agency_choice_approved_on"] = "Datoen for borgerens godkendelse kan ikke ligge i fremtiden."
    return errors


def _decision_errors(
    case: Case,
    data: Mapping[str, Any],
    assistants: Sequence[Assistant],
    facts_commented: bool,
    agency_count: int = 0,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    outcome = data.get("outcome")
    # Ending a running grant is its own decision (services.grant_end), never drafted through this form.
    if outcome not in Outcome.values or outcome == Outcome.END:
        return {"outcome": "Vælg bevilling, delvis bevilling eller afslag."}
    if not (data.get("reasons") or "").strip():
        errors["reasons"] = "Skriv begrundelsen for afgørelsen (forvaltningsloven § 24)."
    investigation = investigation_for(case)
    documented = (
        bool(investigation.no_documentation_reason.strip())
        or case.documents.filter(doc_type__in=MEDICAL_DOCUMENT_TYPES).exists()
    )
    hours = data.get("hours_per_week")
    hearing_needed = outcome != Outcome.GRANT and not facts_commented
    facts = eligibility.DecisionFacts(
        outcome=outcome,
        impairment_documented=documented,
        compatibility_assessed=bool(investigation.compatibility_assessment.strip()),
        hours=hours,
        working_hours=investigation.working_hours,
        has_concrete_assessment=bool(investigation.concrete_assessment.strip()),
        hearing_needed=hearing_needed,
        hearing_done=_hearing_satisfied(case),
        period_reason_given=bool((data.get("period_reason") or "").strip()),
        refusal_grounds_given=not eligibility.refusal_ground_errors(data.get("refusal_grounds") or []),
        other_help_given=bool((data.get("other_help") or "").strip()),
        partial_reason_given=bool((data.get("partial_reason") or "").strip()),
    )
    messages = {
        "impairment_documented": (
            "outcome",
            "Funktionsnedsættelsen er ikke dokumenteret, og der er ikke "
            "registreret en begrundelse for, at dokumentation ikke er nødvendig.",
        ),
        "compatibility_assessed": (
            "outcome",
            "Vurderingen af, om jobbet er foreneligt med "
            "funktionsnedsættelsen, mangler (§ 6 stk. 3, BEK § 14).",
        ),
        "concrete_assessment_above_standard": (
            "hours_per_week",
            "Timer over standardgrænsen kræver en registreret konkret vurdering (BEK § 15).",
        ),
        "hearing_before_refusal": (
            "outcome",
            "Et afslag eller en delvis bevilling på oplysninger, personen "
            "ikke har udtalt sig om, kræver partshøring først (forvaltningsloven § 19).",
        ),
        "period_reason": ("period_reason", "Begrund valget af periode (BEK § 15 stk. 4)."),
        "refusal_grounds": (
            "refusal_grounds",
            "Vælg den eller de betingelser, afslaget bygger på, så brevet nævner den konkrete regel "
            "(forvaltningslovens § 22 og § 24).",
        ),
        "other_help": (
            "other_help",
            "Skriv, hvilken anden hjælp I har overvejet, fx hjælpemidler, fleksjob eller mentor.",
        ),
        "partial_reason": (
            "partial_reason",
            "Skriv, hvorfor der bevilges mindre, end der er søgt om. Teksten står i brevet efter «fordi».",
        ),
    }
    unmet: dict[str, str] = {}
    for condition in eligibility.unmet_conditions(facts):
        field, message = messages.get(condition.code, ("outcome", condition.label))
        unmet.setdefault(field, message)
    if outcome == Outcome.REFUSAL:
        for message in eligibility.refusal_ground_errors(data.get("refusal_grounds") or []):
            errors.setdefault("refusal_grounds", message)
        return unmet | errors
    if investigation.working_hours is None:
        errors.setdefault("hours_per_week", "Registrér arbejdstiden under sagsoplysningen først.")
    elif hours is None:
        errors["hours_per_week"] = "Angiv timer pr. uge."
    else:
        for message in pa.validate_granted_hours(
            hours,
            investigation.working_hours,
            cast(pa.Tier, investigation.tier),
            has_concrete_assessment=bool(investigation.concrete_assessment.strip()),
        ):
            errors.setdefault("hours_per_week", message)
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        errors["start_date"] = "Angiv startdatoen."
    elif start < pa.earliest_start(case.received_on):
        errors["start_date"] = (
            f"Bevillingen kan tidligst starte {pa.earliest_start(case.received_on):%d.%m.%Y}, "
            "3 måneder før ansøgningen blev modtaget (BEK § 25 stk. 5)."
        )
    if data.get("period_type") not in PeriodType.values:
        errors["period_type"] = "Vælg tidsbestemt eller indtil videre."
    elif data["period_type"] == PeriodType.TIME_LIMITED:
        if end is None:
            errors["end_date"] = "En tidsbestemt bevilling skal have en slutdato."
        elif start is not None and end <= start:
            errors["end_date"] = "Slutdatoen skal ligge efter startdatoen."
    errors |= sane_date_errors(start_date=start, end_date=end)
    if data.get("rate_type") not in RateType.values:
        errors["rate_type"] = "Vælg sats."
    elif data["rate_type"] == RateType.RAISED and not (data.get("rate_reason") or "").strip():
        errors["rate_reason"] = "En forhøjet sats kræver en begrundelse (særlige kvalifikationer)."
    if data.get("grant_kind", GrantKindCode.ASSISTANCE) not in case.scheme_config.grant_kinds:
        errors["grant_kind"] = "Vælg personlig assistance eller tolkning."
    elif data.get("grant_kind") == GrantKindCode.INTERPRETING:
        errors |= _interpreting_errors(data, agency_count)
    elif not assistants:
        errors["assistants"] = "Vælg mindst én assistent."
    kind_error = _kind_error(case, outcome, data)
    if kind_error:
        # Placed first: choosing the right kind of decision is what the other messages depend on.
        return {"outcome": kind_error} | {k: v for k, v in (unmet | errors).items() if k != "outcome"}
    # The specific hours message ("21 timer overstiger grænsen på 20") beats the general condition.
    return unmet | errors


def decision_draft(
    *,
    case: Case,
    user: User,
    data: Mapping[str, Any],
    assistant_ids: Sequence[int] = (),
    agency_ids: Sequence[int] = (),
    facts_commented: bool = False,
) -> Decision:
    """Save the decision and compose its letter; nothing reaches the person until `decision_send`.

    `agency_ids` are the approved interpreting agencies of an interpreting grant."""
    _require_caseworker(user, case)
    if case.scheme_config.decision_url != "cases:decision":
        # A scheme with its own decision terms (cases.schemes) is decided through its own service and page.
        raise ValidationError(
            f"En afgørelse om {case.scheme_config.short} træffes på sagens egen afgørelsesside."
        )
    if not can_decide(case.status):
        raise ValidationError("Sagen skal være under oplysning, før der kan træffes afgørelse.")
    application = getattr(case, "application", None)
    assistants = list(Assistant.objects.filter(application=application, pk__in=assistant_ids))
    from kompensation.payments.selectors import agencies_by_ids

    agencies = agencies_by_ids(agency_ids)
    errors = _decision_errors(case, data, assistants, facts_commented, len(agencies))
    if errors:
        raise ValidationError(errors)
    values = {k: data.get(k) for k in DECISION_FIELDS}
    values["grant_kind"] = values["grant_kind"] or GrantKindCode.ASSISTANCE
    if values["grant_kind"] == GrantKindCode.INTERPRETING:
        assistants = []
    else:
        values |= {"interpreting_type": "", "agency_choice_approved_on": None}
        agencies = []
    for key in ("period_reason", "rate_reason", "reasons", "partial_reason", "other_help"):
        values[key] = values[key] or ""
    values["refusal_grounds"] = [
        g.code for g in eligibility.REFUSAL_GROUNDS if g.code in set(values["refusal_grounds"] or [])
    ]
    if values["outcome"] != Outcome.PARTIAL_GRANT:
        values["partial_reason"] = ""
    if values["outcome"] != Outcome.REFUSAL:
        values |= {"refusal_grounds": [], "other_help": ""}
    if values["outcome"] == Outcome.REFUSAL:
        values |= {
            "hours_per_week": None,
            "start_date": None,
            "end_date": None,
            "period_type": "",
            "period_reason": "",
            "rate_type": "",
            "rate_reason": "",
        }
        assistants, agencies = [], []
    elif values["period_type"] == PeriodType.UNTIL_FURTHER_NOTICE:
        values["end_date"] = None
    if values.get("rate_type") == RateType.STANDARD:
        values["rate_reason"] = ""
    with transaction.atomic():
        decision = case.decisions.filter(sent_at__isnull=True).first() or Decision(case=case, decided_by=user)
        for key, value in values.items():
            setattr(decision, key, value)
        decision.decided_by = user
        # The letter names this date; the deadline row made on sending uses the same one (≤ 1 year).
        decision.follow_up_due = (
            None
            if values["outcome"] == Outcome.REFUSAL
            else followup_rules.first_reassessment_due(timezone.localdate())
        )
        decision.save()
        decision.assistants.set(assistants)
        decision.agencies.set(agencies)
        decision_letter_compose(decision=decision, user=user)
        _event(
            case,
            EventType.DECISION_DRAFTED,
            user,
            decision_id=decision.pk,
            **{k: _iso(v) for k, v in values.items() if k not in _FREE_TEXT},
        )
    return decision


def decision_letter_compose(*, decision: Decision, user: User) -> None:
    """(Re)write a draft decision's letter from its terms with the scheme's composer; every scheme's draft
    service calls it in its transaction."""
    case = decision.case
    compose = case.scheme_config.letter_composer()
    subject, body = compose(decision=decision, hearing_held=case.hearings.exists())
    if decision.letter is None:
        decision.letter = letters.letter_create(
            case=case,
            kind=LetterKind.DECISION,
            subject=subject,
            body=body,
            confidentiality=Confidentiality.HEALTH,
        )
        decision.save(update_fields=["letter"])
    else:
        letters.letter_edit(letter=decision.letter, user=user, subject=subject, body=body)


def decision_letter_edit(*, decision: Decision, user: User, body: str) -> None:
    _require_caseworker(user, decision.case)
    assert decision.letter is not None
    letters.letter_edit(letter=decision.letter, user=user, subject=decision.letter.subject, body=body)


def decision_send(*, decision: Decision, user: User) -> Decision:
    """Freeze the letter, record the decision, open the grant and the first follow-up deadline."""
    case = decision.case
    _require_caseworker(user, case)
    if decision.is_sent:
        raise ValidationError("Afgørelsen er allerede sendt.")
    assert decision.letter is not None
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        after = status_after_decision(case.status)
        if after != case.status:
            _transition(case, after)
        decision.letter = letters.letter_send(letter=decision.letter, user=user)
        if case.employer is not None:
            # The employer's own version: the subsidy's terms, never the person's health (design.md).
            subject, body = employer_decision_letter(decision=decision)
            decision.employer_letter = letters.employer_decision_send(
                case=case, subject=subject, body=body, user=user
            )
        decision.sent_at = timezone.now()
        decision.save(update_fields=["sent_at", "employer_letter"])
        case.deadlines.filter(
            met_at__isnull=True, kind__in=[*DECISION_DEADLINE_KINDS, DeadlineKind.HEARING_RESPONSE]
        ).update(met_at=decision.sent_at)
        payload: dict[str, Any] = {
            "decision_id": decision.pk,
            "outcome": decision.outcome,
            # The PDF's SHA-256 is in the letter_rendered event the render task writes after commit.
            "letter_id": decision.letter.pk,
            "on": str(timezone.localdate()),
        }
        # A new decision (after a complaint or a remand) takes the place of the grant it decides again.
        from kompensation.followup.services.plans import follow_up_first_open, follow_ups_cancel

        # A new decision (after a complaint, a remand or a follow-up) takes the place of the running grant:
        # the old one covers the time before the new decision's start (or before today, on a refusal),
        # and its follow-ups are no longer due — the new grant has its own (BEK § 15 stk. 4).
        replaced = list(case.grants.select_for_update().filter(status=GrantStatus.ACTIVE))
        if replaced:
            ends = (decision.start_date or timezone.localdate()) - dt.timedelta(days=1)
            for old in replaced:
                old.status = GrantStatus.REPLACED
                old.ended_on = min(ends, old.ended_on or ends)
                old.save(update_fields=["status", "ended_on"])
                follow_ups_cancel(grant=old, at=decision.sent_at)
            payload["replaced_grant_ids"] = [old.pk for old in replaced]
        if decision.outcome != Outcome.REFUSAL:
            grant = Grant.objects.create(decision=decision, case=case)
            if grant.is_interpreting:
                # BEK § 25: ask the user, employer and agencies for their declarations (sent after commit).
                from kompensation.payments.services.declaration_requests import declarations_for_grant_request

                declarations_for_grant_request(grant=grant)
            payload["hours_per_week"] = str(decision.hours_per_week)
            if case.scheme_config.follows_up:
                due = decision.follow_up_due or followup_rules.first_reassessment_due(timezone.localdate())
                follow_up_first_open(grant=grant, due=due)
                payload["follow_up_due"] = str(due)
            # A scheme's own consequences of a grant (a payment plan, an aid's supplier payment) after the
            # grant exists, in the same transaction.
            if case.scheme_config.on_grant:
                import_string(case.scheme_config.on_grant)(grant=grant, user=user)
        _event(case, EventType.DECISION_SENT, user, **payload)
    return decision
