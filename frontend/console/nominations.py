"""推荐: nomination rounds (set-up), a board per post with a column for each status,
union and committee reviews with reasons, withdrawals, the decision at the quota boundary,
the round's moves, its notice with objections, and the 推荐人选名册 export. Every write is
the nominations app's own service; its refusal is shown in its own words."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import PoliticalStatus
from contests.models import Contest
from core.errors import DomainError, InvalidInput
from core.input import parse
from nominations import selectors, services
from nominations.models import Nomination, NominationRound, Post, Review, ReviewStage
from nominations.serializers import RoundInputSerializer
from nominations.services.quota import post_plan
from nominations.transitions import (
    NOMINATION_MOVES,
    ORGANIZER,
    ROUND_ACTION_LABELS,
    round_actions,
    transition_round,
)
from publicity.models import Notice, Objection
from publicity.services import objections

from . import setup_body
from .access import organizer_page, refused

SOURCE_ROWS = 3
RULE_NUMBERS = ("min_age", "max_age", "min_years", "min_non_party_share")
RULE_CHECKS = ("union_member", "require_award")
# Which review form a nomination's moves call for.
REVIEW_ACTIONS = {"union_approve": ReviewStage.UNION, "committee_approve": ReviewStage.COMMITTEE}


def _board_url(round_, post) -> str:
    return reverse("console:nomination-round", args=[round_.pk]) + f"?post={post}"


# --- Rounds ---------------------------------------------------------------------------


@organizer_page
def round_list(request):
    return render(request, "frontend/console/nomination_rounds.html", {
        "rounds": selectors.rounds(), "nav": "nominations"})


def _round_body(post) -> dict:
    """The POSTed set-up form as the API's round body (blank fields left out)."""
    body = {key: post.get(key, "").strip() for key in ("title", "term", "reference_date",
                                                         "notice_days")}
    body = {k: v for k, v in body.items() if v}
    quotas, rules = {}, {}
    for value in Post.values:
        quota = post.get(f"quotas.{value}", "").strip()
        if quota:
            quotas[value] = quota
        rule = {name: post.get(f"rules.{value}.{name}", "").strip() for name in RULE_NUMBERS}
        rule = {k: v for k, v in rule.items() if v}
        rule.update({name: f"rules.{value}.{name}" in post for name in RULE_CHECKS})
        statuses = post.getlist(f"rules.{value}.political_status")
        if statuses:
            rule["political_status"] = statuses
        rules[value] = rule
    body["quotas"], body["rules"] = quotas, {k: v for k, v in rules.items() if k in quotas}
    body["sources"] = [
        {"contest": post.get(f"sources[{i}].contest"), "weight": post.get(f"sources[{i}].weight")
         or "1"}
        for i in range(SOURCE_ROWS) if post.get(f"sources[{i}].contest", "").strip()
    ]
    return body


@organizer_page
def round_new(request):
    errors: dict = {}
    if request.method == "POST":
        try:
            data = parse(RoundInputSerializer, _round_body(request.POST))
            data["rules"] = {post: dict(rule) for post, rule in data.get("rules", {}).items()}
            data["sources"] = [dict(source) for source in data.get("sources", [])]
            round_ = services.create_round(actor=request.user, **data)
        except InvalidInput as error:
            errors = error.errors or {error.field or "__all__": [str(error.message)]}
        except DomainError as error:
            errors = {"__all__": [str(error.message)]}
        else:
            messages.success(request, _("The round is set up."))
            return redirect("console:nomination-round", round_.pk)
    summary = [{"anchor": setup_body.Field(path, None).dom_id, "message": m}
               for path, ms in errors.items() for m in ms]
    posts = [{"value": value, "label": label,
              "quota_error": errors.get(f"quotas.{value}"),
              "rule_errors": [m for p, ms in errors.items()
                              if p.startswith(f"rules.{value}") for m in ms]}
             for value, label in Post.choices]
    return render(request, "frontend/console/nomination_round_new.html", {
        "posts": posts, "statuses": PoliticalStatus.choices, "errors": summary,
        "values": request.POST, "source_rows": range(SOURCE_ROWS),
        "contests": Contest.objects.filter(state=Contest.State.FINAL).order_by("-year", "id"),
        "nav": "nominations"},
        status=400 if errors else 200)


# --- The board ---------------------------------------------------------------------------


