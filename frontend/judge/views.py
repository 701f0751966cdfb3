"""Judge pages: the assignment list, the scoring page, submission and conflicts.

Thin: parse, call the judging service or selector the API uses, render. Every form works
without JavaScript; `static/frontend/judge/scoring.js` adds autosave and offline edits."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from contests.models import Contest, Stage
from core.errors import InvalidInput, NotAllowed, NotFound
from core.ids import MAX_ID
from judging import selectors
from judging.services import panels, scorecards

from . import presenters
from .access import judge_required
from .forms import AssignmentFilterForm, ClearScoreForm, ConflictForm, ScorecardForm, SubmitForm

# A phone's screenful or two: a judge's five years of work (15,600 rows at province scale)
# is paged, the current work first.
PAGE_SIZE = 50


def _assignment(request, pk):
    if pk > MAX_ID:
        raise Http404
    assignment = presenters.judge_assignments(request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


@judge_required
def assignment_list(request):
    assignments = presenters.judge_assignments(request.user)
    # The filter offers the stages of contests not yet closed (a short list on a phone),
    # and the one asked for, if any: five years of stages would be a thousand options.
    offered = ~Q(contest__state__in=(Contest.State.FINAL, Contest.State.CANCELLED))
    asked = request.GET.get("stage", "")
    if asked.isdigit() and int(asked) <= MAX_ID:
        offered |= Q(pk=int(asked))
    stages = Stage.objects.filter(offered, pk__in=assignments.values("stage_id")).select_related(
        "contest").order_by("-contest_id", "position", "id")
    form = AssignmentFilterForm(request.GET or None, stages=stages)
    if form.is_valid():
        if form.cleaned_data["stage"]:
            assignments = assignments.filter(stage_id=form.cleaned_data["stage"])
        status = form.cleaned_data["status"]
        if status == presenters.PENDING:
            assignments = assignments.filter(scorecard__isnull=True)
        elif status:
            assignments = assignments.filter(scorecard__state=status)
    # The current work first (contests being judged), then the rest, newest contest first.
    assignments = assignments.annotate(history=Case(
        When(stage__contest__state=Contest.State.JUDGING, then=Value(0)),
        default=Value(1), output_field=IntegerField(),
    )).order_by("history", "-stage__contest_id", "stage__position", "entry__code", "id")
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "page": page,
        "rows": presenters.assignment_rows(page.object_list, request.user),
        "progress": selectors.judge_progress(request.user),
    }
    template = ("frontend/judge/_assignment_rows.html" if request.htmx
                else "frontend/judge/assignments.html")
    return render(request, template, context)


def datetime_format() -> str:
    # Translators: a PHP-style date format, as Django's `date` filter reads it.
    return pgettext("date and time format", "j M Y, H:i")


def script_strings() -> dict:
    """What scoring.js says, translated here (the script carries no words of its own)."""
    return {
        "saved": _("Saved"),
        "saving": _("Saving…"),
        "unsaved": _("Not yet saved"),
        "offline": _("Offline: your edits are kept on this device, not yet saved. They "
                     "are sent when the connection returns."),
        "offline_submit": _("You are offline. Submit once the connection returns; your "
                            "edits are kept on this device."),
        "invalid": _("Fix the marked scores: they are not saved."),
        "retrying": _("Could not save just now; trying again shortly. Your edits are kept "
                      "on this device."),
        "login": _("Your session has ended: log in again (your edits are kept on this "
                   "device)."),
        "conflict": _("Not saved: this scorecard changed elsewhere. Choose a version below."),
        "conflict_changed": _("This scorecard was changed elsewhere (another device, or an "
                              "organizer reopened it) while your edits waited. Choose which "
                              "version to keep."),
        "conflict_submitted": _("This scorecard was submitted while your edits waited on "
                                "this device. They cannot be saved; the submitted version "
                                "stays."),
        "stored_kept": _("The stored version is shown; your local edits were discarded."),
        "negative": _("a score cannot be negative."),
        "not_a_number": _("a score must be a decimal number."),
        "too_many_decimals": _("a score has at most two decimal places."),
        "above_maximum": _("a score cannot exceed %(max)s."),
        "comment": _("Comment"),
        # Translators: a criterion's name and what is wrong with its score.
        "named": _("%(name)s: %(message)s"),
    }


def _scoring_page(request, assignment, *, status=200, form=None, errors=None, conflict=None):
    typed = form.typed_scores() if form is not None else None
    comment = form.data.get("comment", "") if form is not None else None
    card = presenters.scorecard_view(assignment, request.user, typed=typed, errors=errors,
                                     comment=comment)
    stored_card = presenters.scorecard_of(assignment)
    conflict_rows = []
    if conflict is not None:
        conflict_rows = [{"name": c.name, "stored": c.value, "mine": conflict.get(str(c.id), "")}
                         for c in card.criteria]
        conflict_rows.append({"name": _("Comment"), "stored": card.comment,
                              "mine": conflict.get("comment", "")})
    context = {
        "card": card, "entry": card.entry, "conflict": conflict, "errors": errors or {},
        "conflict_rows": conflict_rows, "datetime_format": datetime_format(),
        "saved_at": time_format(timezone.localtime(stored_card.updated_at), "H:i")
        if stored_card else "",
        "stored": presenters.stored_version(stored_card),
        "draft_url": reverse("judge-draft", args=[assignment.pk]),
        "strings": script_strings(),
    }
    return render(request, "frontend/judge/scoring.html", context, status=status)


@judge_required
@require_http_methods(["GET", "POST"])
def scoring(request, pk):
    assignment = _assignment(request, pk)
    if request.method == "GET":
        return _scoring_page(request, assignment)
    form = ScorecardForm(request.POST, criterion_ids=[
        c.pk for c in assignment.stage.judged_criteria])
    if not form.is_valid():
        errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        return _scoring_page(request, assignment, status=400, form=form, errors=errors)
    try:
        card = scorecards.save_and_clear_scores(
            assignment_id=assignment.pk, judge=request.user, scores=form.scores(),
            clear=form.emptied(), comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except InvalidInput as error:
        return _scoring_page(request, assignment, status=400, form=form,
                             errors=error.as_data())
    except NotAllowed as error:
        if error.state == scorecards.CHANGED_ELSEWHERE:
            # Both versions side by side; the judge chooses, nothing is overwritten.
            assignment = _assignment(request, pk)
            return _scoring_page(request, assignment, status=409, conflict=form.typed_scores()
                                 | {"comment": form.data.get("comment", "")})
        messages.error(request, error.message)
        return redirect("judge-scoring", pk=pk)
    except NotFound:
        raise Http404 from None
    if request.POST.get("action") == "review":
        return redirect("judge-submit", pk=pk)
    messages.success(request, _("Saved at %(time)s.") % {
        "time": time_format(timezone.localtime(card.updated_at), "H:i")})
    return redirect("judge-scoring", pk=pk)


@judge_required
@require_http_methods(["POST"])
def clear_score(request, pk):
    """"Clear this score" posted without JavaScript: the criterion's saved score goes."""
    assignment = _assignment(request, pk)
    form = ClearScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete: reload the page and try again."))
        return redirect("judge-scoring", pk=pk)
    criterion_id = form.cleaned_data["criterion"]
    try:
        scorecards.clear_scores(assignment_id=assignment.pk, judge=request.user,
                                criterion_ids=[criterion_id],
                                expected_version=form.cleaned_data["version"])
    except InvalidInput as error:
        messages.error(request, " ".join(m for ms in error.as_data().values() for m in ms))
    except NotAllowed as error:
        messages.error(request, error.message)
    except NotFound:
        raise Http404 from None
    else:
        name = next(c.name for c in assignment.stage.judged_criteria if c.pk == criterion_id)
        messages.success(request, _("The score for %(name)s is cleared.") % {"name": name})
    return redirect(reverse("judge-scoring", args=[pk]) + f"#score-{criterion_id}")


