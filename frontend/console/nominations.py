"""推荐: nomination rounds (set-up), a board per post with a column for each status,
union and committee reviews with reasons, withdrawals, the decision at the quota boundary,
the round's moves, its notice with objections, and the 推荐人选名册 export. Every write is
the nominations app's own service; its refusal is shown in its own words."""

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
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

from .access import organizer_page, refused

SOURCE_ROWS = 3
RULE_NUMBERS = ("min_age", "max_age", "min_years", "min_non_party_share")
RULE_CHECKS = ("union_member", "require_award")
# Which review form a nomination's moves call for.
REVIEW_ACTIONS = {"union_approve": ReviewStage.UNION, "committee_approve": ReviewStage.COMMITTEE}
# A round of a province holds over a thousand nominations: the board shows the best-ranked
# of each status column, and a column on its own is paged.
COLUMN_SIZE = 20
COLUMN_PAGE_SIZE = 50


def _board_url(round_, post) -> str:
    return reverse("console:nomination-round", args=[round_.pk]) + f"?post={post}"


# --- Rounds ---------------------------------------------------------------------------


@organizer_page
def round_list(request):
    return render(request, "frontend/console/nomination_rounds.html", {
        "rounds": selectors.rounds(), "nav": "nominations"})


FIELD_LABELS = {
    "title": _lazy("Title"), "term": _lazy("Term"),
    "reference_date": _lazy("Reference date"), "notice_days": _lazy("Notice (working days)"),
    "quotas": _lazy("Quotas"), "rules": _lazy("Eligibility rules"),
    "exclusive_posts": _lazy("Exclusive posts"), "sources": _lazy("Source contests"),
}


def _source_rows(values) -> int:
    """How many source rows the form shows: every one given, one spare, at least three."""
    given = [int(m) for key in values if values.get(key)
             for m in re.findall(r"^sources\[(\d+)\]\.contest$", key)]
    return max(SOURCE_ROWS, max(given, default=-1) + 2)


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
    body["sources"] = []
    for i in range(_source_rows(post)):
        if post.get(f"sources[{i}].contest", "").strip():
            source = {"contest": post.get(f"sources[{i}].contest"),
                      "weight": post.get(f"sources[{i}].weight") or "1"}
            if post.getlist(f"sources[{i}].posts"):
                source["posts"] = post.getlist(f"sources[{i}].posts")
            body["sources"].append(source)
    return body


def _plain(value) -> str:
    return "" if value is None else str(value)


def _round_values(round_: NominationRound) -> QueryDict:
    """The stored round as the form's fields, so the edit form opens filled in."""
    values = QueryDict(mutable=True)
    values.update({"title": round_.title, "term": round_.term,
                   "reference_date": round_.reference_date.isoformat(),
                   "notice_days": str(round_.notice_days)})
    for rule in round_.post_rules.all():
        values[f"quotas.{rule.post}"] = str(rule.quota)
        for name in RULE_NUMBERS:
            if getattr(rule, name) is not None:
                values[f"rules.{rule.post}.{name}"] = _plain(getattr(rule, name))
        for name in RULE_CHECKS:
            if getattr(rule, name):
                values[f"rules.{rule.post}.{name}"] = "on"
        values.setlist(f"rules.{rule.post}.political_status", list(rule.political_status))
    for i, source in enumerate(round_.sources.all()):
        values[f"sources[{i}].contest"] = str(source.contest_id)
        values[f"sources[{i}].weight"] = _plain(source.weight.normalize())
        values.setlist(f"sources[{i}].posts", list(source.posts or []))
    return values


def _field_label(path: str) -> str:
    """The form's name for an error path (`quotas.cppcc`, `sources[1].weight`)."""
    source = re.match(r"^sources\[(\d+)\]", path)
    if source:
        return _("Contest %(n)s") % {"n": int(source.group(1)) + 1}
    parts = path.split(".")
    if parts[0] in ("quotas", "rules") and len(parts) > 1 and parts[1] in Post.values:
        return str(Post(parts[1]).label)
    return str(FIELD_LABELS.get(parts[0], path))


def _anchor(path: str) -> str:
    """The id of the field (or the group) an error path points at in the form."""
    source = re.match(r"^sources\[(\d+)\]", path)
    if source:
        return f"f-sources-{source.group(1)}-contest"
    parts = path.split(".")
    if parts[0] in ("quotas", "rules") and len(parts) > 1:
        return f"f-{parts[0]}-{parts[1]}"
    if parts[0] == "rules":
        return "f-quotas"
    return "f-" + parts[0].replace("_", "-")


