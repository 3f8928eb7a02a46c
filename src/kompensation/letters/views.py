from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from kompensation.accounts.models import AccessLog, User
from kompensation.accounts.permissions import permission_required
from kompensation.accounts.services import access_log_record

from .models import Letter
from .pdf import render_letter_pdf
from .selectors import letter_get_visible
from .services import letter_context


def _letter(request: HttpRequest, pk: int) -> Letter:
    letter = Letter.objects.select_related("case").filter(pk=pk).first()
    if letter is None:
        raise Http404("Brevet findes ikke, eller du har ikke adgang til det.")
    return letter


@permission_required("letters.read_letter", obj=_letter)
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A sent letter is always the stored PDF; a draft is rendered as a preview for staff.

    A sent letter whose PDF is not rendered yet (the task runs after the decision is committed) gets a 503
    page asking to try again, rather than a rendering on the fly: what the person receives is the one
    stored file whose hash is on the letter and in the case's timeline.
    """
    user = cast(User, request.user)
    letter = letter_get_visible(user=user, pk=pk)
    access_log_record(
        user=user,
        action=AccessLog.Action.DOWNLOAD,
        person_id=letter.case.person_id,
        case_id=letter.case_id,
        object_repr=letter.subject,
        request=request,
    )
    filename = f"{letter.kind}-{letter.case.reference}.pdf"
    if letter.is_sent and not letter.pdf:
        response = render(request, "letters/not_ready.html", {"letter": letter}, status=503)
        response["Retry-After"] = "30"
        return response
    if letter.is_sent:
        return FileResponse(letter.pdf.open("rb"), content_type="application/pdf", filename=filename)
    pdf = render_letter_pdf(context=letter_context(letter))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="udkast-{filename}"'
    return response
