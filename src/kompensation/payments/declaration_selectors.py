"""Reads for the portal: the declarations (BEK § 25) a portal user must sign, and those they have signed.

Each party sees only what it is party to: the citizen their own grants, the employer its employees'
grants (by CVR), the agency the grants that approve it (by CVR), the interpreter the grants they have been
asked about or appear on an invoice for. No health data is read here.
"""

from __future__ import annotations

from kompensation.accounts.models import Role, User
from kompensation.cases.grant_kinds import GrantKindCode
from kompensation.cases.models import Grant, GrantStatus

from .models import Agency, Declaration, DeclarationParty, DeclarationRequest, Interpreter, InvoiceLine
from .services.declarations import RequiredDeclaration


def declarations_of(user: User) -> list[RequiredDeclaration]:
    """Every declaration the user signs as a party, on active interpreting grants (signed or not)."""
    if not (user.is_authenticated and user.is_active):
        return []
    grants = Grant.objects.filter(
        status=GrantStatus.ACTIVE, decision__grant_kind=GrantKindCode.INTERPRETING
    ).select_related("case__person", "case__employer", "decision")
    found: list[RequiredDeclaration] = []
    if user.role == Role.CITIZEN and user.cpr:
        for grant in grants.filter(case__person__cpr=user.cpr).order_by("pk"):
            found += [
                RequiredDeclaration(grant, a, DeclarationParty.USER) for a in grant.decision.agencies.all()
            ]
    elif user.role == Role.EMPLOYER and user.cvr:
        for grant in grants.filter(case__employer__cvr=user.cvr).order_by("pk"):
            found += [
                RequiredDeclaration(grant, a, DeclarationParty.EMPLOYER)
                for a in grant.decision.agencies.all()
            ]
    elif user.role == Role.INTERPRETER_AGENCY and user.cvr:
        agency = Agency.objects.filter(cvr=user.cvr).first()
        if agency is not None:
            for grant in grants.filter(decision__agencies=agency).distinct().order_by("pk"):
                found.append(RequiredDeclaration(grant, agency, DeclarationParty.AGENCY))
    elif user.role == Role.INTERPRETER:
        interpreter = Interpreter.objects.filter(user=user).first()
        if interpreter is not None:
            pairs = set(
                DeclarationRequest.objects.filter(interpreter=interpreter).values_list(
                    "grant_id", "agency_id"
                )
            ) | set(
                InvoiceLine.objects.filter(interpreter=interpreter).values_list(
                    "request__grant_id", "request__agency_id"
                )
            )
            by_pk = {g.pk: g for g in grants.filter(pk__in={g for g, _ in pairs})}
            agencies = {a.pk: a for a in Agency.objects.filter(pk__in={a for _, a in pairs})}
            for grant_id, agency_id in sorted(p for p in pairs if p[1] is not None):
                if grant_id in by_pk and agency_id in agencies:
                    found.append(
                        RequiredDeclaration(
                            by_pk[grant_id], agencies[agency_id], DeclarationParty.INTERPRETER, interpreter
                        )
                    )
    return found


def declarations_due(user: User) -> list[RequiredDeclaration]:
    """What the user still has to sign: no live (signed, not revoked) declaration for it."""
    every = declarations_of(user)
    live = set(
        Declaration.objects.filter(
            revoked_at__isnull=True, grant__in={r.grant.pk for r in every}
        ).values_list("grant_id", "agency_id", "party_key")
    )
    return [r for r in every if (r.grant.pk, r.agency.pk, r.key) not in live]


def declarations_signed(user: User) -> list[Declaration]:
    """What the user has signed, newest first, revoked ones included (marked as such)."""
    return list(
        Declaration.objects.filter(signed_by=user)
        .select_related("grant__case", "agency", "interpreter")
        .order_by("-signed_at")
    )
