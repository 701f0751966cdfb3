"""Evidence uploads: jpg/png/pdf recognised by their content, at most MAX_UPLOAD_BYTES,
stored under an unguessable name (`contests.models.attachment_path`)."""

import hashlib

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.services import record
from core.errors import InvalidInput, NotAllowed

from .. import evidence
from ..models import Attachment, Contest, Entry
from .entries import ensure_registration_open

# Detected MIME type -> stored suffix. The uploaded name's suffix is never trusted.
ALLOWED_TYPES = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
MAX_ATTACHMENTS_PER_ENTRY = 20
SNIFF_BYTES = 8192


def sniff_content_type(head: bytes) -> str | None:
    """The MIME type of an accepted kind of file, judged by its first bytes; else None."""
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in ALLOWED_TYPES else None


def _read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_file(upload) -> str:
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise InvalidInput(_("A file may be at most %(mb)s MB.") % {
            "mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}, field="file")
    if upload.size == 0:
        raise InvalidInput(_("The file is empty."), field="file")
    content_type = sniff_content_type(_read_head(upload))
    if content_type is None:
        raise InvalidInput(_("Only JPG, PNG and PDF files are accepted (checked by their "
                             "content, not their name)."), field="file")
    return content_type


@transaction.atomic
def add_attachment(*, entry: Entry, actor, upload) -> Attachment:
    """Attach evidence to a draft or submitted entry while registration is open."""
    contest = Contest.objects.get(pk=entry.contest_id)
    ensure_registration_open(contest)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in Entry.Status.ACCEPTS_EVIDENCE:
        raise NotAllowed(_("Evidence can be added only to a draft or submitted entry."),
                         state=entry.status)
    if entry.attachments.count() >= MAX_ATTACHMENTS_PER_ENTRY:
        raise InvalidInput(_("At most %(n)s files per entry.") % {
            "n": MAX_ATTACHMENTS_PER_ENTRY}, field="file")
    content_type = _check_file(upload)
    attachment = Attachment(
        entry=entry, original_name=evidence.name_for_type(upload.name, content_type),
        content_type=content_type,
        size=upload.size, sha256=_sha256(upload), uploaded_by=actor,
    )
    attachment.file.save(f"evidence.{ALLOWED_TYPES[content_type]}", upload, save=False)
    attachment.save()
    record(actor=actor, action="attachment.uploaded", target=attachment,
           data={"entry": entry.pk, "type": content_type, "size": upload.size,
                 "sha256": attachment.sha256})
    return attachment


@transaction.atomic
def remove_attachment(*, entry: Entry, actor, attachment_id: int) -> None:
    """The worker removes a file from their draft entry while registration is open."""
    contest = Contest.objects.get(pk=entry.contest_id)
    ensure_registration_open(contest)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Entry.Status.DRAFT:
        raise NotAllowed(_("Files can be removed only before the entry is submitted."),
                         state=entry.status)
    attachment = entry.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise InvalidInput(_("This file is not part of the entry."), field="file")
    stored = attachment.file.name
    record(actor=actor, action="attachment.removed", target=attachment,
           data={"entry": entry.pk, "sha256": attachment.sha256})
    attachment.delete()
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))
