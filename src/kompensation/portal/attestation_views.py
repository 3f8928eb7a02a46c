"""Interpreting on Mine sider: the user confirms or disputes each session; the interpreter and agency sign.

Phone first: one card per session, a Ja/Nej pair and a note that is always there (required only for «Nej»),
so the page works without JavaScript. Nothing typed is lost on an error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kompensation import formats
from kompensation.accounts.models import Role, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record_cases
from kompensation.cases.forms import DkfdsForm
from kompensation.payments.models import AttestationParty, InvoiceLine
from kompensation.payments.services import attestation as service

YES, NO = "ja", "nej"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _statement(request: HttpRequest, pk: int, interpreter_pk: int, **kwargs: Any) -> service.Statement:
    statement = service.statement_get(request_pk=pk, interpreter_pk=interpreter_pk)
    if statement is None:
        raise Http404("Opgørelsen findes ikke, eller du har ikke adgang til den.")
    return statement


def session_day(line: InvoiceLine) -> str:
    """«Tirsdag 10. november 2026»."""
    return formats.weekday_date(line.date)


def session_place(line: InvoiceLine) -> str:
    """«på stedet i 7400 Herning» or «fjerntolkning». The town is taken from the case's own addresses (the
    workplace, the person) when one has the session's postcode; there is no postcode register here."""
    if line.remote:
        return "fjerntolkning"
    if not line.postcode:
        return f"på stedet (zone {line.zone})"
    case = line.request.grant.case
    for holder in (case.employer, case.person):
        if holder is not None and holder.postcode == line.postcode and holder.city:
            return f"på stedet i {line.postcode} {holder.city}"
    return f"på stedet i postnummer {line.postcode}"


def _card(line: InvoiceLine) -> dict[str, Any]:
    billed = line.pricing.get("billed_hours")
    hours = Decimal(billed) if billed else Decimal(line.minutes) / 60
    return {
        "line": line,
        "day": session_day(line),
        "time": f"{line.start:%H:%M}–{line.end:%H:%M}",
        "place": session_place(line),
        "hours": hours,
    }


class AttestationForm(DkfdsForm):
    """One «Fandt tolkningen sted?» and one note per session awaiting the user's answer."""

    def __init__(self, *args: Any, lines: list[InvoiceLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            label = f"{session_day(line)} kl. {line.start:%H:%M}–{line.end:%H:%M}"
            self.fields[f"answer_{line.pk}"] = forms.ChoiceField(
                label=f"{label}: Fandt tolkningen sted?",
                choices=[(YES, "Ja"), (NO, "Nej")],
                widget=forms.RadioSelect(attrs={"class": "form-radio"}),
                error_messages={"required": "Svar ja eller nej.", "invalid_choice": "Svar ja eller nej."},
            )
            self.fields[f"note_{line.pk}"] = forms.CharField(
                label=f"{label}: Hvad passer ikke?",
                required=False,
                max_length=service.NOTE_MAX,
                widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
                help_text="Skal kun udfyldes, hvis du svarer nej.",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for line in self.lines:
            if data.get(f"answer_{line.pk}") == NO and not (data.get(f"note_{line.pk}") or "").strip():
                self.add_error(f"note_{line.pk}", "Skriv kort, hvad der ikke passer.")
        return data

    def answers(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {x.pk: (data[f"answer_{x.pk}"] == YES, data.get(f"note_{x.pk}") or "") for x in self.lines}

    def rows(self) -> list[dict[str, Any]]:
        return [
            {**_card(x), "answer": self[f"answer_{x.pk}"], "note": self[f"note_{x.pk}"]} for x in self.lines
        ]


class SignForm(DkfdsForm):
    agree = forms.BooleanField(
        label="Jeg har læst opgørelsen og erklæringen og underskriver på tro og love.",
        error_messages={"required": "Sæt kryds for at underskrive."},
    )


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@permission_required("payments.list_statements")
def attestation_list(request: HttpRequest) -> HttpResponse:
    """«Tolkning du skal bekræfte» (the user), or the statements waiting for the interpreter's or agency's
    signature."""
    user = _user(request)
    statements = service.statements_awaiting(user)
    if user.role != Role.CITIZEN:
        access_log_record_cases(user=user, cases=[s.request.grant.case for s in statements], request=request)
    return render(request, "portal/attestation/list.html", {"statements": statements})


@permission_required("payments.attest_statement", obj=_statement)
def attestation_statement(request: HttpRequest, pk: int, interpreter_pk: int) -> HttpResponse:
    """The user answers each session, and confirms on tro og love."""
    statement = _statement(request, pk, interpreter_pk)
    signed = statement.signed(AttestationParty.USER)
    lines = statement.awaiting_lines if statement.open and not signed else []
    form = AttestationForm(request.POST if request.method == "POST" else None, lines=lines)
    if request.method == "POST" and lines and form.is_valid():
        try:
            service.statement_attest(
                user=_user(request),
                request=statement.request,
                interpreter=statement.interpreter,
                answers=form.answers(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, "Tak. Dit svar er sendt til kommunen.")
            return redirect("portal:attestations")
    return render(
        request,
        "portal/attestation/statement.html",
        {
            "statement": statement,
            "form": form,
            "rows": form.rows(),
            "answered": [_card(x) for x in statement.lines if x not in lines],
            "signed": signed,
            "declaration": statement.text(AttestationParty.USER),
        },
    )


def _sign(request: HttpRequest, pk: int, interpreter_pk: int, party: str) -> HttpResponse:
    statement = _statement(request, pk, interpreter_pk)
    access_log_record_cases(user=_user(request), cases=[statement.request.grant.case], request=request)
    signed = statement.signed(party)
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not signed and form.is_valid():
        try:
            service.statement_sign(
                user=_user(request), request=statement.request, interpreter=statement.interpreter, party=party
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, "Opgørelsen er underskrevet.")
            return redirect("portal:attestations")
    return render(
        request,
        "portal/attestation/sign.html",
        {
            "statement": statement,
            "form": form,
            "cards": [_card(x) for x in statement.lines],
            "signed": signed,
            "declaration": statement.text(party),
            "party_label": AttestationParty(party).label,
        },
    )


@permission_required("payments.sign_statement_interpreter", obj=_statement)
def attestation_sign_interpreter(request: HttpRequest, pk: int, interpreter_pk: int) -> HttpResponse:
    return _sign(request, pk, interpreter_pk, AttestationParty.INTERPRETER)


@permission_required("payments.sign_statement_agency", obj=_statement)
def attestation_sign_agency(request: HttpRequest, pk: int, interpreter_pk: int) -> HttpResponse:
    return _sign(request, pk, interpreter_pk, AttestationParty.AGENCY)
