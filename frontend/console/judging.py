"""评审: the panel of each stage (with known conflicts), auto-assignment with the loads it
gives, progress per judge and per entry, reopening a scorecard, and objective scores typed
in or imported from a spreadsheet (every row error shown, nothing written)."""

from zipfile import BadZipFile

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from accounts.models import Role
from contests import selectors as contest_selectors
from contests.models import Criterion, Entry
from core.errors import DomainError, InvalidInput
from judging import selectors
from judging.errors import ImportRejected
from judging.models import Conflict, ObjectiveScore, PanelMember
from judging.services import objective, panels, scorecards
from judging.services.reassignment import reassign
from judging.stages import current_stage, judgeable_entries, stage_of_contest

from .access import organizer_page, refused

User = get_user_model()
# Submitted scorecards with their reopen form, a page at a time: a province stage holds
# a thousand, and their forms were most of the page's rendering time.
CARDS_PAGE_SIZE = 50


class CountedPaginator(Paginator):
    """A paginator given its count: the stage's progress has just counted the cards."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _stage(contest, request):
    stage_id = request.GET.get("stage") or request.POST.get("stage")
    return stage_of_contest(contest, stage_id) if stage_id else current_stage(contest)


def _here(contest, stage) -> str:
    return reverse("console:judging", args=[contest.pk]) + (f"?stage={stage.pk}" if stage else "")


def _judges(contest, stage):
    """Active judges with, for this contest, the entries they must not judge: declared
    conflicts, and entries from their own enterprise (auto-assignment recuses both)."""
    declared = dict(
        Conflict.objects.filter(entry__contest=contest).values("judge_id")
        .annotate(n=Count("id")).values_list("judge_id", "n")
    )
    same_enterprise = dict(
        Entry.objects.filter(contest=contest, status__in=Entry.Status.JUDGEABLE,
                             worker__enterprise__isnull=False)
        .values("worker__enterprise_id").annotate(n=Count("id"))
        .values_list("worker__enterprise_id", "n")
    )
    on_panel = set(PanelMember.objects.filter(stage=stage).values_list("judge_id", flat=True))
    judges = User.objects.filter(role=Role.JUDGE, is_active=True).select_related(
        "enterprise").only("username", "real_name", "enterprise__name").order_by(
        "username", "id")
    return [
        {"user": judge, "on_panel": judge.pk in on_panel,
         "declared": declared.get(judge.pk, 0),
         "same_enterprise": same_enterprise.get(judge.enterprise_id, 0)
         if judge.enterprise_id else 0}
        for judge in judges
    ]


@organizer_page
def judging(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk)
    stage = _stage(contest, request)
    context = {"contest": contest, "stage": stage, "nav": "judging", "tab": "judging"}
    if stage is not None:
        report = selectors.progress(stage)
        _add_assignments(stage, report.entries)
        objective_criteria = [c for c in stage.criteria.all()
                              if c.kind == Criterion.Kind.OBJECTIVE]
        judges = _judges(contest, stage)
        context.update({
            "judges": judges, "progress": report,
            # The "move to" choices of each unscored assignment: the panel, not every judge.
            "panel": [j for j in judges if j["on_panel"]],
            "conflicts": Conflict.objects.filter(entry__contest=contest)
            .select_related("judge", "entry").order_by("entry__code", "id"),
            "cards": _submitted_cards(stage, report.submitted, request.GET.get("cards")),
            "objective_criteria": objective_criteria,
            "objective_rows": _objective_rows(stage, objective_criteria),
            "import_errors": request.session.pop(f"import-errors-{contest.pk}", None),
            # The hidden CSRF field of the per-row forms, made once: `{% csrf_token %}`
            # escapes a lazy token anew in each of several hundred forms.
            "csrf_field": csrf_input(request),
        })
    return render(request, "frontend/console/judging.html", context)


def _add_assignments(stage, entries: list[dict]) -> None:
    """Each entry row's judges with the state of their card."""
    by_entry = selectors.assignments_by_entry(stage)
    for row in entries:
        row["assignments"] = by_entry.get(row["id"], [])


def _submitted_cards(stage, count: int, number):
    return CountedPaginator(selectors.submitted_cards(stage), CARDS_PAGE_SIZE,
                            count).get_page(number)


