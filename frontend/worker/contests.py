"""Contests: the list (each marked "you can enter" or with the rules that fail) and a
contest's page with its rules, dates, tracks and rubric. Public; a logged-in worker also
sees what they may do."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contests import selectors as contest_selectors
from contests.eligibility_preview import entry_options
from contests.models import Contest
from core.errors import NotFound
from core.permissions import is_worker
from publicity import selectors as publicity_selectors

# Order of the sections on the list: what a worker can act on first.
SECTIONS = (
    (Contest.State.REGISTRATION_OPEN,),
    (Contest.State.REGISTRATION_CLOSED, Contest.State.JUDGING, Contest.State.RESULTS_READY),
    (Contest.State.IN_NOTICE, Contest.State.FINAL),
)
# Published contests accumulate year after year (950 over five years at province scale):
# that section is paged, newest first; the open and running ones are always all shown.
PUBLISHED_PAGE_SIZE = 20


@require_GET
def contest_list(request):
    visible = contest_selectors.visible_contests(request.user)
    published = visible.filter(state__in=SECTIONS[2]).order_by("-registration_closes", "-id")
    # The page of published ids stays a subquery: one COUNT more, the same queries after.
    page = Paginator(published.values("pk"), PUBLISHED_PAGE_SIZE).get_page(
        request.GET.get("page"))
    contests = list(visible.filter(Q(state__in=SECTIONS[0] + SECTIONS[1])
                                   | Q(pk__in=page.object_list))
                    .order_by("registration_closes", "id"))
    options = entry_options(request.user, contests) if is_worker(request.user) else {}
    rows = [{"contest": c, "option": options.get(c.pk)} for c in contests]
    sections = [
        [row for row in rows if row["contest"].state in states] for states in SECTIONS
    ]
    sections[2].reverse()  # newest first, as paged
    return render(request, "frontend/worker/contest_list.html", {
        "open_rows": sections[0], "running_rows": sections[1], "published_rows": sections[2],
        "page": page,
    })


@require_GET
def contest_detail(request, pk: int):
    try:
        contest = contest_selectors.get_visible_contest(request.user, pk)
    except NotFound:
        raise Http404 from None
    option = entry_options(request.user, [contest])[contest.pk] if is_worker(request.user) else None
    notice = publicity_selectors.current_notice(contest)
    return render(request, "frontend/worker/contest_detail.html", {
        "contest": contest, "option": option, "notice": notice,
        "published": contest.state in Contest.State.PUBLISHED,
    })
