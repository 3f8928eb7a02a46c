"""Every change to a complaint: one function, one transaction, one case event.

One module per part of the complaint's life; this package re-exports them.
"""

from .appeals import complaint_appeals_assigned, complaint_appeals_decided, complaint_appeals_received
from .forwarding import (
    complaint_forward,
    complaint_forward_errors,
    complaint_package_build,
    complaints_missing_package,
)
from .reassessment import complaint_reassess, reassessment_new_decision

__all__ = [
    "complaint_appeals_assigned",
    "complaint_appeals_decided",
    "complaint_appeals_received",
    "complaint_forward",
    "complaint_forward_errors",
    "complaint_package_build",
    "complaint_reassess",
    "complaints_missing_package",
    "reassessment_new_decision",
]
