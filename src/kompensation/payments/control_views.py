"""«Kontrol»: the monthly sample checks and anonymous tips, for the municipality's staff.

The payment officer draws a month's sample now (the monthly job draws last month's anyway); caseworkers and
payment officers record an answer that came on paper; everyone on the staff registers and closes tips. The
manager sets how many users the sample asks.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kompensation.accounts.models import AccessLog, Municipality, User
from kompensation.accounts.permissions import has, permission_required
from kompensation.accounts.services import access_log_record, access_log_record_cases
from kompensation.cases.forms import DkfdsForm, line, text
from kompensation.cases.models import Grant
from kompensation.rules.payments import MONTH_NAMES
from kompensation.ui.fields import BoundedDateField, WholeNumberField

from .models import PaymentSettings
from .models.interpreting import Agency, Interpreter, SampleAnswer, SampleCheck, Tip
from .services import samples

RECEIVED_CHOICES = [("yes", "Ja, hjælpen blev givet"), ("no", "Nej, ikke (helt) som betalt")]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _municipality(user: User) -> Municipality:
    if user.municipality is None:
        raise PermissionDenied("Du er ikke knyttet til en kommune.")
    return user.municipality


def _answer(request: HttpRequest, pk: int, **kwargs: Any) -> SampleAnswer:
    answer = (
        SampleAnswer.objects.select_related("sample", "grant__case__person", "grant__decision")
        .filter(pk=pk)
        .first()
    )
    if answer is None:
        raise Http404("Svaret findes ikke.")
    return answer


def _tip(request: HttpRequest, pk: int, **kwargs: Any) -> Tip:
    tip = Tip.objects.select_related("grant__case__person", "agency", "interpreter").filter(pk=pk).first()
    if tip is None:
        raise Http404("Tippet findes ikke.")
    return tip


def month_label(month: dt.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def _month(value: str | None, default: dt.date) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if match and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12:
        return dt.date(int(match[1]), int(match[2]), 1)
    return default


class AnswerRecordForm(DkfdsForm):
    received = forms.ChoiceField(
        label="Fik personen den hjælp, der er betalt for?", choices=RECEIVED_CHOICES, widget=forms.RadioSelect
    )
    comment = text("Personens bemærkning", max_length=4000, rows=3, required=False)


@permission_required("payments.read_control")
def control_samples(request: HttpRequest) -> HttpResponse:
    """The month's sample with every answer; POST (a payment officer) draws it now."""
    user = _user(request)
    municipality = _municipality(user)
    default = samples.previous_month(timezone.localdate())
    month = _month(request.POST.get("maaned") or request.GET.get("maaned"), default)
    if request.method == "POST":
        if not has("payments.draw_sample", user):
            raise PermissionDenied("Kun ydelsesmedarbejdere kan trække stikprøven.")
        if month > timezone.localdate().replace(day=1):
            messages.error(request, "Der kan ikke trækkes stikprøve for en måned, der ikke er begyndt.")
        else:
            drawn = samples.sample_draw(municipality=municipality, month=month, user=user)
            messages.success(
                request, f"Stikprøven for {month_label(month)} er trukket: {drawn.answers.count()} spurgt."
            )
        return redirect(f"{reverse('payments:control_samples')}?maaned={month:%Y-%m}")
    sample = SampleCheck.objects.filter(municipality=municipality, month=month).first()
    answers = list(
        sample.answers.select_related("grant__case__person", "grant__decision", "recorded_by")
        if sample
        else []
    )
    access_log_record_cases(user=user, cases=[a.grant.case for a in answers], request=request)
    return render(
        request,
        "payments/control/samples.html",
        {
            "month": month,
            "month_label": month_label(month),
            "sample": sample,
            "answers": answers,
            "summary": samples.sample_summary(sample) if sample else None,
            "earlier": SampleCheck.objects.filter(municipality=municipality)[:24],
            "sample_size": samples.sample_size_for(municipality),
            "may_draw": has("payments.draw_sample", user),
        },
    )


@permission_required("payments.record_sample_answer", obj=_answer, not_found="Svaret findes ikke.")
def sample_answer_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an answer the person gave by letter or phone."""
    user = _user(request)
    answer = _answer(request, pk)
    form = AnswerRecordForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                samples.sample_answer_record(
                    user=user,
                    answer=answer,
                    received=form.cleaned_data["received"] == "yes",
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Svaret er registreret.")
                return redirect(f"{reverse('payments:control_samples')}?maaned={answer.sample.month:%Y-%m}")
        status = 400
    access_log_record(
        user=user,
        action=AccessLog.Action.VIEW,
        person_id=answer.grant.case.person_id,
        case_id=answer.grant.case_id,
        object_repr=f"Stikprøvesvar for bevilling {answer.grant.reference}",
        request=request,
    )
    return render(
        request,
        "payments/control/answer_record.html",
        {"answer": answer, "form": form, "month_label": month_label(answer.sample.month)},
        status=status,
    )


def _tips(user: User) -> QuerySet[Tip]:
    return Tip.objects.filter(municipality=_municipality(user)).select_related(
        "grant__case__person", "agency", "interpreter"
    )


@permission_required("payments.read_control")
def tips(request: HttpRequest) -> HttpResponse:
    """The municipality's tips, newest first; search in the content and what the tip is about."""
    user = _user(request)
    rows = _tips(user)
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        found = (
            Q(content__icontains=query)
            | Q(agency__name__icontains=query)
            | Q(interpreter__name__icontains=query)
            | Q(grant__case__person__first_name__icontains=query)
            | Q(grant__case__person__last_name__icontains=query)
        )
        number = re.fullmatch(r"(?:BEV-)?0*(\d{1,9})", query, flags=re.IGNORECASE)
        if number:
            found |= Q(grant__pk=int(number[1]))
        rows = rows.filter(found)
    if request.GET.get("status") == "open":
        rows = rows.filter(closed_at__isnull=True)
    page = Paginator(rows, 25).get_page(request.GET.get("side"))
    access_log_record_cases(
        user=user, cases=[t.grant.case for t in page if t.grant is not None], request=request
    )
    return render(
        request,
        "payments/control/tips.html",
        {"page": page, "q": query, "open_only": request.GET.get("status") == "open"},
    )


