"""Eligibility of a nomination, read from the worker's profile and the round's rules
(the adapter around the pure `nominations.eligibility`). Checked when a nomination is
created and again at every review; the result is stored on the nomination and moves it to
`eligible` or `ineligible` when that changes."""

from django.utils import timezone

from accounts.models import WorkerProfile

from .. import eligibility
from ..models import Nomination, PostRule
from ..transitions import NOMINATION_ACTIONS, move_nomination


def rules_of(rule: PostRule | None) -> eligibility.Rules:
    if rule is None:
        return eligibility.Rules()
    return eligibility.Rules(
        political_status=tuple(rule.political_status or ()), min_age=rule.min_age,
        max_age=rule.max_age, min_years=rule.min_years, union_member=rule.union_member,
        require_award=rule.require_award,
    )


def facts_of(nomination: Nomination) -> eligibility.Facts:
    profile = WorkerProfile.objects.filter(user_id=nomination.worker_id).first()
    awards = tuple(nomination.provenance.values_list("tier_name", flat=True))
    if profile is None:
        return eligibility.Facts(political_status="", birth_date=None,
                                 years_in_industry=0, union_member=False, awards=awards)
    return eligibility.Facts(
        political_status=profile.political_status, birth_date=profile.birth_date,
        years_in_industry=profile.years_in_industry, union_member=profile.union_member,
        awards=awards,
    )


def evaluate(nomination: Nomination) -> list[dict]:
    rule = PostRule.objects.filter(round_id=nomination.round_id, post=nomination.post).first()
    reference_date = nomination.round.reference_date
    return eligibility.check(rules_of(rule), facts_of(nomination), reference_date)


def apply_check(nomination: Nomination, *, actor) -> Nomination:
    """Store a fresh check and move the nomination to match it (inside the caller's
    transaction; the nomination is locked by the caller)."""
    results = evaluate(nomination)
    ok = eligibility.is_eligible(results)
    Nomination.objects.filter(pk=nomination.pk).update(eligibility=results,
                                                       checked_at=timezone.now())
    nomination.eligibility = results
    status = nomination.status
    if ok and status in NOMINATION_ACTIONS["mark_eligible"].sources:
        return move_nomination(nomination=nomination, action="mark_eligible", actor=actor,
                               data={"eligibility": results})
    if not ok and status in NOMINATION_ACTIONS["mark_ineligible"].sources:
        return move_nomination(nomination=nomination, action="mark_ineligible", actor=actor,
                               data={"eligibility": results})
    nomination.refresh_from_db()
    return nomination
