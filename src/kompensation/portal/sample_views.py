"""«Fik du den hjælp, der er betalt for?»: the person in a monthly sample check answers on Mine sider.

One question (Ja/Nej and an optional remark), «Tjek og send», and a receipt. Only the person the question
was put to sees it. A «nej» opens a control task for the caseworker; the person is told that it does.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record
from kompensation.cases.forms import DkfdsForm, text
from kompensation.payments.models.interpreting import SampleAnswer, SampleAnswerStatus
from kompensation.payments.services import samples

NOT_FOUND = "Spørgsmålet findes ikke, eller du har ikke adgang til det."


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _answer(request: HttpRequest, pk: int, **kwargs: Any) -> SampleAnswer:
    answer = (
        SampleAnswer.objects.select_related("sample", "grant__case__person", "grant__case__municipality")
        .select_related("grant__decision")
        .filter(pk=pk)
        .first()
    )
    if answer is None:
        raise Http404(NOT_FOUND)
    return answer


class SampleAnswerForm(DkfdsForm):
    received = forms.ChoiceField(
        label="Fik du den hjælp, der er betalt for?",
        choices=[("yes", "Ja"), ("no", "Nej")],
        widget=forms.RadioSelect,
        error_messages={"required": "Vælg Ja eller Nej."},
    )
    comment = text(
        "Bemærkning (frivillig)",
        max_length=4000,
        rows=4,
        required=False,
        help_text="Fik du ikke al hjælpen, så skriv gerne hvilke dage eller timer det drejer sig om.",
    )


def _log(request: HttpRequest, answer: SampleAnswer, what: str) -> None:
    access_log_record(
        user=_user(request),
        action=AccessLog.Action.VIEW,
        person_id=answer.grant.case.person_id,
        case_id=answer.grant.case_id,
        object_repr=f"{what} for bevilling {answer.grant.reference}",
        request=request,
    )


@permission_required("payments.answer_sample", obj=_answer, not_found=NOT_FOUND)
def sample_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The question, then «Tjek og send»; an answered question goes to its receipt."""
    answer = _answer(request, pk)
    if answer.status != SampleAnswerStatus.ASKED:
        return redirect("portal:sample_receipt", pk=answer.pk)
    _log(request, answer, "Stikprøvekontrol")
    posted = request.method == "POST"
    form = SampleAnswerForm(request.POST if posted else None)
    context: dict[str, Any] = {"answer": answer, "form": form, "step": "question"}
    if not posted:
        return render(request, "portal/sample/answer.html", context)
    if "edit" in request.POST:
        context["form"] = SampleAnswerForm(
            initial={"received": request.POST.get("received"), "comment": request.POST.get("comment", "")}
        )
        return render(request, "portal/sample/answer.html", context)
    if not form.is_valid():
        return render(request, "portal/sample/answer.html", context, status=400)
    context["step"] = "check"
    if "send" not in request.POST:
        return render(request, "portal/sample/answer.html", context)
    try:
        samples.sample_answer(
            user=_user(request),
            answer=answer,
            received=form.cleaned_data["received"] == "yes",
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        context["step"] = "question"
        return render(request, "portal/sample/answer.html", context, status=400)
    return redirect("portal:sample_receipt", pk=answer.pk)


@permission_required("payments.answer_sample", obj=_answer, not_found=NOT_FOUND)
def sample_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer(request, pk)
    if answer.status == SampleAnswerStatus.ASKED:
        return redirect("portal:sample_answer", pk=answer.pk)
    _log(request, answer, "Kvittering for svar på stikprøvekontrol")
    return render(request, "portal/sample/receipt.html", {"answer": answer})
