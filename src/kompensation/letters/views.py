from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase

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
    """A sent letter is always the stored PDF; a draft is rendered as a preview for staff."""
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
    if letter.is_sent:
        return FileResponse(letter.pdf.open("rb"), content_type="application/pdf", filename=filename)
    pdf = render_letter_pdf(context=letter_context(letter))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="udkast-{filename}"'
    return response
