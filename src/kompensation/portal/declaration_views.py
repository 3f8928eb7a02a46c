"""Signing the declarations of no economic interest (BEK § 25) in the portal, each party its own.

One list per party: the citizen and the employer under «Erklæringer», the agency on its own page, the
interpreter on their start page. Each item shows the exact wording and signs with a checkbox; the party
can only pick from its own list, and `declaration_sign` checks once more that the user is the party.
The agency also registers its own interpreters here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

import rules
from kompensation.accounts.models import User
from kompensation.accounts.permissions import (
    is_agency,
    is_citizen,
    is_employer,
    is_interpreter,
    permission_required,
)
from kompensation.cases.forms import DkfdsForm
from kompensation.payments import declaration_selectors as selectors
from kompensation.payments import services
from kompensation.payments.models import Agency, Interpreter

rules.add_perm("portal.sign_declarations", is_citizen | is_employer)
rules.add_perm("portal.agency_declarations", is_agency)
rules.add_perm("portal.interpreter_home", is_interpreter)
rules.add_perm("portal.agency_interpreters", is_agency)

CONFIRM_MISSING = "Sæt kryds ved erklæringen for at underskrive den."
ALREADY_SIGNED = "Erklæringen er allerede underskrevet."


class SignForm(DkfdsForm):
    grant = forms.IntegerField(widget=forms.HiddenInput)
    agency = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="Jeg erklærer på tro og love, at ovenstående er rigtigt",
        required=False,
    )


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _sign(request: HttpRequest) -> tuple[str | None, tuple[int, int] | None]:
    """Sign the posted item from the user's own list; returns (error, (grant, agency) that failed)."""
    user = _user(request)
    form = SignForm(request.POST)
    if not form.is_valid():
        return "Erklæringen findes ikke. Vælg en erklæring på listen.", None
    key = (form.cleaned_data["grant"], form.cleaned_data["agency"])
    due = {(r.grant.pk, r.agency.pk): r for r in selectors.declarations_due(user)}
    required = due.get(key)
    if required is None:
        mine = {(r.grant.pk, r.agency.pk) for r in selectors.declarations_of(user)}
        if key in mine:
            return ALREADY_SIGNED, key
        # Not the user's to sign (another party's, or another user's): never confirm it exists.
        raise PermissionDenied("Du kan kun underskrive din egen erklæring.")
    if not form.cleaned_data["confirm"]:
        return CONFIRM_MISSING, key
    try:
        services.declaration_sign(
            user=user,
            grant=required.grant,
            agency=required.agency,
            party=required.party,
            interpreter=required.interpreter,
        )
    except ValidationError as error:
        return " ".join(error.messages), key
    services.declaration_invoices_recheck(grant=required.grant, agency=required.agency)
    messages.success(request, f"Tak. Din erklæring om {required.agency.name} er underskrevet.")
    return None, None


def _page(request: HttpRequest, template: str, extra: dict[str, Any] | None = None) -> HttpResponse:
    user = _user(request)
    error: str | None = None
    failed: tuple[int, int] | None = None
    if request.method == "POST":
        error, failed = _sign(request)
        if error is None:
            return redirect(request.path)
    context = {
        "due": selectors.declarations_due(user),
        "signed": selectors.declarations_signed(user),
        "error": error,
        "failed": failed,
        **(extra or {}),
    }
    return render(request, template, context, status=200)


@permission_required("portal.sign_declarations")
def declarations(request: HttpRequest) -> HttpResponse:
    """The citizen's and the employer's declarations."""
    return _page(request, "portal/declarations.html")


@permission_required("portal.agency_declarations")
def agency_declarations(request: HttpRequest) -> HttpResponse:
    """The agency's own page: its declarations, and a link to its interpreters."""
    agency = Agency.objects.filter(cvr=_user(request).cvr).first()
    return _page(request, "portal/agency/declarations.html", {"agency": agency})


@permission_required("portal.interpreter_home")
def interpreter_home(request: HttpRequest) -> HttpResponse:
    """The interpreter's start page: declarations to sign, then statements of sessions."""
    interpreter = Interpreter.objects.filter(user=_user(request)).first()
    return _page(request, "portal/interpreter/home.html", {"interpreter": interpreter})


class AgencyInterpreterForm(DkfdsForm):
    number = forms.CharField(label="Tolkenummer", max_length=20, required=False)
    name = forms.CharField(label="Navn", max_length=200, required=False)
    email = forms.EmailField(
        label="E-mail", required=False, help_text="Hertil sender kommunen besked om erklæringer."
    )


@permission_required("portal.agency_interpreters")
def agency_interpreters(request: HttpRequest) -> HttpResponse:
    """The agency's interpreters, and the form to register one more."""
    user = _user(request)
    agency = Agency.objects.filter(cvr=user.cvr).first()
    form = AgencyInterpreterForm(request.POST or None)
    if request.method == "POST" and agency is not None and form.is_valid():
        try:
            interpreter = services.interpreter_register(
                user=user,
                number=form.cleaned_data["number"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{interpreter.name} er registreret som tolk hos {agency.name}.")
            return redirect("portal:agency_interpreters")
    interpreters = agency.interpreters.order_by("name") if agency is not None else Interpreter.objects.none()
    return render(
        request,
        "portal/agency/interpreters.html",
        {"agency": agency, "interpreters": interpreters, "form": form},
    )
