"""The re-assessment (RSL § 66): changed fully, in part, or upheld, with its reasons."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from kompensation.accounts.permissions import permission_required

from ..forms_casework import ReassessmentForm
from ..services import complaint_reassess, reassessment_new_decision
from ._common import form_page, user_of, visible
from .detail import _complaint


@permission_required("complaints.handle_complaint", obj=_complaint)
def reassess(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = visible(request, pk)
    initial = {
        "outcome": complaint.reassessment_outcome or None,
        "reasons": complaint.reassessment_reasons,
        "new_information": complaint.new_information,
    }
    form = ReassessmentForm(request.POST or None, initial=initial)
    return form_page(
        request,
        complaint,
        form,
        lambda: complaint_reassess(user=user_of(request), complaint=complaint, **form.cleaned_data),
        heading="Genvurdér klagen",
        submit="Registrér genvurderingen",
        success="Genvurderingen er registreret.",
        new_decision=reassessment_new_decision(complaint),
        show_decision_link=True,
    )
