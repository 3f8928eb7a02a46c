"""Views: renewals. The person starts the renewal of a time-limited grant on Mine sider; the ordinary
application steps take it from there."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from kompensation.accounts.models import User
from kompensation.accounts.permissions import permission_required
from kompensation.cases.models import Grant

from ..services.renewals import renewal_start as start


def _grant(request: HttpRequest, pk: int, **kwargs: Any) -> Grant:
    grant = Grant.objects.select_related("case__person", "case__employer", "decision").filter(pk=pk).first()
    if grant is None:
        raise Http404("Bevillingen findes ikke, eller du har ikke adgang til den.")
    return grant


@permission_required("followup.start_renewal", obj=_grant)
@require_POST
def renewal_start(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        application = start(user=user, grant=_grant(request, pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:home")
    messages.success(
        request,
        "Ansøgningen om fornyelse er udfyldt med oplysningerne fra din sidste ansøgning og bevillingen. "
        "Gå den igennem, ret det, der har ændret sig, og vælg en slutdato.",
    )
    return redirect("portal:step", pk=application.pk, step="om-dig")
