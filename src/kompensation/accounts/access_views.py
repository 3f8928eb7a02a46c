"""Supervision pages: the data-protection officer asks "who has seen this person?".

The CPR number travels only in a POST body. After a lookup the person's id is kept in the server-side
session, so the result, its pages and the CSV export are reached by URLs that name nobody.
"""

from __future__ import annotations

import csv
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kompensation.cases.models import Person

from . import selectors
from .forms import CprLookupForm
from .models import AccessLog, Role, User
from .permissions import permission_required
from .services import access_log_record

SESSION_KEY = "dpo_access_log_person"
PAGE_SIZE = 50
NOT_HERE = "Vi har ingen sager om denne person i kommunen."


def _dpo(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if user.role != Role.DATA_PROTECTION or user.municipality_id is None:
        raise PermissionDenied("Siden er kun for kommunens databeskyttelsesrådgiver.")
    return user


def _session_person(request: HttpRequest, user: User) -> Person | None:
    """The person looked up last, checked against the municipality again (roles and moves change)."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None or selectors.person_in_municipality(user=user, cpr=person.cpr) is None:
        request.session.pop(SESSION_KEY, None)
        return None
    return person


@permission_required("accounts.read_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    user = _dpo(request)
    if request.method == "POST":
        if "new" in request.POST:
            request.session.pop(SESSION_KEY, None)
            return redirect("accounts:access_log")
        form = CprLookupForm(request.POST)
        if form.is_valid():
            person = selectors.person_in_municipality(user=user, cpr=form.cleaned_data["cpr"])
            if person is not None:
                request.session[SESSION_KEY] = person.pk
                access_log_record(
                    user=user,
                    action=AccessLog.Action.VIEW,
                    person_id=person.pk,
                    object_repr=f"Adgangsloggen om {person.name} (databeskyttelsesrådgiveren)",
                    request=request,
                )
                return redirect("accounts:access_log")
            form.add_error("cpr", NOT_HERE)
        request.session.pop(SESSION_KEY, None)
        return render(request, "accounts/access_log.html", {"form": form}, status=400)
    person = _session_person(request, user)
    context: dict[str, object] = {"form": CprLookupForm()}
    if person is not None:
        page = Paginator(selectors.access_log_about_person(user=user, person=person), PAGE_SIZE).get_page(
            request.GET.get("side")
        )
        context |= {"person": person, "page": page, "rows": selectors.access_rows(page)}
    return render(request, "accounts/access_log.html", context)


@permission_required("accounts.read_access_log")
@require_POST
def access_log_csv(request: HttpRequest) -> HttpResponse:
    """Every row about the person looked up, for the officer's report; the export is logged too."""
    user = _dpo(request)
    person = _session_person(request, user)
    if person is None:
        messages.info(request, "Slå først personen op med CPR-nummeret.")
        return redirect("accounts:access_log")
    access_log_record(
        user=user,
        action=AccessLog.Action.DOWNLOAD,
        person_id=person.pk,
        object_repr=f"Adgangsloggen om {person.name} som CSV (databeskyttelsesrådgiveren)",
        request=request,
    )
    rows = selectors.access_rows(selectors.access_log_about_person(user=user, person=person))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"adgangslog-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8 (æ, ø, å)
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Tidspunkt", "Bruger", "Rolle", "Arbejdssted", "Handling", "Hvad", "Sag"])
    for row in rows:
        writer.writerow(
            [
                f"{timezone.localtime(row.at):%d.%m.%Y %H:%M:%S}",
                *(
                    _cell(value)
                    for value in (
                        row.name,
                        row.role,
                        row.organisation,
                        row.action,
                        row.what,
                        row.case_reference,
                    )
                ),
            ]
        )
    return response


def _cell(value: str) -> str:
    """Text starting with = + - @ would run as a formula in a spreadsheet; a leading ' keeps it text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
