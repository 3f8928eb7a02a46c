"""The citizen's online application: draft, assistants, what is missing, signing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Role, User
from kompensation.files import file_writes
from kompensation.registers.cpr import clean_cpr
from kompensation.rules import pa

from ..models import (
    Application,
    ApplicationStatus,
    Assistant,
    AssistantKind,
    Channel,
    Person,
)
from ..validators import sane_date_errors
from .documents import _document_save, document_check
from .registers import employer_from_register, person_from_register

APPLICATION_FIELDS = (
    "job_title",
    "phone",
    "email",
    "employment_type",
    "employment_form",
    "impairment_description",
    "tasks_description",
    "hours_sought",
    "hours_without_assistance",
    "period_from",
    "period_to",
    "until_further_notice",
    "travel",
    "travel_description",
    "assistant_approved",
)
EMPLOYER_FIELDS = ("employer_contact_name", "employer_contact_role", "working_hours", "employment_start")


def _require_citizen_draft(application: Application, user: User) -> None:
    if user.role != Role.CITIZEN or application.person.cpr != user.cpr:
        raise PermissionDenied("Du kan kun ændre din egen ansøgning.")
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("Ansøgningen er sendt og kan ikke længere ændres.")


def application_start(*, user: User) -> Application:
    """A citizen starts an online application; an unfinished draft is reused rather than duplicated.

    A double-click sends two requests at once: both would find no draft and both would create one. The
    person row is locked before looking, so the second waits and then finds the first one's draft (and
    the database refuses a second draft per person in any case).
    """
    if user.role != Role.CITIZEN:
        raise PermissionDenied("Kun borgeren selv kan starte en digital ansøgning.")
    draft = Application.objects.filter(person__cpr=user.cpr, status=ApplicationStatus.DRAFT).first()
    if draft is not None:
        return draft
    person = person_from_register(cpr=user.cpr)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).get()
        draft = Application.objects.filter(person=person, status=ApplicationStatus.DRAFT).first()
        if draft is not None:
            return draft
        return Application.objects.create(person=person, channel=Channel.ONLINE, email=user.email)


def _application_field_errors(data: Mapping[str, Any], *, merged: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    start, end = merged.get("period_from"), merged.get("period_to")
    errors |= sane_date_errors(**{k: data.get(k) for k in ("period_from", "period_to") if k in data})
    if start and end and end < start:
        errors["period_to"] = "Slutdatoen skal ligge efter startdatoen."
    sought, alone = merged.get("hours_sought"), merged.get("hours_without_assistance")
    for key in ("hours_sought", "hours_without_assistance"):
        value = data.get(key)
        if value is not None and (value < 0 or value > 168 or not pa.is_half_hour_step(Decimal(value))):
            errors[key] = "Timer skal angives i hele eller halve timer mellem 0 og 168, fx 7,5."
    if "hours_sought" in data and sought is not None and sought <= 0:
        errors["hours_sought"] = "Angiv hvor mange timer om ugen du søger assistance til."
    if sought is not None and alone is not None and sought + alone > 168:
        errors["hours_without_assistance"] = "Timer med og uden assistance kan tilsammen højst være 168."
    return errors


def application_update(
    *,
    application: Application,
    user: User,
    data: Mapping[str, Any],
    document: UploadedFile | None = None,
    doc_type: str = "",
    document_field: str = "file",
) -> Application:
    """Save a step's answers and the document sent with them: both or neither, the upload checked first."""
    _require_citizen_draft(application, user)
    unknown = set(data) - set(APPLICATION_FIELDS) - {"employer_cvr"}
    if unknown:
        raise ValueError(f"Ukendte felter: {sorted(unknown)}")
    merged = {f: getattr(application, f) for f in APPLICATION_FIELDS} | dict(data)
    errors = _application_field_errors(data, merged=merged)
    checked = None
    if document is not None:
        try:
            checked = document_check(upload=document, doc_type=doc_type, field=document_field)
        except ValidationError as exc:
            errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    with file_writes() as files, transaction.atomic():
        if checked is not None:
            _document_save(
                files=files, user=user, checked=checked, doc_type=doc_type, application=application, case=None
            )
        if data.get("employer_cvr"):
            application.employer = employer_from_register(cvr=data["employer_cvr"])
        for key, value in data.items():
            if key != "employer_cvr":
                setattr(application, key, value)
        if application.until_further_notice:
            application.period_to = None
        if not application.travel:
            application.travel_description = ""
        application.save()
    return application


