"""Every change to a complaint: one function, one transaction, one case event.

One module per part of the complaint's life (intake, re-assessment, forwarding, Ankestyrelsen); this package
re-exports them, so callers keep `complaints.services.<name>`.
"""

from .appeals import (
    complaint_appeals_assigned,
    complaint_appeals_date_correct,
    complaint_appeals_decided,
    complaint_appeals_received,
)
from .forwarding import (
    complaint_forward,
    complaint_forward_errors,
    complaint_package_build,
    complaints_missing_package,
)
from .intake import (
    complaint_assess_late,
    complaint_file_in_portal,
    complaint_register,
    complaint_withdraw,
    decision_receipt_date,
)
from .reassessment import complaint_reassess, reassessment_new_decision

__all__ = [
    "complaint_appeals_assigned",
    "complaint_appeals_date_correct",
    "complaint_appeals_decided",
    "complaint_appeals_received",
    "complaint_assess_late",
    "complaint_file_in_portal",
    "complaint_forward",
    "complaint_forward_errors",
    "complaint_package_build",
    "complaint_reassess",
    "complaint_register",
    "complaint_withdraw",
    "complaints_missing_package",
    "decision_receipt_date",
    "reassessment_new_decision",
]
