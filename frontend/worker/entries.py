"""Entering a contest and following the entry: track and statement, evidence (with a
progress bar and preview when JavaScript runs, a plain multipart form when it does not),
submission with confirmation, withdrawal, and the status timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contests import selectors as contest_selectors
from contests.entry_actions import entry_actions
from contests.services import attachments as attachment_services
from contests.services import entries as entry_services
from core.errors import DomainError, NotFound
from core.permissions import is_worker

from .forms import ConfirmForm, EnterForm, EvidenceForm, StatementForm, WithdrawForm
from .timeline import timeline

PAGE_SIZE = 50


def _worker_only(view):
    """Worker pages: others get a 404 (what is not yours does not exist)."""
    def wrapped(request, *args, **kwargs):
        if not is_worker(request.user):
            raise Http404
        return view(request, *args, **kwargs)
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


def _own_entry(request, pk: int):
    try:
        entry = contest_selectors.get_visible_entry(request.user, pk)
    except NotFound:
        raise Http404 from None
    if entry.worker_id != request.user.pk:
        raise Http404
    return entry


@require_http_methods(["GET", "POST"])
@_worker_only
def enter(request, pk: int):
    try:
        contest = contest_selectors.get_visible_contest(request.user, pk)
    except NotFound:
        raise Http404 from None
    tracks = list(contest.tracks.all())
    # One track: nothing to choose, it is chosen already.
    initial = {"track": tracks[0].pk} if len(tracks) == 1 else {}
    form = EnterForm(request.POST or None, tracks=tracks, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = entry_services.create_entry(
                contest=contest, actor=request.user, track_id=form.cleaned_data["track"],
                statement=form.cleaned_data["statement"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your entry is saved as a draft. Add your evidence, "
                                        "then submit it."))
            return redirect("worker:entry", pk=entry.pk)
    return render(request, "frontend/worker/enter.html", {"contest": contest, "form": form},
                  status=400 if form.errors else 200)


@require_GET
@_worker_only
def entry_list(request):
    entries = (contest_selectors.entries_with_details(request.user)
               .filter(worker=request.user).order_by("-created_at", "-id"))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/worker/entry_list.html", {"page": page})


def _entry_page(request, entry, *, statement_form=None, evidence_form=None, status=200):
    actions = entry_actions(entry, entry.contest)
    return render(request, "frontend/worker/entry_detail.html", {
        "entry": entry, "contest": entry.contest, "actions": actions,
        "steps": timeline(entry),
        "statement_form": statement_form or StatementForm(
            initial={"statement": entry.statement}),
        "evidence_form": evidence_form or EvidenceForm(),
    }, status=status)


@require_GET
@_worker_only
def entry_detail(request, pk: int):
    return _entry_page(request, _own_entry(request, pk))


@require_POST
@_worker_only
def edit_statement(request, pk: int):
    entry = _own_entry(request, pk)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            entry_services.update_entry(entry=entry, actor=request.user,
                                        statement=form.cleaned_data["statement"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your statement is saved."))
            return redirect("worker:entry", pk=entry.pk)
    return _entry_page(request, entry, statement_form=form, status=400)


def _evidence_fragment(request, entry, *, form=None, status=200, added=False):
    """The evidence section alone: what the upload script swaps in after each upload."""
    entry = _own_entry(request, entry.pk)
    return render(request, "frontend/worker/_evidence.html", {
        "entry": entry, "actions": entry_actions(entry, entry.contest),
        "evidence_form": form or EvidenceForm(), "added": added,
    }, status=status)


@require_POST
@_worker_only
def upload_evidence(request, pk: int):
    entry = _own_entry(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    partial = request.headers.get("X-Evidence-Upload") == "1"
    if form.is_valid():
        try:
            attachment_services.add_attachment(entry=entry, actor=request.user,
                                               upload=form.cleaned_data["file"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if partial:
                return _evidence_fragment(request, entry, added=True)
            messages.success(request, _("The file is added."))
            return redirect(f"{entry_url(entry)}#evidence")
    if partial:
        return _evidence_fragment(request, entry, form=form, status=400)
    return _entry_page(request, entry, evidence_form=form, status=400)


@require_POST
@_worker_only
def remove_evidence(request, pk: int, attachment: int):
    entry = _own_entry(request, pk)
    try:
        attachment_services.remove_attachment(entry=entry, actor=request.user,
                                              attachment_id=attachment)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The file is removed."))
    return redirect(f"{entry_url(entry)}#evidence")


@require_http_methods(["GET", "POST"])
@_worker_only
def submit(request, pk: int):
    entry = _own_entry(request, pk)
    form = ConfirmForm(request.POST or None,
                       label=_("I have checked my track, statement and files."))
    if request.method == "POST" and form.is_valid():
        try:
            entry_services.submit_entry(entry=entry, actor=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your entry is submitted. The result of the "
                                        "eligibility review will be sent to you by SMS."))
            return redirect("worker:entry", pk=entry.pk)
    return render(request, "frontend/worker/entry_submit.html",
                  {"entry": entry, "contest": entry.contest, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@_worker_only
def withdraw(request, pk: int):
    entry = _own_entry(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry_services.withdraw_entry(entry=entry, actor=request.user,
                                          reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your entry is withdrawn."))
            return redirect("worker:entry", pk=entry.pk)
    return render(request, "frontend/worker/entry_withdraw.html",
                  {"entry": entry, "contest": entry.contest, "form": form},
                  status=400 if form.errors else 200)


@require_GET
@login_required
def evidence_download(request, pk: int):
    """A file of an entry, for its worker (preview and download) and organizers."""
    try:
        found = contest_selectors.evidence_file(request.user, pk)
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("home")
    # Pictures may show in the page; anything else (a PDF can carry scripts) downloads.
    inline = found.content_type.startswith("image/")
    return FileResponse(found.stream, content_type=found.content_type,
                        as_attachment=not inline, filename=found.filename)


def entry_url(entry) -> str:
    return reverse("worker:entry", kwargs={"pk": entry.pk})
