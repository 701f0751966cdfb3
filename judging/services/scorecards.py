"""Scorecards: a judge saves drafts and submits; an organizer reopens with a reason.

Every write locks the assignment row first (`select_for_update`), so two concurrent
requests for the same card run one after the other in the database: the second sees what
the first committed (a submitted card answers 409, a draft gets updated, never duplicated).
"""

import json
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditHead
from audit.services import Pending, append_sql, chain, judge_stream, locked_head, record_many
from contests.models import Contest, Criterion, Entry, Stage
from core.errors import InvalidInput, NotAllowed, NotFound
from core.prepared import prepared_cursor

from ..maths import CriterionKind, Rubric, RubricCriterion
from ..models import Assignment, Score, Scorecard
from ..rubrics import missing_scores, rubric_of, validate_scores
from ..scorecard_transitions import move_card_being_saved, transition_scorecards

# The 409 state when a save starts from an older version than the stored one.
CHANGED_ELSEWHERE = "changed"


def require_version(card: Scorecard | None, expected_version: int | None) -> None:
    """Optimistic concurrency, the one rule for every client (judge pages, API): a save
    that names the version its edits start from (0 before the first save) is refused (409,
    state `changed`) when the stored card has moved on since."""
    current_version = card.version if card else 0
    if expected_version is not None and expected_version != current_version:
        raise NotAllowed(_("This scorecard was changed elsewhere since you opened it."),
                         state=CHANGED_ELSEWHERE)


def _figures(card: Scorecard) -> dict:
    return {str(s.criterion_id): s.value for s in card.scores.order_by("criterion_id")}


def _require_judging(contest: Contest) -> None:
    if contest.state != Contest.State.JUDGING:
        raise NotAllowed(_("Scores can only be entered while judging is open."),
                         state=contest.state)

# --- save_scorecard's reads and writes ------------------------------------------------------
# A submit is a handful of short statements; profiled under load, most of its time went
# to round trips and to building ORM queries. On PostgreSQL its three statements are
# written out (the reads that can share a statement do: JSON rows, numbers as text so they
# stay exact; the card's writes are one statement with data-modifying CTEs); elsewhere the
# plain ORM, the same rules. Explicit orderings and columns throughout: the models'
# default orderings cascade into joins through every foreign key.


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _json(value) -> list[dict]:
    return json.loads(value) if isinstance(value, str) else value


# The rubric needs no lock: read in the locking statement. Numbers as text: exact.
_LOCK_SQL = """
SELECT a.id, a.stage_id, a.entry_id, s.contest_id, c.state, e.code,
       (SELECT coalesce(json_agg(json_build_object(
                   'id', k.id, 'name', k.name, 'kind', k.kind,
                   'max_score', k.max_score::text, 'weight', k.weight::text)
                ORDER BY k.position, k.id), '[]')
          FROM contests_criterion k WHERE k.stage_id = a.stage_id)
  FROM judging_assignment a
  JOIN contests_stage s ON s.id = a.stage_id
  JOIN contests_contest c ON c.id = s.contest_id
  JOIN contests_entry e ON e.id = a.entry_id
 WHERE a.id = %s AND a.judge_id = %s AND e.status <> ALL(%s)
   FOR UPDATE OF a
"""

_CARD_SQL = """
SELECT c.id, c.state, c.comment, c.submitted_at, c.version,
       (SELECT coalesce(json_agg(json_build_object(
                   'id', x.id, 'criterion', x.criterion_id, 'value', x.value::text)), '[]')
          FROM judging_score x WHERE x.scorecard_id = c.id)
  FROM judging_scorecard c WHERE c.assignment_id = %s
"""


def _locked_assignment_and_rubric(assignment_id, judge):
    """The judge's assignment, locked, with its stage's contest (state) and entry (code),
    and the stage's rubric. 404 when it is not theirs or its entry is out of the contest."""
    if _postgres():
        return _locked_assignment_and_rubric_in_one_statement(assignment_id, judge)
    try:
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("stage__contest", "entry")
            .only("stage", "entry", "judge", "stage__contest__state", "entry__code")
            .exclude(entry__status__in=Entry.Status.OUT_OF_CONTEST)
            .get(pk=assignment_id, judge=judge)
        )
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    criteria = (Criterion.objects.filter(stage_id=assignment.stage_id)
                .only("name", "max_score", "weight", "kind").order_by("position", "id"))
    return assignment, rubric_of(criteria)


