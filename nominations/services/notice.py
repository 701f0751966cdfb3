"""A round's public notice (公示), through publicity's shared mechanism.

* `open_notice` (guard `prepare_notice`, effect `place_on_notice`): per post, the
  committee-approved nominations not declined, ranked by composite (ties: better best
  rank), go on notice up to the quota; the rest become `reserve`. A tie across the quota
  or a list that breaks `min_non_party_share` needs a recorded decision first (`quota`):
  409 until then.
* An upheld objection that names a nominee's line rejects that nomination (stage
  `notice`); the organizer may then `promote` the next reserve and restart the notice.
* `finalize` (guard: the notice is over with nothing pending or upheld) closes the notice
  and makes every nominee on it `recommended`. The beat job that ends contests' notices
  ends rounds' too (`finalize_due_rounds`); a manual finalize before that is a 409.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.publication import public_identity
from core.errors import DomainError, NotAllowed
from publicity import selectors as publicity_selectors
from publicity.models import Notice
from publicity.services.finalization import check_notice_over, due_subjects
from publicity.services.notices import (
    clean_restart_reason,
    end_current_notice,
    open_notice,
    restart,
)

from .. import eligibility, selection
from ..models import Nomination, NominationRound, Post, PostRule
from ..transitions import move_nomination, transition_round
from .quota import prepare_notice

logger = logging.getLogger(__name__)
S = Nomination.Status


# --- Lines on notice -----------------------------------------------------------------------


def notice_lines(round_: NominationRound) -> list[dict]:
    """The nominees as the public sees them: post, masked name and enterprise only for
    those who consented to publication (PIPL)."""
    nominations = (Nomination.objects.filter(round=round_, status=S.IN_NOTICE)
                   .select_related("worker__worker_profile", "worker__enterprise")
                   .order_by("post", "-composite_score", "best_rank", "pk"))
    lines, place = [], {}
    with translation.override(settings.LANGUAGE_CODE):
        for nomination in nominations:
            place[nomination.post] = place.get(nomination.post, 0) + 1
            identity = public_identity(nomination.worker)
            lines.append({
                "id": nomination.pk, "rank": place[nomination.post], "track": "",
                "post": nomination.post, "award": str(Post(nomination.post).label),
                "name": identity.name, "enterprise": identity.enterprise,
                "withheld": identity.withheld,
            })
    return lines


def _title(round_: NominationRound) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        # Translators: zh-hans "%(title)s推荐人选公示"
        return _("%(title)s: nominees in public notice") % {"title": round_.title}


def _open(round_: NominationRound, actor) -> Notice:
    return open_notice(subject=round_, title=_title(round_), working_days=round_.notice_days,
                       lines=notice_lines(round_), actor=actor)


def place_on_notice(round_: NominationRound, actor, plans) -> None:
    """Effect of `open_notice`: move each post's list and reserve, then open the notice."""
    for post in sorted(plans):
        selected, reserve = plans[post]
        for pk in selected:
            move_nomination(nomination=Nomination(pk=pk), action="place_in_notice",
                            actor=actor)
        for pk in reserve:
            move_nomination(nomination=Nomination(pk=pk), action="hold_in_reserve",
                            actor=actor)
    _open(round_, actor)


def _check_share_after_change(round_: NominationRound, post: str) -> None:
    rule = PostRule.objects.get(round=round_, post=post)
    if not selection.non_party_share_ok(_on_notice(round_, post), rule.min_non_party_share):
        raise NotAllowed(_("This list breaks the minimum share of non-party members."),
                         state=round_.state)


def _on_notice(round_: NominationRound, post: str) -> list[selection.Candidate]:
    rows = (Nomination.objects.filter(round=round_, post=post, status=S.IN_NOTICE)
            .values_list("pk", "composite_score", "best_rank",
                         "worker__worker_profile__political_status"))
    return [selection.Candidate(id=pk, composite=score, best_rank=rank,
                                party_member=eligibility.is_party_member(status or ""))
            for pk, score, rank, status in rows]


