"""The automatic request to every party that has not signed its declaration (BEK § 25), and the reminder.

A request is made once per party, grant and agency (`DeclarationRequest` holds when it was asked and
reminded). The message itself leaves after commit, in the task worker: an e-mail to the employer, agency or
interpreter at the addresses we hold, Digital Post to the citizen. A party whose declaration was revoked
after it was asked is asked again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kompensation.cases.models import EventType, Grant
from kompensation.cases.services import case_event_record

from ..models import Agency, Declaration, DeclarationRequest, Interpreter, PaymentRequest, RequestStatus
from .declarations import declarations_missing
from .interpreting_controls import invoice_controls_run

REMIND_AFTER = dt.timedelta(days=7)


def _enqueue(request_ids: list[int], *, reminder: bool) -> None:
    from ..declaration_tasks import declaration_request_send

    for request_id in request_ids:
        # robust: a queue that cannot take the task must not undo the decision or the invoice.
        transaction.on_commit(partial(declaration_request_send.enqueue, request_id, reminder), robust=True)


def declarations_request_missing(
    *, grant: Grant, agency: Agency, interpreters: Iterable[Interpreter] = ()
) -> list[DeclarationRequest]:
    """Ask each party still missing its declaration, once; returns the requests made (or made again) now."""
    now = timezone.now()
    made: list[DeclarationRequest] = []
    with transaction.atomic():
        for required in declarations_missing(grant=grant, agency=agency, interpreters=interpreters):
            request, created = DeclarationRequest.objects.select_for_update().get_or_create(
                grant=grant,
                agency=agency,
                party_key=required.key,
                defaults={"party": required.party, "interpreter": required.interpreter, "sent_at": now},
            )
            if not created:
                revoked_since = Declaration.objects.filter(
                    grant=grant, agency=agency, party_key=required.key, revoked_at__gt=request.sent_at
                ).exists()
                if not revoked_since:
                    continue
                # A changed relationship: the party signs anew, and is asked anew.
                request.sent_at, request.reminded_at = now, None
                request.save(update_fields=["sent_at", "reminded_at"])
            made.append(request)
            case_event_record(
                grant.case,
                EventType.DECLARATION_REQUESTED,
                None,
                grant_id=grant.pk,
                agency=agency.name,
                party=required.party,
                interpreter=required.interpreter.number if required.interpreter else "",
            )
        _enqueue([r.pk for r in made], reminder=False)
    return made


def declarations_for_grant_request(*, grant: Grant) -> list[DeclarationRequest]:
    """At the decision: ask the user, the employer and every approved agency (interpreters come with
    the agency's first invoice naming them)."""
    made: list[DeclarationRequest] = []
    for agency in grant.decision.agencies.all():
        made += declarations_request_missing(grant=grant, agency=agency)
    return made


def declarations_remind(*, now: dt.datetime | None = None) -> list[DeclarationRequest]:
    """Re-send each request unanswered after 7 days, once (stamped `reminded_at`); safe to run twice."""
    now = now or timezone.now()
    reminded: list[DeclarationRequest] = []
    with transaction.atomic():
        due = (
            DeclarationRequest.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(reminded_at__isnull=True, sent_at__lte=now - REMIND_AFTER)
            .select_related("grant", "agency", "interpreter")
            .order_by("sent_at", "pk")
        )
        for request in due:
            answered = Declaration.objects.filter(
                Q(revoked_at__isnull=True),
                grant=request.grant_id,
                agency=request.agency_id,
                party_key=request.party_key,
            ).exists()
            if answered:
                continue
            request.reminded_at = now
            request.save(update_fields=["reminded_at"])
            reminded.append(request)
        _enqueue([r.pk for r in reminded], reminder=True)
    return reminded


def declaration_invoices_recheck(*, grant: Grant, agency: Agency) -> int:
    """After a signature: run the controls again on the agency's invoices still waiting on the grant."""
    waiting = PaymentRequest.objects.filter(grant=grant, agency=agency, status=RequestStatus.SUBMITTED)
    for request in waiting:
        invoice_controls_run(request=request)
    return len(waiting)
