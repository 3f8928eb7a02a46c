"""Caseworker pages. Thin: parse the form, call one service, show the result or the errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import has, permission_required, public
from kompensation.accounts.services import access_log_record
from kompensation.complaints import selectors as complaint_selectors
from kompensation.followup import selectors as followup_selectors
from kompensation.insights.selectors import case_processing_time
from kompensation.letters import parts
from kompensation.letters import services as letters
from kompensation.letters.models import Letter
from kompensation.letters.services import letter_preview_context
from kompensation.payments.declaration_views import declarations_panel_context
from kompensation.payments.selectors import agency_choices, municipality_mode_label
from kompensation.rules import deadlines, pa
from kompensation.social import selectors as social_selectors

from . import lifecycle, selectors, services
from .forms import (
    ActiveStepForm,
    AssignForm,
    DecisionForm,
    DecisionLetterForm,
    DialogFormSet,
    DkfdsForm,
    DocumentUploadForm,
    GrantStopForm,
    HearingForm,
    HearingResponseForm,
    InboxFilterForm,
    InvestigationForm,
    JournalNoteForm,
    LateNoticeForm,
    LetterEditForm,
    PaperApplicationForm,
)
from .models import MEDICAL_DOCUMENT_TYPES, Case, CaseStatus, Decision, Document, Outcome


def _case(request: HttpRequest, pk: int, **kwargs: Any) -> Case:
    """Any case by pk, for the rule to judge."""
    case = Case.objects.select_related("person", "employer").filter(pk=pk).first()
    if case is None:
        raise Http404("Sagen findes ikke, eller du har ikke adgang til den.")
    return case


def _document(request: HttpRequest, pk: int) -> Document:
    document = Document.objects.select_related("case", "application").filter(pk=pk).first()
    if document is None:
        raise Http404("Dokumentet findes ikke, eller du har ikke adgang til det.")
    return document


read_case = permission_required("cases.read_case", obj=_case)
change_case = permission_required("cases.change_case", obj=_case)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _editable_case(request: HttpRequest, pk: int) -> Case:
    """The case a `change_case` view works on (its rule has already been checked by the decorator)."""
    return selectors.case_get_visible(user=_user(request), pk=pk)


def _log_view(request: HttpRequest, case: Case, page: str, *, health: bool = False) -> None:
    """Every page that shows the person's data writes who saw it; `health` when it shows health data."""
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{case}: {page}",
        request=request,
        health=health,
    )


def _case_page(request: HttpRequest, case: Case, status: int = 200, **extra: Any) -> HttpResponse:
    """The case page, logged; the application's impairment on it is health data."""
    _log_view(request, case, "sagen", health=hasattr(case, "application"))
    return render(request, "cases/case_detail.html", _case_context(request, case, **extra), status=status)


# For forms posted from the case page by other apps (the declarations panel): their errors show on it.
case_page = _case_page


def _days_left(due: dt.date | None, today: dt.date) -> int | None:
    return deadlines.days_remaining(due, today) if due else None


INBOX_SEARCH_KEY = "cases_inbox_search"
_INBOX_FILTERS = ("status", "deadline", "kind", "scheme", "mine")


