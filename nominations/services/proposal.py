"""Automatic proposals from a final source contest, and their undoing when an award is
revoked.

`propose_from_contest` proposes every awarded entry of the contest's final stage, for each
post the contest feeds, in every open round that lists it, with its provenance. It is
idempotent by the database: nominations (round, worker, post) and provenance (nomination,
contest) are inserted with `ignore_conflicts` against their unique constraints, so a second
run — or a run after a worker was killed half-way — adds nothing, and finishes what the
first left undone (a nomination still `proposed` gets its eligibility check and its
notification; the notification is deduplicated too).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit.services import record
from contests.models import Contest, Criterion
from publicity import selectors as publicity_selectors
from publicity.models import Certificate

from .. import composite
from ..models import Nomination, NominationRound, Provenance, RoundSource
from ..transitions import move_nomination
from .checks import apply_check
from .consent import notify_nominee
from .nominations import recompute

logger = logging.getLogger(__name__)


def _revoked_entries(contest: Contest) -> set[int]:
    """Entries whose award was revoked (a revoked certificate and no valid one)."""
    rows = Certificate.objects.filter(contest=contest).values_list("entry_id", "status")
    revoked = {e for e, s in rows if s == Certificate.Status.REVOKED}
    valid = {e for e, s in rows if s == Certificate.Status.VALID}
    return revoked - valid


def _winners(contest: Contest):
    rows = publicity_selectors.winner_rows(contest)
    revoked = _revoked_entries(contest)
    return [row for row in rows if row.entry_id not in revoked and row.rank is not None]


def _propose_in_round(source: RoundSource, winners, stage, max_score) -> dict:
    round_ = source.round
    posts = [rule.post for rule in round_.post_rules.all() if source.feeds(rule.post)]
    worker_ids = {row.entry.worker_id for row in winners}
    with transaction.atomic():
        locked = NominationRound.objects.select_for_update().get(pk=round_.pk)
        if locked.state not in NominationRound.State.ACCEPTS_NOMINATIONS:
            return {"nominations": 0, "provenance": 0}
        existing = Nomination.objects.filter(round=locked, post__in=posts,
                                             worker_id__in=worker_ids)
        before = existing.count()
        Nomination.objects.bulk_create(
            [Nomination(round=locked, worker_id=row.entry.worker_id, post=post,
                        source=Nomination.Source.AUTO)
             for row in winners for post in posts],
            ignore_conflicts=True,
        )
        nominations = {(n.worker_id, n.post): n for n in existing.select_related("round")}
        provenance_before = Provenance.objects.filter(
            contest=source.contest, nomination__in=nominations.values()).count()
        Provenance.objects.bulk_create(
            [Provenance(nomination=nominations[(row.entry.worker_id, post)],
                        contest=source.contest, stage=stage, entry=row.entry,
                        stage_score=row.stage_score, max_score=max_score, rank=row.rank,
                        tier=row.tier, tier_name=row.tier.name, weight=source.weight)
             for row in winners for post in posts],
            ignore_conflicts=True,
        )
        added = Provenance.objects.filter(
            contest=source.contest, nomination__in=nominations.values()).count()
        for nomination in sorted(nominations.values(), key=lambda n: n.pk):
            fresh = recompute(nomination.pk)
            if fresh.status == Nomination.Status.PROPOSED:
                record(actor=None, action="nomination.proposed", target=fresh,
                       data={"round": locked.pk, "post": fresh.post, "source": fresh.source,
                             "worker": fresh.worker_id, "contest": source.contest_id})
                fresh = apply_check(fresh, actor=None)
            if fresh.status in Nomination.Status.LIVE:
                notify_nominee(fresh)
    return {"nominations": len(nominations) - before, "provenance": added - provenance_before}


def propose_from_contest(contest_id: int) -> dict:
    """Propose the final contest's winners in every open round that lists it."""
    contest = Contest.objects.filter(pk=contest_id).first()
    outcome = {"contest": contest_id, "rounds": 0, "nominations": 0, "provenance": 0}
    if contest is None or contest.state != Contest.State.FINAL:
        return outcome
    result_set = publicity_selectors.final_result_set(contest)
    if result_set is None:
        return outcome
    stage = result_set.stage
    max_score = composite.stage_maximum(
        Criterion.objects.filter(stage=stage).values_list("weight", "max_score"))
    if max_score <= 0:
        logger.warning("contest %s: stage %s has no maximum score", contest_id, stage.pk)
        return outcome
    winners = _winners(contest)
    sources = (RoundSource.objects.filter(
        contest=contest, round__state__in=NominationRound.State.ACCEPTS_NOMINATIONS)
        .select_related("round", "contest").order_by("round_id"))
    for source in sources:
        done = _propose_in_round(source, winners, stage, max_score)
        outcome["rounds"] += 1
        outcome["nominations"] += done["nominations"]
        outcome["provenance"] += done["provenance"]
    return outcome


def _lost_award_reason() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The award it rested on was revoked.")


def remove_revoked_award(*, contest_id: int, entry_id: int, certificate_id=None) -> list[int]:
    """An award was revoked: its provenance goes from every nomination of a round not yet
    final, the composite is recomputed and eligibility re-checked; an automatic nomination
    left with no provenance is withdrawn with that reason. Returns the nominations
    touched."""
    touched = []
    ids = list(Provenance.objects.filter(
        contest_id=contest_id, entry_id=entry_id,
        nomination__round__state__in=NominationRound.State.LIVE,
    ).values_list("nomination_id", flat=True).order_by("nomination_id"))
    for nomination_id in ids:
        with transaction.atomic():
            nomination = Nomination.objects.select_for_update().select_related("round").get(
                pk=nomination_id)
            removed, _count = Provenance.objects.filter(
                nomination=nomination, contest_id=contest_id, entry_id=entry_id).delete()
            if not removed:
                continue
            record(actor=None, action="nomination.provenance_removed", target=nomination,
                   data={"contest": contest_id, "entry": entry_id,
                         "certificate": certificate_id})
            fresh = recompute(nomination.pk)
            left = Provenance.objects.filter(nomination=fresh).exists()
            if (not left and fresh.source == Nomination.Source.AUTO
                    and fresh.status in Nomination.Status.LIVE):
                move_nomination(nomination=fresh, action="withdraw", actor=None,
                                reason=_lost_award_reason(),
                                data={"contest": contest_id, "entry": entry_id})
            elif (fresh.status in Nomination.Status.CHECKED
                  and fresh.round.state in NominationRound.State.ACCEPTS_NOMINATIONS):
                apply_check(fresh, actor=None)
            touched.append(nomination_id)
    return touched