def _locked_assignment_and_rubric_in_one_statement(assignment_id, judge):
    try:
        assignment_id = int(assignment_id)
    except (ValueError, TypeError):
        raise NotFound() from None
    with prepared_cursor() as cursor:
        cursor.execute(_LOCK_SQL, [assignment_id, judge.pk,
                                   [str(s) for s in Entry.Status.OUT_OF_CONTEST]])
        row = cursor.fetchone()
    if row is None:
        raise NotFound()
    pk, stage_id, entry_id, contest_id, state, code, rubric = row
    # As read from the database with only these columns (`from_db`: the others deferred,
    # read if ever used, never a default standing in for them; a quarter of the cost of
    # building them from keyword arguments, which walks every field's default).
    alias = connection.alias
    stage = Stage.from_db(alias, ["id", "contest_id"], [stage_id, contest_id])
    stage.contest = Contest.from_db(alias, ["id", "state"], [contest_id, state])
    assignment = Assignment.from_db(alias, ["id", "stage_id", "entry_id", "judge_id"],
                                    [pk, stage_id, entry_id, judge.pk])
    assignment.stage, assignment.judge = stage, judge
    assignment.entry = Entry.from_db(alias, ["id", "code"], [entry_id, code])
    return assignment, Rubric(tuple(
        RubricCriterion(id=r["id"], name=r["name"], kind=CriterionKind(r["kind"]),
                        max_score=Decimal(r["max_score"]), weight=Decimal(r["weight"]))
        for r in _json(rubric)))


# The same, with the audit stream's head locked in the same statement (save_scorecard).
_CARD_AND_HEAD_SQL = """
SELECT h.id, h.last_seq, h.last_hash,
       CASE WHEN c.id IS NULL THEN nextval(pg_get_serial_sequence('judging_scorecard', 'id'))
       END,
       c.id, c.state, c.comment, c.submitted_at, c.version,
       (SELECT coalesce(json_agg(json_build_object(
                   'id', x.id, 'criterion', x.criterion_id, 'value', x.value::text)), '[]')
          FROM judging_score x WHERE x.scorecard_id = c.id)
  FROM audit_audithead h
  LEFT JOIN judging_scorecard c ON c.assignment_id = %s
 WHERE h.stream = %s
   FOR UPDATE OF h
"""


def _card_and_scores(assignment) -> tuple[Scorecard | None, dict[int, Score]]:
    """The assignment's card and its scores by criterion, read once the lock is held (a
    statement of its own, so a fresh snapshot: joined to the locking query it would show
    the card as it was before a concurrent save committed)."""
    if _postgres():
        with prepared_cursor() as cursor:
            cursor.execute(_CARD_SQL, [assignment.pk])
            return _card_from_row(assignment, cursor.fetchone())
    card = (Scorecard.objects.filter(assignment_id=assignment.pk)
            .only("assignment", "state", "comment", "submitted_at", "version")
            .order_by("pk").first())
    if card is None:
        return None, {}
    scores = Score.objects.filter(scorecard_id=card.pk).only("criterion", "value").order_by()
    return card, {s.criterion_id: s for s in scores}


def _card_scores_and_head(assignment, stream):
    """PostgreSQL: `_card_and_scores`, the audit stream's head locked by the same statement
    (created first when the stream has none yet), and when there is no card yet, the id
    the new card will have (its event names it, and is written with it). The head is locked
    after the assignment, as every audited write takes it last; the card can change
    meanwhile only under the assignment's lock (held) or by a reopening, which needs a
    submitted card (then refused here, before any write)."""
    with prepared_cursor() as cursor:
        cursor.execute(_CARD_AND_HEAD_SQL, [assignment.pk, stream])
        row = cursor.fetchone()
        if row is None:  # the stream's first event
            locked_head(stream)  # creates it; locked again by the same statement below
            cursor.execute(_CARD_AND_HEAD_SQL, [assignment.pk, stream])
            row = cursor.fetchone()
    head_id, last_seq, last_hash, new_id, *card = row
    head = AuditHead(pk=head_id, stream=stream, last_seq=last_seq, last_hash=last_hash)
    return *_card_from_row(assignment, card if card[0] is not None else None), head, new_id


def _card_from_row(assignment, row) -> tuple[Scorecard | None, dict[int, Score]]:
    if row is None:
        return None, {}
    pk, state, comment, submitted_at, version, scores = row
    card = Scorecard(pk=pk, assignment=assignment, state=state, comment=comment,
                     submitted_at=submitted_at, version=version)
    card._state.adding = False
    scores = [Score(pk=r["id"], scorecard_id=pk, criterion_id=r["criterion"],
                    value=Decimal(r["value"])) for r in _json(scores)]
    return card, {s.criterion_id: s for s in scores}


def _write(card: Scorecard, *, new: bool, added: list[Score], changed: list[Score],
           audit: tuple[AuditHead, list] | None = None) -> None:
    """Write the card (INSERT when `new`, else UPDATE) with its added and changed scores,
    and on PostgreSQL `audit`'s events chained on its locked head (the same statement)."""
    if _postgres():
        _write_in_one_statement(card, new=new, added=added, changed=changed, audit=audit)
        return
    if new:
        card.save(force_insert=True)
    else:
        card.save(update_fields=["comment", "state", "submitted_at", "version", "updated_at"])
    for score in added:
        score.scorecard = card
    Score.objects.bulk_create(added)
    if changed:
        Score.objects.bulk_update(changed, ["value"])


