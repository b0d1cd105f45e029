"""Every write to government information goes through these functions (Zulip's do_* habit).

Each checks permissions and the legal rules first, changes nothing when a rule fails (raising a
ValidationError or PermissionDenied with a Chinese message), and writes the audit log in the same
transaction. Tests and the importer build data through these same functions. One import surface:
``from zhengwu.disclosure import actions; actions.publish(...)``; the code lives in the sub-modules by sub-domain.
"""
from ..publication import (
    interpretation_forms,
    min_interpretation_forms,
    pii_findings,
    pii_message,
    publication_blockers,
    require_secrecy_review,
    requires_office_review,
)
from ._common import ALLOWED_TAGS, clean_title, sanitize_html, snapshot
from .attachments import add_attachment, remove_attachment, replace_attachment
from .interpretations import (
    INTERPRETATION_IMAGE_FORMATS,
    add_interpretation,
    check_interpretation_image_file,
    exempt_interpretation,
    interpretation_image_max_bytes,
)
from .records import EDITABLE, create_record, delete_record, deletion_blocker, update_record
from .review import approve, mask_pii, override_pii, publish, record_secrecy_review, reject, submit, unpublish, withdraw
from .validity import add_relation, set_validity

__all__ = [
    "ALLOWED_TAGS", "EDITABLE", "INTERPRETATION_IMAGE_FORMATS", "add_attachment", "add_interpretation",
    "add_relation", "approve", "check_interpretation_image_file", "clean_title", "create_record",
    "delete_record", "deletion_blocker", "exempt_interpretation", "interpretation_forms",
    "interpretation_image_max_bytes", "mask_pii", "min_interpretation_forms", "override_pii", "pii_findings",
    "pii_message", "publication_blockers", "publish", "record_secrecy_review", "reject", "remove_attachment",
    "replace_attachment", "require_secrecy_review", "requires_office_review", "sanitize_html", "set_validity",
    "snapshot", "submit", "unpublish", "update_record", "withdraw",
]
