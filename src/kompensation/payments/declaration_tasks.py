"""Declaration requests that leave after commit, in the task worker: e-mail, and Digital Post to citizens."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task

from kompensation.accounts.models import Role, User
from kompensation.registers.digital_post import DigitalPostMessage, digital_post

from .models import Declaration, DeclarationParty, DeclarationRequest


def _recipients(request: DeclarationRequest) -> list[str]:
    """The e-mail addresses we hold for the party (never for the citizen, who gets Digital Post)."""
    case = request.grant.case
    addresses: list[str] = []
    if request.party == DeclarationParty.EMPLOYER and case.employer is not None:
        addresses += User.objects.filter(
            role=Role.EMPLOYER, cvr=case.employer.cvr, is_active=True
        ).values_list("email", flat=True)
    elif request.party == DeclarationParty.AGENCY:
        addresses.append(request.agency.email)
        addresses += User.objects.filter(
            role=Role.INTERPRETER_AGENCY, cvr=request.agency.cvr, is_active=True
        ).values_list("email", flat=True)
    elif request.party == DeclarationParty.INTERPRETER and request.interpreter is not None:
        addresses.append(request.interpreter.email)
        if request.interpreter.user is not None and request.interpreter.user.is_active:
            addresses.append(request.interpreter.user.email)
    return sorted({a for a in addresses if a})


def _text(request: DeclarationRequest, *, reminder: bool) -> tuple[str, str]:
    grant = request.grant
    subject = (
        "Påmindelse: erklæring på tro og love om tolkning mangler"
        if reminder
        else "Underskriv en erklæring på tro og love om tolkning"
    )
    who = {
        DeclarationParty.USER: "du",
        DeclarationParty.EMPLOYER: "I som arbejdsgiver",
        DeclarationParty.AGENCY: "I som tolkebureau",
        DeclarationParty.INTERPRETER: "du som tolk",
    }[DeclarationParty(request.party)]
    body = (
        f"Kommunen har bevilget tolkning på arbejdspladsen (bevilling {grant.reference}) med "
        f"{request.agency.name} som tolkebureau. Før kommunen kan betale for tolkningen, skal {who} "
        "erklære på tro og love, at der ikke er økonomisk interesse i tolkebureauet (BEK § 25).\n\n"
        "Log ind på Kompensation med MitID, og underskriv erklæringen under «Erklæringer».\n"
    )
    return subject, body


@task()
def declaration_request_send(request_id: int, reminder: bool = False) -> int:
    """Send (or re-send) one request; nothing if the party has signed meanwhile. Returns messages sent."""
    request = (
        DeclarationRequest.objects.select_related(
            "grant__case__person", "grant__case__employer", "grant__decision", "agency", "interpreter__user"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    if Declaration.objects.filter(
        grant=request.grant_id, agency=request.agency_id, party_key=request.party_key, revoked_at__isnull=True
    ).exists():
        return 0
    subject, body = _text(request, reminder=reminder)
    if request.party == DeclarationParty.USER:
        digital_post().send(DigitalPostMessage(cpr=request.grant.case.person.cpr, subject=subject, body=body))
        return 1
    recipients = _recipients(request)
    if not recipients:
        return 0
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
