"""Every write about notices, objections and certificates. Import from here."""

from .certificates import (
    ensure_pdf,
    has_pdf,
    issue_certificates,
    pdf_for_download,
    revoke_certificate,
)
from .finalization import finalize_due_contests, finalize_due_notices
from .notices import restart_notice
from .objections import file_objection, resolve_objection

__all__ = [
    "ensure_pdf", "file_objection", "finalize_due_contests", "finalize_due_notices",
    "has_pdf", "issue_certificates", "pdf_for_download", "resolve_objection",
    "restart_notice", "revoke_certificate",
]
