"""Every state change of a complaint: one function, one transaction, one case event.

One module per part of the complaint's life; this package re-exports them, so callers keep
`complaints.services.<name>`.
"""

from .intake import (
    complaint_assess_late,
    complaint_file_in_portal,
    complaint_register,
    complaint_withdraw,
    decision_receipt_date,
)

__all__ = [
    "complaint_assess_late",
    "complaint_file_in_portal",
    "complaint_register",
    "complaint_withdraw",
    "decision_receipt_date",
]
