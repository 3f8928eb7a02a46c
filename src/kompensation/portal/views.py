"""Pages for citizens and employers: the application in short steps, co-signature, letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kompensation.accounts import selectors as access_selectors
from kompensation.accounts.models import AccessLog, Role, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record, access_log_record_cases
from kompensation.cases import selectors, services
from kompensation.cases.forms import (
    AboutYouForm,
    AssistantApprovalForm,
    AssistantFormSet,
    CosignForm,
    DeclarationForm,
    DkfdsForm,
    EmploymentStepForm,
    HearingAnswerForm,
    ImpairmentStepForm,
    OptionalDocumentForm,
    TasksStepForm,
)
from kompensation.cases.models import (
    Application,
    ApplicationStatus,
    Case,
    CaseStatus,
    DeadlineKind,
    DocumentType,
)
from kompensation.complaints import selectors as complaint_selectors
from kompensation.complaints.models import Complainant
from kompensation.followup import selectors as followup_selectors
from kompensation.letters.selectors import letter_queryset_visible_to
from kompensation.rules import deadlines

from .complaint_views import complaint_offer

STEPS: list[tuple[str, str, type[DkfdsForm] | None]] = [
    ("om-dig", "Om dig og dit job", AboutYouForm),
    ("ansaettelse", "Ansættelse", EmploymentStepForm),
    ("funktionsnedsaettelse", "Funktionsnedsættelse", ImpairmentStepForm),
    ("opgaver", "Opgaver, timer og periode", TasksStepForm),
    ("assistent", "Assistent", None),
    ("tjek", "Tjek dine svar", None),
]
STEP_SLUGS = [slug for slug, _, _ in STEPS]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _application(request: HttpRequest, pk: int, **kwargs: Any) -> Application:
    """Any application by pk, for the rule to judge."""
    application = Application.objects.select_related("person", "employer").filter(pk=pk).first()
    if application is None:
        raise Http404("Ansøgningen findes ikke, eller du har ikke adgang til den.")
    return application


@permission_required("portal.use_portal")
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    applications = selectors.application_queryset_visible_to(user).filter(case__isnull=True)
    cases = list(selectors.case_queryset_visible_to(user).order_by("-received_on"))
    access_log_record_cases(user=user, cases=cases, request=request)
    subsidy_offers: list[tuple[Case, Any]] = []
    subsidy_complaints: list[tuple[Any, str, str]] = []
    if user.role == Role.EMPLOYER:
        # The employer complains about the subsidy only, and sees only its own complaints.
        today = timezone.localdate()
        for case in cases:
            offer = complaint_offer(case=case, complainant=Complainant.EMPLOYER, today=today)
            if offer is not None:
                subsidy_offers.append((case, offer))
        subsidy_complaints = [
            (c, complaint_selectors.complaint_reference(c), complaint_selectors.complaint_status_text(c))
            for c in complaint_selectors.complaint_list_visible_to(user=user)
        ]
    return render(
        request,
        "portal/home.html",
        {
            "applications": applications.order_by("-updated_at"),
            "cases": cases,
            "letters": letter_queryset_visible_to(user).order_by("-sent_at"),
            "subsidy_offers": subsidy_offers,
            "subsidy_complaints": subsidy_complaints,
            "followup": followup_selectors.portal_panel(user=user),
        },
    )


@permission_required("portal.read_own_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    """GDPR art. 15: the citizen sees who in the municipality (or elsewhere) has seen their data."""
    user = _user(request)
    page = Paginator(access_selectors.access_log_about_citizen(user=user), 50).get_page(
        request.GET.get("side")
    )
    return render(
        request, "portal/access_log.html", {"page": page, "rows": access_selectors.access_rows(page)}
    )


def _own_draft(request: HttpRequest, pk: int) -> Application:
    user = _user(request)
    application = selectors.application_queryset_visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404("Ansøgningen findes ikke, eller du har ikke adgang til den.")
    if application.status != ApplicationStatus.DRAFT:
        messages.info(request, "Ansøgningen er sendt og kan ikke ændres.")
        raise _Redirect(reverse("portal:home"))
    return application


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


@permission_required("portal.apply")
@require_POST
def application_start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        application = services.application_start(user=user)
    except ValidationError as error:
        if services.register_unavailable(error):
            messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "Vi kunne ikke finde dig i CPR-registret. Kontakt jobcentret.")
        return redirect("portal:home")
    return redirect("portal:step", pk=application.pk, step=STEP_SLUGS[0])


# «Ret» on check-your-answers opens a step with ?tilbage=tjek; saving it then returns to the check page
# instead of walking the person through every later step again.
BACK = "tilbage"


def _to_step(application: Application, step: str, back_to_check: bool) -> HttpResponse:
    url = reverse("portal:step", args=[application.pk, step])
    return redirect(f"{url}?{BACK}=tjek" if back_to_check else url)


def _step_initial(application: Application) -> dict[str, Any]:
    initial = {f: getattr(application, f) for f in services.APPLICATION_FIELDS}
    initial["employer_cvr"] = application.employer.cvr if application.employer else ""
    return initial


@permission_required("portal.edit_application", obj=_application)
def application_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    try:
        application = _own_draft(request, pk)
    except _Redirect as r:
        return redirect(r.url)
    if step not in STEP_SLUGS:
        raise Http404("Trinnet findes ikke.")
    index = STEP_SLUGS.index(step)
    _, title, form_class = STEPS[index]
    back_to_check = request.GET.get(BACK) == "tjek" and step != "tjek"
    context: dict[str, Any] = {
        "application": application,
        "steps": STEPS,
        "step": step,
        "index": index,
        "title": title,
        "missing": services.application_missing(application),
        "back_to_check": back_to_check,
    }
    user = _user(request)
    status = 200
    if step == "assistent":
        return _assistant_step(request, application, context)
    if step == "tjek":
        context["form"] = DeclarationForm(request.POST or None)
        return render(request, "portal/check_answers.html", context)
    assert form_class is not None
    form = form_class(request.POST or None, initial=_step_initial(application))
    upload = None
    if step == "funktionsnedsaettelse":
        upload = OptionalDocumentForm(request.POST or None, request.FILES or None, prefix="doc")
    if request.method == "POST":
        status = 400
        if form.is_valid() & (upload is None or upload.is_valid()):
            document = upload.cleaned_data.get("file") if upload is not None else None
            try:
                services.application_update(
                    application=application,
                    user=user,
                    data=form.cleaned_data,
                    document=document,
                    doc_type=upload.cleaned_data.get("doc_type") or "" if upload is not None else "",
                    document_field="doc_file",
                )
            except ValidationError as error:
                form.add_service_errors(error)
                if upload is not None:
                    upload.add_service_errors(ValidationError(error.message_dict.get("doc_file", [])))
            else:
                if "upload" in request.POST:
                    messages.success(request, "Dokumentet er vedhæftet.")
                    return _to_step(application, step, back_to_check)
                if back_to_check:
                    return redirect("portal:step", pk=application.pk, step="tjek")
                return redirect("portal:step", pk=application.pk, step=STEP_SLUGS[index + 1])
    context["form"] = form
    if upload is not None:
        context["upload_form"] = upload
        context["documents"] = application.documents.all()
    return render(request, "portal/step.html", context, status=status)


def _assistant_step(request: HttpRequest, application: Application, context: dict[str, Any]) -> HttpResponse:
    initial = [{"kind": a.kind, "name": a.name, "cpr": a.cpr} for a in application.assistants.all()]
    formset = AssistantFormSet(request.POST or None, initial=initial, prefix="assistant")
    approval = AssistantApprovalForm(
        request.POST or None, initial={"assistant_approved": application.assistant_approved}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if formset.is_valid() & approval.is_valid():
            rows = [f.cleaned_data for f in formset if f.cleaned_data.get("name")]
            if not rows:
                approval.add_error(
                    None, "Angiv mindst én assistent: en ansat i virksomheden eller et eksternt firma."
                )
            else:
                try:
                    services.application_set_assistants(
                        application=application,
                        user=_user(request),
                        assistants=rows,
                        approved=approval.cleaned_data["assistant_approved"],
                    )
                except ValidationError as error:
                    approval.add_service_errors(error)
                else:
                    return redirect("portal:step", pk=application.pk, step="tjek")
    context |= {"formset": formset, "form": approval}
    return render(request, "portal/assistants.html", context, status=status)


@permission_required("portal.edit_application", obj=_application)
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_queryset_visible_to(_user(request)).filter(pk=pk).first()
    if application is None:
        raise Http404("Ansøgningen findes ikke, eller du har ikke adgang til den.")
    if application.status != ApplicationStatus.DRAFT:
        # A second click on «Send» (or a second tab) lands on the same receipt; nothing is sent twice.
        return redirect("portal:receipt", pk=application.pk)
    form = DeclarationForm(request.POST)
    form.is_valid()
    try:
        services.application_submit(
            application=application,
            user=_user(request),
            declaration=bool(form.cleaned_data.get("declaration")),
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return render(
            request,
            "portal/check_answers.html",
            {
                "application": application,
                "steps": STEPS,
                "step": "tjek",
                "index": 5,
                "title": STEPS[5][1],
                "form": form,
                "missing": services.application_missing(application),
            },
            status=400,
        )
    return redirect("portal:receipt", pk=application.pk)


@permission_required(
    "portal.cosign",
    obj=_application,
    not_found="Ansøgningen findes ikke, er allerede underskrevet, eller er ikke sendt til jeres virksomhed.",
)
def application_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    application = (
        selectors.application_queryset_visible_to(user)
        .filter(pk=pk, status=ApplicationStatus.AWAITING_EMPLOYER)
        .first()
    )
    if application is None:
        raise Http404(
            "Ansøgningen findes ikke, er allerede underskrevet, eller er ikke sendt til jeres virksomhed."
        )
    form = CosignForm(
        request.POST or None, request.FILES or None, initial={"working_hours": application.working_hours}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_cosign(
                application=application,
                user=user,
                data=data,
                declaration=bool(data.get("declaration")),
                contract=data.get("contract"),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("portal:receipt", pk=application.pk)
    # The co-signature page shows the person's answers, the impairment among them.
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=application.person_id,
        object_repr=f"Ansøgning fra {application.person.name} til underskrift",
        request=request,
        health=True,
    )
    return render(
        request,
        "portal/cosign.html",
        {
            "application": application,
            "form": form,
            "contracts": application.documents.filter(doc_type=DocumentType.CONTRACT),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required("portal.read_application", obj=_application)
def application_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt after the person sends the application, and after the employer co-signs it: the
    reference, who acts next, and by when. Never health data: the employer sees this page too."""
    user = _user(request)
    application = selectors.application_queryset_visible_to(user).filter(pk=pk).first()
    if application is None or application.status == ApplicationStatus.DRAFT:
        raise Http404("Ansøgningen findes ikke, eller den er ikke sendt endnu.")
    today = timezone.localdate()
    case = application.case
    decision_due = None
    if case is not None:
        target = case.deadlines.filter(kind=DeadlineKind.DECISION).first()
        decision_due = target.due if target else None
    reminder_on = None
    if application.cosign_requested_at is not None:
        requested = timezone.localtime(application.cosign_requested_at).date()
        reminder_on = requested + dt.timedelta(days=deadlines.COSIGN_REMINDER_DAYS)
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=application.person_id,
        case_id=case.pk if case else None,
        object_repr=f"Kvittering for ansøgning {application.reference}",
        request=request,
    )
    return render(
        request,
        "portal/receipt.html",
        {
            "application": application,
            "case": case,
            "decision_due": decision_due,
            # Before the employer signs, the target counts from its signature: "if it signs today".
            "decision_due_if_signed_today": deadlines.decision_target(today),
            "reminder_on": reminder_on,
            "is_citizen": user.role == Role.CITIZEN,
        },
    )


