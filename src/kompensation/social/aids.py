"""Aids and consumer goods (SEL §§ 112–113): the trial (afprøvning) and the supplier's payment.

The trial is a step of the case's timeline: its start and end are case events whose payload["on"] is the
day it happened, which the processing time reads as the milestones `trial_started` / `trial_ended`
(`rules.processing_time` km_trial). The supplier is paid once, when the decision opens the grant: one
approved payment request for the decision's start day, and its payout, exported with the other payouts.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation import formats
from kompensation.accounts.models import User
from kompensation.cases import services as case_services
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.lifecycle import can_investigate
from kompensation.cases.models import Case, EventType, Grant
from kompensation.cases.schemes import scheme_of
from kompensation.cases.validators import sane_date_errors
from kompensation.payments.models import (
    LIVE_STATUSES,
    CalculationMode,
    PaymentRequest,
    Payout,
    RequestSource,
    RequestStatus,
)
from kompensation.rules import payments as payment_rules
from kompensation.rules import social as rules

from .models import AidTrial, SocialTerms, TrialResult
from .services import _require_social_case, _start_investigating

PRODUCT_MAX = AidTrial._meta.get_field("product").max_length or 200

# The rule each scheme supports a product by, as the calculation and the export's trail name it.
SUPPORT_RULES: dict[str, str] = {
    "aid": "SEL § 112: hjælpemidlet støttes med hele prisen",
    "consumer_good": (
        "SEL § 113 stk. 3: forbrugsgodet støttes med 50 % af prisen på et almindeligt standardprodukt"
    ),
}


def _require_trial_case(user: User, case: Case) -> None:
    """A caseworker of the case's municipality, on an aids case whose steps include the trial, while the
    case is still being investigated."""
    _require_social_case(user, case)
    if "trial" not in scheme_of(case.scheme).steps:
        raise ValidationError("Afprøvning hører kun til sager om hjælpemidler og forbrugsgoder.")


def _require_open_case(case: Case) -> None:
    """Read again under the case's lock: a decision sent meanwhile (another tab) closes the trial step."""
    if not can_investigate(case.status):
        raise ValidationError("Sagen kan ikke ændres i sin nuværende fase.")


def _not_in_future(errors: dict[str, str], field: str, value: Any, message: str) -> None:
    if field not in errors and value is not None and value > timezone.localdate():
        errors[field] = message


def trial_start(*, case: Case, user: User, data: Mapping[str, Any]) -> AidTrial:
    """Start trying the product in the person's home; one trial is open at a time.

    `data`: product, supplier_cvr (optional: the municipality's own depot has none), started_on, planned_end.
    """
    _require_trial_case(user, case)
    product = (data.get("product") or "").strip()
    started_on = data.get("started_on")
    planned_end = data.get("planned_end")
    errors: dict[str, str] = {}
    if not product:
        errors["product"] = "Skriv hvilket produkt der afprøves."
    elif len(product) > PRODUCT_MAX:
        errors["product"] = f"Produktets navn må højst være {PRODUCT_MAX} tegn."
    if started_on is None:
        errors["started_on"] = "Angiv hvornår afprøvningen startede."
    if planned_end is None:
        errors["planned_end"] = "Angiv hvornår afprøvningen efter planen afsluttes."
    errors |= sane_date_errors(started_on=started_on, planned_end=planned_end)
    _not_in_future(
        errors,
        "started_on",
        started_on,
        "Startdatoen kan ikke ligge i fremtiden. Registrér afprøvningen, når den er startet.",
    )
    if "started_on" not in errors and started_on is not None and started_on < case.received_on:
        errors["started_on"] = (
            f"Afprøvningen kan ikke starte før ansøgningen blev modtaget ({formats.date(case.received_on)})."
        )
    dates_valid = not errors.keys() & {"started_on", "planned_end"}
    if dates_valid and started_on is not None and planned_end is not None and planned_end < started_on:
        errors["planned_end"] = "Den planlagte afslutning kan ikke ligge før startdatoen."
    supplier = None
    cvr = (data.get("supplier_cvr") or "").strip()
    if cvr:
        try:
            supplier = case_services.employer_from_register(cvr=cvr, field="supplier_cvr")
        except ValidationError as exc:
            errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    assert started_on is not None and planned_end is not None
    with transaction.atomic():
        # The case's lock serialises two starts of one case: the second sees the first's open trial.
        case = Case.objects.select_for_update().get(pk=case.pk)
        _require_open_case(case)
        open_trial = case.aid_trials.filter(ended_on__isnull=True).first()
        if open_trial is not None:
            raise ValidationError(
                f"Der er allerede en afprøvning i gang ({open_trial.product}, startet "
                f"{formats.date(open_trial.started_on)}). Afslut den, før en ny startes."
            )
        _start_investigating(case)
        trial = AidTrial.objects.create(
            case=case,
            product=product,
            supplier=supplier,
            started_on=started_on,
            planned_end=planned_end,
            created_by=user,
        )
        case_services.case_event_record(
            case,
            EventType.TRIAL_STARTED,
            user,
            on=started_on.isoformat(),
            trial_id=trial.pk,
            product=product,
            supplier_cvr=supplier.cvr if supplier else "",
            planned_end=planned_end.isoformat(),
        )
    return trial