def _round_form(request, *, values, errors, round_=None):
    """The set-up form (new or edit): every field filled from `values`, every error named
    by its field in the summary and shown next to it."""
    summary = [{"anchor": _anchor(path),
                "message": _("%(field)s: %(message)s") % {"field": _field_label(path),
                                                          "message": m}}
               for path, ms in errors.items() for m in ms]
    posts = [{"value": value, "label": label, "quota": values.get(f"quotas.{value}", ""),
              "numbers": {name: values.get(f"rules.{value}.{name}", "")
                          for name in RULE_NUMBERS},
              "checks": {name: f"rules.{value}.{name}" in values for name in RULE_CHECKS},
              "statuses": values.getlist(f"rules.{value}.political_status"),
              "quota_error": errors.get(f"quotas.{value}"),
              "rule_errors": [m for p, ms in errors.items()
                              if p.startswith(f"rules.{value}") for m in ms]}
             for value, label in Post.choices]
    sources = [{"index": i, "contest": values.get(f"sources[{i}].contest", ""),
                "weight": values.get(f"sources[{i}].weight", "1"),
                "posts": values.getlist(f"sources[{i}].posts"),
                "errors": [m for p, ms in errors.items()
                           if p.startswith(f"sources[{i}]") for m in ms]}
               for i in range(_source_rows(values))]
    chosen = [int(s["contest"]) for s in sources if s["contest"].isdigit()]
    return render(request, "frontend/console/nomination_round_form.html", {
        "round": round_, "posts": posts, "statuses": PoliticalStatus.choices,
        "errors": summary, "field_errors": {k: v for k, v in errors.items() if "." not in k
                                            and "[" not in k},
        "values": values, "sources": sources, "post_choices": Post.choices,
        "contests": Contest.objects.filter(Q(state=Contest.State.FINAL) | Q(pk__in=chosen))
        .order_by("-year", "id"),
        "nav": "nominations"},
        status=400 if errors else 200)


def _errors_of(error: DomainError) -> dict:
    if isinstance(error, InvalidInput):
        return error.errors or {error.field or "__all__": [str(error.message)]}
    return {"__all__": [str(error.message)]}


def _round_data(post) -> dict:
    """The form through the API's own input serializer (types and ranges)."""
    data = parse(RoundInputSerializer, _round_body(post))
    data["rules"] = {p: dict(rule) for p, rule in data.get("rules", {}).items()}
    data["sources"] = [dict(source) for source in data.get("sources", [])]
    return data


@organizer_page
def round_new(request):
    errors: dict = {}
    if request.method == "POST":
        try:
            round_ = services.create_round(actor=request.user, **_round_data(request.POST))
        except DomainError as error:
            errors = _errors_of(error)
        else:
            messages.success(request, _("The round is set up."))
            return redirect("console:nomination-round", round_.pk)
    return _round_form(request, values=request.POST, errors=errors)


