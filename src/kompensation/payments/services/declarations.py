"""Solemn declarations of no economic interest in the agency (BEK § 25; Ankestyrelsen's principle 2019).

Before the municipality pays an agency for interpreting, the user, the user's employer, the agency and each
interpreter have declared on *tro og love* that neither they nor their closest relatives have an economic
interest in the agency. A declaration belongs to one grant and one agency, so a new grant needs new ones;
a changed relationship revokes the declaration, and the party signs again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.cases.models import EventType, Grant
from kompensation.cases.services import case_event_record

from ..models import Agency, Declaration, DeclarationParty, Interpreter, PaymentRequest

RULE = "BEK § 25"

DECLARATION_TEXTS: dict[str, str] = {
    DeclarationParty.USER: (
        "Jeg erklærer på tro og love, at hverken jeg eller mine nærmeste pårørende har økonomisk interesse "
        "i {agency}, og jeg godkender, at {agency} leverer tolkning til mig på mit arbejde."
    ),
    DeclarationParty.EMPLOYER: (
        "Vi erklærer på tro og love, at hverken virksomheden, dens ejere eller ledelse eller deres nærmeste "
        "pårørende har økonomisk interesse i {agency}."
    ),
    DeclarationParty.AGENCY: (
        "Vi erklærer på tro og love, at hverken tolkebrugeren, tolkebrugerens arbejdsgiver eller deres "
        "nærmeste pårørende har økonomisk interesse i {agency}."
    ),
    DeclarationParty.INTERPRETER: (
        "Jeg erklærer på tro og love, at hverken jeg eller mine nærmeste pårørende har økonomisk interesse "
        "i {agency} ud over min løn eller honorar som tolk, og at jeg ikke er i familie med tolkebrugeren "
        "eller har økonomisk forbindelse til tolkebrugeren eller dennes arbejdsgiver."
    ),
}


@dataclass(frozen=True)
class RequiredDeclaration:
    """A declaration the grant needs before its agency can be paid: who must sign, for which agency."""

    grant: Grant
    agency: Agency
    party: str
    interpreter: Interpreter | None = None

    @property
    def key(self) -> str:
        return f"interpreter:{self.interpreter.pk}" if self.interpreter else str(self.party)

    @property
    def label(self) -> str:
        if self.party == DeclarationParty.INTERPRETER and self.interpreter:
            return f"Tolken {self.interpreter.name} ({self.interpreter.number})"
        if self.party == DeclarationParty.USER:
            return f"Tolkebrugeren {self.grant.case.person.name}"
        if self.party == DeclarationParty.EMPLOYER and self.grant.case.employer:
            return f"Arbejdsgiveren {self.grant.case.employer.name}"
        return f"Tolkebureauet {self.agency.name}"

    @property
    def text(self) -> str:
        return DECLARATION_TEXTS[self.party].format(agency=self.agency.name)


def party_key(party: str, interpreter: Interpreter | None) -> str:
    return f"interpreter:{interpreter.pk}" if interpreter else str(party)


def declarations_required(
    *, grant: Grant, agency: Agency, interpreters: Iterable[Interpreter] = ()
) -> list[RequiredDeclaration]:
    """The user, the employer (none when the user is self-employed), the agency and each interpreter."""
    required = [RequiredDeclaration(grant, agency, DeclarationParty.USER)]
    if grant.case.employer_id:
        required.append(RequiredDeclaration(grant, agency, DeclarationParty.EMPLOYER))
    required.append(RequiredDeclaration(grant, agency, DeclarationParty.AGENCY))
    for interpreter in sorted(set(interpreters), key=lambda i: (i.name, i.pk)):
        required.append(RequiredDeclaration(grant, agency, DeclarationParty.INTERPRETER, interpreter))
    return required


def declarations_missing(
    *, grant: Grant, agency: Agency, interpreters: Iterable[Interpreter] = ()
) -> list[RequiredDeclaration]:
    """The required declarations with no live (signed, not revoked) declaration on file."""
    signed = set(
        Declaration.objects.filter(grant=grant, agency=agency, revoked_at__isnull=True).values_list(
            "party_key", flat=True
        )
    )
    return [
        r
        for r in declarations_required(grant=grant, agency=agency, interpreters=interpreters)
        if r.key not in signed
    ]


def declarations_missing_for_invoice(request: PaymentRequest) -> list[RequiredDeclaration]:
    """What an invoice still needs: the user, employer, its agency and every interpreter on its lines."""
    assert request.agency is not None
    interpreters = Interpreter.objects.filter(invoice_lines__request=request).distinct()
    return declarations_missing(grant=request.grant, agency=request.agency, interpreters=interpreters)


def _is_party(user: User, required: RequiredDeclaration) -> bool:
    case = required.grant.case
    if required.party == DeclarationParty.USER:
        return user.role == Role.CITIZEN and user.cpr == case.person.cpr
    if required.party == DeclarationParty.EMPLOYER:
        return user.role == Role.EMPLOYER and case.employer is not None and user.cvr == case.employer.cvr
    if required.party == DeclarationParty.AGENCY:
        return user.role == Role.INTERPRETER_AGENCY and user.cvr == required.agency.cvr
    interpreter = required.interpreter
    return user.role == Role.INTERPRETER and interpreter is not None and interpreter.user_id == user.pk


def declaration_sign(
    *, user: User, grant: Grant, agency: Agency, party: str, interpreter: Interpreter | None = None
) -> Declaration:
    """The party signs its own declaration in the portal; the wording signed is stored with it."""
    required = RequiredDeclaration(grant, agency, party, interpreter)
    if not (user.is_active and _is_party(user, required)):
        raise PermissionDenied("Du kan kun underskrive din egen erklæring.")
    try:
        with transaction.atomic():
            declaration = Declaration.objects.create(
                grant=grant,
                agency=agency,
                party=party,
                interpreter=interpreter,
                party_key=required.key,
                text=required.text,
                signed_by=user,
                signed_at=timezone.now(),
            )
            case_event_record(
                grant.case,
                EventType.DECLARATION_SIGNED,
                user,
                grant_id=grant.pk,
                agency=agency.name,
                party=party,
                interpreter=interpreter.number if interpreter else "",
            )
    except IntegrityError as error:
        raise ValidationError("Erklæringen er allerede underskrevet.") from error
    return declaration


def declaration_revoke(*, user: User, declaration: Declaration, reason: str) -> Declaration:
    """A changed relationship: the declaration no longer holds, and the party must sign a new one."""
    if not (
        user.is_active
        and user.role == Role.CASEWORKER
        and user.municipality_id == declaration.grant.case.municipality_id
    ):
        raise PermissionDenied("Kun en sagsbehandler i kommunen kan tilbagekalde en erklæring.")
    if not reason.strip():
        raise ValidationError({"reason": "Skriv hvad der har ændret sig."})
    with transaction.atomic():
        # The grant's lock is the one approval takes: an invoice is never approved on a revoked declaration.
        Grant.objects.select_for_update().only("pk").get(pk=declaration.grant_id)
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.revoked_at is not None:
            raise ValidationError("Erklæringen er allerede tilbagekaldt.")
        declaration.revoked_at = timezone.now()
        declaration.revoked_by = user
        declaration.revoked_reason = reason.strip()
        declaration.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        case_event_record(
            declaration.grant.case,
            EventType.DECLARATION_REVOKED,
            user,
            grant_id=declaration.grant_id,
            party=declaration.party,
            reason=declaration.revoked_reason,
        )
    return declaration
