"""Creating and editing a nomination round (organizers; editable while open).

The body's types are checked by the serializer; the rules across fields are checked here
and every problem is named by its field (`quotas`, `rules`, `exclusive_posts`, `sources`).
A round that lists a contest which is already final receives its winners at once (the
same proposal task the contest's finalization queues)."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from contests.models import Contest
from core.errors import InvalidInput, NotAllowed, PermissionDenied
from core.permissions import is_organizer

from ..models import DEFAULT_EXCLUSIVE_POSTS, NominationRound, Post, PostRule, RoundSource

RULE_FIELDS = ("political_status", "min_age", "max_age", "min_years", "union_member",
               "require_award", "min_non_party_share")
ROUND_FIELDS = ("title", "term", "reference_date", "notice_days")
MAX_AGE = 150


def _add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_rules(quotas: dict, rules: dict, errors: dict) -> None:
    for post, rule in rules.items():
        if post not in quotas:
            _add(errors, "rules", _("%(post)s has rules but no quota.") % {"post": post})
            continue
        low, high = rule.get("min_age"), rule.get("max_age")
        if low is not None and high is not None and low > high:
            _add(errors, "rules", _("%(post)s: the minimum age is above the maximum.")
                 % {"post": post})
        share = rule.get("min_non_party_share")
        if share is not None and not (Decimal(0) <= share <= Decimal(1)):
            _add(errors, "rules", _("%(post)s: min_non_party_share is a share from 0 to 1.")
                 % {"post": post})


def _check_exclusive(groups: list, errors: dict) -> None:
    for group in groups:
        if len(set(group)) < 2:
            _add(errors, "exclusive_posts",
                 _("Each group lists at least two different posts."))


def _check_sources(sources: list, quotas: dict, errors: dict) -> dict[int, Contest]:
    ids = [source["contest"] for source in sources]
    if len(set(ids)) != len(ids):
        _add(errors, "sources", _("A contest is listed twice."))
    contests = Contest.objects.in_bulk(ids)
    for source in sources:
        if source["contest"] not in contests:
            _add(errors, "sources", _("No contest with id %(id)s.") % {"id": source["contest"]})
        if source["weight"] <= 0:
            _add(errors, "sources", _("A weight is above 0."))
        unknown = [post for post in source.get("posts") or [] if post not in quotas]
        if unknown:
            _add(errors, "sources", _("Posts without a quota in this round: %(posts)s.")
                 % {"posts": ", ".join(unknown)})
    return contests


def _validate(*, quotas, rules, exclusive_posts, sources) -> None:
    errors: dict[str, list[str]] = {}
    if not quotas:
        _add(errors, "quotas", _("Give at least one post a quota."))
    unknown = [post for post in [*quotas, *rules] if post not in Post.values]
    if unknown:
        _add(errors, "quotas", _("Unknown posts: %(posts)s.") % {"posts": ", ".join(unknown)})
        raise InvalidInput(errors=errors)
    _check_rules(quotas, rules, errors)
    _check_exclusive(exclusive_posts, errors)
    _check_sources(sources, quotas, errors)
    if errors:
        raise InvalidInput(errors=errors)


def _write_posts(round_: NominationRound, quotas: dict, rules: dict) -> None:
    round_.post_rules.all().delete()
    PostRule.objects.bulk_create([
        PostRule(round=round_, post=post, quota=quota,
                 **{name: value for name, value in rules.get(post, {}).items()
                    if name in RULE_FIELDS and value is not None})
        for post, quota in quotas.items()
    ])


def _write_sources(round_: NominationRound, sources: list) -> None:
    round_.sources.all().delete()
    RoundSource.objects.bulk_create([
        RoundSource(round=round_, contest_id=s["contest"], weight=s["weight"],
                    posts=list(s.get("posts") or []))
        for s in sources
    ])


def _queue_final_sources(round_: NominationRound) -> None:
    from ..tasks import propose_from_contest

    final = round_.sources.filter(contest__state=Contest.State.FINAL)
    for contest_id in final.values_list("contest_id", flat=True):
        propose_from_contest.delay_on_commit(contest_id)


def _require_organizer(actor) -> None:
    if not is_organizer(actor):
        raise PermissionDenied()


def create_round(*, actor, title: str, term: str, reference_date, quotas: dict,
                 rules: dict | None = None, exclusive_posts: list | None = None,
                 sources: list | None = None, notice_days: int = 5) -> NominationRound:
    _require_organizer(actor)
    rules, sources = rules or {}, sources or []
    exclusive_posts = DEFAULT_EXCLUSIVE_POSTS if exclusive_posts is None else exclusive_posts
    _validate(quotas=quotas, rules=rules, exclusive_posts=exclusive_posts, sources=sources)
    with transaction.atomic():
        round_ = NominationRound.objects.create(
            title=title, term=term, reference_date=reference_date, notice_days=notice_days,
            exclusive_posts=[list(group) for group in exclusive_posts], created_by=actor,
        )
        _write_posts(round_, quotas, rules)
        _write_sources(round_, sources)
        record(actor=actor, action="nomination_round.created", target=round_,
               data={"quotas": quotas, "sources": [s["contest"] for s in sources]})
        _queue_final_sources(round_)
    return round_


def current_setup(round_: NominationRound) -> dict:
    rules = {rule.post: {name: getattr(rule, name) for name in RULE_FIELDS}
             for rule in round_.post_rules.all()}
    return {
        "quotas": {rule.post: rule.quota for rule in round_.post_rules.all()},
        "rules": rules,
        "exclusive_posts": round_.exclusive_posts,
        "sources": [{"contest": s.contest_id, "weight": s.weight, "posts": s.posts}
                    for s in round_.sources.all()],
    }


def update_round(*, round_: NominationRound, actor, changes: dict) -> NominationRound:
    """PATCH: the fields given replace the current ones (quotas and rules together per
    post, sources as a whole list). Only while the round is open."""
    _require_organizer(actor)
    with transaction.atomic():
        locked = NominationRound.objects.select_for_update().get(pk=round_.pk)
        if locked.state not in NominationRound.State.EDITABLE:
            raise NotAllowed(_("A round can be changed only while it is open."),
                             state=locked.state)
        setup = {**current_setup(locked), **{k: v for k, v in changes.items()
                                             if k in ("quotas", "rules", "exclusive_posts",
                                                      "sources")}}
        if "quotas" in changes and "rules" not in changes:
            # The rules of posts no longer in the round go with them.
            setup["rules"] = {post: rule for post, rule in setup["rules"].items()
                              if post in setup["quotas"]}
        _validate(**setup)
        for name in ROUND_FIELDS:
            if name in changes:
                setattr(locked, name, changes[name])
        locked.exclusive_posts = [list(group) for group in setup["exclusive_posts"]]
        locked.save()
        if "quotas" in changes or "rules" in changes:
            _write_posts(locked, setup["quotas"], setup["rules"])
        if "sources" in changes:
            _write_sources(locked, setup["sources"])
            _queue_final_sources(locked)
        record(actor=actor, action="nomination_round.updated", target=locked,
               data={"fields": sorted(changes)})
    return locked
