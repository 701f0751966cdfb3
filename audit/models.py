"""Append-only, hash-chained audit log, one chain per stream.

Each event stores HMAC-SHA-256(AUDIT_HMAC_KEY, canonical content + previous hash). The key
lives outside the database, so whoever can only write to the database cannot re-sign a
changed event; `manage.py verify_audit` reports the first broken link.

Events belong to a stream (`global`; e.g. `contest:42` for what organizers and the system
do in one contest, `contest:42:judge:7` for one judge's scorecards there); each stream is
its own gapless chain (`seq` 1, 2, 3… within the stream) with its own head row, so appends
to different streams do not wait for each other. The heads of the other streams are
anchored periodically in the global chain (`audit.anchored` events, see
`audit.services.anchor_streams`).
"""

from django.db import models
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


GLOBAL_STREAM = "global"


class AuditEvent(models.Model):
    stream = models.CharField(_("stream"), max_length=64, default=GLOBAL_STREAM)
    seq = models.PositiveBigIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("time"), db_index=True)
    # Plain values, not foreign keys: deleting a user must not rewrite history.
    actor_id = models.PositiveBigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["stream", "seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # A contest's trail also finds the events whose data names the contest.
            models.Index(KeyTransform("contest", "data"), name="audit_event_data_contest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="unique_audit_stream_seq"),
        ]

    def __str__(self):
        return f"{self.stream} #{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class AuditHead(models.Model):
    """One row per stream: its chain's tip. Locked for update so appends to one stream are
    serialised in the database (several web and worker processes may append at once)."""

    stream = models.CharField(max_length=64, unique=True, default=GLOBAL_STREAM)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self):
        return f"{self.stream} #{self.last_seq}"


class StreamAnchor(models.Model):
    """The last event of a stream anchored in the global chain (written only by
    `anchor_streams`, never locked by appends, so anchoring never waits for a busy stream)."""

    stream = models.CharField(max_length=64, unique=True)
    seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("anchored audit stream")
        verbose_name_plural = _("anchored audit streams")

    def __str__(self):
        return f"{self.stream} #{self.seq}"
