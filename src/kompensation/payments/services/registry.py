"""The interpreting registry: agencies (by CVR), interpreters (by the number on the invoices), and the
economic links between an interpreter and a user or employer that the municipality has learned of.

Agencies and interpreters are national: any municipality's caseworker or payment officer registers them,
and an agency registers its own interpreters. Economic links are registered by municipal staff only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kompensation.accounts.models import Role, User
from kompensation.cases.models import Employer, Person
from kompensation.registers.cvr import clean_cvr, cvr_register
from kompensation.registers.errors import UNAVAILABLE

from ..models import Agency, EconomicLink, Interpreter

REGISTRY_WRITERS = (Role.CASEWORKER, Role.PAYMENT_OFFICER)


def _require_staff_writer(user: User) -> None:
    if not (user.is_active and user.role in REGISTRY_WRITERS):
        raise PermissionDenied("Kun sagsbehandlere og ydelsesmedarbejdere kan registrere i tolkeregistret.")


def agency_register(*, user: User, cvr: str, name: str = "", email: str = "", phone: str = "") -> Agency:
    """A new agency by CVR; the name comes from the CVR register when it answers, else as typed."""
    _require_staff_writer(user)
    errors: dict[str, str] = {}
    try:
        cvr = clean_cvr(cvr)
    except ValueError as exc:
        raise ValidationError({"cvr": str(exc)}) from exc
    if Agency.objects.filter(cvr=cvr).exists():
        raise ValidationError({"cvr": f"Et tolkebureau med CVR-nummer {cvr} er allerede registreret."})
    company = None
    try:
        company = cvr_register().lookup(cvr)
    except UNAVAILABLE:
        company = None  # the name typed is used; the register is asked again another time
    name = (company.name if company else name).strip()
    if not name:
        errors["name"] = "CVR-nummeret findes ikke i CVR-registret. Skriv bureauets navn."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Agency.objects.create(
                cvr=cvr,
                name=name,
                address=company.address if company else "",
                postcode=company.postcode if company else "",
                city=company.city if company else "",
                email=email.strip(),
                phone=phone.strip(),
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"cvr": f"Et tolkebureau med CVR-nummer {cvr} er allerede registreret."}
        ) from exc


def interpreter_register(
    *, user: User, number: str, name: str, email: str = "", agencies: Iterable[Agency] = ()
) -> Interpreter:
    """A new interpreter. Staff choose the agencies; an agency registers interpreters for itself only."""
    agencies = list(agencies)
    if user.is_active and user.role == Role.INTERPRETER_AGENCY:
        own = Agency.objects.filter(cvr=user.cvr).first()
        if own is None:
            raise PermissionDenied("Jeres tolkebureau er ikke registreret hos kommunen.")
        agencies = [own]
    else:
        _require_staff_writer(user)
    errors: dict[str, str] = {}
    number, name = number.strip(), name.strip()
    if not number:
        errors["number"] = "Skriv tolkenummeret."
    elif Interpreter.objects.filter(number__iexact=number).exists():
        errors["number"] = f"Tolkenummer {number} er allerede registreret."
    if not name:
        errors["name"] = "Skriv tolkens navn."
    if not agencies:
        errors["agencies"] = "Vælg mindst ét tolkebureau."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            interpreter = Interpreter.objects.create(number=number, name=name, email=email.strip())
            interpreter.agencies.set(agencies)
    except IntegrityError as exc:
        raise ValidationError({"number": f"Tolkenummer {number} er allerede registreret."}) from exc
    return interpreter


def economic_link_register(
    *,
    user: User,
    interpreter: Interpreter,
    description: str,
    person: Person | None = None,
    employer: Employer | None = None,
) -> EconomicLink:
    """A known tie between an interpreter and a user or employer; their invoice lines get flagged."""
    _require_staff_writer(user)
    errors: dict[str, str] = {}
    if person is None and employer is None:
        errors["__all__"] = "Angiv tolkebrugerens CPR-nummer eller arbejdsgiverens CVR-nummer."
    if not description.strip():
        errors["description"] = "Beskriv forbindelsen."
    if errors:
        raise ValidationError(errors)
    return EconomicLink.objects.create(
        interpreter=interpreter,
        person=person,
        employer=employer,
        description=description.strip(),
        registered_by=user,
    )
