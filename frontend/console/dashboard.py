"""工作台: contests by state with their next move and deadline, the entries awaiting
review, judging progress, pending objections and notices ending soon."""

from django.shortcuts import render

from contests.models import Contest

from . import overview
from .access import organizer_page

DASHBOARD_LIST_LIMIT = 20


@organizer_page
def dashboard(request):
    lines = overview.contest_lines(request.user, overview.current_contests_with_counts())
    by_state = {}
    for line in lines:
        by_state.setdefault(line.contest.state, []).append(line)
    groups = [(label, by_state[state]) for state, label in Contest.State.choices
              if state in by_state]
    waiting = [line for line in lines if line.contest.entries_waiting]
    judging = [line for line in lines
               if line.progress and line.contest.state == Contest.State.JUDGING]
    return render(request, "frontend/console/dashboard.html", {
        "groups": groups, "waiting": waiting, "judging": judging,
        "objections": list(overview.pending_objections()[:DASHBOARD_LIST_LIMIT]),
        "ending": list(overview.notices_ending_soon()[:DASHBOARD_LIST_LIMIT]),
        "nav": "dashboard",
    })