def _case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    case = (
        Case.objects.select_related("person", "employer", "municipality", "caseworker").filter(pk=pk).first()
    )
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


# The status in the person's words: what it means for them, not the office's step.
PERSON_STATUS = {
    CaseStatus.RECEIVED: (
        "Modtaget",
        "Jobcentret har modtaget din ansøgning. En sagsbehandler går i gang med den.",
    ),
    CaseStatus.INVESTIGATING: (
        "Jobcentret undersøger din sag",
        "Jobcentret samler de oplysninger, der skal til for at træffe afgørelse, fx ved et møde med dig "
        "eller et besøg på din arbejdsplads.",
    ),
    CaseStatus.HEARING: (
        "Jobcentret venter på dit svar",
        "Du har fået en partshøring: jobcentret vil høre din mening, før de træffer afgørelse. "
        "Svar senest på svarfristen.",
    ),
    CaseStatus.DECIDED: (
        "Afgjort",
        "Jobcentret har truffet afgørelse. Du finder afgørelsen under Breve, med vejledning om, hvordan "
        "du klager.",
    ),
    CaseStatus.COMPLAINT: (
        "Jobcentret genvurderer afgørelsen",
        "Jobcentret har modtaget din klage og ser på afgørelsen igen. Giver jobcentret dig ikke fuldt ud "
        "ret, sendes klagen til Ankestyrelsen, og du får besked om det.",
    ),
    CaseStatus.FORWARDED: (
        "Klagen er sendt til Ankestyrelsen",
        "Jobcentret har sendt din klage og sagens dokumenter til Ankestyrelsen, som træffer afgørelse i "
        "klagesagen. Ankestyrelsen skriver til dig.",
    ),
    CaseStatus.REMANDED: (
        "Jobcentret skal træffe ny afgørelse",
        "Ankestyrelsen har sendt sagen tilbage til jobcentret (hjemvist). Jobcentret behandler sagen igen og "
        "træffer en ny afgørelse.",
    ),
}