def trial_end(*, trial: AidTrial, user: User, data: Mapping[str, Any]) -> AidTrial:
    """End the open trial with its result and what it showed (the decision builds on it).

    `data`: ended_on, result (suitable/unsuitable), findings."""
    _require_trial_case(user, trial.case)
    ended_on = data.get("ended_on")
    result = data.get("result") or ""
    findings = (data.get("findings") or "").strip()
    errors: dict[str, str] = {}
    if ended_on is None:
        errors["ended_on"] = "Angiv hvornår afprøvningen blev afsluttet."
    errors |= sane_date_errors(ended_on=ended_on)
    _not_in_future(
        errors,
        "ended_on",
        ended_on,
        "Afslutningsdatoen kan ikke ligge i fremtiden. Registrér afslutningen, når afprøvningen er slut.",
    )
    if "ended_on" not in errors and ended_on is not None and ended_on < trial.started_on:
        errors["ended_on"] = (
            f"Afprøvningen kan ikke slutte før den startede ({formats.date(trial.started_on)})."
        )
    if result not in TrialResult.values:
        errors["result"] = "Vælg om produktet var egnet eller ikke egnet."
    if not findings:
        errors["findings"] = "Skriv hvad afprøvningen viste: afgørelsen skal bygge på det."
    if errors:
        raise ValidationError(errors)
    assert ended_on is not None
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=trial.case_id)
        _require_open_case(case)
        trial = AidTrial.objects.select_for_update().get(pk=trial.pk)
        if trial.ended_on is not None:
            raise ValidationError(f"Afprøvningen er allerede afsluttet den {formats.date(trial.ended_on)}.")
        trial.ended_on = ended_on
        trial.result = result
        trial.findings = findings
        trial.save(update_fields=["ended_on", "result", "findings"])
        # The findings stay on the trial (they may hold health data); the event has the facts only.
        case_services.case_event_record(
            case,
            EventType.TRIAL_ENDED,
            user,
            on=ended_on.isoformat(),
            trial_id=trial.pk,
            result=result,
        )
    return trial


def aid_payment_open(*, grant: Grant, user: User) -> PaymentRequest | None:
    """Called by `decision_send` (in its transaction) when a § 112 or § 113 decision opens a grant: pay the
    supplier the support once, as an approved request for the decision's start day and its payout.

    The decision is the approval: the support is `rules.social.aid_support` of the decided price. A support
    of 0 (a product from the municipality's own depot) pays nothing. A new decision on the case (after a
    complaint or a remand) pays only what the earlier grants of the case have not already paid. A second call
    is refused; the period exclusion on the grant and the one-to-one payout refuse it in the database too."""
    decision = grant.decision
    case = grant.case
    terms = SocialTerms.objects.filter(decision=decision).select_related("supplier").first()
    if terms is None or terms.price is None:
        raise ValidationError(
            "Afgørelsen mangler produktets pris, så støtten kan ikke beregnes og leverandøren ikke betales."
        )
    support = rules.aid_support(case.scheme, terms.price)  # type: ignore[arg-type]
    if terms.support_amount is not None and terms.support_amount != support:
        raise ValidationError(
            f"Støtten i afgørelsen ({formats.amount(terms.support_amount)}) svarer ikke til reglen "
            f"({SUPPORT_RULES[case.scheme]}: {formats.amount(support)}). Ret afgørelsen."
        )
    if support <= 0:
        return None
    if terms.supplier is None:
        raise ValidationError("Afgørelsen mangler leverandøren, så støtten kan ikke udbetales.")
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        live = PaymentRequest.objects.filter(
            grant__case=case, kind=GrantKindCode.AID, status__in=LIVE_STATUSES
        ).select_for_update()
        if live.filter(grant=grant).exists():
            raise ValidationError("Leverandøren er allerede betalt for denne bevilling.")
        paid_before = sum((r.approved_total or Decimal(0) for r in live), Decimal(0))
        due = support - paid_before
        if due <= 0:
            return None
        now = timezone.now()
        day = decision.start_date or timezone.localdate()
        request = PaymentRequest.objects.create(
            grant=grant,
            municipality=case.municipality,
            kind=GrantKindCode.AID,
            employer=terms.supplier,
            source=RequestSource.PLAN,
            period_start=day,
            period_end=day,
            # Required by the model; an aid is priced by its price, not by a payroll.
            mode=CalculationMode.SIMPLIFIED,
            status=RequestStatus.APPROVED,
            created_by=user,
            submitted_at=now,
            decided_by=user,
            decided_at=now,
            calculation=_calculation(case.scheme, terms, support, paid_before, due),
            requested_total=due,
            approved_total=due,
            payout_due=payment_rules.next_bank_day(timezone.localdate()),
        )
        Payout.objects.create(request=request, gross=due, offset=Decimal(0), net=due)
        case_services.case_event_record(
            case,
            EventType.PAYMENT_APPROVED,
            user,
            request_id=request.pk,
            gross=str(due),
            net=str(due),
            payout_due=str(request.payout_due),
            rule=SUPPORT_RULES[case.scheme],
            supplier_cvr=terms.supplier.cvr,
            paid_before=str(paid_before),
        )
    return request


def _calculation(
    scheme: str, terms: SocialTerms, support: Decimal, paid_before: Decimal, due: Decimal
) -> dict[str, Any]:
    """The trail of the amount: the rule, the product, the price, the share, and what was paid before."""
    assert terms.price is not None and terms.supplier is not None
    return {
        "kind": "aid",
        "rule": SUPPORT_RULES[scheme],
        "legal_basis": scheme_of(scheme).legal_basis,
        "decision_id": terms.decision_id,
        "product": terms.product,
        "supplier_cvr": terms.supplier.cvr,
        "supplier": terms.supplier.name,
        "price": str(terms.price),
        "share": str(rules.CONSUMER_GOOD_SHARE if scheme == "consumer_good" else Decimal(1)),
        "support": str(support),
        "paid_before": str(paid_before),
        "total": str(due),
    }