def _objective_rows(stage, criteria):
    if not criteria:
        return []
    recorded = {}
    for entry_id, criterion_id, value in ObjectiveScore.objects.filter(
            criterion__in=criteria).values_list("entry_id", "criterion_id", "value"):
        recorded[(entry_id, criterion_id)] = value
    return [
        {"id": entry_id, "code": code,
         "values": [(c, recorded.get((entry_id, c.pk))) for c in criteria]}
        for entry_id, code in judgeable_entries(stage).order_by("code").values_list("id", "code")
    ]


@organizer_page
@require_POST
def set_panel(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    stage = _stage(contest, request)
    try:
        chosen = panels.set_panel(contest=contest, stage_id=stage.pk, actor=request.user,
                                  judge_ids=request.POST.getlist("judges"))
    except DomainError as error:
        return refused(request, error, _here(contest, stage))
    messages.success(request, _("The panel has %(count)s judges.") % {"count": len(chosen)})
    return redirect(_here(contest, stage))


@organizer_page
@require_POST
def auto_assign(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    stage = _stage(contest, request)
    try:
        run = panels.auto_assign(contest=contest, stage_id=stage.pk, actor=request.user)
    except DomainError as error:
        return refused(request, error, _here(contest, stage))
    names = dict(User.objects.filter(pk__in=run.per_judge).values_list("pk", "username"))
    loads = "、".join(f"{names.get(j, j)} {n}" for j, n in sorted(run.per_judge.items()))
    messages.success(request, _(
        "%(created)s assignments made, %(kept)s kept. Entries per judge: %(loads)s.") % {
        "created": run.created, "kept": run.kept, "loads": loads})
    return redirect(_here(contest, stage))


@organizer_page
@require_POST
def reopen(request, pk, scorecard_id):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    stage = _stage(contest, request)
    try:
        scorecards.reopen_scorecard(scorecard_id=scorecard_id, actor=request.user,
                                    reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, _here(contest, stage))
    messages.success(request, _("The scorecard is reopened; its judge can correct it."))
    return redirect(_here(contest, stage))


@organizer_page
@require_POST
def objective_scores(request, pk, entry_id):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    stage = _stage(contest, request)
    entry = contest_selectors.get_visible_entry(request.user, entry_id)
    scores = {key.removeprefix("score-"): value.strip() for key, value in request.POST.items()
              if key.startswith("score-") and value.strip()}
    try:
        objective.record_objective_scores(entry_id=entry.pk, scores=scores, actor=request.user)
    except DomainError as error:
        return refused(request, error, _here(contest, stage))
    messages.success(request, _("Scores of %(code)s recorded.") % {"code": entry.code})
    return redirect(_here(contest, stage))


@organizer_page
@require_POST
def objective_import(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    stage = _stage(contest, request)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise InvalidInput(_("Choose an .xlsx file."), field="file")
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError):
            raise InvalidInput(_("Not an .xlsx file."), field="file") from None
        try:
            summary = objective.import_objective_scores(
                contest=contest, stage=stage, actor=request.user,
                rows=workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    except ImportRejected as error:
        request.session[f"import-errors-{contest.pk}"] = [
            {k: str(v) for k, v in row.items()} for row in error.row_errors]
        return refused(request, error, _here(contest, stage))
    except DomainError as error:
        return refused(request, error, _here(contest, stage))
    messages.success(request, _("%(scores)s scores of %(entries)s entries imported.") % summary)
    return redirect(_here(contest, stage))


@organizer_page
@require_POST
def move_assignment(request, pk, assignment_id):
    contest = contest_selectors.get_visible_contest(request.user, pk, with_structure=False)
    stage = _stage(contest, request)
    try:
        assignment = reassign(contest=contest, assignment_id=assignment_id, actor=request.user,
                              judge_id=request.POST.get("judge"),
                              reason=request.POST.get("reason", ""))
    except DomainError as error:
        return refused(request, error, _here(contest, stage))
    messages.success(request, _("Entry %(code)s now goes to %(judge)s.") % {
        "code": assignment.entry.code,
        "judge": assignment.judge.real_name or assignment.judge.username})
    return redirect(_here(contest, stage))
