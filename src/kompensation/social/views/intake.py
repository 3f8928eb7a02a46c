"""Applying under Serviceloven: the caseworker registers an application that came by letter or e-mail
(`social:new`); the citizen applies on Mine sider in short steps, the draft kept in the session between them
(`social:apply…`). Thin: parse the form, call one service, show the result or the errors."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kompensation.accounts.models import User
from kompensation.accounts.permissions import permission_required
from kompensation.cases.models import Application, Case, DeadlineKind
from kompensation.cases.schemes import SOCIAL_SCHEMES
from kompensation.rules.pa import format_hours

from .. import selectors, services
from ..forms import (
    CITIZEN_SCHEME_CHOICES,
    ApplyDeclarationForm,
    ApplyNeedForm,
    ApplySchemeForm,
    SocialRegisterForm,
)

# The citizen's answers between the steps: raw text as typed, so nothing is lost on bad input.
DRAFT_KEY = "social_application_draft"
NEED_FIELDS = ("product", "tasks_description", "hours_sought", "impairment_description")
APPLY_STEPS = [
    ("social:apply", "Hvad vil du søge om?"),
    ("social:apply_need", "Dit behov"),
    ("social:apply_check", "Tjek dine svar"),
]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- the caseworker registers ---------------------------------------------------------------------------


@permission_required("social.register_social_case")
def register(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = SocialRegisterForm(request.POST if posted else None)
    created: list[Case] = []
    if (
        posted
        and form.is_valid()
        and form.run_service(
            lambda: created.append(
                services.social_case_register(user=_user(request), data=form.cleaned_data)
            ),
        )
    ):
        case = created[0]
        messages.success(
            request,
            f"Ansøgningen er registreret, og sag {case.reference} er oprettet hos "
            f"{case.scheme_config.administration_name(case.municipality.name)}.",
        )
        return redirect("cases:detail", pk=case.pk)
    return render(request, "social/register.html", {"form": form}, status=400 if posted else 200)


# --- the citizen applies on Mine sider ------------------------------------------------------------------


def _draft(request: HttpRequest) -> dict[str, str]:
    return dict(request.session.get(DRAFT_KEY) or {})


def _keep(request: HttpRequest, draft: dict[str, str]) -> None:
    request.session[DRAFT_KEY] = draft


def _steps(current: str) -> list[dict[str, Any]]:
    return [{"url": reverse(name), "label": label, "current": name == current} for name, label in APPLY_STEPS]


def _step_page(
    request: HttpRequest, template: str, current: str, status: int = 200, **context: Any
) -> HttpResponse:
    index = [name for name, _ in APPLY_STEPS].index(current)
    context |= {"steps": _steps(current), "number": index + 1, "count": len(APPLY_STEPS)}
    return render(request, template, context, status=status)


@permission_required("social.apply")
def apply(request: HttpRequest) -> HttpResponse:
    """Step 1: which scheme, in plain words."""
    draft = _draft(request)
    if request.method == "POST":
        form = ApplySchemeForm(request.POST)
        if form.is_valid():
            draft["scheme"] = form.cleaned_data["scheme"]
            _keep(request, draft)
            return redirect("social:apply_need")
        return _step_page(request, "social/apply_scheme.html", "social:apply", status=400, form=form)
    form = ApplySchemeForm(initial={"scheme": draft.get("scheme")})
    return _step_page(request, "social/apply_scheme.html", "social:apply", form=form)


@permission_required("social.apply")
def apply_need(request: HttpRequest) -> HttpResponse:
    """Step 2: what the person needs help with (an aid: which product) and, for §§ 95–96, how many hours."""
    draft = _draft(request)
    scheme = draft.get("scheme", "")
    if scheme not in SOCIAL_SCHEMES:
        messages.info(request, "Vælg først, hvad du vil søge om.")
        return redirect("social:apply")
    context: dict[str, Any] = {"scheme_label": dict(CITIZEN_SCHEME_CHOICES)[scheme]}
    if request.method == "POST":
        # Kept before it is checked: a typing error must not cost the person what they wrote.
        draft |= {k: request.POST.get(k, "") for k in NEED_FIELDS}
        _keep(request, draft)
        form = ApplyNeedForm(request.POST, scheme=scheme)
        if form.is_valid():
            return redirect("social:apply_check")
        return _step_page(
            request, "social/apply_need.html", "social:apply_need", status=400, form=form, **context
        )
    form = ApplyNeedForm(initial=draft, scheme=scheme)
    return _step_page(request, "social/apply_need.html", "social:apply_need", form=form, **context)


@permission_required("social.apply")
def apply_check(request: HttpRequest) -> HttpResponse:
    """Step 3: the answers to check; sending signs the application and opens the case."""
    draft = _draft(request)
    scheme = draft.get("scheme", "")
    if scheme not in SOCIAL_SCHEMES:
        messages.info(request, "Vælg først, hvad du vil søge om.")
        return redirect("social:apply")
    need = ApplyNeedForm(draft, scheme=scheme)
    if not need.is_valid():
        messages.info(request, "Der mangler noget i dine svar om dit behov. Ret det her.")
        return redirect("social:apply_need")
    posted = request.method == "POST"
    form = ApplyDeclarationForm(request.POST if posted else None)
    sent: list[Application] = []
    if (
        posted
        and form.is_valid()
        and form.run_service(
            lambda: sent.append(
                services.social_application_submit(
                    user=_user(request),
                    data={"scheme": scheme, **need.cleaned_data, **form.cleaned_data},
                )
            ),
        )
    ):
        request.session.pop(DRAFT_KEY, None)
        return redirect("social:apply_receipt", pk=sent[0].pk)
    answers = [("Det søger du om", dict(CITIZEN_SCHEME_CHOICES)[scheme], reverse("social:apply"))]
    for name, field in need.fields.items():
        value = need.cleaned_data.get(name)
        shown = format_hours(value) + " timer om ugen" if name == "hours_sought" and value else value
        answers.append((str(field.label), shown or "Ikke udfyldt", reverse("social:apply_need")))
    return _step_page(
        request,
        "social/apply_check.html",
        "social:apply_check",
        status=400 if posted else 200,
        form=form,
        answers=answers,
        administration=selectors.citizen_administration(user=_user(request), scheme=scheme),
    )


def _application(request: HttpRequest, pk: int, **kwargs: Any) -> Application:
    """Any application by pk, for the rule to judge."""
    application = Application.objects.select_related("person", "case__municipality").filter(pk=pk).first()
    if application is None:
        raise Http404("Ansøgningen findes ikke, eller du har ikke adgang til den.")
    return application


@permission_required("social.read_own_application", obj=_application)
def apply_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    case = application.case
    if case is None or case.scheme not in SOCIAL_SCHEMES:
        raise Http404("Ansøgningen findes ikke, eller du har ikke adgang til den.")
    due = case.deadlines.filter(kind=DeadlineKind.DECISION).order_by("due").first()
    return render(
        request,
        "social/apply_receipt.html",
        {
            "application": application,
            "case": case,
            "decision_due": due.due if due else None,
            "administration": case.scheme_config.administration_name(case.municipality.name),
            "measured": case.scheme_config.measured,
        },
    )