class TipForm(DkfdsForm):
    grant = line(
        "Bevilling",
        max_length=100,
        required=False,
        help_text="Bevillingens nummer (fx BEV-0000123) eller personens navn.",
    )
    agency = forms.ModelChoiceField(
        label="Tolkevirksomhed", queryset=Agency.objects.order_by("name"), required=False
    )
    interpreter = forms.ModelChoiceField(
        label="Tolk", queryset=Interpreter.objects.order_by("name"), required=False
    )
    received_on = BoundedDateField(label="Tippet kom den")
    channel = line("Hvordan kom tippet?", max_length=40, help_text="Fx telefon, brev eller e-mail.")
    content = text("Hvad går tippet ud på?", max_length=4000, rows=5)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_grant(self) -> Grant | None:
        value = (self.cleaned_data.get("grant") or "").strip()
        if not value:
            return None
        grants = Grant.objects.filter(case__municipality=self.municipality).select_related("case__person")
        number = re.fullmatch(r"(?:BEV-)?0*(\d{1,9})", value, flags=re.IGNORECASE)
        if number:
            grant = grants.filter(pk=int(number[1])).first()
            if grant is None:
                raise ValidationError("Der er ingen bevilling med det nummer i kommunen.")
            return grant
        for word in value.split():
            grants = grants.filter(
                Q(case__person__first_name__icontains=word) | Q(case__person__last_name__icontains=word)
            )
        found = list(grants[:6])
        if not found:
            raise ValidationError("Ingen bevilling i kommunen passer til navnet. Skriv bevillingens nummer.")
        if len(found) > 1:
            numbers = ", ".join(g.reference for g in found[:5])
            raise ValidationError(f"Flere bevillinger passer ({numbers}). Skriv bevillingens nummer.")
        return found[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("grant") or data.get("agency") or data.get("interpreter")):
            self.add_error(
                "grant", "Vælg hvad tippet handler om: en bevilling, en tolkevirksomhed eller en tolk."
            )
        return data


@permission_required("payments.register_tip")
def tip_new(request: HttpRequest) -> HttpResponse:
    """Register an anonymous tip. The form has no field for the tipper: nothing about them is kept."""
    user = _user(request)
    municipality = _municipality(user)
    form = TipForm(request.POST if request.method == "POST" else None, municipality=municipality)
    if not form.is_bound:
        form.initial["received_on"] = timezone.localdate()
        return render(request, "payments/control/tip_new.html", {"form": form})
    if form.is_valid():
        data = form.cleaned_data
        try:
            tip = samples.tip_register(
                user=user,
                municipality=municipality,
                grant=data["grant"],
                agency=data["agency"],
                interpreter=data["interpreter"],
                received_on=data["received_on"],
                channel=data["channel"],
                content=data["content"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                "Tippet er registreret."
                + (" Der er oprettet en kontrolopgave på sagen." if tip.grant_id else ""),
            )
            return redirect("payments:tip", pk=tip.pk)
    return render(request, "payments/control/tip_new.html", {"form": form}, status=400)


class TipCloseForm(DkfdsForm):
    outcome = text("Hvad kom der ud af tippet?", max_length=4000, rows=4)


@permission_required("payments.read_tip", obj=_tip, not_found="Tippet findes ikke.")
def tip(request: HttpRequest, pk: int) -> HttpResponse:
    """One tip, and closing it with its outcome (POST)."""
    user = _user(request)
    row = _tip(request, pk)
    form = TipCloseForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if not has("payments.close_tip", user, row):
            raise PermissionDenied("Du kan ikke lukke tippet.")
        if form.is_valid():
            try:
                samples.tip_close(user=user, tip=row, outcome=form.cleaned_data["outcome"])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Tippet er lukket.")
                return redirect("payments:tip", pk=row.pk)
        status = 400
    if row.grant is not None:
        access_log_record(
            user=user,
            action=AccessLog.Action.VIEW,
            person_id=row.grant.case.person_id,
            case_id=row.grant.case_id,
            object_repr=f"Tip om bevilling {row.grant.reference}",
            request=request,
        )
    return render(request, "payments/control/tip.html", {"tip": row, "form": form}, status=status)


class SampleSizeForm(DkfdsForm):
    sample_size = WholeNumberField(
        label="Antal borgere i stikprøven hver måned",
        min_value=0,
        max_value=500,
        help_text="0 betyder, at der ikke trækkes stikprøve.",
    )


@permission_required("payments.edit_sample_size")
def control_settings(request: HttpRequest) -> HttpResponse:
    """The manager sets the size of the municipality's monthly sample."""
    municipality = _municipality(_user(request))
    current = samples.sample_size_for(municipality)
    form = SampleSizeForm(
        request.POST if request.method == "POST" else None, initial={"sample_size": current}
    )
    if form.is_bound:
        if form.is_valid():
            settings, _ = PaymentSettings.objects.get_or_create(municipality=municipality)
            settings.sample_size = form.cleaned_data["sample_size"]
            settings.save(update_fields=["sample_size"])
            messages.success(request, f"Stikprøven er nu {settings.sample_size} borgere om måneden.")
            return redirect("payments:control_settings")
        return render(request, "payments/control/settings.html", {"form": form}, status=400)
    return render(request, "payments/control/settings.html", {"form": form})
