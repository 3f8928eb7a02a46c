"""The decision under Serviceloven: its checks and the draft with its letter.

The decision is the shared `cases.Decision` with the social part beside it (`SocialTerms`); sending it is
the shared `cases.services.decision_send` (it freezes the letter, opens the grant and calls the scheme's
`on_grant`). What this module adds is what Ankestyrelsen found missing in the decisions it reviewed
(`seeds/004_…`): a grant that explains how the whole measured need is covered, hours below the need only
with a written explanation, and a refusal that says which other help was considered (RSL § 5) and whether
training as work supervisor was offered (SEL § 85).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation import formats
from kompensation.accounts.models import User
from kompensation.cases import services as case_services
from kompensation.cases.lifecycle import can_decide
from kompensation.cases.models import (
    Case,
    Decision,
    Employer,
    EventType,
    Outcome,
    PeriodType,
    Person,
)
from kompensation.cases.schemes import SOCIAL_SCHEMES
from kompensation.cases.services.decisions import _hearing_satisfied, decision_letter_compose
from kompensation.cases.validators import sane_date_errors
from kompensation.rules import followup as followup_rules
from kompensation.rules import social as rules

from .models import SocialTerms, TrainingOffer
from .selectors import DECISION_FIELDS, circle_rows, measurement_for, measurement_snapshot

GRANTING = (Outcome.GRANT, Outcome.PARTIAL_GRANT)
# § 95 stk. 3: the allowance is paid to the person, or to a close relative who cares for them. BPA (§ 96
# stk. 3): the employer role may also pass to an association or an approved private company.
PAYEES: Mapping[str, tuple[str, ...]] = {
    "bpa": ("person", "relative", "association", "company"),
    "cash": ("person", "relative"),
}
_SECTION = re.compile(r"§+\s*(\d+\s*[a-z]?)")


def _hours(value: Decimal | None) -> str:
    return formats.number(value)


@dataclass(frozen=True)
class Parties:
    """Who the decision pays: a payee of a monthly plan (§§ 95–96), or an aid's supplier (§§ 112–113)."""

    payee_person: Person | None = None
    payee_company: Employer | None = None
    supplier: Employer | None = None


def _text(data: Mapping[str, Any], key: str) -> str:
    return (data.get(key) or "").strip()


def _register_errors(exc: ValidationError) -> dict[str, str]:
    return {k: v[0] for k, v in exc.message_dict.items()}


def _parties(case: Case, data: Mapping[str, Any]) -> tuple[Parties, dict[str, str]]:
    """Look the payee or the supplier up in the CPR or CVR register (a grant only)."""
    if data.get("outcome") not in GRANTING:
        return Parties(), {}
    errors: dict[str, str] = {}
    if not case.scheme_config.measured:
        cvr = _text(data, "supplier_cvr")
        if not cvr:
            return Parties(), {"supplier_cvr": "Skriv leverandørens CVR-nummer."}
        try:
            return Parties(supplier=case_services.employer_from_register(cvr=cvr, field="supplier_cvr")), {}
        except ValidationError as exc:
            return Parties(), _register_errors(exc)
    role = data.get("employer_role") or ""
    allowed = PAYEES[case.scheme]
    if role not in allowed:
        if case.scheme == "cash":
            message = (
                "Vælg, om tilskuddet udbetales til borgeren selv eller til en nærtstående, der passer "
                "borgeren (SEL § 95 stk. 3)."
            )
        else:
            message = (
                "Vælg, hvem der varetager arbejdsgiverrollen: borgeren selv, en nærtstående, en forening "
                "eller en godkendt privat virksomhed (SEL § 96 stk. 3)."
            )
        return Parties(), {"employer_role": message}
    if role == "person":
        return Parties(payee_person=case.person), {}
    if role == "relative":
        cpr = _text(data, "payee_cpr")
        if not cpr:
            return Parties(), {"payee_cpr": "Skriv den nærtståendes CPR-nummer."}
        try:
            relative = case_services.person_from_register(cpr=cpr, field="payee_cpr")
        except ValidationError as exc:
            return Parties(), _register_errors(exc)
        if relative.pk == case.person_id:
            errors["payee_cpr"] = (
                "CPR-nummeret er borgerens eget. Vælg «Borgeren selv», eller skriv den nærtståendes "
                "CPR-nummer."
            )
        return Parties(payee_person=relative), errors
    cvr = _text(data, "payee_cvr")
    if not cvr:
        which = "foreningens" if role == "association" else "virksomhedens"
        return Parties(), {"payee_cvr": f"Skriv {which} CVR-nummer."}
    try:
        return Parties(payee_company=case_services.employer_from_register(cvr=cvr, field="payee_cvr")), {}
    except ValidationError as exc:
        return Parties(), _register_errors(exc)


