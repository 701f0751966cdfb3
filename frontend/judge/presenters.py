"""What the judge pages show, built from the judging selectors: plain objects the templates
read, so no template or view reaches into a worker's identity in a blind contest.

A blind contest's entry is its code (加密号) and nothing else: no name, phone, enterprise;
the statement and file names pass through `contests.redaction` first (DESIGN.md "Judging
integrity")."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from contests.permissions import sees_entry_blind
from contests.redaction import Redactor
from core.masking import mask_phone
from judging import selectors
from judging.maths import weighted_total
from judging.models import Assignment, Scorecard
from judging.rubrics import rubric_of

PENDING = "pending"
STATUSES = (PENDING, *Scorecard.State.values)


def status_label(status: str) -> str:
    if status == PENDING:
        return _("Not started")
    return str(Scorecard.State(status).label)


def judge_assignments(user) -> QuerySet[Assignment]:
    """The judge's assignments with what the pages show (the selector's queries, plus the
    worker's profile and enterprise in the same join, for redaction)."""
    return selectors.visible_assignments(user).select_related(
        "entry__worker__worker_profile", "entry__worker__enterprise"
    )


def scorecard_of(assignment: Assignment) -> Scorecard | None:
    try:
        return assignment.scorecard
    except Scorecard.DoesNotExist:
        return None


@dataclass
class EntryView:
    """An entry as this judge may see it."""

    code: str
    blind: bool
    worker_name: str = ""
    worker_phone: str = ""
    statement: str = ""
    attachments: list = field(default_factory=list)


@dataclass
class EvidenceView:
    id: int
    number: int
    label: str
    is_pdf: bool
    is_image: bool


def entry_view(assignment: Assignment, user, *, with_content: bool = False) -> EntryView:
    """The entry as `user` (the judge) may see it: blind or not is the contest's rule
    (`contests.permissions.sees_entry_blind`)."""
    entry = assignment.entry
    blind = sees_entry_blind(user, entry, assignment.stage.contest)
    view = EntryView(code=entry.code, blind=blind)
    if not blind:
        view.worker_name = entry.worker.real_name
        view.worker_phone = mask_phone(entry.worker.phone)
    if with_content:
        redact = Redactor.for_worker(entry.worker) if blind else str
        view.statement = redact(entry.statement)
        view.attachments = [
            EvidenceView(
                id=a.pk, number=n, is_pdf=a.content_type == "application/pdf",
                is_image=a.content_type.startswith("image/"), label=redact(a.original_name),
            )
            for n, a in enumerate(entry.attachments.all(), start=1)
        ]
    return view


@dataclass
class AssignmentRow:
    id: int
    entry: EntryView
    contest: str
    stage: str
    track: str
    status: str
    status_label: str


def assignment_rows(assignments, user) -> list[AssignmentRow]:
    rows = []
    for a in assignments:
        card = scorecard_of(a)
        status = card.state if card else PENDING
        rows.append(AssignmentRow(
            id=a.pk, entry=entry_view(a, user), contest=a.stage.contest.title, stage=a.stage.name,
            track=a.entry.track.name, status=status, status_label=status_label(status),
        ))
    return rows


def plain(number: Decimal) -> str:
    """10.00 → "10", 0.6000 → "0.6": how people write a maximum or a weight."""
    return f"{number.normalize():f}"


@dataclass
class CriterionView:
    id: int
    name: str
    max_score: Decimal
    weight: Decimal
    value: str
    error: str = ""

    @property
    def max_label(self) -> str:
        return plain(self.max_score)

    @property
    def weight_label(self) -> str:
        return plain(self.weight)


@dataclass
class ScorecardView:
    assignment: Assignment
    entry: EntryView
    criteria: list[CriterionView]
    state: str
    version: int
    comment: str
    total: Decimal
    editable: bool
    submitted_at: object = None
    reopen_reason: str = ""

    @property
    def state_label(self) -> str:
        return status_label(self.state)

    @property
    def missing(self) -> list[CriterionView]:
        return [c for c in self.criteria if c.value == ""]


def stored_scores(card: Scorecard | None) -> dict[int, Decimal]:
    return {s.criterion_id: s.value for s in card.scores.all()} if card else {}


def scorecard_view(assignment: Assignment, user, *, typed: dict | None = None,
                   errors: dict | None = None, comment: str | None = None) -> ScorecardView:
    """The scoring page: the stored card, or what the judge typed when it was refused
    (`typed` by criterion id, `errors` keyed `scores.<id>` as the service raises them)."""
    card = scorecard_of(assignment)
    stored = stored_scores(card)
    errors = errors or {}
    criteria = []
    for c in assignment.stage.judged_criteria:
        if typed is not None and str(c.pk) in typed:
            value = typed[str(c.pk)]
        else:
            value = f"{stored[c.pk]:.2f}" if c.pk in stored else ""
        criteria.append(CriterionView(
            id=c.pk, name=c.name, max_score=c.max_score, weight=c.weight, value=value,
            error=" ".join(errors.get(f"scores.{c.pk}", [])),
        ))
    rubric = rubric_of(assignment.stage.judged_criteria)
    state = card.state if card else PENDING
    return ScorecardView(
        assignment=assignment, entry=entry_view(assignment, user, with_content=True),
        criteria=criteria, state=state, version=card.version if card else 0,
        comment=comment if comment is not None else (card.comment if card else ""),
        total=weighted_total(rubric.judged, stored).quantize(Decimal("0.01")),
        editable=card is None or card.is_editable,
        submitted_at=card.submitted_at if card else None,
        reopen_reason=selectors.reopen_reason(card) if state == Scorecard.State.REOPENED
        else "",
    )


def stored_version(card: Scorecard | None) -> dict:
    """The stored card as the page's script compares it with edits kept offline."""
    if card is None:
        return {"state": PENDING, "state_label": status_label(PENDING), "version": 0,
                "scores": {}, "comment": ""}
    return {
        "state": card.state, "state_label": status_label(card.state), "version": card.version,
        "scores": {str(k): f"{v:.2f}" for k, v in stored_scores(card).items()},
        "comment": card.comment, "editable": card.is_editable,
    }