# While the employer's complaint about the subsidy is handled, the person is told whose complaint it is.
EMPLOYER_COMPLAINT_STATUS = {
    CaseStatus.COMPLAINT: (
        "Jobcentret genvurderer afgørelsen",
        "Virksomheden har klaget over afgørelsen om tilskud til din personlige assistance, og jobcentret ser "
        "på afgørelsen igen. Giver jobcentret ikke virksomheden fuldt ud ret, sendes klagen til "
        "Ankestyrelsen.",
    ),
    CaseStatus.FORWARDED: (
        "Virksomhedens klage er sendt til Ankestyrelsen",
        "Jobcentret har sendt virksomhedens klage over tilskuddet og sagens dokumenter til Ankestyrelsen, "
        "som træffer afgørelse i klagesagen.",
    ),
}


def person_status(case: Case) -> tuple[str, str]:
    """«Min sag»'s status title and explanation, in the person's words."""
    live = complaint_selectors.case_live_complaint(case=case)
    if (
        live is not None
        and live.complainant == Complainant.EMPLOYER
        and case.status in EMPLOYER_COMPLAINT_STATUS
    ):
        return EMPLOYER_COMPLAINT_STATUS[CaseStatus(case.status)]
    return PERSON_STATUS[CaseStatus(case.status)]


