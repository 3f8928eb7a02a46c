"""Every state change of a payment: request, controls, approval, correction, batch, repayment.

One module per step of a payment; this package re-exports them, so callers keep `services.<name>`.
"""

from .attestation import (
    ATTESTATION_TEXTS,
    Statement,
    attestation_reminders_send,
    statement_attest,
    statement_get,
    statement_sign,
    statements_awaiting,
)
from .calculation import EXPENSE_RULES
from .controls import payment_request_run_controls
from .declaration_requests import (
    declaration_invoices_recheck,
    declarations_remind,
    declarations_request_missing,
)
from .declarations import (
    DECLARATION_TEXTS,
    RequiredDeclaration,
    declaration_revoke,
    declaration_sign,
    declarations_missing,
    declarations_missing_for_invoice,
    declarations_required,
)
from .interpreting_controls import invoice_controls_run
from .invoice_lines import invoice_line_reject
from .invoices import SessionLine, grant_by_reference, invoice_submit, price_lines
from .oioubl import OioublInvoice, invoice_receive, invoice_receive_oioubl, oioubl_parse
from .rates import (
    bpa_admin_mode_set,
    municipality_mode,
    period_parts,
    rate_row_add,
    rate_rows_visible_to,
    rates_for,
    requests_affected_by,
    seniority_steps,
)
from .registry import agency_register, economic_link_register, interpreter_register
from .repayments import (
    earlier_claimed,
    paid_requests,
    repayment_answer,
    repayment_claim_create,
    repayment_decide,
    repayment_drop,
    repayment_hearing_send,
)
from .requests import (
    PAYSLIP_MESSAGE,
    PAYSLIP_TYPES,
    Attachment,
    PeriodAlreadyRequested,
    live_request_overlapping,
    missing_payslips,
    payment_request_delete_draft,
    payment_request_save_draft,
    payment_request_submit,
    payslip_add,
    trip_approve,
)
from .settlement import (
    EXPORT_COLUMNS,
    correctable_lines,
    correction_confirm,
    correction_refuse,
    open_controls,
    override_message,
    payment_request_approve,
    payment_request_correct,
    payment_request_reject,
    payment_request_total,
    payout_account,
    payout_batch_create,
    refund_claim_totals,
)
from .zones import postcode_zones_import

__all__ = [
    "ATTESTATION_TEXTS",
    "DECLARATION_TEXTS",
    "EXPENSE_RULES",
    "EXPORT_COLUMNS",
    "PAYSLIP_MESSAGE",
    "PAYSLIP_TYPES",
    "Attachment",
    "OioublInvoice",
    "PeriodAlreadyRequested",
    "RequiredDeclaration",
    "SessionLine",
    "Statement",
    "agency_register",
    "attestation_reminders_send",
    "bpa_admin_mode_set",
    "correctable_lines",
    "correction_confirm",
    "correction_refuse",
    "declaration_invoices_recheck",
    "declaration_revoke",
    "declaration_sign",
    "declarations_missing",
    "declarations_missing_for_invoice",
    "declarations_remind",
    "declarations_request_missing",
    "declarations_required",
    "earlier_claimed",
    "economic_link_register",
    "grant_by_reference",
    "interpreter_register",
    "invoice_controls_run",
    "invoice_line_reject",
    "invoice_receive",
    "invoice_receive_oioubl",
    "invoice_submit",
    "live_request_overlapping",
    "missing_payslips",
    "municipality_mode",
    "oioubl_parse",
    "open_controls",
    "override_message",
    "paid_requests",
    "payment_request_approve",
    "payment_request_correct",
    "payment_request_delete_draft",
    "payment_request_reject",
    "payment_request_run_controls",
    "payment_request_save_draft",
    "payment_request_submit",
    "payment_request_total",
    "payout_account",
    "payout_batch_create",
    "payslip_add",
    "period_parts",
    "postcode_zones_import",
    "price_lines",
    "rate_row_add",
    "rate_rows_visible_to",
    "rates_for",
    "refund_claim_totals",
    "repayment_answer",
    "repayment_claim_create",
    "repayment_decide",
    "repayment_drop",
    "repayment_hearing_send",
    "requests_affected_by",
    "seniority_steps",
    "statement_attest",
    "statement_get",
    "statement_sign",
    "statements_awaiting",
    "trip_approve",
]

# Sample checks and tips (issue 9 item 7).
from .samples import (
    sample_answer,
    sample_answer_record,
    sample_draw,
    tip_close,
    tip_register,
)

__all__ += ["sample_answer", "sample_answer_record", "sample_draw", "tip_close", "tip_register"]
