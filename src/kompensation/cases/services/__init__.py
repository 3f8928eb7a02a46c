"""Every state change of a case: one function, one transaction, one case event (Zulip's actions).

One module per part of the case; this package re-exports them, so callers keep `services.<name>`.
"""

from ..lifecycle import TRANSITIONS
from .applications import (
    APPLICATION_FIELDS,
    EMPLOYER_FIELDS,
    application_missing,
    application_set_assistants,
    application_start,
    application_submit,
    application_update,
)
from .decisions import DECISION_FIELDS, decision_draft, decision_letter_edit, decision_send
from .documents import document_check, document_store
from .endings import grant_end, grant_end_errors
from .events import case_event_record, case_transition, require_caseworker
from .hearings import hearing_answer_in_portal, hearing_record_response, hearing_send
from .intake import application_cosign, application_register_paper, application_send_cosign_reminders
from .investigation import (
    ACTIVE_STEP_KINDS,
    case_assign,
    case_record_active_step,
    dialog_form_proposal,
    dialog_form_save,
    investigation_for,
    investigation_save,
)
from .late_notice import decision_promised_date, late_decision_notify
from .notes import journal_note_add
from .registers import employer_from_register, person_from_register, register_unavailable

__all__ = [
    "ACTIVE_STEP_KINDS",
    "APPLICATION_FIELDS",
    "DECISION_FIELDS",
    "EMPLOYER_FIELDS",
    "TRANSITIONS",
    "application_cosign",
    "application_missing",
    "application_register_paper",
    "application_send_cosign_reminders",
    "application_set_assistants",
    "application_start",
    "application_submit",
    "application_update",
    "case_assign",
    "case_event_record",
    "case_record_active_step",
    "case_transition",
    "decision_draft",
    "decision_letter_edit",
    "decision_promised_date",
    "decision_send",
    "dialog_form_proposal",
    "dialog_form_save",
    "document_check",
    "document_store",
    "employer_from_register",
    "grant_end",
    "grant_end_errors",
    "hearing_answer_in_portal",
    "hearing_record_response",
    "hearing_send",
    "investigation_for",
    "investigation_save",
    "journal_note_add",
    "late_decision_notify",
    "person_from_register",
    "register_unavailable",
    "require_caseworker",
]