def promote(*, nomination: Nomination, actor) -> Nomination:
    """Put the next reserve of a post on the list, while the round is in notice and the
    post has a free place (after a nominee was rejected or withdrew). Only the best-ranked
    reserve (or one of those tied for it) may be promoted; restart the notice after."""
    with transaction.atomic():
        round_ = NominationRound.objects.select_for_update().get(pk=nomination.round_id)
        if round_.state != NominationRound.State.IN_NOTICE:
            raise NotAllowed(_("Reserves are promoted while the round is in notice."),
                             state=round_.state)
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status != S.RESERVE:
            raise NotAllowed(_("Only a reserve can be promoted."), state=locked.status)
        rule = PostRule.objects.get(round=round_, post=locked.post)
        if len(_on_notice(round_, locked.post)) >= rule.quota:
            raise NotAllowed(_("The post's list is full."), state=locked.status)
        reserves = [selection.Candidate(id=pk, composite=score, best_rank=rank,
                                        party_member=False)
                    for pk, score, rank in Nomination.objects.filter(
                        round=round_, post=locked.post, status=S.RESERVE)
                    .exclude(accepted=False)
                    .values_list("pk", "composite_score", "best_rank")]
        best = selection.ranked(reserves)[0] if reserves else []
        if locked.pk not in {c.id for c in best}:
            raise NotAllowed(_("Promote the best-ranked reserve first."), state=locked.status)
        moved = move_nomination(nomination=locked, action="promote", actor=actor)
        _check_share_after_change(round_, locked.post)
    return moved


def restart_round_notice(*, round_: NominationRound, actor, reason: str = "") -> Notice:
    """After an upheld objection: supersede the live notice and open the next round with
    a fresh period and the current list (composition checked again)."""
    reason = clean_restart_reason(reason)
    with transaction.atomic():
        locked = NominationRound.objects.select_for_update().get(pk=round_.pk)
        if locked.state != NominationRound.State.IN_NOTICE:
            raise NotAllowed(_("Only a round in public notice can restart its notice."),
                             state=locked.state)

        def open_next():
            for rule in locked.post_rules.all():
                _check_share_after_change(locked, rule.post)
            return _open(locked, actor)

        return restart(subject=locked, state=locked.state, actor=actor, reason=reason,
                       open_next=open_next)


# --- The end of the notice -----------------------------------------------------------------


def may_finalize(round_: NominationRound):
    check_notice_over(publicity_selectors.current_notice(round_, lock=True),
                      state=round_.state)


def recommend_all(round_: NominationRound, actor, _prepared) -> None:
    end_current_notice(round_, Notice.Status.CLOSED, actor=actor,
                       data={"nomination_round": round_.pk})
    for pk in (Nomination.objects.filter(round=round_, status=S.IN_NOTICE)
               .order_by("pk").values_list("pk", flat=True)):
        move_nomination(nomination=Nomination(pk=pk), action="recommend", actor=actor)


def withdraw_notice(round_: NominationRound, actor, _prepared) -> None:
    end_current_notice(round_, Notice.Status.WITHDRAWN, actor=actor,
                       data={"nomination_round": round_.pk})


ROUND_GUARDS = {"open_notice": prepare_notice, "finalize": may_finalize}
ROUND_EFFECTS = {"open_notice": place_on_notice, "finalize": recommend_all,
                 "cancel": withdraw_notice}


def finalize_due_rounds(now=None) -> dict:
    """Beat (publicity's job): finalize each round whose notice is over with nothing
    pending or upheld; one a guard refuses is logged and left for the organizer."""
    finalized, refused = [], []
    due = due_subjects(Notice.Subject.NOMINATION_ROUND, now)
    for round_ in NominationRound.objects.filter(
            pk__in=due, state=NominationRound.State.IN_NOTICE).order_by("pk"):
        try:
            transition_round(round_=round_, action="finalize", actor=None)
        except DomainError as error:
            logger.warning("nomination round %s not finalized: %s", round_.pk, error)
            refused.append(round_.pk)
        else:
            finalized.append(round_.pk)
    return {"finalized": finalized, "refused": refused}


def reject_upheld_nominee(objection, actor) -> None:
    """Publicity's `on_upheld` for round notices: the nominee the objection names is
    rejected at the notice stage, with the resolution as the reason."""
    if objection.line is None:
        return
    nomination = Nomination.objects.filter(pk=objection.line,
                                           round_id=objection.notice.nomination_round_id).first()
    if nomination is None or nomination.status != S.IN_NOTICE:
        return
    move_nomination(nomination=nomination, action="reject_after_objection", actor=actor,
                    reason=objection.resolution, data={"objection": objection.pk})