@permission_required("cases.use_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    """The search text lives in the session, never in the URL: it could be part of a CPR number.

    The filter form is posted; status, deadline and 'mine' go back into the URL (bookmarkable, no
    personal data) and the search text into the session, then the browser is sent to the list (303).
    """
    if request.method == "POST":
        return _inbox_search(request)
    if "ryd" in request.GET:
        request.session.pop(INBOX_SEARCH_KEY, None)
        return _inbox_redirect(request.GET)
    data: dict[str, Any] = {"mine": "true"}
    data.update({key: request.GET[key] for key in _INBOX_FILTERS if key in request.GET})
    data["q"] = request.session.get(INBOX_SEARCH_KEY, "")
    form = InboxFilterForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    filters = selectors.InboxFilters(
        status=cleaned.get("status", ""),
        deadline=cleaned.get("deadline", ""),
        q=cleaned.get("q", ""),
        mine=bool(cleaned.get("mine")),
        kind=cleaned.get("kind", ""),
        scheme=cleaned.get("scheme", ""),
    )
    today = timezone.localdate()
    page = Paginator(selectors.inbox_cases(user=_user(request), filters=filters, today=today), 25).get_page(
        request.GET.get("side")
    )
    # One query for the page: the date each case's decision was promised by, to flag a due late notice.
    promised = selectors.decision_promised_dates([c.pk for c in page])
    rows = [
        {
            "case": c,
            "days_left": deadlines.days_remaining(due, today)
            if (due := getattr(c, "next_due", None))
            else None,
            "delay_notice": p if (p := promised.get(c.pk)) and deadlines.late_notice_due(p, today) else None,
            "next_label": selectors.DEADLINE_LABELS.get(getattr(c, "next_kind", None) or "", ""),
        }
        for c in page
    ]
    hidden = [
        {"count": h.count, "label": h.filter_label, "query": _inbox_query(vars(h.without))}
        for h in selectors.inbox_hidden_matches(user=_user(request), filters=filters, today=today)
    ]
    return render(
        request,
        "cases/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": _inbox_query(cleaned),
            "searching": filters.q,
            "hidden": hidden,
            "tabs": _inbox_tabs(filters),
        },
    )


def _inbox_tabs(filters: selectors.InboxFilters) -> list[dict[str, Any]]:
    """The inbox's views of the work: the open cases, the complaints, and those waiting for Ankestyrelsen."""
    tabs = [
        ("", "Åbne sager"),
        (selectors.COMPLAINTS, "Klager"),
        (CaseStatus.FORWARDED, "Hos Ankestyrelsen"),
        (selectors.ALL_STATUSES, "Alle sager"),
    ]
    return [
        {
            "label": label,
            "query": _inbox_query({"status": status, "mine": filters.mine, "scheme": filters.scheme}),
            "current": filters.status == status and not filters.kind,
        }
        for status, label in tabs
    ]


def _inbox_search(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.POST)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    if "q" in form.errors:
        # Nothing of a full CPR number is kept, not even in the session.
        request.session.pop(INBOX_SEARCH_KEY, None)
        for error in form.errors["q"]:
            messages.error(request, str(error))
    elif cleaned.get("q"):
        request.session[INBOX_SEARCH_KEY] = cleaned["q"]
    else:
        request.session.pop(INBOX_SEARCH_KEY, None)
    return _inbox_redirect(cleaned)


def _inbox_query(values: Any) -> str:
    query = QueryDict(mutable=True)
    for key in ("status", "deadline", "kind", "scheme"):
        if values.get(key):
            query[key] = values[key]
    mine = values.get("mine", True)
    query["mine"] = "true" if mine is True or mine in ("true", "on") else "false"
    return query.urlencode()


def _inbox_redirect(values: Any) -> HttpResponse:
    response = redirect(f"{reverse('cases:inbox')}?{_inbox_query(values)}")
    response.status_code = 303  # See Other: the browser fetches the list with GET, a reload does not re-post
    return response


@permission_required("cases.register_application")
def case_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PaperApplicationForm(request.POST or None, request.FILES or None)
    assistants = _assistant_formset(request)
    if request.method == "POST" and form.is_valid() & assistants.is_valid():
        rows = [f.cleaned_data for f in assistants if f.cleaned_data.get("name")]
        data = form.cleaned_data
        uploads = [(data["document"], data["document_type"] or "other")] if data.get("document") else []
        created: list[Case] = []
        if form.run_service(
            lambda: created.append(
                services.application_register_paper(user=user, data=data, assistants=rows, uploads=uploads)
            ),
        ):
            messages.success(request, "Ansøgningen er registreret, og sagen er oprettet.")
            return redirect("cases:detail", pk=created[0].pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_new.html", {"form": form, "assistants": assistants}, status=status)


def _assistant_formset(request: HttpRequest) -> Any:
    from .forms import AssistantFormSet

    return AssistantFormSet(request.POST or None, prefix="assistant")


@read_case
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, selectors.case_get_visible(user=_user(request), pk=pk))


def _decision_delay(case: Case, today: dt.date) -> dt.date | None:
    """The promised decision date, when it is so close that the person must be told it will be late."""
    promised = selectors.decision_promised_dates([case.pk]).get(case.pk)
    return promised if promised and deadlines.late_notice_due(promised, today) else None


def _case_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    application = getattr(case, "application", None)
    investigation = getattr(case, "investigation", None)
    tasks = list(case.dialog_tasks.all())
    today = timezone.localdate()
    next_deadline = selectors.case_next_deadline(case=case)
    decisions = list(case.decisions.select_related("letter"))
    # What may be done in the case's stage comes from the lifecycle data, not from the template.
    actions = lifecycle.case_actions(case.status, decided_before=any(d.is_sent for d in decisions))
    active_grant = (
        case.grants.filter(status="active")
        .select_related("decision")
        .prefetch_related("decision__agencies")
        .first()
    )
    return {
        "case": case,
        "application": application,
        "investigation": investigation,
        "tasks": tasks,
        "proposal": services.dialog_form_proposal(tasks) if tasks else None,
        "events": [(e, selectors.event_detail(e)) for e in selectors.case_timeline(case=case)],
        "documents": case.documents.all(),
        "notes": case.journal_notes.select_related("author"),
        "hearings": case.hearings.all(),
        "decisions": decisions,
        "can_investigate": lifecycle.can_investigate(case.status),
        "can_decide": lifecycle.can_decide(case.status),
        "actions": actions,
        "deadlines": case.deadlines.all(),
        "next_deadline": next_deadline,
        "days_left": _days_left(next_deadline.due if next_deadline else None, today),
        "decision_delay": _decision_delay(case, today),
        "first_step": selectors.case_first_active_step(case=case),
        "processing_time": case_processing_time(case=case, today=today),
        "can_edit": selectors.case_can_edit(user=user, case=case),
        "note_form": JournalNoteForm(),
        "stop_form": GrantStopForm(),
        "active_grant": active_grant,
        **declarations_panel_context(user=user, grant=active_grant, bound=extra.get("revoke_form")),
        "calculation_mode": municipality_mode_label(case.municipality),
        "assign_form": AssignForm(initial={"caseworker": user.pk}, municipality_id=case.municipality_id),
        "document_form": DocumentUploadForm(),
        "complaints": complaint_selectors.case_complaints(case=case),
        "followup": followup_selectors.case_panel(case=case, user=user),
        "social": social_selectors.case_panel(case=case, user=user)
        if case.scheme_config.administration == "social"
        else None,
        "can_register_complaint": has("complaints.register_complaint", user, case)
        and complaint_selectors.case_can_receive_complaint(case=case),
        **extra,
    }


@read_case
@require_POST
def case_reveal_cpr(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get_visible(user=user, pk=pk)
    access_log_record(
        user=user,
        action=AccessLog.Action.REVEAL_CPR,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=case.person.name,
        request=request,
    )
    return render(
        request, "cases/case_detail.html", _case_context(request, case, revealed_cpr=case.person.cpr)
    )


def _form_page(
    request: HttpRequest,
    case: Case,
    form: DkfdsForm,
    template: str,
    action: Callable[[], object],
    success: str,
    page: str,
    health: bool = False,
    **extra: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid() and form.run_service(action):
        messages.success(request, success)
        return redirect("cases:detail", pk=case.pk)
    _log_view(request, case, page, health=health)
    return render(
        request,
        template,
        {"case": case, "form": form, **extra},
        status=400 if request.method == "POST" else 200,
    )


@change_case
def case_active_step(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = ActiveStepForm(request.POST or None)
    return _form_page(
        request,
        case,
        form,
        "cases/active_step.html",
        lambda: services.case_record_active_step(case=case, user=_user(request), **form.cleaned_data),
        "Skridtet er registreret.",
        "aktivt skridt",
    )


@change_case
def case_investigation(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    investigation = services.investigation_for(case)
    initial = {name: getattr(investigation, name) for name in InvestigationForm.base_fields}
    form = InvestigationForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        case,
        form,
        "cases/investigation.html",
        lambda: services.investigation_save(
            case=case,
            user=_user(request),
            data={
                k: (v if v is not None else None) if k == "working_hours" else (v or "")
                for k, v in form.cleaned_data.items()
            },
        ),
        "Sagsoplysningen er gemt.",
        "sagsoplysning",
        health=True,
        documents=case.documents.all(),
    )


@change_case
def case_dialog_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = _editable_case(request, pk)
    investigation = services.investigation_for(case)
    initial = [
        {
            "task": t.task,
            "minutes_per_week": t.minutes_per_week,
            "ability": t.ability,
            "assistant_does": t.assistant_does,
        }
        for t in case.dialog_tasks.all()
    ]
    formset = DialogFormSet(request.POST or None, initial=initial, prefix="row")
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset if not f.is_blank]
        try:
            services.dialog_form_save(case=case, user=user, rows=rows)
        except ValidationError as error:
            _formset_errors(formset, error)
        else:
            messages.success(request, "Dialogskemaet er gemt.")
            return redirect("cases:dialog_form", pk=case.pk)
    tasks = list(case.dialog_tasks.all())
    limit = investigation.hours_limit
    _log_view(request, case, "dialogskema")
    return render(
        request,
        "cases/dialog_form.html",
        {
            "case": case,
            "formset": formset,
            "investigation": investigation,
            "proposal": services.dialog_form_proposal(tasks),
            "limit": limit,
            "tier_label": investigation.tier_label,
        },
        status=400 if request.method == "POST" else 200,
    )


def _formset_errors(formset: Any, error: ValidationError) -> None:
    """Service errors are keyed 'row-<n>-<field>' over the non-blank rows; map them back to the forms."""
    filled = [f for f in formset if not f.is_blank]
    for key, messages_ in error.message_dict.items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == "row" and parts[1].isdigit() and int(parts[1]) < len(filled):
            form = filled[int(parts[1])]
            form.add_error(parts[2] if parts[2] in form.fields else None, messages_)
        else:
            formset._non_form_errors = formset.error_class(messages_)


@change_case
def case_hearing(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = HearingForm(request.POST or None)
    return _form_page(
        request,
        case,
        form,
        "cases/hearing.html",
        lambda: services.hearing_send(case=case, user=_user(request), **form.cleaned_data),
        "Partshøringen er sendt til personen.",
        "partshøring",
    )


@change_case
def case_hearing_response(request: HttpRequest, pk: int, hearing_pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    hearing = case.hearings.filter(pk=hearing_pk).first()
    if hearing is None:
        raise Http404("Partshøringen findes ikke.")
    form = HearingResponseForm(request.POST or None)
    return _form_page(
        request,
        case,
        form,
        "cases/hearing_response.html",
        lambda: services.hearing_record_response(hearing=hearing, user=_user(request), **form.cleaned_data),
        "Svaret er registreret.",
        "svar på partshøring",
        hearing=hearing,
    )


@change_case
def case_decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = _editable_case(request, pk)
    if case.scheme_config.decision_url != "cases:decision":
        # A scheme whose decision asks other things has its own page (cases.schemes).
        return redirect(case.scheme_config.decision_url, pk=case.pk)
    application = getattr(case, "application", None)
    choices = [(a.pk, str(a)) for a in application.assistants.all()] if application else []
    draft = case.decisions.filter(sent_at__isnull=True).first()
    tasks = list(case.dialog_tasks.all())
    proposal = services.dialog_form_proposal(tasks) if tasks else None
    initial: dict[str, Any] = {
        "rate_type": "standard",
        "grant_kind": "assistance",
        "assistants": [str(pk) for pk, _ in choices],
    }
    if draft:
        initial |= {k: getattr(draft, k) for k in services.DECISION_FIELDS}
        initial["assistants"] = [str(a.pk) for a in draft.assistants.all()]
        initial["agencies"] = [str(a.pk) for a in draft.agencies.all()]
    elif application:
        initial |= _decision_proposal(application, proposal)
    form = DecisionForm(
        request.POST or None, initial=initial, assistant_choices=choices, agency_choices=agency_choices()
    )
    investigation = services.investigation_for(case)
    limit = investigation.hours_limit
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ids = [int(x) for x in data.pop("assistants")]
        agency_ids = [int(x) for x in data.pop("agencies")]
        facts_commented = data.pop("facts_commented")
        if form.run_service(
            lambda: services.decision_draft(
                case=case,
                user=user,
                data=data,
                assistant_ids=ids,
                agency_ids=agency_ids,
                facts_commented=facts_commented,
            ),
        ):
            messages.success(request, "Afgørelsen er gemt. Gennemlæs brevet, og send det.")
            return redirect("cases:decision_letter", pk=case.pk)
    _log_view(request, case, "afgørelse", health=True)
    return render(
        request,
        "cases/decision.html",
        {
            "case": case,
            "form": form,
            "application": application,
            "limit": limit,
            "investigation": investigation,
            "proposal": proposal,
            "earliest_start": pa.earliest_start(case.received_on),
            "hearings": case.hearings.all(),
            "Outcome": Outcome,
            "heading": selectors.case_decision_heading(case=case),
        },
        status=400 if request.method == "POST" else 200,
    )


def _decision_proposal(application: Any, proposal: Decimal | None) -> dict[str, Any]:
    """A new decision starts from the dialog form's proposal: its hours, and a partial grant when they
    are fewer than the hours sought; the period is the one applied for."""
    initial: dict[str, Any] = {
        "hours_per_week": application.hours_sought,
        "start_date": application.period_from,
        "end_date": application.period_to,
        "period_type": "until_further_notice" if application.until_further_notice else "time_limited",
    }
    if proposal:
        initial["hours_per_week"] = proposal
        sought = application.hours_sought
        initial["outcome"] = Outcome.PARTIAL_GRANT if sought and proposal < sought else Outcome.GRANT
    return initial


def _draft_decision(case: Case) -> Decision | None:
    decision = case.decisions.filter(sent_at__isnull=True).select_related("letter").first()
    return decision if decision is not None and decision.letter is not None else None


def _letter_form(request: HttpRequest, letter: Letter) -> DecisionLetterForm | LetterEditForm:
    """Part by part when the body has Herning's five numbered parts; else the whole text in one field."""
    data = request.POST if request.method == "POST" else None
    letter_parts = parts.split(letter.body)
    if letter_parts is None:
        return LetterEditForm(data, initial={"body": letter.body})
    return DecisionLetterForm(data, letter_parts=letter_parts)


def _no_draft(request: HttpRequest, case: Case) -> HttpResponse:
    messages.info(request, "Der er ingen afgørelse, der afventer afsendelse.")
    return redirect("cases:detail", pk=case.pk)


@change_case
def case_decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter editor: one field per part, a live preview beside it; sending goes via a confirmation."""
    user = _user(request)
    case = _editable_case(request, pk)
    decision = _draft_decision(case)
    if decision is None:
        return _no_draft(request, case)
    letter = decision.letter
    assert letter is not None
    form = _letter_form(request, letter)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.run_service(
            lambda: services.decision_letter_edit(decision=decision, user=user, body=form.body_text())
        )
    ):
        if "send" in request.POST:
            return redirect("cases:decision_send", pk=case.pk)
        messages.success(request, "Brevteksten er gemt.")
        return redirect("cases:decision_letter", pk=case.pk)
    _log_view(request, case, "afgørelsesbrev", health=True)
    body = letter.body
    if request.method == "POST" and isinstance(form, DecisionLetterForm):
        body = form.body_text(data=request.POST.dict())
    elif request.method == "POST":
        body = request.POST.get("body", body)
    return render(
        request,
        "cases/decision_letter.html",
        {
            **letter_preview_context(letter, body=body),
            "case": case,
            "decision": decision,
            "form": form,
            "new_decision_heading": _new_decision_heading(case),
        },
        status=400 if request.method == "POST" else 200,
    )


@change_case
@require_POST
def case_decision_letter_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as the editor's text would make it, for htmx to show beside the editor. Saves nothing."""
    case = _editable_case(request, pk)
    decision = _draft_decision(case)
    if decision is None or decision.letter is None:
        # The decision was sent (or never drafted) in another tab: say so where the preview would be.
        return HttpResponse("<p>Der er ingen afgørelse, der afventer afsendelse.</p>", status=409)
    form = _letter_form(request, decision.letter)
    if isinstance(form, DecisionLetterForm):
        body = form.body_text(data=request.POST.dict())
    else:
        body = request.POST.get("body", "")
    return render(
        request,
        "letters/_preview.html",
        letter_preview_context(decision.letter, body=body[: letters.MAX_BODY]),
    )


def _new_decision_heading(case: Case) -> str:
    """ "Ny afgørelse efter klage" / "… efter hjemvisning" as on the decision page; empty for a first one."""
    heading = selectors.case_decision_heading(case=case)
    return heading if heading.startswith("Ny afgørelse") else ""


@change_case
def case_decision_send(request: HttpRequest, pk: int) -> HttpResponse:
    """ "You are about to send": who receives what, then the one button that sends."""
    user = _user(request)
    case = _editable_case(request, pk)
    decision = _draft_decision(case)
    if decision is None:
        return _no_draft(request, case)
    form = DkfdsForm(request.POST if request.method == "POST" else None)  # no fields: it carries errors
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_send(decision=decision, user=user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "Afgørelsen er sendt til personen og virksomheden."
                if case.employer_id
                else "Afgørelsen er sendt til personen.",
            )
            assert decision.letter is not None
            decision.letter.refresh_from_db(fields=["pdf"])
            if not decision.letter.pdf:
                messages.info(
                    request,
                    "Brevet dannes som PDF i baggrunden og kan hentes på sagen om lidt. "
                    "Lykkes det ikke, dannes det igen automatisk. Afgørelsen er sendt og gemt.",
                )
            return redirect("cases:detail", pk=case.pk)
    _log_view(request, case, "send afgørelse")
    return render(
        request,
        "cases/decision_send.html",
        {
            "case": case,
            "decision": decision,
            "letter": decision.letter,
            "form": form,
            "new_decision_heading": _new_decision_heading(case),
        },
        status=400 if request.method == "POST" else 200,
    )


@change_case
def case_late_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """RSL § 3 stk. 2: the caseworker tells the person when to expect a decision that will be late."""
    case = _editable_case(request, pk)
    form = LateNoticeForm(request.POST or None)
    return _form_page(
        request,
        case,
        form,
        "cases/late_notice.html",
        lambda: services.late_decision_notify(case=case, user=_user(request), **form.cleaned_data),
        "Brevet om den forsinkede afgørelse er sendt til personen.",
        "besked om forsinket afgørelse",
        promised=services.decision_promised_date(case),
    )


@public
def casework_targets(request: HttpRequest) -> HttpResponse:
    """The municipalities' published decision targets (RSL § 3 stk. 2): open to anyone, no personal data."""
    return render(request, "cases/casework_targets.html", {"targets": selectors.casework_targets()})


@change_case
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = AssignForm(request.POST, municipality_id=case.municipality_id)
    if form.is_valid() and form.run_service(
        lambda: services.case_assign(
            case=case, user=_user(request), caseworker=form.cleaned_data["caseworker"]
        ),
    ):
        messages.success(request, f"Sagen er fordelt til {form.cleaned_data['caseworker'].display_name}.")
        return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, status=400, assign_form=form)


@change_case
@require_POST
def case_grant_stop(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    grant = case.grants.filter(status="active").first()
    if grant is None:
        raise Http404("Sagen har ingen aktiv bevilling.")
    form = GrantStopForm(request.POST)
    if form.is_valid() and form.run_service(
        lambda: services.grant_end(user=_user(request), grant=grant, **form.cleaned_data),
    ):
        messages.success(
            request,
            "Bevillingen er standset, og afgørelsen er sendt til personen og virksomheden. "
            "Udbetaling for tiden efter den sidste dag er blokeret.",
        )
        return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, status=400, stop_form=form)


@change_case
@require_POST
def case_journal_note(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = JournalNoteForm(request.POST)
    if form.is_valid() and form.run_service(
        lambda: services.journal_note_add(case=case, user=_user(request), text=form.cleaned_data["text"]),
    ):
        messages.success(request, "Journalnotatet er gemt.")
        return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, status=400, note_form=form)


@change_case
@require_POST
def case_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = _editable_case(request, pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid() and form.run_service(
        lambda: services.document_store(
            user=_user(request),
            upload=form.cleaned_data["file"],
            doc_type=form.cleaned_data["doc_type"],
            case=case,
            application=getattr(case, "application", None),
        ),
    ):
        messages.success(request, "Dokumentet er tilføjet.")
        return redirect("cases:detail", pk=case.pk)
    return _case_page(request, case, status=400, document_form=form)


@permission_required("cases.read_document", obj=_document)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Staff and the person fetch a case's documents; the employer only the subsidy class."""
    user = _user(request)
    document = selectors.document_queryset_visible_to(user).get(pk=pk)
    owner = document.case or document.application
    access_log_record(
        user=user,
        action=AccessLog.Action.DOWNLOAD,
        case_id=document.case_id,
        person_id=owner.person_id if owner else None,
        object_repr=str(document),
        request=request,
        health=document.doc_type in MEDICAL_DOCUMENT_TYPES,
    )
    return FileResponse(
        document.file.open("rb"), content_type=document.content_type, filename=document.original_name
    )