def _circle_errors(case: Case, outcome: str) -> tuple[dict[str, str], rules.CircleResult]:
    _, result = circle_rows(case=case)
    errors: dict[str, str] = {}
    if result.unanswered:
        errors["circle"] = "Personkredsen er ikke vurderet færdig. Tag stilling til: " + "; ".join(
            f"{c.label} ({c.basis})" for c in result.unanswered
        )
    if outcome in GRANTING and result.unmet:
        errors["outcome"] = (
            "Der kan ikke bevilges, når ikke alle betingelser for personkredsen er opfyldt. Ikke opfyldt: "
            + "; ".join(f"{c.label} ({c.basis})" for c in result.unmet)
            + ". Giv afslag, eller ret vurderingen af personkredsen."
        )
    return errors, result


def _mentions(text: str, provision: str) -> bool:
    """Whether the coverage text names a provision: its section numbers («§ 84»), else its words."""
    sections = {re.sub(r"\s+", "", s) for s in _SECTION.findall(provision)}
    if sections:
        found = {re.sub(r"\s+", "", s) for s in _SECTION.findall(text)}
        return sections <= found
    return provision.strip().lower() in text.lower()


def _measured_errors(case: Case, data: Mapping[str, Any], measurement: rules.Measurement) -> dict[str, str]:
    """§§ 95–96 grant: the measurement, the threshold, the hours, and how the whole need is covered."""
    errors: dict[str, str] = {}
    if not measurement.activities:
        errors["measurement"] = (
            "Behovet er ikke udmålt. Udmål hjælpen aktivitet for aktivitet, før der bevilges."
        )
    elif measurement.errors:
        errors["measurement"] = "Udmålingen har fejl, der skal rettes, før der kan bevilges: " + " ".join(
            f.message for f in measurement.errors
        )
    if case.scheme == "cash" and measurement.activities and not measurement.threshold_met:
        errors["outcome"] = (
            "Kontant tilskud forudsætter et behov for personlig hjælp og pleje og praktisk hjælp i mere end "
            f"20 timer om ugen (SEL § 95 stk. 2). Udmålingen viser {_hours(measurement.qualifying_hours)} "
            "timer om ugen."
        )
    hours = _decimal(data.get("hours_per_week"))
    standby = _decimal(data.get("standby_hours_per_week"))
    if hours is None:
        errors["hours_per_week"] = "Angiv hvor mange timer om ugen der bevilges."
    elif hours <= 0 or hours > rules.HOURS_PER_WEEK:
        errors["hours_per_week"] = "Timer pr. uge skal være mere end 0 og højst 168."
    elif (hours * 2) != (hours * 2).to_integral_value():
        errors["hours_per_week"] = "Timer skal angives i hele eller halve timer."
    if standby is not None:
        if standby < 0:
            errors["standby_hours_per_week"] = "Rådighedstimer kan ikke være negative."
        elif (standby * 2) != (standby * 2).to_integral_value():
            errors["standby_hours_per_week"] = "Rådighedstimer skal angives i hele eller halve timer."
        elif hours is not None and standby > hours:
            errors["standby_hours_per_week"] = (
                f"Rådighedstimerne ({_hours(standby)}) kan ikke være flere end de bevilgede timer i alt "
                f"({_hours(hours)})."
            )
        elif standby and _round_the_clock(case):
            errors["standby_hours_per_week"] = (
                "Borgeren har brug for hjælp hele døgnet og kan ikke bruge et nødkald. Hjælpen skal bevilges "
                "som egentlige timer; der kan ikke bevilges rådighedstimer."
            )
    if (
        hours is not None
        and "hours_per_week" not in errors
        and measurement.activities
        and rules.below_need(hours, measurement)
        and not _text(data, "below_need_reason")
    ):
        need = measurement.payable_hours
        what = (
            "behovet er udmålt til"
            if not measurement.covered_elsewhere_hours
            else "den del af behovet, som ordningen skal dække, er udmålt til"
        )
        errors["below_need_reason"] = (
            f"Der bevilges {_hours(hours)} timer om ugen, men {what} {_hours(need)} timer. Forklar, "
            f"hvordan resten af behovet ({_hours(need - hours)} timer om ugen) dækkes, eller hvorfor det "
            "ikke skal dækkes (forvaltningslovens § 24; Ankestyrelsens praksisundersøgelse)."
        )
    coverage = _text(data, "coverage")
    elsewhere = [a for a in measurement.activities if a.covered_by]
    if not coverage:
        message = (
            f"Skriv, hvordan hele behovet på {_hours(measurement.need_hours)} timer om ugen dækkes "
            "(Ankestyrelsens praksisundersøgelse)."
        )
        if elsewhere:
            message += " Nævn også den hjælp, der gives efter andre bestemmelser: " + "; ".join(
                f"«{a.name}» ({a.covered_by})" for a in elsewhere
            )
        errors["coverage"] = message
    else:
        missing = [a for a in elsewhere if not _mentions(coverage, a.covered_by)]
        if missing:
            errors["coverage"] = (
                "Udmålingen lader dele af behovet dække efter andre bestemmelser. Skriv, hvordan de dækkes: "
                + "; ".join(f"«{a.name}» ({a.covered_by})" for a in missing)
            )
    return errors