def _write_in_one_statement(card, *, new, added, changed, audit=None) -> None:
    now = timezone.now()
    card.updated_at = now
    cards, scores = Scorecard._meta.db_table, Score._meta.db_table
    values = [card.state, card.comment, card.submitted_at, card.version, now]
    if new:
        card.created_at = now
        write_card = (f"INSERT INTO {cards} (id, assignment_id, state, comment, submitted_at, "
                      "version, updated_at, created_at) VALUES "
                      "(coalesce(%s, nextval(pg_get_serial_sequence(%s, 'id'))), "
                      "%s, %s, %s, %s, %s, %s, %s) RETURNING id")
        params = [card.pk, cards, card.assignment_id, *values, now]
    else:
        write_card = (f"UPDATE {cards} SET state = %s, comment = %s, submitted_at = %s, "
                      "version = %s, updated_at = %s WHERE id = %s RETURNING id")
        params = [*values, card.pk]
    sql = (
        f"WITH card AS ({write_card}), "
        f"added AS (INSERT INTO {scores} (scorecard_id, criterion_id, value) "
        "SELECT card.id, v.criterion_id, v.value FROM card, "
        "unnest(%s::bigint[], %s::numeric[]) AS v(criterion_id, value) "
        "ORDER BY v.criterion_id RETURNING id, criterion_id), "
        f"changed AS (UPDATE {scores} AS s SET value = v.value "
        "FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, value) WHERE s.id = v.id)"
    )
    params += [[s.criterion_id for s in added], [s.value for s in added],
               [s.pk for s in changed], [s.value for s in changed]]
    if audit and audit[1]:  # the events and the moved head: the stream's lock ends at COMMIT
        audit_sql, audit_params = append_sql(*audit)
        sql += f", {audit_sql}"
        params += audit_params
    sql += " SELECT card.id, added.id, added.criterion_id FROM card LEFT JOIN added ON true"
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    card.pk = rows[0][0]
    card._state.adding = False
    ids = {criterion_id: pk for _card, pk, criterion_id in rows if pk is not None}
    for score in added:
        score.scorecard_id, score.pk = card.pk, ids[score.criterion_id]
        score._state.adding = False



@transaction.atomic
def save_scorecard(
    *, assignment_id, judge, scores: dict, comment: str | None = None, submit: bool = False,
    expected_version: int | None = None,
) -> Scorecard:
    """Save the judge's scores on their assignment (a draft), and submit when asked.

    Validates each score (400 keyed `scores.<criterion id>`, naming the criterion);
    submitting needs every judged criterion. A submitted card answers 409.
    `expected_version` (the card's version the judge's edits start from, 0 before the
    first save): when the card has moved on since (saved in another tab, reopened by an
    organizer), a 409 with state `changed`, so edits kept offline never overwrite it.

    A fixed number of statements, whatever the number of criteria: lock the assignment
    (with the rubric, on PostgreSQL), read its card (with its scores and the audit head of
    the judge's stream in the contest locked, on PostgreSQL); write the card in its final
    state with its scores and the audit event in that stream (one statement on PostgreSQL,
    with the head moved; elsewhere the card, the scores, then head lock, INSERT, head
    UPDATE). So on PostgreSQL the stream stays locked for one statement and the COMMIT,
    and only this judge's other writes in the contest can wait for it. The returned
    card carries its scores (`current_scores`), so the answer reads nothing back.
    """
    assignment, rubric = _locked_assignment_and_rubric(assignment_id, judge)
    _require_judging(assignment.stage.contest)
    stream = judge_stream(assignment.stage.contest_id, judge.pk)
    if _postgres():
        card, existing, head, new_id = _card_scores_and_head(assignment, stream)
    else:
        (card, existing), head, new_id = _card_and_scores(assignment), None, None
    if card is not None and not card.is_editable:
        raise NotAllowed(_("This scorecard has been submitted."), state=card.state)
    require_version(card, expected_version)

    valid, errors = validate_scores(rubric, scores or {}, CriterionKind.JUDGED)
    if submit and not errors:
        errors = missing_scores(rubric, set(existing) | set(valid))
    if errors:
        raise InvalidInput(errors=errors)

    new = card is None
    if new:
        card = Scorecard(pk=new_id, assignment=assignment, comment=comment or "")
    else:
        card.assignment = assignment
        if comment is not None:
            card.comment = comment
    changed = []
    for criterion_id, value in valid.items():
        score = existing.get(criterion_id)
        if score is None:
            existing[criterion_id] = Score(criterion_id=criterion_id, value=value)
        elif score.value != value:
            score.value = value
            changed.append(score)

    def figures(card, version):
        return {
            "assignment": assignment.pk, "stage": assignment.stage_id,
            "entry": assignment.entry.code, "version": version,
            "scores": {str(k): s.value for k, s in sorted(existing.items())},
            "comment": card.comment,
        }

    if submit:  # the move, made in memory and written with the figures
        event = move_card_being_saved(card=card, action="submit", actor=judge,
                                      audit_data=lambda card: figures(card, card.version + 1))
    else:
        card.version += 1
        event = Pending("scorecard.saved", card, figures(card, card.version))
    added = [s for s in existing.values() if s.pk is None]
    events = [e for e in (event,) if e is not None]
    if head is not None:  # PostgreSQL: the event goes with the card's write
        _write(card, new=new, added=added, changed=changed,
               audit=(head, chain(head, judge, events)))
    else:
        _write(card, new=new, added=added, changed=changed)
        record_many(actor=judge, events=events, stream=stream)
    card.current_scores = [s for _k, s in sorted(existing.items())]
    return card