def application_set_assistants(
    *,
    application: Application,
    user: User,
    assistants: Sequence[Mapping[str, str]],
    approved: bool,
) -> None:
    _require_citizen_draft(application, user)
    _replace_assistants(application, assistants)
    application.assistant_approved = approved
    application.save(update_fields=["assistant_approved", "updated_at"])


def _replace_assistants(application: Application, assistants: Sequence[Mapping[str, str]]) -> None:
    errors: dict[str, str] = {}
    rows: list[Assistant] = []
    for index, row in enumerate(assistants):
        kind, name, cpr = row.get("kind", ""), (row.get("name") or "").strip(), (row.get("cpr") or "").strip()
        if not name:
            errors[f"assistant-{index}-name"] = "Skriv assistentens navn eller firmaets navn."
            continue
        if kind == AssistantKind.INTERNAL:
            try:
                cpr = clean_cpr(cpr)
            except ValueError as exc:
                errors[f"assistant-{index}-cpr"] = str(exc)
                continue
        elif kind == AssistantKind.EXTERNAL:
            cpr = ""
        else:
            errors[f"assistant-{index}-kind"] = "Vælg om assistenten er ansat i virksomheden eller ekstern."
            continue
        rows.append(Assistant(application=application, kind=kind, name=name[:200], cpr=cpr))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application.assistants.all().delete()
        Assistant.objects.bulk_create(rows)


def application_missing(application: Application) -> dict[str, str]:
    """What the person still has to fill in before the employer can co-sign (BEK § 21 stk. 2)."""
    a = application
    missing: dict[str, str] = {}
    if not a.job_title:
        missing["job_title"] = "Skriv din stillingsbetegnelse."
    if a.employer_id is None:
        missing["employer_cvr"] = "Angiv virksomhedens CVR-nummer."
    if not a.employment_type:
        missing["employment_type"] = "Vælg om du er lønmodtager eller selvstændig."
    if not a.employment_form:
        missing["employment_form"] = "Vælg ansættelsesform."
    if not a.impairment_description:
        missing["impairment_description"] = "Beskriv din funktionsnedsættelse."
    if not a.tasks_description:
        missing["tasks_description"] = "Beskriv de arbejdsfunktioner, du søger assistance til."
    if a.hours_sought is None:
        missing["hours_sought"] = "Angiv hvor mange timer om ugen du søger."
    if a.hours_without_assistance is None:
        missing["hours_without_assistance"] = "Angiv hvor mange timer om ugen du arbejder uden assistance."
    if a.period_from is None:
        missing["period_from"] = "Angiv hvornår perioden skal starte."
    if a.period_to is None and not a.until_further_notice:
        missing["period_to"] = "Angiv en slutdato, eller vælg «indtil videre»."
    if a.travel and not a.travel_description:
        missing["travel_description"] = "Beskriv rejserne i arbejdet."
    if not a.assistants.exists():
        missing["assistants"] = "Angiv hvem der skal være din assistent."
    if not a.assistant_approved:
        missing["assistant_approved"] = "Du skal godkende valget af assistent."
    return missing


def application_submit(*, application: Application, user: User, declaration: bool) -> Application:
    """The person signs on solemn declaration; the employer of the CVR is asked to co-sign.

    Idempotent: a second click (or a second tab) on an application the person has already signed returns
    it unchanged. The row is locked and its status read again inside the transaction, so two requests at
    once sign it once.
    """
    if user.role != Role.CITIZEN or application.person.cpr != user.cpr:
        raise PermissionDenied("Du kan kun ændre din egen ansøgning.")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.DRAFT and locked.citizen_signed_at is not None:
            application.refresh_from_db()
            return application
        _require_citizen_draft(locked, user)
        missing = application_missing(locked)
        if not declaration:
            missing["declaration"] = "Du skal bekræfte på tro og love, at oplysningerne er rigtige."
        if missing:
            raise ValidationError(missing)
        now = timezone.now()
        locked.status = ApplicationStatus.AWAITING_EMPLOYER
        locked.citizen_signed_at = now
        locked.cosign_requested_at = now
        locked.save()
    application.refresh_from_db()
    return application