def _allowed_by_status() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    for move in NOMINATION_MOVES:
        if ORGANIZER in move.who:
            for status in move.sources:
                allowed.setdefault(status, set()).add(move.action)
    return allowed


@organizer_page
def round_board(request, pk):
    round_ = selectors.get_round(pk)
    post = request.GET.get("post", "")
    if post not in Post.values:
        post = Post.values[0]
    nominations = list(selectors.nominations_of(round_).filter(post=post))
    allowed = _allowed_by_status()
    for nomination in nominations:
        actions = allowed.get(nomination.status, set())
        nomination.review_stages = [stage for action, stage in REVIEW_ACTIONS.items()
                                    if action in actions]
        nomination.can_withdraw = "withdraw" in actions
        nomination.failed_rules = [check for check in nomination.eligibility
                                   if not check.get("ok")]
    columns = [(value, label, [n for n in nominations if n.status == value])
               for value, label in Nomination.Status.choices]
    rule = next((r for r in round_.post_rules.all() if r.post == post), None)
    plan = post_plan(round_, rule) if rule and round_.state == NominationRound.State.OPEN \
        else None
    notices = (Notice.objects.filter(nomination_round=round_)
               .prefetch_related(Prefetch("objections", queryset=Objection.objects
                                          .order_by("created_at", "id")))
               .order_by("-round", "-id"))
    return render(request, "frontend/console/nomination_board.html", {
        "round": round_, "post": post, "posts": Post.choices, "columns": columns,
        "rule": rule, "problem": plan if isinstance(plan, str) else None,
        "approved": [n for n in nominations if n.status == Nomination.Status.COMMITTEE_APPROVED],
        "moves": [{"action": a, "label": ROUND_ACTION_LABELS[a]}
                  for a in round_actions(round_, request.user)],
        "notices": notices, "decisions": Review.Decision.choices, "nav": "nominations",
    })


def _nomination(request, pk, nomination_id) -> Nomination:
    nomination = selectors.visible_nomination(request.user, nomination_id)
    if nomination.round_id != pk:
        raise Http404
    return nomination


@organizer_page
@require_POST
def nomination_review(request, pk, nomination_id):
    nomination = _nomination(request, pk, nomination_id)
    try:
        services.review(nomination=nomination, stage=request.POST.get("stage", ""),
                        decision=request.POST.get("decision", ""),
                        reason=request.POST.get("reason", ""), actor=request.user)
    except DomainError as error:
        return refused(request, error, _board_url(nomination.round, nomination.post))
    messages.success(request, _("The review is recorded."))
    return redirect(_board_url(nomination.round, nomination.post))


@organizer_page
@require_POST
def nomination_withdraw(request, pk, nomination_id):
    nomination = _nomination(request, pk, nomination_id)
    try:
        services.withdraw(nomination=nomination, actor=request.user,
                          reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, _board_url(nomination.round, nomination.post))
    messages.success(request, _("The nomination is withdrawn."))
    return redirect(_board_url(nomination.round, nomination.post))


@organizer_page
@require_POST
def round_decide(request, pk):
    round_ = selectors.get_round(pk)
    post = request.POST.get("post", "")
    try:
        services.decide(round_=round_, post=post, actor=request.user,
                        nominations=[int(i) for i in request.POST.getlist("nominations")
                                     if i.isdigit()],
                        reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, _board_url(round_, post))
    messages.success(request, _("The decision is recorded."))
    return redirect(_board_url(round_, post))


@organizer_page
@require_POST
def round_move(request, pk, action):
    round_ = selectors.find_round(pk)
    post = request.POST.get("post", Post.values[0])
    try:
        transition_round(round_=round_, action=action, actor=request.user,
                         reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, _board_url(round_, post))
    messages.success(request, _("Done: %(action)s.") % {
        "action": ROUND_ACTION_LABELS.get(action, action)})
    return redirect(_board_url(round_, post))


@organizer_page
@require_POST
def round_resolve(request, pk, objection_id):
    round_ = selectors.find_round(pk)
    try:
        objections.resolve_objection(objection_id=objection_id, actor=request.user,
                                     decision=request.POST.get("decision", ""),
                                     resolution=request.POST.get("resolution", ""))
    except DomainError as error:
        return refused(request, error, _board_url(round_, request.POST.get("post", "")))
    messages.success(request, _("The objection is resolved."))
    return redirect(_board_url(round_, request.POST.get("post", Post.values[0])))
