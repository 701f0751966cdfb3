"""The quota of each post when a round's notice opens (the adapter around the pure
`nominations.selection`): who goes on notice, who is `reserve`, and the organizer's
recorded decision where the ranking alone cannot say (a tie across the quota, or a list
below `min_non_party_share`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from core.errors import InvalidInput, NotAllowed

from .. import eligibility, selection
from ..models import Nomination, NominationRound, Post, PostRule, RoundDecision
from .reviews import clean_reason

S = Nomination.Status


def _candidates(round_: NominationRound, post: str) -> list[selection.Candidate]:
    rows = (Nomination.objects.filter(round=round_, post=post,
                                      status=S.COMMITTEE_APPROVED)
            .exclude(accepted=False)
            .values_list("pk", "composite_score", "best_rank",
                         "worker__worker_profile__political_status"))
    return [selection.Candidate(id=pk, composite=score, best_rank=rank,
                                party_member=eligibility.is_party_member(status or ""))
            for pk, score, rank, status in rows]


def _latest_decision(round_: NominationRound, post: str) -> list[int] | None:
    decision = (RoundDecision.objects.filter(round=round_, post=post)
                .order_by("-decided_at", "-id").first())
    if decision is None:
        return None
    return sorted(decision.nominations.values_list("pk", flat=True))


def post_plan(round_: NominationRound, rule: PostRule) -> tuple[list[int], list[int]] | str:
    """(on notice, reserve) for the post, or the reason a decision is still needed."""
    candidates = _candidates(round_, rule.post)
    share = rule.min_non_party_share
    plan = selection.plan(candidates, rule.quota, share)
    if not plan.needs_decision:
        return plan.selected, plan.reserve
    decided = _latest_decision(round_, rule.post)
    if decided is not None and selection.check_decision(
            candidates, rule.quota, share, decided) is None:
        return decided, [c.id for c in candidates if c.id not in decided]
    label = Post(rule.post).label
    if plan.tied:
        return _("%(post)s: a tie straddles the quota; record a decision first.") % {
            "post": label}
    return _("%(post)s: the list breaks the minimum share of non-party members; record a "
             "decision first.") % {"post": label}


def prepare_notice(round_: NominationRound) -> dict[str, tuple[list[int], list[int]]]:
    """Guard of `open_notice`: every post's list, or a 409 naming what needs a decision."""
    plans, problems = {}, []
    for rule in round_.post_rules.order_by("post"):
        planned = post_plan(round_, rule)
        if isinstance(planned, str):
            problems.append(planned)
        else:
            plans[rule.post] = planned
    if problems:
        raise NotAllowed(" ".join(problems), state=round_.state)
    if not any(selected for selected, _reserve in plans.values()):
        raise NotAllowed(_("No committee-approved nomination to put on notice."),
                         state=round_.state)
    if round_.notice_days < 1:
        raise NotAllowed(_("A public notice lasts at least one working day."),
                         state=round_.state)
    return plans


def decide(*, round_: NominationRound, post: str, nominations: list[int], reason: str,
           actor) -> RoundDecision:
    """Record who goes on notice for a post whose ranking alone cannot say (a tie across
    the quota, or a composition shortfall). 409 when nothing needs deciding."""
    reason = clean_reason(reason, required=True)
    with transaction.atomic():
        locked = NominationRound.objects.select_for_update().get(pk=round_.pk)
        if locked.state != NominationRound.State.OPEN:
            raise NotAllowed(_("Decisions are recorded before the notice opens."),
                             state=locked.state)
        rule = PostRule.objects.filter(round=locked, post=post).first()
        if rule is None:
            raise InvalidInput(_("This round has no quota for this post."), field="post")
        candidates = _candidates(locked, post)
        plan = selection.plan(candidates, rule.quota, rule.min_non_party_share)
        if not plan.needs_decision:
            raise NotAllowed(_("The ranking decides this post: there is nothing to decide."),
                             state=locked.state)
        problem = selection.check_decision(candidates, rule.quota, rule.min_non_party_share,
                                           nominations)
        if problem is not None:
            raise InvalidInput(DECISION_PROBLEMS[problem](), field="nominations")
        decision = RoundDecision.objects.create(round=locked, post=post, reason=reason,
                                                decided_by=actor, decided_at=timezone.now())
        decision.nominations.set(nominations)
        record(actor=actor, action="nomination_round.decided", target=locked,
               data={"post": post, "nominations": sorted(nominations), "tied": plan.tied,
                     "shortfall": plan.shortfall}, reason=reason)
    return decision


DECISION_PROBLEMS = {
    "unknown": lambda: _("List committee-approved nominations of this post, each once."),
    "too_many": lambda: _("More nominations than the post's quota."),
    "tie_not_resolved": lambda: _("Keep everyone ranked clearly inside the quota and fill "
                                  "the remaining places from the tie."),
    "share": lambda: _("This list breaks the minimum share of non-party members."),
}


