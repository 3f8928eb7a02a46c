"""Views: the follow-up questionnaire.

Staff: the questionnaires of a follow-up (status per party, the answers question by question) and the form
that sends them; caseworkers send, managers read. Portal: the party answers its own questionnaire in short
steps (the answers so far kept in the session, so nothing is lost between steps), checks its answers and
sends; then a receipt. Another party's questionnaire does not exist for it (404).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record

from .. import selectors
from ..forms_questionnaires import QuestionnaireSendForm, step_form
from ..models import FollowUp, FollowUpStatus, Questionnaire, QuestionnaireParty
from ..questions import CHECK_STEP, QUESTION, STEPS, answer_rows, clean_answers, steps_for
from ..services import questionnaires as services

NOT_FOUND = "Skemaet findes ikke, eller du har ikke adgang til det."


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _follow_up(request: HttpRequest, pk: int, **kwargs: Any) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_related(
            "case__person", "case__employer", "case__municipality", "grant__decision"
        )
        .filter(pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404("Opfølgningen findes ikke, eller du har ikke adgang til den.")
    return follow_up


def _questionnaire(request: HttpRequest, pk: int, **kwargs: Any) -> Questionnaire:
    questionnaire = (
        Questionnaire.objects.select_related(
            "follow_up__case__person", "follow_up__case__employer", "follow_up__case__municipality"
        )
        .filter(pk=pk)
        .first()
    )
    if questionnaire is None:
        raise Http404(NOT_FOUND)
    return questionnaire


# --- staff ---------------------------------------------------------------------------------------------


def _staff_page(
    request: HttpRequest, follow_up: FollowUp, form: QuestionnaireSendForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    questionnaires = selectors.follow_up_questionnaires(follow_up=follow_up)
    case = follow_up.case
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"Opfølgningsskemaer i sag {case.reference}",
        request=request,
        # The person's answers may describe their health.
        health=any(q.questionnaire.party == QuestionnaireParty.PERSON and q.rows for q in questionnaires),
    )
    return render(
        request,
        "followup/questionnaires.html",
        {
            "follow_up": follow_up,
            "case": case,
            "questionnaires": questionnaires,
            "send_form": form,
        },
        status=status,
    )


@permission_required("followup.read_follow_up", obj=_follow_up)
def questionnaire_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the follow-up's questionnaires (caseworkers and managers). POST: send (caseworkers)."""
    user = _user(request)
    follow_up = _follow_up(request, pk)
    if request.method != "POST":
        return _staff_page(request, follow_up)
    if not has("followup.send_questionnaire", user, follow_up):
        raise PermissionDenied("Kun en sagsbehandler i sagens kommune kan sende skemaet.")
    form = QuestionnaireSendForm(request.POST, follow_up=follow_up)
    if form.is_valid():
        try:
            sent = services.questionnaire_send(
                user=user, follow_up=follow_up, parties=form.cleaned_data["parties"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            to = " og ".join(services.PARTY_WORDS[QuestionnaireParty(q.party)] for q in sent)
            messages.success(request, f"Skemaet er sendt til {to}. Svarfristen er {sent[0].due:%d.%m.%Y}.")
            back = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                return redirect(back)
            return redirect("followup:questionnaire_send", pk=follow_up.pk)
    return _staff_page(request, follow_up, form, status=400)


# --- portal --------------------------------------------------------------------------------------------


def _session_key(questionnaire: Questionnaire) -> str:
    return f"followup-questionnaire-{questionnaire.pk}"


def _log(request: HttpRequest, questionnaire: Questionnaire, what: str, *, answers: bool) -> None:
    case = questionnaire.follow_up.case
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=case.person_id,
        case_id=case.pk,
        object_repr=f"{what} i sag {case.reference}",
        request=request,
        health=answers and questionnaire.party == QuestionnaireParty.PERSON,
    )


def _check_context(questionnaire: Questionnaire, draft: dict[str, Any]) -> dict[str, Any]:
    """The check page: the answers so far, and what is still missing (with the step to fix it on)."""
    _, errors = clean_answers(questionnaire.party, draft)
    titles = {s.slug: s.title for s in STEPS}
    missing = [
        (step, titles[step], message)
        for key, message in errors.items()
        if (step := QUESTION[key.removesuffix("_detail")].step)
    ]
    return {"rows": answer_rows(questionnaire.party, draft), "missing": missing}


@permission_required("followup.answer_questionnaire", obj=_questionnaire, not_found=NOT_FOUND)
def questionnaire_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """One step of the questionnaire (`?trin=`), or «Tjek dine svar» and send."""
    questionnaire = _questionnaire(request, pk)
    if questionnaire.answered_at is not None:
        return redirect("followup:questionnaire_receipt", pk=questionnaire.pk)
    party = questionnaire.party
    steps = steps_for(party)
    slugs = [s.slug for s in steps] + [CHECK_STEP.slug]
    slug = request.GET.get("trin", steps[0].slug)
    if slug not in slugs:
        raise Http404("Siden findes ikke.")
    key = _session_key(questionnaire)
    draft: dict[str, Any] = dict(request.session.get(key, {}))
    back_to_check = request.GET.get("tilbage") == CHECK_STEP.slug
    context: dict[str, Any] = {
        "questionnaire": questionnaire,
        "case": questionnaire.follow_up.case,
        "employer": party == QuestionnaireParty.EMPLOYER,
        "steps": [*steps, CHECK_STEP],
        "step": slug,
        "title": {s.slug: s.title for s in [*steps, CHECK_STEP]}[slug],
        "index": slugs.index(slug),
        "back_to_check": back_to_check,
        "closed": questionnaire.follow_up.status != FollowUpStatus.PLANNED,
    }
    _log(request, questionnaire, "Opfølgningsskema", answers=slug == CHECK_STEP.slug)
    if context["closed"]:
        return render(request, "followup/questionnaire_answer.html", context)
    if slug == CHECK_STEP.slug:
        return _check_step(request, questionnaire, draft, context)
    form_class = step_form(party, slug)
    if request.method != "POST":
        context["form"] = form_class(initial=form_class.initial_from(draft))
        return render(request, "followup/questionnaire_answer.html", context)
    form = form_class(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "followup/questionnaire_answer.html", context, status=400)
    request.session[key] = {**draft, **form.answers}
    following = CHECK_STEP.slug if back_to_check else slugs[slugs.index(slug) + 1]
    return redirect(f"{reverse('followup:questionnaire_answer', args=[questionnaire.pk])}?trin={following}")


def _check_step(
    request: HttpRequest, questionnaire: Questionnaire, draft: dict[str, Any], context: dict[str, Any]
) -> HttpResponse:
    context |= _check_context(questionnaire, draft)
    if request.method != "POST":
        return render(request, "followup/questionnaire_answer.html", context)
    try:
        services.questionnaire_answer(user=_user(request), questionnaire=questionnaire, answers=draft)
    except ValidationError as error:
        # A bound, empty form to carry the service's messages into the error summary.
        form = forms.Form({})
        form.full_clean()
        form.add_error(None, error.messages)
        context["send_errors"] = form
        return render(request, "followup/questionnaire_answer.html", context, status=400)
    request.session.pop(_session_key(questionnaire), None)
    return redirect("followup:questionnaire_receipt", pk=questionnaire.pk)


@permission_required("followup.answer_questionnaire", obj=_questionnaire, not_found=NOT_FOUND)
def questionnaire_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    if questionnaire.answered_at is None:
        return redirect("followup:questionnaire_answer", pk=questionnaire.pk)
    _log(request, questionnaire, "Kvittering for opfølgningsskema", answers=True)
    return render(
        request,
        "followup/questionnaire_receipt.html",
        {
            "questionnaire": questionnaire,
            "case": questionnaire.follow_up.case,
            "employer": questionnaire.party == QuestionnaireParty.EMPLOYER,
            "rows": answer_rows(questionnaire.party, questionnaire.answers),
        },
    )
