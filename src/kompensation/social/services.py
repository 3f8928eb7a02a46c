"""Every state change of a social case's own parts: registration, the personal circle, the measurement.

Each is one transaction with one case event, like the shared case services it builds on."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases import services as case_services
from kompensation.cases.models import Application, ApplicationStatus, Case, CaseStatus, Channel, EventType
from kompensation.cases.schemes import SOCIAL_SCHEMES, scheme_of
from kompensation.cases.validators import sane_date_errors
from kompensation.rules import social as rules

from .models import Activity, CircleAnswer, MeasurementFacts
from .selectors import measurement_for

ACTIVITY_FIELDS = (
    "category",
    "name",
    "minutes",
    "occurrences",
    "per",
    "hour_kind",
    "night",
    "reason",
    "covered_by",
)
FACT_FIELDS = (
    "round_the_clock",
    "can_call_for_help",
    "carer_declines_relief",
    "relief_declined_note",
    "person_participation",
)


PRODUCT_PREFIX = "Produkt: "
PRODUCT_MISSING = "Skriv hvilket produkt der søges om, fx en kørestol eller et skylle-tørretoilet."


def _sought_errors(data: Mapping[str, Any]) -> dict[str, str]:
    """What the application asks for, checked the same way whether a caseworker or the citizen enters it."""
    errors: dict[str, str] = {}
    scheme = data.get("scheme")
    if scheme not in SOCIAL_SCHEMES:
        return {"scheme": "Vælg hvilken ordning der søges om."}
    measured = scheme_of(str(scheme)).measured
    tasks, product = (data.get(k, "") or "" for k in ("tasks_description", "product"))
    if measured and not tasks.strip():
        errors["tasks_description"] = "Skriv hvad der søges om hjælp til."
    elif not measured and not (tasks.strip() or product.strip()):
        errors["product"] = PRODUCT_MISSING
    hours = data.get("hours_sought")
    if hours is not None:
        if not measured:
            errors["hours_sought"] = "Timer søges kun til BPA og kontant tilskud. Lad feltet stå tomt."
        elif not Decimal(0) < hours <= rules.HOURS_PER_WEEK:
            errors["hours_sought"] = "Skriv et antal timer om ugen mellem 0,5 og 168."
    return errors


def _sought(data: Mapping[str, Any]) -> dict[str, Any]:
    """The Application's fields for what is sought. An aid's product is the first line of what is sought
    (the Application has no field of its own for it): «Produkt: Kørestol»."""
    tasks = (data.get("tasks_description") or "").strip()
    product = (data.get("product") or "").strip()
    if product:
        tasks = f"{PRODUCT_PREFIX}{product}" + (f"\n{tasks}" if tasks else "")
    return {
        "scheme": str(data["scheme"]),
        "impairment_description": (data.get("impairment_description") or "").strip(),
        "tasks_description": tasks,
        "hours_sought": data.get("hours_sought"),
    }


def social_case_register(*, user: User, data: Mapping[str, Any]) -> Case:
    """A caseworker registers an application under Serviceloven received by letter, mail or phone."""
    if user.role != Role.CASEWORKER or user.municipality is None:
        raise PermissionDenied("Kun en sagsbehandler kan registrere en ansøgning.")
    errors = _sought_errors(data)
    received_on = data.get("received_on")
    if received_on is None:
        errors["received_on"] = "Angiv hvornår ansøgningen blev modtaget."
    elif received_on > timezone.localdate():
        errors["received_on"] = "Modtagelsesdatoen kan ikke ligge i fremtiden."
    errors |= sane_date_errors(received_on=received_on)
    if data.get("channel", Channel.PAPER) not in Channel.values:
        errors["channel"] = "Vælg hvordan ansøgningen kom ind."
    person = None
    try:
        person = case_services.person_from_register(cpr=data.get("cpr") or "")
    except ValidationError as exc:
        errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if person is not None and person.municipality_id != user.municipality_id:
        errors["cpr"] = f"Personen bor i {person.municipality}. Ansøgningen skal behandles af bopælskommunen."
    if errors:
        raise ValidationError(errors)
    assert person is not None and received_on is not None
    with transaction.atomic():
        application = Application.objects.create(
            person=person,
            channel=data.get("channel") or Channel.PAPER,
            status=ApplicationStatus.SUBMITTED,
            period_from=data.get("period_from"),
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            citizen_signed_at=timezone.now(),
            **_sought(data),
        )
        return case_services.intake._case_open(
            application, received_on=received_on, actor=user, caseworker=user
        )


def _require_social_case(user: User, case: Case) -> None:
    case_services.require_caseworker(user, case)
    if case.scheme not in SOCIAL_SCHEMES:
        raise ValidationError("Sagen er ikke en sag efter serviceloven.")
    if not social_case_editable(case):
        raise ValidationError("Sagen kan ikke ændres i sin nuværende fase.")


# The stages in which the circle and the measurement may still change (the pages show their forms then).
EDITABLE_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.INVESTIGATING,
    CaseStatus.HEARING,
    CaseStatus.COMPLAINT,
    CaseStatus.REMANDED,
    CaseStatus.FOLLOW_UP,
)


def social_case_editable(case: Case) -> bool:
    return bool(scheme_of(case.scheme).steps) and case.status in EDITABLE_STATUSES


def _start_investigating(case: Case) -> None:
    if case.status == CaseStatus.RECEIVED:
        case_services.case_transition(case, CaseStatus.INVESTIGATING)


def circle_assess(
    *, case: Case, user: User, answers: Mapping[str, tuple[bool | None, str]]
) -> rules.CircleResult:
    """Record the personal-circle criteria: each answered yes or no must carry its reasoning."""
    _require_social_case(user, case)
    criteria = rules.CIRCLE[case.scheme]  # type: ignore[index]
    known = {c.code for c in criteria}
    errors: dict[str, str] = {}
    for code, (met, reasoning) in answers.items():
        if code not in known:
            errors[code] = "Ukendt kriterium."
        elif met is not None and not reasoning.strip():
            errors[code] = "Skriv begrundelsen for vurderingen."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _start_investigating(case)
        for code, (met, reasoning) in answers.items():
            CircleAnswer.objects.update_or_create(
                case=case,
                criterion=code,
                defaults={"met": met, "reasoning": reasoning.strip(), "answered_by": user},
            )
        current = {a.criterion: a.met for a in case.circle_answers.all()}
        result = rules.circle_result(case.scheme, current)  # type: ignore[arg-type]
        case_services.case_event_record(
            case,
            EventType.CIRCLE_ASSESSED,
            user,
            in_circle=result.in_circle,
            unmet=[c.code for c in result.unmet],
            unanswered=[c.code for c in result.unanswered],
        )
    return result


def _activity_values(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in ACTIVITY_FIELDS}
    for key in ("name", "reason", "covered_by"):
        values[key] = (values[key] or "").strip()
    values["night"] = bool(values["night"])
    values["per"] = values["per"] or "day"
    values["hour_kind"] = values["hour_kind"] or "actual"
    return values


def _activity_errors(values: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values["category"] not in rules.CATEGORY_LABELS:
        errors["category"] = "Vælg en kategori."
    if values["per"] not in rules.PER_LABELS:
        errors["per"] = "Vælg om dagen eller om ugen."
    if values["hour_kind"] not in rules.HOUR_KIND_LABELS:
        errors["hour_kind"] = "Vælg egentlige timer eller rådighedstimer."
    if values["minutes"] is None:
        errors["minutes"] = "Angiv minutter pr. gang."
    if values["occurrences"] is None:
        errors["occurrences"] = "Angiv hvor mange gange."
    if errors:
        return errors
    return rules.activity_errors(rules.Activity(**values))


def activity_save(
    *, case: Case, user: User, data: Mapping[str, Any], activity: Activity | None = None
) -> Activity:
    """Add a row to the measurement, or change one; the totals are recomputed from the rows on every read."""
    _require_social_case(user, case)
    if not scheme_of(case.scheme).measured:
        raise ValidationError("Ordningen udmåler ikke timer.")
    if activity is not None and activity.case_id != case.pk:
        raise PermissionDenied("Rækken hører ikke til sagen.")
    values = _activity_values(data)
    errors = _activity_errors(values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _start_investigating(case)
        if activity is None:
            activity = Activity(case=case, position=case.activities.count() + 1)
        for key, value in values.items():
            setattr(activity, key, value)
        activity.save()
        _measured(case, user, changed=activity.name)
    return activity


def activity_delete(*, case: Case, user: User, activity: Activity) -> None:
    _require_social_case(user, case)
    if activity.case_id != case.pk:
        raise PermissionDenied("Rækken hører ikke til sagen.")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        name = activity.name
        activity.delete()
        _measured(case, user, removed=name)


def measurement_facts_save(*, case: Case, user: User, data: Mapping[str, Any]) -> MeasurementFacts:
    _require_social_case(user, case)
    values = {k: data.get(k) for k in FACT_FIELDS}
    for key in ("round_the_clock", "can_call_for_help", "carer_declines_relief"):
        values[key] = bool(values[key])
    for key in ("relief_declined_note", "person_participation"):
        values[key] = (values[key] or "").strip()
    if values["carer_declines_relief"] and not values["relief_declined_note"]:
        raise ValidationError(
            {"relief_declined_note": "Skriv hvad tilskudsmodtageren har sagt om afløsning og aflastning."}
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _start_investigating(case)
        facts, _ = MeasurementFacts.objects.update_or_create(case=case, defaults=values)
        _measured(case, user, facts=True)
    return facts


def _measured(case: Case, user: User, **what: Any) -> None:
    measurement = measurement_for(case=case, today=timezone.localdate())
    case_services.case_event_record(
        case,
        EventType.MEASUREMENT_SAVED,
        user,
        total_hours=str(measurement.total_hours),
        need_hours=str(measurement.need_hours),
        payable_hours=str(measurement.payable_hours),
        errors=[f.code for f in measurement.errors],
        warnings=[f.code for f in measurement.warnings],
        **{k: v for k, v in what.items() if k != "facts"},
    )


def social_application_submit(*, user: User, data: Mapping[str, Any]) -> Application:
    """The citizen applies on Mine sider: the application is signed by sending it, and the case opens at once
    with the social administration of the person's municipality (no employer co-signs under Serviceloven)."""
    if user.role != Role.CITIZEN or not user.cpr:
        raise PermissionDenied("Kun borgeren selv kan søge på Mine sider.")
    errors = _sought_errors(data)
    if not data.get("declaration"):
        errors["declaration"] = "Bekræft, at oplysningerne er rigtige, før du sender ansøgningen."
    if errors:
        raise ValidationError(errors)
    person = case_services.person_from_register(cpr=user.cpr)
    with transaction.atomic():
        application = Application.objects.create(
            person=person,
            channel=Channel.ONLINE,
            status=ApplicationStatus.SUBMITTED,
            email=user.email or "",
            citizen_signed_at=timezone.now(),
            **_sought(data),
        )
        case_services.intake._case_open(application, received_on=timezone.localdate(), actor=user)
    return application
