"""Certificates (荣誉证书): one per winner of a final contest, issued in three idempotent
steps so that a worker dying half-way loses nothing and doubles nothing:

1. `create_missing_certificates` inserts a row, with its number, for each winner that has
   none (the database's unique constraint on the entry makes a concurrent second insert a
   no-op). It runs inside the `finalize` transaction, so a final contest always has its
   rows, and again at the start of every issuing run.
2. `write_pdf` renders one certificate and stores the file, then records it on the row,
   with the row locked: a row with a file is skipped, so each PDF is written once.
3. `notify_holder` tells the holder once, after the PDF exists (`notified_at`, plus the
   notification's own dedupe key).

`issue_certificates` runs 2 and 3 for every certificate of a contest that still needs
them; the Celery task of the same name wraps it, and the beat task re-queues contests
whose issuing was interrupted.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from contests.models import Contest
from core.errors import InvalidInput, NotAllowed

from .. import permissions, selectors
from ..models import Certificate
from ..numbers import new_certificate_number
from ..pdf import CertificateData, render_certificate
from ..signals import certificate_revoked

logger = logging.getLogger(__name__)

# The issuer printed when a contest names no issuing union: the deployment's own
# federation. A proper name, configured rather than translated.
DEFAULT_ISSUER = "县总工会"


def verify_url(number: str) -> str:
    """The public verification page a certificate's QR code leads to."""
    return f"{settings.SITE_URL}/verify/{number}"


def issuer_name(contest: Contest) -> str:
    if contest.issuer_id:
        return contest.issuer.name
    return getattr(settings, "CERTIFICATE_ISSUER", "") or DEFAULT_ISSUER


def create_missing_certificates(contest: Contest, *, actor=None, now=None) -> list[Certificate]:
    """A certificate row (with its number) for each winner without one; returns the new
    ones. A winner whose certificate was revoked gets no new one here."""
    now = now or timezone.now()
    issued_year = timezone.localtime(now).year
    have = set(Certificate.objects.filter(contest=contest).values_list("entry_id", flat=True))
    issuer = issuer_name(contest)
    rows = [
        Certificate(
            number=new_certificate_number(issued_year),
            contest=contest, entry=row.entry, holder=row.entry.worker, tier=row.tier,
            holder_name=row.entry.worker.real_name or row.entry.worker.username,
            award_name=row.tier.name, contest_title=contest.title, issuer_name=issuer,
            rank=row.rank, issued_at=now,
        )
        for row in selectors.winner_rows(contest)
        if row.entry_id not in have
    ]
    if not rows:
        return []
    # A concurrent run that inserted the same entry first wins; this insert then skips it.
    Certificate.objects.bulk_create(rows, ignore_conflicts=True)
    created = list(Certificate.objects.filter(number__in=[row.number for row in rows]))
    record(actor=actor, action="certificates.created", target=contest,
           data={"count": len(created), "numbers": sorted(c.number for c in created)})
    return created


def certificate_data(certificate: Certificate) -> CertificateData:
    return CertificateData(
        holder_name=certificate.holder_name,
        award_name=certificate.award_name,
        contest_title=certificate.contest_title,
        issued_on=timezone.localtime(certificate.issued_at).date(),
        issuer=certificate.issuer_name,
        number=certificate.number,
        verify_url=verify_url(certificate.number),
    )


def has_pdf(certificate: Certificate) -> bool:
    """The row names a file and the file is there (a lost file is written again)."""
    return bool(certificate.pdf) and certificate.pdf.storage.exists(certificate.pdf.name)


def write_pdf(certificate_id: int) -> bool:
    """Render and store the certificate's PDF unless it has one; True when written now."""
    with transaction.atomic():
        certificate = (Certificate.objects.select_for_update()
                       .filter(pk=certificate_id, status=Certificate.Status.VALID).first())
        if certificate is None or has_pdf(certificate):
            return False
        pdf = render_certificate(certificate_data(certificate),
                                 language=settings.LANGUAGE_CODE)
        certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(pdf), save=False)
        try:
            certificate.save(update_fields=["pdf"])
        except Exception:
            certificate.pdf.delete(save=False)
            raise
    return True


