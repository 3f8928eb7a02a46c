"""Every state change of a case: one function, one transaction, one case event (Zulip's actions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Municipality, Role, User
from kompensation.letters import services as letters
from kompensation.letters.models import LetterKind
from kompensation.registers.cpr import clean_cpr, cpr_register
from kompensation.registers.cvr import clean_cvr, cvr_register
from kompensation.rules import deadlines, eligibility, pa

from .documents import check_document
from .models import (
    MEDICAL_DOCUMENT_TYPES,
    Ability,
    Application,
    ApplicationStatus,
    Assistant,
    AssistantKind,
    Case,
    CaseEvent,
    CaseStatus,
    Channel,
    Deadline,
    DeadlineKind,
    Decision,
    DialogTask,
    Document,
    DocumentType,
    Employer,
    EventType,
    Grant,
    GrantStatus,
    Hearing,
    Investigation,
    JournalNote,
    Outcome,
    PeriodType,
    Person,
    RateType,
)

# Allowed status changes; anything else is a bug or a stale form, and is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.RECEIVED: frozenset({CaseStatus.INVESTIGATING}),
    CaseStatus.INVESTIGATING: frozenset({CaseStatus.HEARING, CaseStatus.DECIDED}),
    CaseStatus.HEARING: frozenset({CaseStatus.INVESTIGATING, CaseStatus.DECIDED}),
    CaseStatus.DECIDED: frozenset(),
}

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


def case_event_record(case: Case, type_: str, actor: User | None, **payload: Any) -> CaseEvent:
    """The one way to append to a case's timeline; other apps' services call it in their transaction."""
    return CaseEvent.objects.create(case=case, type=type_, actor=actor, at=timezone.now(), payload=payload)


_event = case_event_record


def _transition(case: Case, to: str) -> None:
    if to not in TRANSITIONS[case.status]:
        raise ValidationError(
            f"Sagen kan ikke gå fra «{CaseStatus(case.status).label}» til «{CaseStatus(to).label}»."
        )
    case.status = to
    case.save(update_fields=["status"])


def _require_caseworker(user: User, case: Case) -> None:
    if user.role != Role.CASEWORKER or user.municipality_id != case.municipality_id:
        raise PermissionDenied("Kun en sagsbehandler i sagens kommune kan ændre sagen.")


def _iso(value: object) -> object:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


# --- registers -------------------------------------------------------------------------------------


def person_from_register(*, cpr: str, field: str = "cpr") -> Person:
    """The person as the CPR register knows them; refreshed on every use so the address is current."""
    try:
        cpr = clean_cpr(cpr)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc
    found = cpr_register().lookup(cpr)
    if found is None:
        raise ValidationError({field: "CPR-nummeret findes ikke i CPR-registret. Kontrollér nummeret."})
    municipality = Municipality.objects.get(code=found.municipality_code)
    person, _ = Person.objects.update_or_create(
        cpr=cpr,
        defaults={
            "first_name": found.first_name,
            "last_name": found.last_name,
            "address": found.address,
            "postcode": found.postcode,
            "city": found.city,
            "municipality": municipality,
        },
    )
    return person


def employer_from_register(*, cvr: str, field: str = "employer_cvr") -> Employer:
    try:
        cvr = clean_cvr(cvr)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc
    found = cvr_register().lookup(cvr)
    if found is None:
        raise ValidationError({field: "CVR-nummeret findes ikke i CVR-registret. Kontrollér nummeret."})
    if not found.active_on(timezone.localdate()):
        raise ValidationError({field: f"{found.name} er ikke aktiv i CVR-registret."})
    employer, _ = Employer.objects.update_or_create(
        cvr=cvr,
        defaults={
            "name": found.name,
            "address": found.address,
            "postcode": found.postcode,
            "city": found.city,
        },
    )
    return employer


# --- documents -------------------------------------------------------------------------------------


def document_store(
    *,
    user: User,
    upload: UploadedFile,
    doc_type: str,
    application: Application | None = None,
    case: Case | None = None,
    field: str = "file",
) -> Document:
    if doc_type not in DocumentType.values:
        raise ValidationError({"doc_type": "Vælg hvilken slags dokument det er."})
    checked = check_document(upload, field=field)
    with transaction.atomic():
        document = Document(
            application=application,
            case=case or (application.case if application else None),
            doc_type=doc_type,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
            uploaded_by=user,
        )
        document.file.save(checked.sha256, ContentFile(checked.content), save=False)
        document.save()
        if document.case is not None:
            _event(
                document.case,
                EventType.DOCUMENT_ADDED,
                user,
                document_id=document.pk,
                doc_type=doc_type,
                name=checked.name,
            )
    return document


# --- application -----------------------------------------------------------------------------------


def _require_citizen_draft(application: Application, user: User) -> None:
    if user.role != Role.CITIZEN or application.person.cpr != user.cpr:
        raise PermissionDenied("Du kan kun ændre din egen ansøgning.")
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("Ansøgningen er sendt og kan ikke længere ændres.")


def application_start(*, user: User) -> Application:
    """A citizen starts an online application; an unfinished draft is reused rather than duplicated."""
    if user.role != Role.CITIZEN:
        raise PermissionDenied("Kun borgeren selv kan starte en digital ansøgning.")
    draft = Application.objects.filter(person__cpr=user.cpr, status=ApplicationStatus.DRAFT).first()
    if draft is not None:
        return draft
    person = person_from_register(cpr=user.cpr)
    return Application.objects.create(person=person, channel=Channel.ONLINE, email=user.email)


def _application_field_errors(data: Mapping[str, Any], *, merged: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    start, end = merged.get("period_from"), merged.get("period_to")
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


def application_update(*, application: Application, user: User, data: Mapping[str, Any]) -> Application:
    _require_citizen_draft(application, user)
    unknown = set(data) - set(APPLICATION_FIELDS) - {"employer_cvr"}
    if unknown:
        raise ValueError(f"Ukendte felter: {sorted(unknown)}")
    merged = {f: getattr(application, f) for f in APPLICATION_FIELDS} | dict(data)
    errors = _application_field_errors(data, merged=merged)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
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
    """The person signs on solemn declaration; the employer of the CVR is asked to co-sign."""
    _require_citizen_draft(application, user)
    missing = application_missing(application)
    if not declaration:
        missing["declaration"] = "Du skal bekræfte på tro og love, at oplysningerne er rigtige."
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    application.status = ApplicationStatus.AWAITING_EMPLOYER
    application.citizen_signed_at = now
    application.cosign_requested_at = now
    application.save()
    return application


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
) -> Case:
    """The employer completes its part and signs on solemn declaration; the case opens on receipt."""
    _require_cosigning_employer(application, user)
    errors: dict[str, str] = {}
    for key in EMPLOYER_FIELDS:
        if not data.get(key):
            errors[key] = "Feltet skal udfyldes."
    working = data.get("working_hours")
    if working is not None:
        if working <= 0 or working > 168 or not pa.is_half_hour_step(Decimal(working)):
            errors["working_hours"] = "Arbejdstiden skal angives i hele eller halve timer, fx 37."
        elif application.hours_sought is not None and application.hours_sought > working:
            errors["working_hours"] = (
                "De søgte timer til assistance kan ikke overstige arbejdstiden. "
                "Kontakt borgeren, hvis ansøgningen skal rettes."
            )
    if not application.documents.filter(
        doc_type__in=[DocumentType.CONTRACT, DocumentType.OTHER], uploaded_by__role=Role.EMPLOYER
    ).exists():
        errors["contract"] = (
            "Vedhæft ansættelseskontrakten (eller anden dokumentation, hvis borgeren er selvstændig)."
        )
    if not declaration:
        errors["declaration"] = "Virksomheden skal bekræfte på tro og love, at oplysningerne er rigtige."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
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
    due = deadlines.decision_target(received_on)
    Deadline.objects.create(
        case=case, kind=DeadlineKind.DECISION, due=due, rule="Sagsbehandlingsfrist: 4 uger fra modtagelse"
    )
    _event(
        case,
        EventType.CASE_OPENED,
        actor,
        channel=application.channel,
        received_on=str(received_on),
        decision_due=str(due),
    )
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
    if errors:
        raise ValidationError(errors)
    assert person is not None and employer is not None
    with transaction.atomic():
        application = Application.objects.create(
            person=person,
            employer=employer,
            channel=data.get("channel") or Channel.PAPER,
            status=ApplicationStatus.SUBMITTED,
            **fields,
            **{k: data.get(k) for k in EMPLOYER_FIELDS},
        )
        _replace_assistants(application, assistants)
        for upload, doc_type in uploads:
            document_store(user=user, upload=upload, doc_type=doc_type, application=application)
        return _case_open(application, received_on=received_on, actor=user, caseworker=user)


def application_send_cosign_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the employer of a co-signature unsigned after 14 days; once per application."""
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
            transaction.on_commit(lambda a=application: _mail_cosign_reminder(a))  # type: ignore[misc]
    return len(waiting)


