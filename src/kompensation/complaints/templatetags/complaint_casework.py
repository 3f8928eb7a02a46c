"""What the complaint page's re-assessment, forwarding and Ankestyrelsen parts need, in one tag.

`{% complaint_casework complaint as cw %}` in the partials, so the page's own view stays the intake's.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kompensation.accounts.permissions import has
from kompensation.cases.models import CaseStatus
from kompensation.rules import deadlines

from ..forms_casework import AppealsAssignedForm, AppealsDecidedForm, AppealsReceivedForm, ReassessmentForm
from ..models import Complaint, ComplaintStatus
from ..package import case_documents
from ..services import complaint_forward_errors, reassessment_new_decision

register = template.Library()


@register.simple_tag(takes_context=True)
def complaint_casework(context: template.Context, complaint: Complaint) -> dict[str, Any]:
    user = context["user"]
    case = complaint.case
    is_open = complaint.status == ComplaintStatus.OPEN and case.status == CaseStatus.COMPLAINT
    at_appeals = complaint.status == ComplaintStatus.FORWARDED and case.status == CaseStatus.FORWARDED
    handles = has("complaints.handle_complaint", user, complaint)
    today = timezone.localdate()
    return {
        "handles": handles,
        "is_open": is_open,
        "at_appeals": at_appeals,
        "new_decision": reassessment_new_decision(complaint) if is_open else complaint.new_decision,
        "draft_decision": case.decisions.filter(sent_at__isnull=True).first() if is_open else None,
        "reassess_form": ReassessmentForm(
            initial={
                "outcome": complaint.reassessment_outcome or None,
                "reasons": complaint.reassessment_reasons,
                "new_information": complaint.new_information,
            }
        ),
        "forward_blockers": complaint_forward_errors(complaint) if is_open else [],
        "documents": case_documents(complaint) if is_open else [],
        # Three forms (and the intake's withdrawal form) on one page, each with a date field named "on":
        # their own ids, so every label and error link points at its own field.
        "received_form": AppealsReceivedForm(auto_id="id_received-%s"),
        "assigned_form": AppealsAssignedForm(auto_id="id_assigned-%s"),
        "decided_form": AppealsDecidedForm(auto_id="id_decided-%s"),
        "days_left": deadlines.days_remaining(complaint.reassessment_due, today),
        "remand_deadline": case.deadlines.filter(kind="remand_decision").order_by("-due").first()
        if complaint.remand_received_on
        else None,
    }