@judge_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    """The confirmation: the scores and the total as stored, and what cannot be undone."""
    assignment = _assignment(request, pk)
    errors = {}
    if request.method == "POST":
        form = SubmitForm(request.POST)
        if form.is_valid():
            try:
                scorecards.save_scorecard(
                    assignment_id=assignment.pk, judge=request.user, scores={}, submit=True,
                    expected_version=form.cleaned_data["version"],
                )
            except InvalidInput as error:
                errors = error.as_data()
            except NotAllowed as error:
                messages.error(request, error.message)
                return redirect("judge-scoring", pk=pk)
            except NotFound:
                raise Http404 from None
            else:
                messages.success(request, _(
                    "The scorecard for entry %(code)s is submitted. It can no longer be "
                    "changed unless an organizer reopens it.") % {"code": assignment.entry.code})
                return redirect("judge-assignments")
        else:
            errors = {"version": [_("Reload the page and try again.")]}
    card = presenters.scorecard_view(assignment, request.user)
    if not card.editable:
        return redirect("judge-scoring", pk=pk)
    return render(request, "frontend/judge/submit.html",
                  {"card": card, "entry": card.entry, "errors": errors},
                  status=400 if errors else 200)


@judge_required
@require_http_methods(["GET", "POST"])
def conflict(request, pk):
    """Declare a conflict of interest (回避) with the entry: it leaves the judge's list."""
    assignment = _assignment(request, pk)
    form = ConflictForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = panels.declare_conflict(
                    judge=request.user, entry_id=assignment.entry_id,
                    reason=form.cleaned_data["reason"],
                )
            except InvalidInput as error:
                form.add_error(error.field or None, error.message)
            except NotAllowed as error:
                form.add_error(None, error.message)
                status = 409
            except NotFound:
                raise Http404 from None
            else:
                code = assignment.entry.code
                if outcome.reassigned:
                    message = _("Conflict of interest declared: entry %(code)s has left your "
                                "list and goes to another judge of the panel.")
                else:
                    message = _("Conflict of interest declared: entry %(code)s has left your "
                                "list. No other judge of the panel can take it; the "
                                "organizers will assign one.")
                messages.success(request, message % {"code": code})
                return redirect("judge-assignments")
    card = presenters.scorecard_view(assignment, request.user)
    return render(request, "frontend/judge/conflict.html",
                  {"form": form, "card": card, "entry": card.entry}, status=status)
