"""报名审核: the qualification review queue of a contest, with evidence previews, qualify
or reject with a reason, bulk qualify, filters by track and status, and an export."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contests import selectors, services
from contests.models import Entry
from core.errors import DomainError

from .access import back, organizer_page, refused
from .exports import entries_workbook

PAGE_SIZE = 100


def _filtered(request, contest):
    entries = selectors.entries_in_contest(request.user, contest).exclude(
        status=Entry.Status.DRAFT)
    status = request.GET.get("status", Entry.Status.SUBMITTED)
    if status in Entry.Status.values:
        entries = entries.filter(status=status)
    else:
        status = ""
    track = request.GET.get("track", "")
    if track.isdigit():
        entries = entries.filter(track_id=int(track))
    return entries.order_by("submitted_at", "id"), status, track


@organizer_page
def entry_queue(request, pk):
    contest = selectors.get_visible_contest(request.user, pk)
    entries, status, track = _filtered(request, contest)
    return render(request, "frontend/console/entries.html", {
        "contest": contest, "entries": entries[:PAGE_SIZE], "count": entries.count(),
        "status": status, "track": track,
        "statuses": [(v, label) for v, label in Entry.Status.choices if v != Entry.Status.DRAFT],
        "query": request.GET.urlencode(), "nav": "entries", "tab": "entries",
    })


@organizer_page
def entry_export(request, pk):
    contest = selectors.get_visible_contest(request.user, pk)
    entries, _status, _track = _filtered(request, contest)
    response = HttpResponse(
        entries_workbook(entries),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="entries-{contest.pk}.xlsx"'
    return response


@organizer_page
@require_POST
def entry_review(request, pk, entry_id):
    entry = selectors.get_visible_entry(request.user, entry_id)
    decision = request.POST.get("decision", "")
    try:
        services.review_entry(entry=entry, actor=request.user, decision=decision,
                              reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, _back_to(request, pk))
    message = (_("Entry %(code)s qualified.") if decision == "qualify"
               else _("Entry %(code)s rejected.")) % {"code": entry.code}
    return back(request, _back_to(request, pk), message=message)


@organizer_page
@require_POST
def entry_bulk_qualify(request, pk):
    contest = selectors.get_visible_contest(request.user, pk, with_structure=False)
    ids = [int(i) for i in request.POST.getlist("entries") if i.isdigit()]
    try:
        reviewed = services.review_entries(contest=contest, entry_ids=ids, actor=request.user,
                                           decision="qualify")
    except DomainError as error:
        return refused(request, error, _back_to(request, pk))
    return back(request, _back_to(request, pk),
                message=_("%(count)s entries qualified.") % {"count": len(reviewed)})


def _back_to(request, pk) -> str:
    """The queue as it was filtered (the form carries the query it was posted from)."""
    query = request.POST.get("query", "")
    return reverse("console:entries", args=[pk]) + (f"?{query}" if query else "")
