"""Receiving an application: the employer's co-signature, paper registration, opening the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.files import file_writes
from kompensation.rules import deadlines, pa

from ..documents import CheckedFile
from ..models import (
    Application,
    ApplicationStatus,
    Case,
    Channel,
    Deadline,
    DeadlineKind,
    DocumentType,
    EventType,
)
from ..selectors import decision_target_weeks
from ..validators import sane_date_errors
from .applications import APPLICATION_FIELDS, EMPLOYER_FIELDS, _application_field_errors, _replace_assistants
from .documents import _document_save, document_check
from .events import _event
from .registers import employer_from_register, person_from_register


def _require_cosigning_employer(application: Application, user: User) -> None:
    if user.role != Role.EMPLOYER or application.employer is None or application.employer.cvr != user.cvr:
        raise PermissionDenied(
            "Ansøgningen er ikke sendt til jeres virksomhed. Kun virksomheden med det CVR-nummer, "
            "borgeren har angivet, kan underskrive."
        )
    if application.status != ApplicationStatus.AWAITING_EMPLOYER:
        raise ValidationError("Ansøgningen afventer ikke virksomhedens underskrift.")


def application_cosign(
    *,
    application: Application,
    user: User,
    data: Mapping[str, Any],
    declaration: bool,
    contract: UploadedFile | None = None,
) -> Case:
    """The employer completes its part and signs on solemn declaration; the case opens on receipt.

    The contract uploaded with the signature is checked with everything else and stored in the same
    transaction: a refused signature stores neither the contract nor anything else.
    """
    _require_cosigning_employer(application, user)
    errors: dict[str, str] = {}
    checked: CheckedFile | None = None
    if contract is not None:
        try:
            checked = document_check(upload=contract, doc_type=DocumentType.CONTRACT, field="contract")
        except ValidationError as exc:
            errors |= {k: v[0] for k, v in exc.message_dict.items()}
    for key in EMPLOYER_FIELDS:
        if not data.get(key):
            errors[key] = "Feltet skal udfyldes."
    errors |= sane_date_errors(employment_start=data.get("employment_start"))
    working = data.get("working_hours")
    if working is not None:
        if working <= 0 or working > 168 or not pa.is_half_hour_step(Decimal(working)):
            errors["working_hours"] = "Arbejdstiden skal angives i hele eller halve timer, fx 37."
        elif application.hours_sought is not None and application.hours_sought > working:
            errors["working_hours"] = (
                "De søgte timer til assistance kan ikke overstige arbejdstiden. "
                "Kontakt borgeren, hvis ansøgningen skal rettes."
            )
    if (
        checked is None
        and "contract" not in errors
        and not application.documents.filter(
            doc_type__in=[DocumentType.CONTRACT, DocumentType.OTHER], uploaded_by__role=Role.EMPLOYER
        ).exists()
    ):
        errors["contract"] = (
            "Vedhæft ansættelseskontrakten (eller anden dokumentation, hvis borgeren er selvstændig)."
        )
    if not declaration:
        errors["declaration"] = "Virksomheden skal bekræfte på tro og love, at oplysningerne er rigtige."
    if errors:
        if checked is not None:
            errors["contract"] = "Vedhæft kontrakten igen. Den er ikke gemt, fordi der er fejl andre steder."
        raise ValidationError(errors)
    with file_writes() as files, transaction.atomic():
        if checked is not None:
            _document_save(
                files=files,
                user=user,
                checked=checked,
                doc_type=DocumentType.CONTRACT,
                application=application,
                case=None,
            )
        for key in EMPLOYER_FIELDS:
            setattr(application, key, data[key])
        application.employer_signed_at = timezone.now()
        application.employer_signed_by = user
        application.status = ApplicationStatus.SUBMITTED
        application.save()
        return _case_open(application, received_on=timezone.localdate(), actor=user)


def _case_open(
    application: Application, *, received_on: dt.date, actor: User | None, caseworker: User | None = None
) -> Case:
    case = Case.objects.create(
        scheme=application.scheme,
        municipality=application.person.municipality,
        person=application.person,
        employer=application.employer,
        caseworker=caseworker,
        received_on=received_on,
    )
    application.case = case
    application.save(update_fields=["case"])
    for document in application.documents.all():
        document.case = case
        document.save(update_fields=["case"])
        _event(
            case,
            EventType.DOCUMENT_ADDED,
            document.uploaded_by,
            document_id=document.pk,
            doc_type=document.doc_type,
            name=document.original_name,
        )
    weeks = decision_target_weeks(case.municipality_id)
    due = deadlines.decision_target(received_on, weeks=weeks)
    Deadline.objects.create(
        case=case,
        kind=DeadlineKind.DECISION,
        due=due,
        rule=f"Sagsbehandlingsfrist (RSL § 3 stk. 2): {weeks} uger fra modtagelse",
    )
    _event(
        case,
        EventType.CASE_OPENED,
        actor,
        channel=application.channel,
        received_on=str(received_on),
        decision_due=str(due),
    )
    if application.renews_id is not None:
        # A renewal of a time-limited grant: the old case's timeline says it was applied for (followup).
        from kompensation.followup.services.renewals import renewal_received

        renewal_received(application=application, case=case, actor=actor)
    return case


def application_register_paper(
    *,
    user: User,
    data: Mapping[str, Any],
    assistants: Sequence[Mapping[str, str]],
    uploads: Iterable[tuple[UploadedFile, str]] = (),
) -> Case:
    """A caseworker registers a paper or e-mail application with the same content as the online one."""
    if user.role != Role.CASEWORKER or user.municipality is None:
        raise PermissionDenied("Kun en sagsbehandler kan registrere en ansøgning.")
    received_on: dt.date = data["received_on"]
    errors: dict[str, str] = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "Modtagelsesdatoen kan ikke ligge i fremtiden."
    errors |= sane_date_errors(received_on=received_on, employment_start=data.get("employment_start"))
    if data.get("channel", Channel.PAPER) not in (Channel.PAPER, Channel.EMAIL):
        errors["channel"] = "Vælg om ansøgningen kom på papir eller e-mail."
    fields = {k: data.get(k) for k in APPLICATION_FIELDS if k in data}
    errors |= _application_field_errors(fields, merged=fields)
    working = data.get("working_hours")
    if working is not None and fields.get("hours_sought") is not None and fields["hours_sought"] > working:
        errors["hours_sought"] = "De søgte timer kan ikke overstige arbejdstiden."
    person = employer = None
    try:
        person = person_from_register(cpr=data["cpr"])
    except ValidationError as exc:
        errors |= {k: v[0] for k, v in exc.message_dict.items()}
    try:
        employer = employer_from_register(cvr=data["employer_cvr"])
    except ValidationError as exc:
        errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if person is not None and person.municipality_id != user.municipality_id:
        errors["cpr"] = (
            f"Personen bor i {person.municipality}. Ansøgningen skal behandles af bopælskommunens jobcenter."
        )
    checked: list[tuple[CheckedFile, str]] = []
    for upload, doc_type in uploads:
        try:
            checked.append((document_check(upload=upload, doc_type=doc_type, field="document"), doc_type))
        except ValidationError as exc:
            errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    assert person is not None and employer is not None
    with file_writes() as files, transaction.atomic():
        application = Application.objects.create(
            person=person,
            employer=employer,
            channel=data.get("channel") or Channel.PAPER,
            status=ApplicationStatus.SUBMITTED,
            **fields,
            **{k: data.get(k) for k in EMPLOYER_FIELDS},
        )
        _replace_assistants(application, assistants)
        for document, doc_type in checked:
            _document_save(
                files=files,
                user=user,
                checked=document,
                doc_type=doc_type,
                application=application,
                case=None,
            )
        return _case_open(application, received_on=received_on, actor=user, caseworker=user)


def application_send_cosign_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the employer of a co-signature unsigned after 14 days; once per application.

    The mails are tasks queued after commit: a rolled-back run sends nothing, and a slow mail server
    never holds the transaction open.
    """
    from ..tasks import mail_cosign_reminder

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=deadlines.COSIGN_REMINDER_DAYS)
    waiting = list(
        Application.objects.select_related("employer", "person").filter(
            status=ApplicationStatus.AWAITING_EMPLOYER,
            cosign_requested_at__lte=cutoff,
            cosign_reminded_at__isnull=True,
        )
    )
    with transaction.atomic():
        Application.objects.filter(pk__in=[a.pk for a in waiting]).update(cosign_reminded_at=now)
        for application in waiting:
            transaction.on_commit(
                lambda pk=application.pk: mail_cosign_reminder.enqueue(pk),  # type: ignore[misc]
                robust=True,
            )
    return len(waiting)
