"""Every change to a 依申请公开 case goes through these functions.

Each checks permissions and the 条例's rules first, changes nothing on failure (ValidationError /
PermissionDenied with a Chinese message), keeps the case history (`CaseEvent`, including every due-date change
and the rule that caused it) and writes the audit log — never with the applicant's personal data.
`by=None` is the system (demo loader, scheduled jobs); a public submission is audited as "申请人（网上）".
One import surface: ``from zhengwu.applications import actions; actions.close(...)``; the code lives in the
sub-modules by sub-domain.
"""
from ._common import PUBLIC_ACTOR, compute_due, pauses_for, snapshot
from .access_log import record_cases_export, record_identity_view, record_letter_export
from .appeals import decide_appeal, record_appeal
from .charges import (
    calculate_fee,
    notify_fee,
    prior_items_this_month,
    record_fee_receipt,
    record_payment,
    waive_fee,
)
from .deadlines import (
    default_correction_period,
    extend,
    extend_correction_deadline,
    receive_correction,
    recompute_open_due_dates,
    record_consultation_receipt,
    record_consultation_reply,
    request_correction,
    start_consultation,
)
from .intake import (
    OPTIONAL,
    REQUIRED,
    assign_handler,
    clean_application,
    confirm_receipt,
    mark_notifications_read,
    register,
    submit_online,
)
from .outcome import close, update_letter_template

__all__ = [
    "OPTIONAL", "PUBLIC_ACTOR", "REQUIRED", "assign_handler", "calculate_fee", "clean_application", "close",
    "compute_due", "confirm_receipt", "decide_appeal", "default_correction_period", "extend",
    "extend_correction_deadline", "mark_notifications_read", "notify_fee", "pauses_for",
    "prior_items_this_month", "receive_correction", "recompute_open_due_dates", "record_appeal",
    "record_cases_export", "record_consultation_receipt", "record_consultation_reply", "record_fee_receipt",
    "record_identity_view", "record_letter_export", "record_payment", "register", "request_correction", "snapshot",
    "start_consultation", "submit_online", "update_letter_template", "waive_fee",
]
