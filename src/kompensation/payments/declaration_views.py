"""The caseworker's declarations panel on an interpreting case: revoking a declaration that no longer holds.

A changed relationship (a tip, a control, the party's own report) means the declaration of no economic
interest (BEK § 25) no longer holds: the caseworker revokes it with the reason, and the party must sign a
new one before the agency is paid again. The panel itself is `_declarations_panel.html` on the case page.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from kompensation.accounts.models import User
from kompensation.accounts.permissions import permission_required
from kompensation.cases.forms import DkfdsForm, text
from kompensation.cases.models import Case, Grant

from . import selectors, services
from .models import Declaration


class DeclarationRevokeForm(DkfdsForm):
    reason = text(
        "Hvad har ændret sig?",
        max_length=2000,
        rows=2,
        help_text="Fx en økonomisk forbindelse til tolkebureauet. Parten skal underskrive en ny erklæring.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Skriv hvad der har ændret sig."


def _prefix(declaration_pk: int) -> str:
    return f"erklaering-{declaration_pk}"


def _declaration(request: HttpRequest, pk: int) -> Declaration:
    found = (
        Declaration.objects.select_related("grant__case__person", "grant__case__employer", "grant__decision")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("Erklæringen findes ikke, eller du har ikke adgang til den.")
    return found


def _case_of_declaration(request: HttpRequest, pk: int) -> Case:
    """The rule judges the declaration's case: the caseworkers of its municipality."""
    return _declaration(request, pk).grant.case


def declarations_panel_context(
    *, user: User, grant: Grant | None, bound: DeclarationRevokeForm | None = None
) -> dict[str, Any]:
    """The panel's rows, each live declaration with its revoke form (the bound one when it had errors)."""
    if grant is None or not grant.is_interpreting:
        return {"declarations_panel": None, "revoke_form": None}
    panel = []
    for block in selectors.declarations_panel(user=user, grant=grant):
        rows = []
        for row in block.rows:
            form = None
            if row.declaration is not None:
                prefix = _prefix(row.declaration.pk)
                same = bound is not None and bound.prefix == prefix
                form = bound if same else DeclarationRevokeForm(prefix=prefix)
            rows.append((row, form))
        panel.append((block, rows))
    return {"declarations_panel": panel, "revoke_form": bound}


@permission_required("payments.revoke_declaration", obj=_case_of_declaration)
@require_POST
def declaration_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    from kompensation.cases.views import case_page

    user = cast(User, request.user)
    declaration = _declaration(request, pk)
    case = declaration.grant.case
    form = DeclarationRevokeForm(request.POST, prefix=_prefix(declaration.pk))
    if form.is_valid():
        try:
            services.declaration_revoke(
                user=user, declaration=declaration, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Erklæringen er tilbagekaldt. Parten skal underskrive en ny.")
            return redirect("cases:detail", pk=case.pk)
    return case_page(request, case, status=400, revoke_form=form)
