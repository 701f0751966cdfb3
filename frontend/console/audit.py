"""审计: the trail of a contest (who did what, when, why) and the verification of the
hash chain (`audit.services.verify_chain`, as `manage.py verify_audit`)."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from audit.models import AuditEvent
from audit.services import verify_chain
from contests import selectors as contest_selectors
from contests.models import Stage

from .access import organizer_page

PAGE_SIZE = 100
# Newest first across every stream: in the order events were written (`seq` numbers each
# stream on its own, so it orders only within one).
NEWEST_FIRST = "-id"


def contest_events(contest):
    """Events about the contest itself, its stages (panels, assignments, results), and
    anything whose data names the contest (entries, notices, certificates): one query."""
    stages = Stage.objects.filter(contest=contest).values_list("pk", flat=True)
    stage_ids = [str(pk) for pk in stages]
    return AuditEvent.objects.filter(
        Q(object_type="contests.contest", object_id=str(contest.pk))
        | Q(object_type="contests.stage", object_id__in=stage_ids)
        | Q(data__contest=contest.pk)
    ).order_by(NEWEST_FIRST)


@organizer_page
def contest_audit(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk)
    page = Paginator(contest_events(contest), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/console/audit.html", {
        "contest": contest, "page": page, "nav": "audit", "tab": "audit"})


@organizer_page
def audit(request):
    report = verify_chain() if request.method == "POST" else None
    page = Paginator(AuditEvent.objects.order_by(NEWEST_FIRST), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "frontend/console/audit.html", {
        "page": page, "report": report, "nav": "audit"})
