"""Forwarding to Ankestyrelsen, and the package's downloads (PDF bundle and ZIP with the originals)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kompensation.accounts.models import AccessLog
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record

from ..forms_casework import ForwardForm
from ..models import Complaint
from ..package import case_documents, package_filename, package_zip
from ..services import complaint_forward, complaint_forward_errors
from ._common import form_page, user_of, visible
from .detail import _complaint

RETRY_AFTER_SECONDS = 30


@permission_required("complaints.handle_complaint", obj=_complaint)
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = visible(request, pk)
    form = ForwardForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        complaint,
        form,
        lambda: complaint_forward(user=user_of(request), complaint=complaint),
        heading="Send klagen til Ankestyrelsen",
        submit="Send klagen til Ankestyrelsen",
        success="Klagen er sendt til Ankestyrelsen. Oversendelsespakken dannes nu.",
        template="complaints/forward.html",
        documents=case_documents(complaint),
        blockers=complaint_forward_errors(complaint),
    )


def _package(request: HttpRequest, pk: int) -> tuple[Complaint, HttpResponse | None]:
    complaint = visible(request, pk)
    if complaint.forwarded_on is None:
        raise Http404("Klagen er ikke sendt til Ankestyrelsen, så der er ingen oversendelsespakke.")
    if not complaint.package:
        response = render(request, "complaints/package_pending.html", {"complaint": complaint}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return complaint, response
    access_log_record(
        user=user_of(request),
        action=AccessLog.Action.DOWNLOAD,
        person_id=complaint.case.person_id,
        case_id=complaint.case_id,
        object_repr=f"Oversendelsespakke: {complaint}"[:200],
        request=request,
        health=True,
    )
    return complaint, None


@permission_required("complaints.read_package", obj=_complaint)
@require_safe
def package_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    complaint, pending = _package(request, pk)
    if pending is not None:
        return pending
    return FileResponse(
        complaint.package.open("rb"),
        content_type="application/pdf",
        filename=package_filename(complaint, "pdf"),
    )


@permission_required("complaints.read_package", obj=_complaint)
@require_safe
def package_zip_download(request: HttpRequest, pk: int) -> HttpResponse:
    complaint, pending = _package(request, pk)
    if pending is not None:
        return pending
    response = HttpResponse(package_zip(complaint), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package_filename(complaint, "zip")}"'
    return response
