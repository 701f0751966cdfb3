"""比赛: the contest list, one contest's overview, and its moves through the state machine.

The buttons are exactly the moves `contests.transitions.available_actions` offers from the
current state; the move itself is `transition_contest`, whose refusal (a guard, or a state
that changed meanwhile) is shown in its own words."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from contests import selectors, services
from contests.models import Contest
from contests.transitions import ACTION_LABELS, MOVES, available_actions
from core.errors import DomainError

from . import overview
from .access import back, organizer_page, refused

# What each move does, in words, on its confirmation page (the table says where it goes).
MOVE_CONSEQUENCES = {
    "open_registration": gettext_lazy("Workers can enter from now on; the set-up can no longer "
                                      "be edited."),
    "close_registration": gettext_lazy("No new entries are accepted."),
    "open_judging": gettext_lazy("Judges see their assigned entries and can score them."),
    "close_judging": gettext_lazy("Judges can no longer score; the results are computed."),
    "publish": gettext_lazy("The results go on a public notice; anyone can object during it."),
    "finalize": gettext_lazy("The results become final and certificates are issued. This cannot be "
                  "undone."),
    "cancel": gettext_lazy("The contest is cancelled for good. This cannot be undone."),
    "amend_results": gettext_lazy("The notice is withdrawn so that the results can be corrected."),
    "reopen_judging": gettext_lazy("Judges can score again; the results will be recomputed."),
}
DESTRUCTIVE = ("finalize", "cancel", "amend_results")
# The contest list can lead straight to one tab of each contest (the side navigation).
# The contest list is paged: a province keeps a thousand contests over five years.
PAGE_SIZE = 50
LIST_TABS = ("entries", "judging", "results")


def _contest(request, pk) -> Contest:
    return selectors.get_visible_contest(request.user, pk)


def moves_for(contest, user) -> list[dict]:
    return [{"action": a, "label": ACTION_LABELS[a], "danger": a in DESTRUCTIVE}
            for a in available_actions(contest, user)]


@organizer_page
def contest_list(request):
    state = request.GET.get("state", "")
    contests = Contest.objects.all()
    if state in Contest.State.values:
        contests = contests.filter(state=state)
    page, contests = overview.contest_page(contests, request.GET.get("page"), PAGE_SIZE)
    return render(request, "frontend/console/contest_list.html", {
        "lines": overview.contest_lines(request.user, contests), "page": page,
        "states": Contest.State.choices, "state": state, "nav": "contests",
        "tab": request.GET.get("tab", "") if request.GET.get("tab") in LIST_TABS else "",
    })


@organizer_page
def contest_detail(request, pk):
    contest = _contest(request, pk)
    line = overview.contest_lines(request.user, overview.contests_with_counts().filter(pk=pk),
                                  progress_states=None)[0]
    return render(request, "frontend/console/contest_detail.html", {
        "contest": contest, "line": line, "moves": moves_for(contest, request.user),
        "nav": "contests", "tab": "overview",
    })


@organizer_page
@require_http_methods(["GET", "POST"])
def contest_move(request, pk, action):
    contest = _contest(request, pk)
    if action not in MOVES:
        raise Http404
    if request.method == "POST":
        try:
            services.transition_contest(contest=contest, action=action, actor=request.user,
                                        reason=request.POST.get("reason", "").strip())
        except DomainError as error:
            return refused(request, error, "console:contest", pk)
        return back(request, "console:contest", pk, message=_("Done: %(action)s.") % {
            "action": ACTION_LABELS[action]})
    if action not in available_actions(contest, request.user):
        messages.error(request, _("“%(action)s” is not possible while the contest is "
                                  "“%(state)s”.") % {"action": ACTION_LABELS[action],
                                                     "state": contest.get_state_display()})
        return redirect("console:contest", pk)
    return render(request, "frontend/console/contest_move.html", {
        "contest": contest, "action": action, "label": ACTION_LABELS[action],
        "target": Contest.State(MOVES[action].target).label,
        "consequence": MOVE_CONSEQUENCES[action], "danger": action in DESTRUCTIVE,
        "nav": "contests", "tab": "overview",
    })
