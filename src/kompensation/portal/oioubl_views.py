"""The agency sends an invoice as an OIOUBL file (the Danish e-invoice format its finance system produces).

One page: choose the file, send it. `payments.services.invoice_receive_oioubl` reads, checks and submits
it — or refuses the whole file with every message at once (each naming the element and the line), which
the page lists in the error summary; nothing is stored until the whole invoice is accepted. The form
carries a one-time key, so a double click or a resent form shows the invoice the first one made.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kompensation.accounts.models import User
from kompensation.accounts.permissions import permission_required
from kompensation.cases.forms import DkfdsForm
from kompensation.payments import selectors, services
from kompensation.payments.models import Agency, PaymentRequest

MAX_BYTES = 2 * 1024 * 1024  # the service's own limit (payments.services.oioubl.MAX_BYTES)
CONTENT_TYPES = {"application/xml", "text/xml"}
WRONG_TYPE = (
    "Filen skal være en OIOUBL-faktura i XML-format (filnavnet slutter på .xml). "
    "PDF, Word og billeder kan ikke læses."
)


class OioublUploadForm(DkfdsForm):
    file = forms.FileField(
        label="OIOUBL-fil",
        help_text="Fakturaen som XML-fil fra jeres økonomisystem, højst 2 MB. Én faktura pr. fil.",
        error_messages={"required": "Vælg den OIOUBL-fil, I vil sende.", "empty": "Filen er tom."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def clean_file(self) -> UploadedFile:
        upload = cast(UploadedFile, self.cleaned_data["file"])
        name = PurePath(upload.name or "").suffix.lower()
        content_type = (upload.content_type or "").split(";")[0].strip().lower()
        if name != ".xml" or content_type not in CONTENT_TYPES:
            raise ValidationError(WRONG_TYPE)
        if (upload.size or 0) > MAX_BYTES:
            raise ValidationError("Filen er for stor (over 2 MB). Del fakturaen op pr. måned.")
        return upload


def _agency(user: User) -> Agency:
    agency = selectors.agency_of_user(user)
    if agency is None:
        raise Http404("Tolkebureauet er ikke registreret. Kontakt kommunen.")
    return agency


def _done(agency: Agency, key: str) -> PaymentRequest | None:
    return PaymentRequest.objects.filter(agency=agency, idempotency_key=key).first()


@permission_required("payments.submit_invoice")
def oioubl_upload(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    agency = _agency(user)
    status = 200
    if request.method == "POST":
        form = OioublUploadForm(request.POST, request.FILES)
        status = 400
        key = request.POST.get("idempotency_key", "")
        # A second click (or a resent form) finds the invoice the first one created: shown, not sent again.
        done = _done(agency, key) if key else None
        if done is not None:
            return redirect("portal:agency_invoice_receipt", pk=done.pk)
        if form.is_valid():
            upload = cast(UploadedFile, form.cleaned_data["file"])
            try:
                invoice = services.invoice_receive_oioubl(
                    user=user,
                    agency=agency,
                    content=upload.read(),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                done = _done(agency, form.cleaned_data["idempotency_key"])
                if done is not None:  # the twin request won the race
                    return redirect("portal:agency_invoice_receipt", pk=done.pk)
                for message in error.messages:
                    form.add_error("file", message)
            else:
                return redirect("portal:agency_invoice_receipt", pk=invoice.pk)
    else:
        form = OioublUploadForm(initial={"idempotency_key": uuid.uuid4().hex})
    context: dict[str, Any] = {"form": form, "agency": agency}
    return render(request, "portal/agency/oioubl_upload.html", context, status=status)