def _decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(value)


def _round_the_clock(case: Case) -> bool:
    facts = getattr(case, "measurement_facts", None)
    return bool(facts and facts.round_the_clock and not facts.can_call_for_help)


def _against_errors(
    case: Case, data: Mapping[str, Any], outcome: str, circle: rules.CircleResult
) -> dict[str, str]:
    """A refusal, or a partial grant under §§ 95–96: other help (RSL § 5), the training offer (SEL § 85)."""
    errors: dict[str, str] = {}
    measured = case.scheme_config.measured
    if outcome == Outcome.PARTIAL_GRANT and not _text(data, "partial_reason"):
        errors["partial_reason"] = "Skriv, hvad der ikke bevilges af det, der er søgt om, og hvorfor."
    if outcome == Outcome.REFUSAL or measured:
        other_help = _text(data, "other_help")
        unmet = {c.code for c in circle.unmet}
        if not other_help:
            errors["other_help"] = (
                "Skriv, hvilken anden hjælp efter den sociale lovgivning og anden lovgivning I har overvejet "
                "for at dække borgerens behov, og om en anden myndighed kan hjælpe (retssikkerhedslovens "
                "§ 5)."
            )
        elif (
            outcome == Outcome.REFUSAL
            and "not_treatment_device" in unmet
            and not re.search(r"sygehus|hospital|region", other_help, re.IGNORECASE)
        ):
            errors["other_help"] = (
                "Afslaget bygger på, at produktet er et behandlingsredskab. Skriv, at sygehuset (regionen) "
                "udleverer og betaler det (sektoransvarsprincippet), så borgeren ved, hvor hjælpen fås."
            )
    if measured:
        training = data.get("training_offered") or ""
        if training not in TrainingOffer.values:
            errors["training_offered"] = (
                "Angiv, om borgeren er tilbudt oplæring i at være arbejdsleder og arbejdsgiver (SEL § 85)."
            )
        elif training == TrainingOffer.NOT_RELEVANT and "work_supervisor" in {c.code for c in circle.unmet}:
            errors["training_offered"] = (
                "Afslaget bygger på, at borgeren ikke kan være arbejdsleder. Så skal oplæring efter SEL § 85 "
                "tilbydes, før der gives afslag; «Ikke relevant» kan ikke vælges."
            )
    return errors


