"""Objective figures (theory exam, time used): recorded once per entry by an organizer, by
hand or from a spreadsheet."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from contests.models import Contest, Criterion, Entry, Stage
from core.errors import InvalidInput, NotAllowed, NotFound

from ..errors import ImportRejected
from ..maths import CriterionKind
from ..models import ObjectiveScore
from ..rubrics import rubric_of, validate_scores

ENTRY_CODE_HEADERS = {"entry code", "entry_code", "code", "编号", "参赛编号", "加密号"}


# Rows an import sheet may span (header and blank lines included): a county contest has
# a few thousand entries at most.
IMPORT_MAX_ROWS = 21_000

def _require_state(contest: Contest) -> None:
    if contest.state not in Contest.State.RECORDS_OBJECTIVE_SCORES:
        raise NotAllowed(_("Objective scores are recorded while judging."), state=contest.state)


def _store(*, entry: Entry, values: dict[int, Decimal], actor, source: str) -> None:
    """Upsert `values` for `entry` and write one audit event with old and new figures."""
    current = {
        s.criterion_id: s
        for s in ObjectiveScore.objects.select_for_update().filter(
            entry=entry, criterion_id__in=list(values)
        )
    }
    before = {str(k): s.value for k, s in current.items()}
    new, changed = [], []
    for criterion_id, value in values.items():
        score = current.get(criterion_id)
        if score is None:
            new.append(ObjectiveScore(entry=entry, criterion_id=criterion_id, value=value,
                                      recorded_by=actor))
        elif score.value != value:
            score.value, score.recorded_by = value, actor
            changed.append(score)
    ObjectiveScore.objects.bulk_create(new)
    ObjectiveScore.objects.bulk_update(changed, ["value", "recorded_by"])
    record(
        actor=actor, action="objective.recorded", target=entry,
        data={"entry": entry.code, "source": source, "before": before,
              "scores": {str(k): v for k, v in sorted(values.items())}},
    )


@transaction.atomic
def record_objective_scores(*, entry_id, scores: dict, actor) -> dict[int, Decimal]:
    """Record an entry's objective figures: `{criterion id: value}`; each criterion must be
    an objective criterion of the entry's contest (400 keyed `scores.<id>` otherwise)."""
    try:
        entry = (
            Entry.objects.select_for_update(of=("self",)).select_related("contest")
            .get(pk=entry_id)
        )
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    _require_state(entry.contest)
    if not scores:
        raise InvalidInput(_("Give at least one score."), field="scores")
    rubric = rubric_of(Criterion.objects.filter(stage__contest_id=entry.contest_id))
    valid, errors = validate_scores(rubric, scores, CriterionKind.OBJECTIVE)
    if errors:
        raise InvalidInput(errors=errors)
    _store(entry=entry, values=valid, actor=actor, source="api")
    return valid


@transaction.atomic
def import_objective_scores(*, contest: Contest, stage: Stage, rows, actor) -> dict:
    """Import a sheet: a header row with an entry-code column and one column per objective
    criterion of `stage` (by name), then one row per entry. Empty cells are skipped. All
    rows or none: every problem is reported with its row and column."""
    _require_state(contest)
    rows = iter(rows)
    header = next(rows, None)
    if not header:
        raise ImportRejected(errors=[{"row": 1, "column": "", "message": _("The sheet is empty.")}])
    criteria = {c.name: c for c in Criterion.objects.filter(stage=stage)}
    rubric = rubric_of(criteria.values())
    errors = []
    code_column, columns = None, {}
    for index, title in enumerate(header):
        name = str(title).strip() if title is not None else ""
        if not name:
            continue
        if name.lower() in ENTRY_CODE_HEADERS:
            code_column = index
        elif name not in criteria:
            errors.append({"row": 1, "column": name,
                           "message": _("Not a criterion of this stage.")})
        elif criteria[name].kind != Criterion.Kind.OBJECTIVE:
            errors.append({"row": 1, "column": name,
                           "message": _("Scored by the judges, not imported.")})
        else:
            columns[index] = criteria[name]
    if code_column is None:
        errors.append({"row": 1, "column": "entry code",
                       "message": _("An entry-code column is required.")})
    if errors:
        raise ImportRejected(errors=errors)

    entries = {e.code: e for e in Entry.objects.filter(contest=contest)}
    parsed: dict[str, dict[int, Decimal]] = {}
    for number, row in enumerate(rows, start=2):
        cells = list(row)
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        code = str(cells[code_column] or "").strip() if code_column < len(cells) else ""
        if code not in entries:
            errors.append({"row": number, "column": "entry code",
                           "message": _("No entry %(code)s in this contest.") % {"code": code}})
            continue
        if code in parsed:
            errors.append({"row": number, "column": "entry code",
                           "message": _("Entry %(code)s appears twice.") % {"code": code}})
            continue
        given = {
            str(criterion.pk): _cell(cells[index])
            for index, criterion in columns.items()
            if index < len(cells) and cells[index] not in (None, "")
        }
        valid, cell_errors = validate_scores(rubric, given, CriterionKind.OBJECTIVE, prefix="")
        for key, messages in cell_errors.items():
            name = rubric.get(int(key.lstrip("."))).name
            errors.extend({"row": number, "column": name, "message": m} for m in messages)
        parsed[code] = valid
    if errors:
        raise ImportRejected(errors=errors)
    for code, values in parsed.items():
        if values:
            _store(entry=entries[code], values=values, actor=actor, source="import")
    return {"entries": sum(1 for v in parsed.values() if v),
            "scores": sum(len(v) for v in parsed.values())}


def _cell(value):
    """Spreadsheet numbers arrive as int or float; read floats by their decimal text."""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return value