@permission_required("portal.read_own_case", obj=_case)
def own_case(request: HttpRequest, pk: int) -> HttpResponse:
    """«Min sag»: status, what has happened, letters, deadlines, and the open hearing to answer."""
    user = _user(request)
    case = selectors.case_get_visible(user=user, pk=pk)
    hearing = selectors.case_open_hearing(case=case)
    posted = request.method == "POST"
    form = HearingAnswerForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if posted:
        status = 400
        if hearing is None:
            form.is_valid()
            form.add_error(None, "Der er ingen partshøring at svare på i denne sag.")
        elif form.is_valid():
            try:
                services.hearing_answer_in_portal(
                    hearing=hearing,
                    user=user,
                    response=form.cleaned_data["response"],
                    document=form.cleaned_data.get("document"),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    f"Tak for dit svar. Jobcentret modtog det {timezone.localdate():%d.%m.%Y}, og det indgår "
                    "i sagen, før der træffes afgørelse.",
                )
                return redirect("portal:case", pk=case.pk)
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"Min sag {case.reference}",
        request=request,
        health=hearing is not None,
    )
    title, explanation = person_status(case)
    today = timezone.localdate()
    return render(
        request,
        "portal/case.html",
        {
            "case": case,
            "status_title": title,
            "status_text": explanation,
            "timeline": selectors.case_timeline_for_person(case=case),
            "letters": letter_queryset_visible_to(user).filter(case=case).order_by("-sent_at"),
            "deadlines": selectors.case_deadlines_for_person(case=case, today=today),
            "hearing": hearing,
            "answered": case.hearings.filter(response_received_on__isnull=False).order_by("-sent_on"),
            "form": form,
            "complaint_offer": complaint_offer(case=case, complainant=Complainant.PERSON, today=today),
            "complaints": [
                (c, complaint_selectors.complaint_reference(c), complaint_selectors.complaint_status_text(c))
                for c in complaint_selectors.complaint_list_visible_to(user=user).filter(case=case)
            ],
        },
        status=status,
    )
