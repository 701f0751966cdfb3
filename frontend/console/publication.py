"""公示 and 证书: a contest's notices with their objections (resolved with a written
resolution), restarting the notice after an amendment, certificates with revoke, and the
export. The lists of every notice and every certificate are here too."""

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contests import selectors as contest_selectors
from core.errors import DomainError
from publicity import selectors
from publicity.models import Certificate, Notice, Objection
from publicity.services import certificates, notices, objections

from .access import organizer_page, refused

LIST_LIMIT = 200


def _objections():
    return Prefetch("objections", queryset=Objection.objects.select_related("resolved_by")
                    .order_by("created_at", "id"))


@organizer_page
def publication(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk)
    return render(request, "frontend/console/publication.html", {
        "contest": contest,
        "notices": Notice.objects.filter(contest=contest).prefetch_related(_objections())
        .order_by("-round", "-id"),
        "certificates": Certificate.objects.filter(contest=contest).order_by("number")
        [:LIST_LIMIT],
        "decisions": [(Objection.Status.UPHELD, Objection.Status.UPHELD.label),
                      (Objection.Status.DISMISSED, Objection.Status.DISMISSED.label)],
        "nav": "notices", "tab": "publication",
    })


@organizer_page
@require_POST
def resolve(request, pk, objection_id):
    contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    try:
        objections.resolve_objection(objection_id=objection_id, actor=request.user,
                                     decision=request.POST.get("decision", ""),
                                     resolution=request.POST.get("resolution", ""))
    except DomainError as error:
        return refused(request, error, "console:publication", pk)
    messages.success(request, _("The objection is resolved."))
    return redirect("console:publication", pk)


@organizer_page
@require_POST
def restart(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    try:
        notices.restart_notice(contest=contest, actor=request.user,
                               reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, "console:publication", pk)
    messages.success(request, _("A new notice period has started."))
    return redirect("console:publication", pk)


@organizer_page
@require_POST
def revoke(request, number):
    canonical, certificate = selectors.find_certificate(number)
    if certificate is None:
        raise Http404
    try:
        certificates.revoke_certificate(certificate=certificate, actor=request.user,
                                        reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, "console:publication", certificate.contest_id)
    messages.success(request, _("Certificate %(number)s is revoked.") % {"number": canonical})
    return redirect("console:publication", certificate.contest_id)


@organizer_page
def notice_list(request):
    return render(request, "frontend/console/notices.html", {
        "notices": selectors.public_notices()[:LIST_LIMIT], "nav": "notices"})


@organizer_page
def certificate_list(request):
    found = Certificate.objects.select_related("contest").order_by("-issued_at", "number")
    query = request.GET.get("q", "").strip()
    if query:
        found = found.filter(Q(number__icontains=query) | Q(holder_name__contains=query))
    return render(request, "frontend/console/certificates.html", {
        "certificates": found[:LIST_LIMIT], "q": query, "nav": "certificates"})
