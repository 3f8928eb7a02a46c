"""The interpreting registry for municipal staff: agencies, interpreters and economic links.

Agencies and interpreters are national (an agency works for users in any municipality): the caseworkers,
payment officers and managers of every municipality read the registry; caseworkers and payment officers
write it. What the pages show of persons is scoped to the user's municipality: an agency's grants there,
and the economic links its staff registered.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

import rules
from kompensation.accounts.models import User
from kompensation.accounts.permissions import (
    is_caseworker,
    is_municipal_staff,
    is_payment_officer,
    permission_required,
)
from kompensation.accounts.services import access_log_record_cases
from kompensation.cases.forms import DkfdsForm
from kompensation.cases.models import Case, Employer, Grant, Person

from . import services
from .models import Agency, EconomicLink, Interpreter

rules.add_perm("payments.read_registry", is_municipal_staff)
rules.add_perm("payments.write_registry", is_caseworker | is_payment_officer)

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _agency(request: HttpRequest, pk: int, **kwargs: Any) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise Http404("Tolkebureauet findes ikke.")
    return agency


def _interpreter(request: HttpRequest, pk: int, **kwargs: Any) -> Interpreter:
    interpreter = Interpreter.objects.filter(pk=pk).first()
    if interpreter is None:
        raise Http404("Tolken findes ikke.")
    return interpreter


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))


@permission_required("payments.read_registry")
def agencies(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows = Agency.objects.annotate(interpreter_count=Count("interpreters")).order_by("name", "pk")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(cvr__startswith=q))
    return render(
        request,
        "payments/registry/agencies.html",
        {"page": _page(request, rows), "q": q, "query": urlencode({"q": q}) if q else ""},
    )


class AgencyForm(DkfdsForm):
    cvr = forms.CharField(label="CVR-nummer", max_length=20, required=False)
    name = forms.CharField(
        label="Navn",
        max_length=200,
        required=False,
        help_text="Hentes fra CVR-registret. Skriv det kun, hvis CVR-registret ikke kender bureauet.",
    )
    email = forms.EmailField(
        label="E-mail", required=False, help_text="Hertil sender vi besked om erklæringer."
    )
    phone = forms.CharField(label="Telefon", max_length=20, required=False)


@permission_required("payments.write_registry")
def agency_new(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_register(user=_user(request), **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"{agency.name} er registreret.")
            return redirect("payments:agency", agency.pk)
    return render(request, "payments/registry/agency_new.html", {"form": form})


@permission_required("payments.read_registry", obj=_agency)
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = _agency(request, pk)
    # Only the grants in the user's own municipality: the others are another municipality's cases.
    grants = list(
        Grant.objects.filter(case__municipality_id=user.municipality_id or 0, decision__agencies=row)
        .select_related("case__person", "decision")
        .distinct()
        .order_by("-created_at")
    )
    access_log_record_cases(user=user, cases=[g.case for g in grants], request=request)
    return render(
        request,
        "payments/registry/agency.html",
        {"agency": row, "interpreters": row.interpreters.order_by("name"), "grants": grants},
    )


@permission_required("payments.read_registry")
def interpreters(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows = Interpreter.objects.prefetch_related("agencies").order_by("name", "pk")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(number__iexact=q))
    return render(
        request,
        "payments/registry/interpreters.html",
        {"page": _page(request, rows), "q": q, "query": urlencode({"q": q}) if q else ""},
    )


class InterpreterForm(DkfdsForm):
    number = forms.CharField(label="Tolkenummer", max_length=20, required=False)
    name = forms.CharField(label="Navn", max_length=200, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    agencies = forms.ModelMultipleChoiceField(
        label="Tolkebureauer",
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@permission_required("payments.write_registry")
def interpreter_new(request: HttpRequest) -> HttpResponse:
    form = InterpreterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.interpreter_register(user=_user(request), **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"{row.name} er registreret som tolk.")
            return redirect("payments:interpreter", row.pk)
    return render(request, "payments/registry/interpreter_new.html", {"form": form})


def _links(user: User, interpreter: Interpreter) -> list[EconomicLink]:
    """The links registered by the user's own municipality (they name its users and employers)."""
    return list(
        EconomicLink.objects.filter(
            interpreter=interpreter, registered_by__municipality_id=user.municipality_id or 0
        )
        .select_related("person", "employer", "registered_by")
        .order_by("-registered_at")
    )


@permission_required("payments.read_registry", obj=_interpreter)
def interpreter(request: HttpRequest, pk: int) -> HttpResponse:
    row = _interpreter(request, pk)
    return render(
        request,
        "payments/registry/interpreter.html",
        {"interpreter": row, "agencies": row.agencies.order_by("name"), "links": _links(_user(request), row)},
    )


class EconomicLinkForm(DkfdsForm):
    cpr = forms.CharField(
        label="Tolkebrugerens CPR-nummer", max_length=11, required=False, help_text="10 cifre, fx 0101801234."
    )
    cvr = forms.CharField(label="Eller arbejdsgiverens CVR-nummer", max_length=8, required=False)
    description = forms.CharField(
        label="Forbindelsen",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=(
            "Fx «tolken er gift med arbejdsgiverens direktør». Skriv også, hvor oplysningen kommer fra."
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.person: Person | None = None
        self.employer: Employer | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cpr = data.get("cpr", "").replace("-", "").strip()
        cvr = data.get("cvr", "").strip()
        if cpr:
            # Only a user with a case in the municipality: staff never look up persons elsewhere.
            cases = Case.objects.filter(municipality_id=self.user.municipality_id or 0, person__cpr=cpr)
            case = cases.select_related("person").first()
            if case is None:
                self.add_error("cpr", "Kommunen har ingen sag om en person med det CPR-nummer.")
            else:
                self.person = case.person
        if cvr:
            self.employer = Employer.objects.filter(cvr=cvr).first()
            if self.employer is None:
                self.add_error("cvr", "Vi kender ingen arbejdsgiver med det CVR-nummer.")
        return data


@permission_required("payments.write_registry", obj=_interpreter)
def economic_link_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = _interpreter(request, pk)
    form = EconomicLinkForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.economic_link_register(
                user=user,
                interpreter=row,
                person=form.person,
                employer=form.employer,
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Den økonomiske forbindelse er registreret.")
            return redirect("payments:interpreter", row.pk)
    return render(
        request,
        "payments/registry/economic_link_new.html",
        {"interpreter": row, "form": form, "links": _links(user, row)},
    )