@transaction.atomic
def save_and_clear_scores(*, assignment_id, judge, scores: dict, clear, comment=None,
                          expected_version: int | None = None) -> Scorecard:
    """One edit that both types scores and empties others (the judge's form posted without
    JavaScript): the save and the clearing commit together or not at all, so a refused
    clear leaves nothing of the save behind. The same checks as each on its own."""
    card = save_scorecard(assignment_id=assignment_id, judge=judge, scores=scores,
                          comment=comment, expected_version=expected_version)
    if clear:
        card = clear_scores(assignment_id=assignment_id, judge=judge, criterion_ids=clear,
                            expected_version=card.version) or card
    return card


@transaction.atomic
def reopen_scorecard(*, scorecard_id, actor, reason: str) -> Scorecard:
    """An organizer reopens a submitted card so its judge can correct it. The submitted
    figures stay in the audit log (event data of `scorecard.reopened`)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give a reason."), field="reason")
    try:
        card = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("assignment__stage__contest", "assignment__entry")
            .get(pk=scorecard_id)
        )
    except (Scorecard.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    _require_judging(card.assignment.stage.contest)
    transition_scorecards(
        cards=[card], action="reopen", actor=actor, reason=reason,
        contest_id=card.assignment.stage.contest_id,
        audit_data=lambda card: {
            "assignment": card.assignment_id, "stage": card.assignment.stage_id,
            "entry": card.assignment.entry.code, "judge": card.assignment.judge_id,
            "version": card.version, "submitted_at": card.submitted_at,
            "scores": _figures(card), "comment": card.comment,
        },
    )
    return card


@transaction.atomic
def clear_scores(*, assignment_id, judge, criterion_ids, expected_version: int | None = None
                 ) -> Scorecard | None:
    """Remove the judge's draft scores for these criteria (a score typed by mistake).

    The same checks as a draft save: the judge's own assignment (else 404), judging open,
    the card editable (a submitted card answers 409) and `expected_version` as the edits'
    starting point (409 `changed`). Each id must be a judged criterion of the stage (400
    keyed `scores.<id>`). A criterion without a stored score is already clear: nothing
    changes for it, and when nothing is removed the version stays. Returns the card (None
    before the first save)."""
    assignment, rubric = _locked_assignment_and_rubric(assignment_id, judge)
    _require_judging(assignment.stage.contest)
    # Which criteria a judge scores is the rubric's rule: a valid score's criteria.
    _valid, errors = validate_scores(rubric, dict.fromkeys(map(str, criterion_ids), "0"),
                                     CriterionKind.JUDGED)
    if errors:
        raise InvalidInput(errors=errors)
    card, existing = _card_and_scores(assignment)
    if card is not None and not card.is_editable:
        raise NotAllowed(_("This scorecard has been submitted."), state=card.state)
    require_version(card, expected_version)
    cleared = sorted({int(i) for i in criterion_ids} & set(existing))
    if not cleared:
        return card
    Score.objects.filter(pk__in=[existing[pk].pk for pk in cleared]).delete()
    card.version += 1
    card.save(update_fields=["version", "updated_at"])
    remaining = {str(k): s.value for k, s in sorted(existing.items()) if k not in cleared}
    stream = judge_stream(assignment.stage.contest_id, judge.pk)
    record_many(actor=judge, stream=stream, events=[
        Pending("scorecard.scores_cleared", card, {
            "assignment": assignment.pk, "stage": assignment.stage_id,
            "entry": assignment.entry.code, "version": card.version,
            "cleared": [str(pk) for pk in cleared], "scores": remaining,
        }),
    ])
    return card
