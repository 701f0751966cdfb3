"""Plots for organizers: each judge's score distribution, judge severity (mean deviation
from the rest of the panel), the distribution of each criterion, and Kendall's W in words.
The figures come from judging's own reads (`submitted_scorecards`, `consistency`)."""

from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests import selectors as contest_selectors
from contests.models import Criterion
from judging import maths, selectors
from judging.rubrics import rubric_of
from judging.stage_inputs import submitted_scorecards
from judging.stages import current_stage, stage_of_contest

from .access import organizer_page

# How Kendall's W is usually read (Schmidt 1997): below 0.3 weak, then moderate, strong.
AGREEMENT_WORDS = (
    (Decimal("0.7"), gettext_lazy("The judges rank the entries in much the same order: strong "
                       "agreement.")),
    (Decimal("0.5"), gettext_lazy("The judges mostly agree on the order of the entries.")),
    (Decimal("0.3"), gettext_lazy("The judges agree only moderately on the order of the entries.")),
    (Decimal("0"), gettext_lazy("The judges hardly agree on the order of the entries: look at the "
                     "outliers and the criteria before publishing.")),
)


def agreement_in_words(w: Decimal | None) -> str:
    if w is None:
        return str(_("Not enough entries scored by the same judges to measure agreement."))
    for threshold, words in AGREEMENT_WORDS:
        if w >= threshold:
            return str(words)
    return str(AGREEMENT_WORDS[-1][1])


def stage_figures(stage) -> dict:
    from . import charts  # matplotlib loads only when a plot is drawn

    criteria = [c for c in Criterion.objects.filter(stage=stage).order_by("position", "id")]
    rubric = rubric_of(criteria)
    cards = submitted_scorecards(stage)
    totals = maths.scorecard_totals(rubric, cards)
    found = selectors.consistency(stage, totals)  # the cards just read, not read again
    names = found.judge_names
    by_judge: dict[int, list[float]] = {}
    for key, total in sorted(totals.items()):
        by_judge.setdefault(key.judge_id, []).append(float(total))
    judged = [c for c in criteria if c.kind == Criterion.Kind.JUDGED]
    by_criterion = {c.pk: [] for c in judged}
    for card in cards:
        for criterion_id, value in card.scores.items():
            by_criterion.setdefault(criterion_id, []).append(float(value))
    judges = sorted(found.report.judges, key=lambda j: names.get(j.judge_id, ""))
    if not cards:
        return {"empty": True}
    return {
        "empty": False,
        "per_judge": charts.boxes(
            [(names.get(j, str(j)), v) for j, v in sorted(by_judge.items(),
                                                           key=lambda i: names.get(i[0], ""))],
            title=_("Scorecard totals per judge"), ylabel=_("Total")),
        "severity": charts.deviations(
            [(names.get(j.judge_id, ""), float(j.mean_deviation or 0), j.flagged)
             for j in judges],
            title=_("Judge severity: mean deviation from the rest of the panel"),
            xlabel=_("Points above (+) or below (-) the other judges on the same entries")),
        "per_criterion": charts.boxes(
            [(f"{c.name} (≤{c.max_score.normalize():f})", by_criterion.get(c.pk, []))
             for c in judged],
            title=_("Scores per criterion"), ylabel=_("Score")),
        "judges": [{"name": names.get(j.judge_id, ""), "stats": j} for j in judges],
        "w": found.report.kendalls_w, "w_words": agreement_in_words(found.report.kendalls_w),
        "w_judges": len(found.report.concordance_judges),
        "w_entries": found.report.concordance_entries,
    }


@organizer_page
def plots(request, pk):
    contest = contest_selectors.get_visible_contest(request.user, pk)
    stage_id = request.GET.get("stage")
    stage = stage_of_contest(contest, stage_id) if stage_id else current_stage(contest)
    figures = stage_figures(stage) if stage else {"empty": True}
    return render(request, "frontend/console/plots.html", {
        "contest": contest, "stage": stage, "figures": figures, "nav": "judging",
        "tab": "plots"})