@organizer_page
def round_edit(request, pk):
    """Change a round while it is open: the same service and checks as the API's PATCH."""
    round_ = selectors.get_round(pk)
    if round_.state not in NominationRound.State.EDITABLE:
        messages.error(request, _("A round can be changed only while it is open."))
        return redirect("console:nomination-round", round_.pk)
    errors: dict = {}
    if request.method == "POST":
        try:
            services.update_round(round_=round_, actor=request.user,
                                  changes=_round_data(request.POST))
        except DomainError as error:
            errors = _errors_of(error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect("console:nomination-round", round_.pk)
    values = request.POST if request.method == "POST" else _round_values(round_)
    return _round_form(request, values=values, errors=errors, round_=round_)


# --- The board ---------------------------------------------------------------------------


def _allowed_by_status() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    for move in NOMINATION_MOVES:
        if ORGANIZER in move.who:
            for status in move.sources:
                allowed.setdefault(status, set()).add(move.action)
    return allowed


class _CountedPaginator(Paginator):
    """A paginator told its count (the board has counted every column already)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def _board_nominations(round_, post, status, counts, page_number):
    """The board's cards: the first COLUMN_SIZE of each status (one query), or a page of
    one status's column. Ranked as the list is (`nominations.selectors.ranked`)."""
    nominations = selectors.nominations_of(round_).filter(post=post)
    if status:
        page = _CountedPaginator(nominations.filter(status=status), COLUMN_PAGE_SIZE,
                                 counts.get(status, 0)).get_page(page_number)
        return list(page.object_list), page
    place = Window(RowNumber(), partition_by=[F("status")], order_by=[
        F("composite_score").desc(), F("best_rank").asc(nulls_last=True), F("id").asc()])
    # The places are numbered over the post's nominations alone (a subquery), and only
    # the cards shown are joined to their workers: numbering the joined rows hashed every
    # user (a sequential scan of 100,000 users for the 1,280 nominations of one post).
    shown = (Nomination.objects.filter(round=round_, post=post).order_by()
             .annotate(place=place).filter(place__lte=COLUMN_SIZE).values("pk"))
    return list(nominations.filter(pk__in=shown)), None


@organizer_page
def round_board(request, pk):
    round_ = selectors.get_round(pk)
    post = request.GET.get("post", "")
    if post not in Post.values:
        post = Post.values[0]
    status = request.GET.get("status", "")
    if status not in Nomination.Status.values:
        status = ""
    counts = dict(Nomination.objects.filter(round=round_, post=post).order_by()
                  .values_list("status").annotate(n=Count("id")))
    nominations, page = _board_nominations(round_, post, status, counts,
                                           request.GET.get("page"))
    allowed = _allowed_by_status()
    for nomination in nominations:
        actions = allowed.get(nomination.status, set())
        nomination.review_stages = [stage for action, stage in REVIEW_ACTIONS.items()
                                    if action in actions]
        nomination.can_withdraw = "withdraw" in actions
        nomination.can_promote = ("promote" in actions
                                  and round_.state == NominationRound.State.IN_NOTICE)
        nomination.failed_rules = [check for check in nomination.eligibility
                                   if not check.get("ok")]
    columns = [(value, label, [n for n in nominations if n.status == value],
                counts.get(value, 0))
               for value, label in Nomination.Status.choices if not status or value == status]
    rule = next((r for r in round_.post_rules.all() if r.post == post), None)
    plan = post_plan(round_, rule) if rule and round_.state == NominationRound.State.OPEN \
        else None
    notices = (Notice.objects.filter(nomination_round=round_)
               .prefetch_related(Prefetch("objections", queryset=Objection.objects
                                          .order_by("created_at", "id")))
               .order_by("-round", "-id"))
    return render(request, "frontend/console/nomination_board.html", {
        "round": round_, "post": post, "posts": Post.choices, "columns": columns,
        "status": status, "page": page,
        "rule": rule, "problem": plan if isinstance(plan, str) else None,
        # Read only when a decision is needed (the template asks for it then).
        "approved": selectors.ranked(Nomination.objects.filter(
            round=round_, post=post, status=Nomination.Status.COMMITTEE_APPROVED,
        ).select_related("worker")),
        "moves": [{"action": a, "label": ROUND_ACTION_LABELS[a]}
                  for a in round_actions(round_, request.user)],
        "notices": notices, "decisions": Review.Decision.choices, "nav": "nominations",
        "editable": round_.state in NominationRound.State.EDITABLE,
        "in_notice": round_.state == NominationRound.State.IN_NOTICE,
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
def nomination_promote(request, pk, nomination_id):
    """Put the best-ranked reserve on the list (the API's promote); the notice is then
    restarted so the public sees the new list."""
    nomination = _nomination(request, pk, nomination_id)
    try:
        services.promote(nomination=nomination, actor=request.user)
    except DomainError as error:
        return refused(request, error, _board_url(nomination.round, nomination.post))
    messages.success(request, _("%(name)s is promoted onto the list. Restart the notice so "
                                "that the public sees the new list.")
                     % {"name": nomination.worker.real_name})
    return redirect(_board_url(nomination.round, nomination.post))


@organizer_page
@require_POST
def round_restart(request, pk):
    """After an upheld objection: a fresh notice period with the current list."""
    round_ = selectors.find_round(pk)
    post = request.POST.get("post", Post.values[0])
    try:
        services.restart_round_notice(round_=round_, actor=request.user,
                                      reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, _board_url(round_, post))
    messages.success(request, _("The notice is restarted with the current list."))
    return redirect(_board_url(round_, post))


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
