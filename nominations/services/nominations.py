"""Manual proposals, withdrawal, and keeping a nomination's composite in step with its
provenance."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.services import record
from core.errors import InvalidInput, NotAllowed

from .. import composite
from ..errors import DuplicateNomination
from ..models import Nomination, NominationRound, Provenance
from ..transitions import move_nomination
from .checks import apply_check
from .consent import notify_nominee
from .reviews import clean_reason

User = get_user_model()


def recompute(nomination_id: int) -> Nomination:
    """Composite score and best rank from the provenance rows (inside a transaction)."""
    sources = [
        composite.SourceScore(stage_score=p.stage_score, max_score=p.max_score,
                              weight=p.weight, rank=p.rank)
        for p in Provenance.objects.filter(nomination_id=nomination_id)
    ]
    score, best = composite.composite(sources), composite.best_rank(sources)
    Nomination.objects.filter(pk=nomination_id).update(composite_score=score, best_rank=best)
    return Nomination.objects.get(pk=nomination_id)


def propose_manual(*, round_: NominationRound, worker_id, post: str, reason: str,
                   actor) -> Nomination:
    """An organizer proposes a worker for a post, with a reason. Eligibility is checked
    at once; the worker is notified. A second nomination of the worker for the post is a
    409 naming the first."""
    reason = clean_reason(reason, required=True)
    worker = User.objects.filter(pk=worker_id, role=Role.WORKER, is_active=True).first()
    if worker is None:
        raise InvalidInput(_("No active worker with this id."), field="worker")
    if not round_.post_rules.filter(post=post).exists():
        raise InvalidInput(_("This round has no quota for this post."), field="post")
    with transaction.atomic():
        locked = NominationRound.objects.select_for_update().get(pk=round_.pk)
        if locked.state not in NominationRound.State.ACCEPTS_NOMINATIONS:
            raise NotAllowed(_("The round no longer takes nominations."), state=locked.state)
        existing = Nomination.objects.filter(round=locked, worker=worker, post=post).first()
        if existing is not None:
            raise DuplicateNomination(existing)
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    round=locked, worker=worker, post=post, source=Nomination.Source.MANUAL,
                    proposal_reason=reason, proposed_by=actor,
                )
        except IntegrityError:
            raise DuplicateNomination(Nomination.objects.get(
                round=locked, worker=worker, post=post)) from None
        record(actor=actor, action="nomination.proposed", target=nomination,
               data={"round": locked.pk, "post": post, "source": "manual",
                     "worker": worker.pk}, reason=reason)
        nomination = apply_check(nomination, actor=actor)
        notify_nominee(nomination)
    return nomination


def withdraw(*, nomination: Nomination, actor, reason: str) -> Nomination:
    reason = clean_reason(reason, required=True)
    return move_nomination(nomination=nomination, action="withdraw", actor=actor,
                           reason=reason)