def _mail_cosign_reminder(application: Application) -> None:
    assert application.employer is not None
    recipients = list(
        User.objects.filter(role=Role.EMPLOYER, cvr=application.employer.cvr, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if recipients:
        send_mail(
            subject="Påmindelse: ansøgning om personlig assistance venter på jeres underskrift",
            message=(
                f"{application.person.first_name} har bedt {application.employer.name} om at underskrive en "
                "ansøgning om personlig assistance for 14 dage siden. Log ind på Kompensation, og udfyld "
                "virksomhedens del."
            ),
            from_email=None,
            recipient_list=recipients,
        )


# --- investigation ---------------------------------------------------------------------------------


def case_assign(*, case: Case, user: User, caseworker: User) -> Case:
    _require_caseworker(user, case)
    if caseworker.role != Role.CASEWORKER or caseworker.municipality_id != case.municipality_id:
        raise ValidationError({"caseworker": "Vælg en sagsbehandler i sagens kommune."})
    with transaction.atomic():
        case.caseworker = caseworker
        case.save(update_fields=["caseworker"])
        _event(case, EventType.CASEWORKER_ASSIGNED, user, caseworker=caseworker.display_name)
    return case


ACTIVE_STEP_KINDS = {
    "meeting": "Møde i jobcentret",
    "workplace_visit": "Virksomhedsbesøg",
    "information_request": "Anmodning om oplysninger",
}


def case_record_active_step(*, case: Case, user: User, kind: str, on: dt.date, note: str = "") -> CaseEvent:
    """The first active investigation step ends Ankestyrelsen's 'initial contact' step."""
    _require_caseworker(user, case)
    errors: dict[str, str] = {}
    if kind not in ACTIVE_STEP_KINDS:
        errors["kind"] = "Vælg hvilket skridt der er taget."
    if on < case.received_on:
        errors["on"] = "Datoen kan ikke ligge før ansøgningen blev modtaget."
    if on > timezone.localdate():
        errors["on"] = "Datoen kan ikke ligge i fremtiden."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if case.status == CaseStatus.RECEIVED:
            _transition(case, CaseStatus.INVESTIGATING)
        if case.caseworker_id is None:
            case.caseworker = user
            case.save(update_fields=["caseworker"])
        return _event(
            case, EventType.ACTIVE_STEP, user, kind=kind, label=ACTIVE_STEP_KINDS[kind], on=str(on), note=note
        )


def investigation_for(case: Case) -> Investigation:
    investigation, _ = Investigation.objects.get_or_create(
        case=case,
        defaults={"working_hours": getattr(getattr(case, "application", None), "working_hours", None)},
    )
    return investigation


def investigation_save(*, case: Case, user: User, data: Mapping[str, Any]) -> Investigation:
    _require_caseworker(user, case)
    if case.status == CaseStatus.DECIDED:
        raise ValidationError("Sagen er afgjort; sagsoplysningen kan ikke ændres.")
    errors: dict[str, str] = {}
    tier = data.get("tier") or "standard"
    if tier not in pa.TIERS:
        errors["tier"] = "Vælg et timeniveau."
    elif tier != "standard" and not (data.get("concrete_assessment") or "").strip():
        errors["concrete_assessment"] = (
            "Beskriv den konkrete vurdering, der begrunder timer over standardgrænsen (BEK § 15)."
        )
    if data.get("working_hours") is not None:
        try:
            pa.weekly_hours_limit(
                data["working_hours"], cast(pa.Tier, tier if tier in pa.TIERS else "standard")
            )
        except ValueError as exc:
            errors["working_hours"] = str(exc)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        investigation = investigation_for(case)
        changed = []
        for key, value in data.items():
            if getattr(investigation, key) != value:
                setattr(investigation, key, value)
                changed.append(key)
        investigation.save()
        _event(case, EventType.INVESTIGATION_UPDATED, user, fields=changed)
    return investigation


def dialog_form_save(*, case: Case, user: User, rows: Sequence[Mapping[str, Any]]) -> list[DialogTask]:
    """Replace the dialog form; the proposal is the supported tasks' minutes, rounded up to the half hour."""
    _require_caseworker(user, case)
    if case.status == CaseStatus.DECIDED:
        raise ValidationError("Sagen er afgjort; dialogskemaet kan ikke ændres.")
    errors: dict[str, str] = {}
    tasks: list[DialogTask] = []
    for index, row in enumerate(rows):
        task = (row.get("task") or "").strip()
        minutes = row.get("minutes_per_week")
        ability = row.get("ability")
        if not task:
            errors[f"row-{index}-task"] = "Beskriv arbejdsopgaven."
        if minutes is None or minutes < 0 or minutes > 168 * 60:
            errors[f"row-{index}-minutes_per_week"] = "Angiv minutter pr. uge mellem 0 og 10.080."
        if ability not in Ability.values:
            errors[f"row-{index}-ability"] = "Vælg om personen kan selv, kan med støtte eller ikke kan."
        elif ability != Ability.ALONE and not (row.get("assistant_does") or "").strip():
            errors[f"row-{index}-assistant_does"] = "Beskriv hvad assistenten gør i opgaven."
        tasks.append(
            DialogTask(
                case=case,
                position=index,
                task=task[:200],
                minutes_per_week=minutes or 0,
                ability=ability or "",
                assistant_does=(row.get("assistant_does") or "")[:300],
            )
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case.dialog_tasks.all().delete()
        DialogTask.objects.bulk_create(tasks)
        proposal = dialog_form_proposal(tasks)
        _event(case, EventType.DIALOG_FORM_SAVED, user, tasks=len(tasks), proposed_hours=str(proposal))
    return tasks


def dialog_form_proposal(tasks: Iterable[DialogTask]) -> Decimal:
    return pa.proposed_weekly_hours([t.minutes_per_week for t in tasks if t.ability != Ability.ALONE])


# --- hearing ---------------------------------------------------------------------------------------


def hearing_send(
    *, case: Case, user: User, facts: str, response_days: int = deadlines.HEARING_RESPONSE_DAYS
) -> Hearing:
    """FVL § 19: put the facts to the person, with a deadline to answer, before deciding against them."""
    _require_caseworker(user, case)
    errors: dict[str, str] = {}
    if not facts.strip():
        errors["facts"] = "Beskriv de oplysninger, personen skal høres over."
    if not 7 <= response_days <= 56:
        errors["response_days"] = "Svarfristen skal være mellem 7 og 56 dage."
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    due = deadlines.hearing_deadline(today, days=response_days)
    with transaction.atomic():
        _transition(case, CaseStatus.HEARING)
        from kompensation.letters.compose import hearing_letter

        subject, body = hearing_letter(case=case, facts=facts, response_due=due)
        letter = letters.letter_create(case=case, kind=LetterKind.HEARING, subject=subject, body=body)
        letter = letters.letter_send(letter=letter, user=user)
        hearing = Hearing.objects.create(
            case=case, facts=facts, sent_on=today, response_due=due, letter=letter, created_by=user
        )
        Deadline.objects.create(
            case=case,
            kind=DeadlineKind.HEARING_RESPONSE,
            due=due,
            rule="Forvaltningsloven § 19: svarfrist i partshøring",
        )
        _event(
            case,
            EventType.HEARING_SENT,
            user,
            hearing_id=hearing.pk,
            response_due=str(due),
            letter_id=letter.pk,
        )
    return hearing


def hearing_record_response(*, hearing: Hearing, user: User, received_on: dt.date, response: str) -> Hearing:
    case = hearing.case
    _require_caseworker(user, case)
    errors: dict[str, str] = {}
    if hearing.answered:
        errors["response"] = "Svaret på denne partshøring er allerede registreret."
    if received_on < hearing.sent_on or received_on > timezone.localdate():
        errors["received_on"] = "Datoen skal ligge mellem afsendelsen og i dag."
    if not response.strip():
        errors["response"] = "Skriv personens svar, eller at personen ikke har haft bemærkninger."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        hearing.response_received_on = received_on
        hearing.response = response
        hearing.save()
        case.deadlines.filter(kind=DeadlineKind.HEARING_RESPONSE, met_at__isnull=True).update(
            met_at=timezone.now()
        )
        if case.status == CaseStatus.HEARING:
            _transition(case, CaseStatus.INVESTIGATING)
        _event(case, EventType.HEARING_RESPONSE, user, hearing_id=hearing.pk, received_on=str(received_on))
    return hearing


# --- decision --------------------------------------------------------------------------------------

DECISION_FIELDS = (
    "outcome",
    "hours_per_week",
    "start_date",
    "end_date",
    "period_type",
    "period_reason",
    "rate_type",
    "rate_reason",
    "reasons",
)


def _hearing_satisfied(case: Case) -> bool:
    today = timezone.localdate()
    return any(h.answered or h.response_due < today for h in case.hearings.all())


def _decision_errors(
    case: Case, data: Mapping[str, Any], assistants: Sequence[Assistant], facts_commented: bool
) -> dict[str, str]:
    errors: dict[str, str] = {}
    outcome = data.get("outcome")
    if outcome not in Outcome.values:
        return {"outcome": "Vælg bevilling, delvis bevilling eller afslag."}
    if not (data.get("reasons") or "").strip():
        errors["reasons"] = "Skriv begrundelsen for afgørelsen (forvaltningsloven § 24)."
    investigation = investigation_for(case)
    documented = (
        bool(investigation.no_documentation_reason.strip())
        or case.documents.filter(doc_type__in=MEDICAL_DOCUMENT_TYPES).exists()
    )
    hours = data.get("hours_per_week")
    hearing_needed = outcome != Outcome.GRANT and not facts_commented
    facts = eligibility.DecisionFacts(
        outcome=outcome,
        impairment_documented=documented,
        compatibility_assessed=bool(investigation.compatibility_assessment.strip()),
        hours=hours,
        working_hours=investigation.working_hours,
        has_concrete_assessment=bool(investigation.concrete_assessment.strip()),
        hearing_needed=hearing_needed,
        hearing_done=_hearing_satisfied(case),
        period_reason_given=bool((data.get("period_reason") or "").strip()),
    )
    messages = {
        "impairment_documented": (
            "outcome",
            "Funktionsnedsættelsen er ikke dokumenteret, og der er ikke "
            "registreret en begrundelse for, at dokumentation ikke er nødvendig.",
        ),
        "compatibility_assessed": (
            "outcome",
            "Vurderingen af, om jobbet er foreneligt med "
            "funktionsnedsættelsen, mangler (§ 6 stk. 3, BEK § 14).",
        ),
        "concrete_assessment_above_standard": (
            "hours_per_week",
            "Timer over standardgrænsen kræver en registreret konkret vurdering (BEK § 15).",
        ),
        "hearing_before_refusal": (
            "outcome",
            "Et afslag eller en delvis bevilling på oplysninger, personen "
            "ikke har udtalt sig om, kræver partshøring først (forvaltningsloven § 19).",
        ),
        "period_reason": ("period_reason", "Begrund valget af periode (BEK § 15 stk. 4)."),
    }
    unmet: dict[str, str] = {}
    for condition in eligibility.unmet_conditions(facts):
        field, message = messages.get(condition.code, ("outcome", condition.label))
        unmet.setdefault(field, message)
    if outcome == Outcome.REFUSAL:
        return unmet | errors
    if investigation.working_hours is None:
        errors.setdefault("hours_per_week", "Registrér arbejdstiden under sagsoplysningen først.")
    elif hours is None:
        errors["hours_per_week"] = "Angiv timer pr. uge."
    else:
        for message in pa.validate_granted_hours(
            hours,
            investigation.working_hours,
            cast(pa.Tier, investigation.tier),
            has_concrete_assessment=bool(investigation.concrete_assessment.strip()),
        ):
            errors.setdefault("hours_per_week", message)
    start, end = data.get("start_date"), data.get("end_date")
    if start is None:
        errors["start_date"] = "Angiv startdatoen."
    elif start < pa.earliest_start(case.received_on):
        errors["start_date"] = (
            f"Bevillingen kan tidligst starte {pa.earliest_start(case.received_on):%d.%m.%Y}, "
            "3 måneder før ansøgningen blev modtaget (BEK § 25 stk. 5)."
        )
    if data.get("period_type") not in PeriodType.values:
        errors["period_type"] = "Vælg tidsbestemt eller indtil videre."
    elif data["period_type"] == PeriodType.TIME_LIMITED:
        if end is None:
            errors["end_date"] = "En tidsbestemt bevilling skal have en slutdato."
        elif start is not None and end <= start:
            errors["end_date"] = "Slutdatoen skal ligge efter startdatoen."
    if data.get("rate_type") not in RateType.values:
        errors["rate_type"] = "Vælg sats."
    elif data["rate_type"] == RateType.RAISED and not (data.get("rate_reason") or "").strip():
        errors["rate_reason"] = "En forhøjet sats kræver en begrundelse (særlige kvalifikationer)."
    if not assistants:
        errors["assistants"] = "Vælg mindst én assistent."
    # The specific hours message ("21 timer overstiger grænsen på 20") beats the general condition.
    return unmet | errors


def decision_draft(
    *,
    case: Case,
    user: User,
    data: Mapping[str, Any],
    assistant_ids: Sequence[int] = (),
    facts_commented: bool = False,
) -> Decision:
    """Save the decision and compose its letter; nothing reaches the person until `decision_send`."""
    _require_caseworker(user, case)
    if case.status not in (CaseStatus.INVESTIGATING, CaseStatus.HEARING):
        raise ValidationError("Sagen skal være under oplysning, før der kan træffes afgørelse.")
    application = getattr(case, "application", None)
    assistants = list(Assistant.objects.filter(application=application, pk__in=assistant_ids))
    errors = _decision_errors(case, data, assistants, facts_commented)
    if errors:
        raise ValidationError(errors)
    values = {k: data.get(k) for k in DECISION_FIELDS}
    for key in ("period_reason", "rate_reason", "reasons"):
        values[key] = values[key] or ""
    if values["outcome"] == Outcome.REFUSAL:
        values |= {
            "hours_per_week": None,
            "start_date": None,
            "end_date": None,
            "period_type": "",
            "period_reason": "",
            "rate_type": "",
            "rate_reason": "",
        }
        assistants = []
    elif values["period_type"] == PeriodType.UNTIL_FURTHER_NOTICE:
        values["end_date"] = None
    if values.get("rate_type") == RateType.STANDARD:
        values["rate_reason"] = ""
    from kompensation.letters.compose import decision_letter

    with transaction.atomic():
        decision = case.decisions.filter(sent_at__isnull=True).first() or Decision(case=case, decided_by=user)
        for key, value in values.items():
            setattr(decision, key, value)
        decision.decided_by = user
        decision.save()
        decision.assistants.set(assistants)
        subject, body = decision_letter(decision=decision, hearing_held=case.hearings.exists())
        if decision.letter is None:
            decision.letter = letters.letter_create(
                case=case, kind=LetterKind.DECISION, subject=subject, body=body
            )
            decision.save(update_fields=["letter"])
        else:
            letters.letter_edit(letter=decision.letter, user=user, subject=subject, body=body)
        _event(
            case,
            EventType.DECISION_DRAFTED,
            user,
            decision_id=decision.pk,
            **{k: _iso(v) for k, v in values.items() if k != "reasons"},
        )
    return decision


def decision_letter_edit(*, decision: Decision, user: User, body: str) -> None:
    _require_caseworker(user, decision.case)
    assert decision.letter is not None
    letters.letter_edit(letter=decision.letter, user=user, subject=decision.letter.subject, body=body)


def decision_send(*, decision: Decision, user: User) -> Decision:
    """Freeze the letter, record the decision, open the grant and the first follow-up deadline."""
    case = decision.case
    _require_caseworker(user, case)
    if decision.is_sent:
        raise ValidationError("Afgørelsen er allerede sendt.")
    assert decision.letter is not None
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _transition(case, CaseStatus.DECIDED)
        decision.letter = letters.letter_send(letter=decision.letter, user=user)
        decision.sent_at = timezone.now()
        decision.save(update_fields=["sent_at"])
        case.deadlines.filter(
            met_at__isnull=True, kind__in=[DeadlineKind.DECISION, DeadlineKind.HEARING_RESPONSE]
        ).update(met_at=decision.sent_at)
        payload: dict[str, Any] = {
            "decision_id": decision.pk,
            "outcome": decision.outcome,
            "letter_id": decision.letter.pk,
            "letter_sha256": decision.letter.sha256,
        }
        if decision.outcome != Outcome.REFUSAL:
            Grant.objects.create(decision=decision, case=case)
            due = pa.first_follow_up_due(timezone.localdate())
            Deadline.objects.create(
                case=case,
                kind=DeadlineKind.FIRST_FOLLOW_UP,
                due=due,
                rule="BEK § 15 stk. 4: revurdering senest 1 år efter bevilling",
            )
            payload |= {"hours_per_week": str(decision.hours_per_week), "follow_up_due": str(due)}
        _event(case, EventType.DECISION_SENT, user, **payload)
    return decision


# --- notes and personal data -----------------------------------------------------------------------


def journal_note_add(*, case: Case, user: User, text: str) -> JournalNote:
    _require_caseworker(user, case)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Notatet er tomt."})
    if len(text) > 10_000:
        raise ValidationError({"text": "Notatet må højst være 10.000 tegn."})
    with transaction.atomic():
        note = JournalNote.objects.create(case=case, author=user, text=text)
        _event(case, EventType.JOURNAL_NOTE, user, note_id=note.pk)
    return note


def grant_stop(*, user: User, grant: Grant, reason: str) -> Grant:
    """A change report that stops the grant blocks new payouts at once (BEK § 29)."""
    _require_caseworker(user, grant.case)
    if not reason.strip():
        raise ValidationError({"reason": "Skriv hvorfor bevillingen standses."})
    with transaction.atomic():
        grant.status = GrantStatus.STOPPED
        grant.save(update_fields=["status"])
        _event(grant.case, EventType.GRANT_STOPPED, user, grant_id=grant.pk, reason=reason.strip())
    return grant
