"""Public pages: home, a notice with its objection form, a contest's published results,
certificate verification. No login needed; nothing here shows what the public may not see
(names are masked and only for workers who consented, by the publicity and judging rules).
"""

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from django.views import i18n as i18n_views
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services as account_services
from contests import selectors as contest_selectors
from contests.models import Contest
from core.errors import DomainError, NotFound
from core.permissions import is_organizer
from core.public_cache import cached_public_read
from core.throttling import ClientRateThrottle
from judging import selectors as judging_selectors
from judging.permissions import can_see_results
from judging.serializers import ResultRowSerializer
from publicity import selectors as publicity_selectors
from publicity.models import Notice
from publicity.numbers import is_well_formed
from publicity.serializers import verification
from publicity.services import file_objection

from .clients import client_address
from .forms import PageForm

HOME_CONTESTS = 6
HOME_NOTICES = 5
HOME_WINNERS = 8
RESULTS_PAGE_SIZE = 50
CURRENT_STATES = (
    Contest.State.REGISTRATION_OPEN, Contest.State.REGISTRATION_CLOSED,
    Contest.State.JUDGING, Contest.State.RESULTS_READY, Contest.State.IN_NOTICE,
)


@cached_public_read
@require_GET
def home(request):
    contests = list(
        Contest.objects.filter(state__in=CURRENT_STATES).order_by("registration_closes", "id")
        [:HOME_CONTESTS])
    notices = list(publicity_selectors.public_notices()
                   .filter(status=Notice.Status.OPEN)[:HOME_NOTICES])
    # Recent winners as their notices published them (masked, consent respected).
    recent = list(publicity_selectors.public_notices().exclude(
        status=Notice.Status.SUPERSEDED)[:3])
    winners = [
        {"line": line, "notice": notice}
        for notice in recent for line in notice.lines if not line.get("withheld")
    ][:HOME_WINNERS]
    return render(request, "frontend/home.html",
                  {"contests": contests, "notices": notices, "winners": winners})


@csrf_exempt
@require_POST
def set_language(request):
    """The language switch: Django's (cookie, back to the page), and for someone logged
    in also their preferred language, so their notifications follow.

    Anonymous visitors post no CSRF token: pages shared from the cache carry none (see
    core/public_cache.py), and a forged post could only choose the language of the
    forger's target's own browser (the cookie; `next` stays on this site). Someone logged
    in writes their account, so the token is checked for them as everywhere."""
    if request.user.is_authenticated:
        return _set_preferred_language(request)
    return i18n_views.set_language(request)


@csrf_protect
def _set_preferred_language(request):
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        account_services.set_preferred_language(user=request.user, language=language)
    return response


@require_GET
def verify_certificate(request, number=""):
    """Public page the certificate's QR code opens: valid, revoked or unknown. Numbers carry
    60 random bits, so answering freely reveals nothing that could be enumerated."""
    typed = request.GET.get("number", "").strip()
    if typed and not number:
        try:
            return redirect("verify-certificate", number=typed)
        except NoReverseMatch:  # e.g. a "/" typed: answer here rather than redirect
            number = typed
    result = None
    if number:
        canonical, certificate = publicity_selectors.find_certificate(number)
        result = verification(canonical, certificate, is_well_formed(canonical))
    status = 404 if result and result["status"] == "unknown" else 200
    return render(request, "frontend/verify.html", {"result": result, "number": number},
                  status=status)


class ObjectionForm(PageForm):
    name = forms.CharField(label=_("Your real name"), max_length=50,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact = forms.CharField(
        label=_("Phone or e-mail"), max_length=100,
        help_text=_("Only the union sees it, to reply to you."),
        widget=forms.TextInput(attrs={"autocomplete": "tel"}))
    text = forms.CharField(
        label=_("Your objection"), max_length=2000,
        help_text=_("Which award, and what you know. Facts help the review: dates, places, "
                    "what you saw."),
        widget=forms.Textarea(attrs={"rows": 6}))


def _objection_throttle(request) -> bool:
    """The API's objection limit (`objections` scope), counted for the page too."""
    throttle = ClientRateThrottle()
    return throttle.allow_request(request, SimpleNamespace(throttle_scope="objections"))


def _notice(pk: int) -> Notice:
    try:
        return publicity_selectors.get_notice(pk)
    except NotFound:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def notice_detail(request, pk: int):
    notice = _notice(pk)
    form = ObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not _objection_throttle(request):
            form.add_error(None, _("Too many objections were sent from your network in the "
                                   "last hour. Please try again later."))
            status = 429
        elif form.is_valid():
            try:
                file_objection(notice_id=notice.pk, user=request.user,
                               ip_address=client_address(request),
                               user_agent=request.headers.get("User-Agent", ""),
                               **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
                status = error.status_code
            else:
                return redirect("notice-objection-received", pk=notice.pk)
        if form.errors and status == 200:
            status = 400
    return render(request, "frontend/notice.html", {
        "notice": notice, "form": form, "accepts": notice.accepts_objections(),
    }, status=status)


@require_GET
def objection_received(request, pk: int):
    return render(request, "frontend/objection_received.html", {"notice": _notice(pk)})


@require_GET
def notice_objections(request, pk: int):
    """The link organizers get when an objection arrives: the notice's objections."""
    if not is_organizer(request.user):
        raise Http404
    notice = _notice(pk)
    objections = publicity_selectors.objections_for(request.user).filter(notice=notice)
    return render(request, "frontend/notice_objections.html",
                  {"notice": notice, "objections": objections})


@cached_public_read
@require_GET
def contest_results(request, pk: int):
    try:
        contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
        if not can_see_results(request.user, contest):
            raise NotFound()
        result_set = judging_selectors.result_set_for(contest)
    except NotFound:
        raise Http404 from None
    page = Paginator(judging_selectors.result_rows(result_set),
                     RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    # The API's rule for names: organizers see them; others the masked name, with consent.
    names = ResultRowSerializer(context={"request": request})
    rows = [{"row": row, "name": names.get_worker(row)} for row in page.object_list]
    return render(request, "frontend/results.html", {
        "contest": contest, "result_set": result_set, "page": page, "rows": rows,
        "notice": publicity_selectors.current_notice(contest),
    })