def _period_errors(case: Case, data: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    start: dt.date | None = data.get("start_date")
    end: dt.date | None = data.get("end_date")
    if start is None:
        errors["start_date"] = "Angiv, hvornår bevillingen gælder fra."
    elif start < case.received_on:
        errors["start_date"] = (
            f"Bevillingen kan tidligst gælde fra den {formats.date(case.received_on)}, hvor ansøgningen blev "
            "modtaget."
        )
    if case.scheme_config.measured:
        period = data.get("period_type")
        if period not in PeriodType.values:
            errors["period_type"] = "Vælg tidsbestemt eller indtil videre."
        elif period == PeriodType.TIME_LIMITED:
            if end is None:
                errors["end_date"] = "En tidsbestemt bevilling skal have en slutdato."
            elif start is not None and end <= start:
                errors["end_date"] = "Slutdatoen skal ligge efter startdatoen."
            if not _text(data, "period_reason"):
                errors["period_reason"] = "Begrund, hvorfor bevillingen er tidsbegrænset."
        errors |= sane_date_errors(
            start_date=start, end_date=end if period == PeriodType.TIME_LIMITED else None
        )
    else:
        errors |= sane_date_errors(start_date=start)
    return errors


def _aid_errors(data: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not _text(data, "product"):
        errors["product"] = "Skriv, hvilket produkt der bevilges (fabrikat og model)."
    price: Decimal | None = data.get("price")
    if price is None:
        errors["price"] = "Skriv prisen på produktet."
    elif price < 0:
        errors["price"] = "Prisen kan ikke være negativ."
    return errors


def _checked(case: Case, data: Mapping[str, Any], today: dt.date) -> tuple[Parties, dict[str, str]]:
    outcome = data.get("outcome")
    if outcome not in case.scheme_config.outcomes:
        return Parties(), {"outcome": "Vælg bevilling, delvis bevilling eller afslag."}
    errors, circle = _circle_errors(case, outcome)
    measured = case.scheme_config.measured
    if outcome in GRANTING and measured:
        for key, message in _measured_errors(case, data, measurement_for(case=case, today=today)).items():
            errors.setdefault(key, message)
    if outcome != Outcome.GRANT and not data.get("facts_commented") and not _hearing_satisfied(case):
        errors["facts_commented"] = (
            "Et afslag eller en delvis bevilling på oplysninger, borgeren ikke har udtalt sig om, kræver "
            "partshøring først (forvaltningslovens § 19)."
        )
    if not _text(data, "reasons"):
        errors["reasons"] = "Skriv begrundelsen for afgørelsen (forvaltningslovens § 24)."
    if outcome != Outcome.GRANT:
        errors |= _against_errors(case, data, outcome, circle)
    if outcome in GRANTING:
        errors |= _period_errors(case, data)
        if not measured:
            errors |= _aid_errors(data)
    parties, party_errors = _parties(case, data)
    return parties, errors | party_errors


def decision_errors(case: Case, data: Mapping[str, Any]) -> dict[str, str]:
    """Everything that stands in the way of drafting this decision, by field, all at once.

    Keys that are not fields of the form (`circle`, `measurement`) are shown above it."""
    return _checked(case, data, timezone.localdate())[1]


def _values(case: Case, data: Mapping[str, Any], parties: Parties, today: dt.date) -> dict[str, Any]:
    outcome = data["outcome"]
    granting = outcome in GRANTING
    measured = case.scheme_config.measured
    decision = {k: data.get(k) for k in DECISION_FIELDS}
    for key in ("period_reason", "reasons", "partial_reason", "other_help"):
        decision[key] = _text(data, key)
    if outcome != Outcome.PARTIAL_GRANT:
        decision["partial_reason"] = ""
    if not granting or not measured:
        decision |= {"hours_per_week": None, "period_type": "", "end_date": None, "period_reason": ""}
    if not granting:
        decision["start_date"] = None
    elif decision["period_type"] == PeriodType.UNTIL_FURTHER_NOTICE:
        decision["end_date"] = None
    if outcome == Outcome.GRANT:
        decision["other_help"] = ""
    decision |= {
        "grant_kind": case.scheme_config.grant_kinds[0],
        "rate_type": "",
        "rate_reason": "",
        "refusal_grounds": [],
        "interpreting_type": "",
        "agency_choice_approved_on": None,
        # The first follow-up of a running scheme (SEL § 148); a delivered aid and a refusal have none.
        "follow_up_due": followup_rules.first_reassessment_due(today)
        if granting and case.scheme_config.follows_up
        else None,
    }
    terms: dict[str, Any] = {
        "measurement": {},
        "need_hours": None,
        "payable_need_hours": None,
        "standby_hours_per_week": None,
        "coverage": "",
        "below_need_reason": "",
        "training_offered": "",
        "employer_role": "",
        "payee_person": parties.payee_person,
        "payee_company": parties.payee_company,
        "product": "",
        "supplier": parties.supplier,
        "price": None,
        "support_amount": None,
    }
    if measured:
        measurement = measurement_for(case=case, today=today)
        terms |= {
            "measurement": measurement_snapshot(measurement) if measurement.activities else {},
            "need_hours": measurement.need_hours if measurement.activities else None,
            "payable_need_hours": measurement.payable_hours if measurement.activities else None,
        }
        if outcome != Outcome.GRANT:
            terms["training_offered"] = data.get("training_offered") or ""
        if granting:
            terms |= {
                "standby_hours_per_week": data.get("standby_hours_per_week") or Decimal(0),
                "coverage": _text(data, "coverage"),
                "below_need_reason": _text(data, "below_need_reason"),
                "employer_role": data.get("employer_role") or "",
            }
    elif granting:
        price: Decimal = data["price"]
        terms |= {
            "product": _text(data, "product"),
            "price": price,
            "support_amount": rules.aid_support(case.scheme, price),  # type: ignore[arg-type]
        }
    return {"decision": decision, "terms": terms}


def _iso(value: object) -> object:
    return str(value) if isinstance(value, dt.date | Decimal) else value


def social_decision_draft(*, case: Case, user: User, data: Mapping[str, Any]) -> Decision:
    """Save the decision, its social terms and its letter; nothing reaches the person until the shared
    `decision_send`. One draft per case: a new draft replaces the terms and the text of the last one."""
    case_services.require_caseworker(user, case)
    if case.scheme not in SOCIAL_SCHEMES:
        raise ValidationError("Sagen er ikke en sag efter serviceloven.")
    if not can_decide(case.status):
        raise ValidationError("Sagen skal være under oplysning, før der kan træffes afgørelse.")
    today = timezone.localdate()
    parties, errors = _checked(case, data, today)
    if errors:
        raise ValidationError(errors)
    values = _values(case, data, parties, today)
    with transaction.atomic():
        # Locked: two posts of the same form (a double-click) make one draft, not two.
        case = Case.objects.select_for_update().get(pk=case.pk)
        decision = case.decisions.filter(sent_at__isnull=True).first() or Decision(case=case, decided_by=user)
        for key, value in values["decision"].items():
            setattr(decision, key, value)
        decision.decided_by = user
        decision.save()
        terms, _ = SocialTerms.objects.update_or_create(decision=decision, defaults=values["terms"])
        decision_letter_compose(decision=decision, user=user)
        # The terms, never the wording: the free texts may hold health data.
        case_services.case_event_record(
            case,
            EventType.DECISION_DRAFTED,
            user,
            decision_id=decision.pk,
            outcome=decision.outcome,
            grant_kind=decision.grant_kind,
            hours_per_week=_iso(decision.hours_per_week),
            standby_hours_per_week=_iso(terms.standby_hours_per_week),
            need_hours=_iso(terms.need_hours),
            payable_need_hours=_iso(terms.payable_need_hours),
            below_need_explained=bool(terms.below_need_reason),
            start_date=_iso(decision.start_date),
            end_date=_iso(decision.end_date),
            period_type=decision.period_type,
            training_offered=terms.training_offered,
            employer_role=terms.employer_role,
            payee_person_id=terms.payee_person_id,
            payee_company_id=terms.payee_company_id,
            supplier_id=terms.supplier_id,
            price=_iso(terms.price),
            support_amount=_iso(terms.support_amount),
        )
    return decision
