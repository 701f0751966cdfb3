"""The contest set-up form: the whole nested body on one page (tracks, stages with their
criteria and tie-breaks, tiers, eligibility, dates), validated by the API's own input
serializer and `create_contest` / `update_contest`, each error next to its field.

Rows are added and removed by submit buttons (`op`) that redraw the form without saving;
with HTMX they redraw only the form, in place."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Industry
from contests import selectors, services
from contests.models import Contest, Criterion, Stage, TieBreak
from contests.serializers import ContestWriteSerializer
from core.errors import DomainError, InvalidInput
from core.input import parse

from . import setup_body
from .access import organizer_page
from .contests import moves_for

CHOICES = {
    "kinds": Contest.Kind.choices, "industries": Industry.choices,
    "aggregations": Stage.Aggregation.choices, "normalizations": Stage.Normalize.choices,
    "criterion_kinds": Criterion.Kind.choices, "orders": TieBreak.Order.choices,
}


def _earlier_contests():
    return Contest.objects.order_by("-year", "-registration_opens", "id").only(
        "pk", "title", "year")


def _render(request, raw, errors, contest=None, status=200):
    raw = setup_body.complete(raw)
    form = setup_body.fields_of(raw, errors)
    summary = []
    for path, messages_ in errors.items():
        for message in messages_:
            summary.append({"anchor": setup_body.Field(path, None).dom_id, "path": path,
                            "message": message})
    context = {
        "form": form, "errors": summary, "contest": contest, "earlier": _earlier_contests(),
        "nav": "contests", "tab": "setup", **CHOICES,
    }
    if contest is not None:
        context["moves"] = moves_for(contest, request.user)
    template = ("frontend/console/_setup_form.html" if request.htmx and request.POST.get("op")
                else "frontend/console/setup.html")
    return render(request, template, context, status=status)


def _save(request, raw, contest=None):
    try:
        data = parse(ContestWriteSerializer, setup_body.to_api_body(raw))
        if contest is None:
            contest = services.create_contest(actor=request.user, data=data)
        else:
            services.update_contest(contest=contest, actor=request.user, data=data)
    except InvalidInput as error:
        errors = error.errors or {error.field or "__all__": [str(error.message)]}
        return _render(request, raw, errors, contest, status=400)
    except DomainError as error:
        messages.error(request, str(error.message))
        return _render(request, raw, {}, contest, status=409)
    messages.success(request, _("The contest is saved."))
    return redirect("console:contest", contest.pk)


@organizer_page
def contest_new(request):
    if request.method == "POST":
        raw = setup_body.raw_from_post(request.POST)
        op = request.POST.get("op", "")
        if op:
            return _render(request, setup_body.apply_op(raw, op), {})
        return _save(request, raw)
    source = request.GET.get("copy", "")
    if source.isdigit():
        earlier = selectors.get_visible_contest(request.user, int(source))
        raw = setup_body.raw_from_body(selectors.contest_body(earlier), keep_ids=False)
    else:
        raw = setup_body.blank_contest(timezone.localdate().year)
    return _render(request, raw, {})


@organizer_page
def contest_edit(request, pk):
    contest = selectors.get_visible_contest(request.user, pk)
    if request.method == "POST":
        raw = setup_body.raw_from_post(request.POST)
        op = request.POST.get("op", "")
        if op:
            return _render(request, setup_body.apply_op(raw, op), {}, contest)
        return _save(request, raw, contest)
    raw = setup_body.raw_from_body(selectors.contest_body(contest), keep_ids=True)
    if not contest.is_editable:
        messages.info(request, _("A contest can be edited only while it is a draft."))
    return _render(request, raw, {}, contest)
