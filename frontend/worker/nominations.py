"""The worker's nominations (两代表一委员): the list, one nomination with its provenance,
and the answer (accept, or decline, which withdraws it)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError, NotFound
from nominations import selectors
from nominations.models import Nomination
from nominations.services.consent import respond

from .entries import _worker_only
from .forms import ConfirmForm


@require_GET
@_worker_only
def nomination_list(request):
    return render(request, "frontend/worker/nomination_list.html",
                  {"nominations": selectors.nominations_of_worker(request.user)})


def _own(request, pk: int) -> Nomination:
    try:
        nomination = selectors.visible_nomination(request.user, pk)
    except NotFound:
        raise Http404 from None
    if nomination.worker_id != request.user.pk:
        raise Http404
    return nomination


@require_http_methods(["GET", "POST"])
@_worker_only
def nomination_detail(request, pk: int):
    nomination = _own(request, pk)
    decline_form = ConfirmForm(request.POST if request.POST.get("answer") == "decline" else None,
                               label=_("I understand that declining withdraws this "
                                       "nomination."))
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "accept" or (answer == "decline" and decline_form.is_valid()):
            try:
                respond(nomination=nomination, actor=request.user, accept=answer == "accept")
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("Thank you: you accepted the nomination.")
                                 if answer == "accept"
                                 else _("You declined: the nomination is withdrawn."))
            return redirect("worker:nomination", pk=nomination.pk)
    can_answer = nomination.status in Nomination.Status.LIVE
    return render(request, "frontend/worker/nomination_detail.html", {
        "nomination": nomination, "decline_form": decline_form, "can_answer": can_answer,
    }, status=400 if decline_form.errors else 200)
