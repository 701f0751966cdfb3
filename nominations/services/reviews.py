"""Reviews: union, then committee. Each records the reviewer, decision, reason and time,
re-checks eligibility first, and moves the nomination through the state machine (a move
the status forbids is a 409 carrying the status). Committee approval enforces the
round's exclusive post groups."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotAllowed

from ..errors import ExclusivePostTaken, NoLongerEligible
from ..models import REASON_MAX, Nomination, NominationRound, Review, ReviewStage
from ..transitions import move_nomination
from .checks import apply_check

ACTIONS = {
    (ReviewStage.UNION, Review.Decision.APPROVE): "union_approve",
    (ReviewStage.UNION, Review.Decision.REJECT): "union_reject",
    (ReviewStage.COMMITTEE, Review.Decision.APPROVE): "committee_approve",
    (ReviewStage.COMMITTEE, Review.Decision.REJECT): "committee_reject",
}


def clean_reason(reason, *, required: bool) -> str:
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if required and not reason:
        raise InvalidInput(_("Give a reason."), field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(_("At most %(count)d characters.") % {"count": REASON_MAX},
                           field="reason")
    return reason


def require_open_round(nomination: Nomination) -> NominationRound:
    round_ = NominationRound.objects.select_for_update().get(pk=nomination.round_id)
    if round_.state not in NominationRound.State.ACCEPTS_NOMINATIONS:
        raise NotAllowed(_("The round is no longer open for reviews."), state=round_.state)
    return round_


def _check_exclusive(nomination: Nomination, round_: NominationRound) -> None:
    """Lock the worker's nominations in the round (so two approvals of the same worker
    cannot pass this check together), then refuse a second post of a group."""
    siblings = list(Nomination.objects.select_for_update()
                    .filter(round=round_, worker_id=nomination.worker_id).order_by("pk"))
    for group in round_.exclusive_posts or []:
        if nomination.post not in group:
            continue
        for other in siblings:
            if (other.pk != nomination.pk and other.post in group
                    and other.status in Nomination.Status.APPROVED):
                raise ExclusivePostTaken(
                    _("The nominee is already approved for “%(post)s” in this round, which "
                      "excludes this post.") % {"post": other.get_post_display()},
                    state=nomination.status, other=other)


def recheck(*, nomination: Nomination, actor) -> Nomination:
    """Check eligibility again (organizer): e.g. after a profile was corrected."""
    with transaction.atomic():
        require_open_round(nomination)
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status not in Nomination.Status.CHECKED:
            raise NotAllowed(_("Eligibility is checked only before the committee review."),
                             state=locked.status)
        return apply_check(locked, actor=actor)


def review(*, nomination: Nomination, stage: str, decision: str, reason: str,
           actor) -> Nomination:
    """Record a union or committee review. A rejection needs a reason and records its
    stage. Approving someone the re-check finds ineligible is refused (409) and leaves
    the nomination `ineligible` with the fresh check."""
    action = ACTIONS.get((stage, decision))
    if action is None:
        raise InvalidInput(errors={
            **({"stage": [_("Choose “union” or “committee”.")]}
               if stage not in ReviewStage.values or stage == ReviewStage.NOTICE else {}),
            **({"decision": [_("Choose “approve” or “reject”.")]}
               if decision not in Review.Decision.values else {}),
        })
    reason = clean_reason(reason, required=decision == Review.Decision.REJECT)
    with transaction.atomic():
        round_ = require_open_round(nomination)
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        checked = locked
        # Re-checked before any review (a nomination still `proposed` has no review yet).
        if locked.status in Nomination.Status.CHECKED and locked.status != \
                Nomination.Status.PROPOSED:
            checked = apply_check(locked, actor=actor)
    # The re-check is committed above, whatever happens to the review.
    if decision == Review.Decision.APPROVE and checked.status == Nomination.Status.INELIGIBLE:
        raise NoLongerEligible(checked.eligibility)
    with transaction.atomic():
        round_ = require_open_round(checked)
        if action == "committee_approve":
            _check_exclusive(checked, round_)
        moved = move_nomination(nomination=checked, action=action, actor=actor, reason=reason,
                                data={"stage": stage, "decision": decision})
        Review.objects.create(nomination=moved, stage=stage, decision=decision, reason=reason,
                              reviewer=actor, at=timezone.now())
    return moved