def notify_holder(certificate_id: int) -> bool:
    """Tell the holder their certificate is ready, once; True when told now."""
    from notifications.services import notify

    with transaction.atomic():
        certificate = (Certificate.objects.select_for_update()
                       .filter(pk=certificate_id, status=Certificate.Status.VALID)
                       .exclude(pdf="").select_related("holder").first())
        if certificate is None or certificate.notified_at is not None:
            return False
        notify(
            certificate.holder, "certificate_issued",
            lambda: _("Your certificate for %(contest)s") % {
                "contest": certificate.contest_title},
            lambda: _("You won “%(award)s”. Certificate no. %(number)s can be downloaded "
                      "now.") % {"award": certificate.award_name,
                                 "number": certificate.number},
            f"/certificates/{certificate.number}/", sms=True,
            dedupe_key=f"certificate:{certificate.pk}",
        )
        certificate.notified_at = timezone.now()
        certificate.save(update_fields=["notified_at"])
    return True


def issue_certificates(contest_id: int) -> dict:
    """Finish issuing a final contest's certificates: create missing rows, write missing
    PDFs, notify holders not yet told. Safe to run any number of times, concurrently too;
    an exception leaves what was done done, and the next run carries on."""
    contest = Contest.objects.select_related("issuer").filter(pk=contest_id).first()
    if contest is None or contest.state != Contest.State.FINAL:
        return {"contest": contest_id, "created": 0, "written": 0, "notified": 0}
    with transaction.atomic():
        created = create_missing_certificates(contest)
    pending = list(
        Certificate.objects.filter(contest=contest, status=Certificate.Status.VALID)
        .filter(notified_at__isnull=True).order_by("rank", "id").values_list("pk", flat=True)
    )
    written = notified = 0
    for certificate_id in pending:
        written += write_pdf(certificate_id)
        notified += notify_holder(certificate_id)
    if written or notified:
        record(actor=None, action="certificates.issued", target=contest,
               data={"written": written, "notified": notified})
    return {"contest": contest_id, "created": len(created), "written": written,
            "notified": notified}


def unfinished_contests(*, older_than) -> list[int]:
    """Final contests with a valid certificate still lacking its PDF or its notification,
    issued before `older_than` (younger ones are probably being issued right now)."""
    return list(
        Certificate.objects.filter(
            status=Certificate.Status.VALID, notified_at__isnull=True,
            issued_at__lt=older_than, contest__state=Contest.State.FINAL,
        ).values_list("contest_id", flat=True).distinct().order_by("contest_id")
    )


def ensure_pdf(certificate: Certificate) -> Certificate:
    """The certificate with its PDF, writing it now if the issuing task has not yet."""
    if certificate.status == Certificate.Status.VALID and not has_pdf(certificate):
        write_pdf(certificate.pk)
        certificate.refresh_from_db(fields=["pdf"])
    return certificate


def pdf_for_download(*, user, number: str) -> bytes:
    """The PDF of certificate `number` for its holder or an organizer (anyone else:
    NotFound). A revoked certificate's holder gets NotAllowed; organizers still get it."""
    from core.errors import NotFound

    _canonical, certificate = selectors.find_certificate(number)
    if certificate is None or not permissions.can_see_certificate(user, certificate):
        raise NotFound()
    if not permissions.can_download_certificate(user, certificate):
        raise NotAllowed(_("This certificate has been revoked, so it can no longer be "
                           "downloaded."), state=certificate.status)
    certificate = ensure_pdf(certificate)
    if not has_pdf(certificate):
        raise NotFound()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def revoke_certificate(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Revoke a certificate (e.g. an award removed after an upheld objection): the
    verification answers "revoked" from now on, the holder is told, and
    `publicity.signals.certificate_revoked` is sent on commit."""
    from notifications.services import notify

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason."), field="reason")
    if len(reason) > 2000:
        raise InvalidInput(_("At most %(count)d characters.") % {"count": 2000}, field="reason")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("holder").get(
            pk=certificate.pk)
        if locked.status != Certificate.Status.VALID:
            raise NotAllowed(_("This certificate has already been revoked."),
                             state=locked.status)
        locked.status = Certificate.Status.REVOKED
        locked.revoked_reason, locked.revoked_by = reason, actor
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["status", "revoked_reason", "revoked_by", "revoked_at"])
        record(actor=actor, action="certificate.revoked", target=locked,
               data={"number": locked.number, "contest": locked.contest_id,
                     "entry": locked.entry_id},
               reason=reason)
        notify(locked.holder, "certificate_revoked",
               lambda: _("Certificate %(number)s has been revoked") % {
                   "number": locked.number},
               lambda: _("Reason: %(reason)s") % {"reason": reason},
               f"/certificates/{locked.number}/", sms=True,
               dedupe_key=f"certificate:{locked.pk}:revoked")
        transaction.on_commit(lambda: certificate_revoked.send_robust(
            sender=Certificate, certificate_id=locked.pk, contest_id=locked.contest_id,
            entry_id=locked.entry_id, actor_id=getattr(actor, "pk", None),
        ))
    return locked
