"""结果: the ranked table per track with tiers, incomplete entries and ties that need a
decision (decided with a form), recomputation, and what still blocks publication."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contests import selectors as contest_selectors
from contests.transitions import available_actions
from core.errors import DomainError, NotFound
from judging import selectors
from judging.services import results as results_service

from .access import organizer_page, refused


@organizer_page
def results(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk)
    try:
        result_set = selectors.result_set_for(contest)
    except NotFound:
        result_set = None
    rows = list(selectors.result_rows(result_set)) if result_set else []
    tiers = list(contest.tiers.all())
    return render(request, "frontend/console/results.html", {
        "contest": contest, "result_set": result_set, "rows": rows,
        "tied": [row for row in rows if row.needs_decision], "tiers": tiers,
        "problem": results_service.publication_problem(contest) if result_set else None,
        "can_publish": "publish" in available_actions(contest, request.user),
        "nav": "results", "tab": "results",
    })


@organizer_page
@require_POST
def recompute(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    try:
        results_service.request_computation(contest=contest)
    except DomainError as error:
        return refused(request, error, "console:results", pk)
    messages.success(request, _("The results are being computed; reload in a moment."))
    return redirect("console:results", pk)


@organizer_page
@require_POST
def decide(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    tier = request.POST.get("tier", "")
    try:
        results_service.decide_tie(
            contest=contest, entry_ids=request.POST.getlist("entries"),
            tier_id=int(tier) if tier.isdigit() else None,
            reason=request.POST.get("reason", ""), actor=request.user,
            widen=request.POST.get("widen") == "on",
        )
    except DomainError as error:
        return refused(request, error, "console:results", pk)
    messages.success(request, _("The decision is recorded and the results recomputed."))
    return redirect("console:results", pk)
