"""Request and response shapes of the judging API. Parsing only: rules are in services."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.publication import public_identity
from contests.permissions import sees_entry_blind
from contests.redaction import redact_for_worker
from core.ids import MAX_ID
from core.masking import mask_phone
from core.permissions import is_organizer
from core.serializer_fields import TextField

# --- Requests -------------------------------------------------------------------------------


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)



class PanelRequestSerializer(serializers.Serializer):
    stage = id_field()
    judges = serializers.ListField(child=id_field(), allow_empty=True)


class AssignRequestSerializer(serializers.Serializer):
    stage = id_field()
    seed = serializers.IntegerField(
        required=False, min_value=0, max_value=2**32,
        help_text=_("Tie-break seed of the allocation (default: the stage id)."),
    )


class ConflictRequestSerializer(serializers.Serializer):
    entry = id_field()
    reason = TextField()


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"},
                      "example": {"12": "8.50", "13": "37"}})
class ScoresField(serializers.DictField):
    """`{"<criterion id>": "8.50"}`. Values are checked by the service, which names the
    criterion in its error (`{"scores.<id>": ["..."]}`)."""


class ScorecardRequestSerializer(serializers.Serializer):
    scores = ScoresField(required=False, default=dict)
    comment = TextField(required=False, allow_blank=True, max_length=5000)
    submit = serializers.BooleanField(required=False, default=False)
    expected_version = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1,
        help_text=_("The card's version these edits start from (0 before the first save). "
                    "When the card has changed since (saved elsewhere, reopened), nothing "
                    "is written: 409 with state \"changed\"."),
    )
    clear = serializers.ListField(
        child=id_field(), required=False, max_length=100,
        help_text=_("Judged criteria whose saved score to remove (a score typed by mistake), "
                    "in the same save: both are written or neither. Not with submit."),
    )

    def validate(self, data):
        clear = set(data.get("clear") or ())
        if clear and data.get("submit"):
            raise serializers.ValidationError(
                {"clear": [_("Clear scores in a save of its own, not when submitting.")]})
        both = sorted(clear & {int(key) for key in data.get("scores", {}) if key.isdigit()})
        if both:
            raise serializers.ValidationError({"clear": [
                _("Criterion %(id)s is both scored and cleared.") % {"id": both[0]}]})
        return data


class ReasonSerializer(serializers.Serializer):
    reason = TextField()


class ObjectiveScoresRequestSerializer(serializers.Serializer):
    scores = ScoresField()


class ObjectiveImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_(
        ".xlsx: a header row with an entry-code column (\"entry code\" or 参赛编号) and one "
        "column per objective criterion name; then one row per entry."))
    stage = id_field(
        required=False, help_text=_("Default: the stage being judged.")
    )


class DecideRequestSerializer(serializers.Serializer):
    entries = serializers.ListField(child=id_field(), allow_empty=False)
    tier = id_field(allow_null=True, help_text=_("Null: no award."))
    reason = TextField()
    widen = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Give the tier to the whole tie at its boundary, beyond its quota."),
    )


class ComputeRequestSerializer(serializers.Serializer):
    stage = id_field(
        required=False, help_text=_("Default: the stage being judged.")
    )


# --- Responses ------------------------------------------------------------------------------


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ContestRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    blind = serializers.BooleanField()


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    max_score = serializers.DecimalField(max_digits=7, decimal_places=2)
    weight = serializers.DecimalField(max_digits=7, decimal_places=4)


class ScorecardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField(source="assignment_id")
    state = serializers.CharField()
    comment = serializers.CharField()
    scores = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_scores(self, card):
        # A card just saved carries its scores (`current_scores`); otherwise they are read
        # (prefetched by list selectors).
        scores = getattr(card, "current_scores", None)
        if scores is None:
            scores = card.scores.all()
        return {str(s.criterion_id): f"{s.value:.2f}" for s in scores}


class AttachmentRefSerializer(serializers.Serializer):
    """Evidence by opaque id and download path: never the original file name."""

    id = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return reverse("attachment-download", args=[attachment.pk])


class WorkerRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class AssignmentSerializer(serializers.Serializer):
    """A judge's view of an entry to score. Seen blind (`sees_entry_blind`) it carries no
    worker identity at all: the entry code only."""

    def _blind(self, assignment) -> bool:
        return sees_entry_blind(self.context["request"].user, assignment.entry,
                                assignment.stage.contest)

    id = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry_id")
    entry_code = serializers.CharField(source="entry.code")
    contest = ContestRefSerializer(source="stage.contest")
    track = NamedSerializer(source="entry.track")
    stage = NamedSerializer()
    judge = serializers.IntegerField(source="judge_id")
    status = serializers.SerializerMethodField()
    statement = serializers.SerializerMethodField()
    worker = serializers.SerializerMethodField()
    criteria = CriterionSerializer(source="stage.judged_criteria", many=True)
    attachments = AttachmentRefSerializer(source="entry.attachments", many=True)
    scorecard = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(
        choices=["pending", "draft", "submitted", "reopened"]))
    def get_status(self, assignment):
        card = _scorecard_of(assignment)
        return card.state if card else "pending"

    def get_statement(self, assignment) -> str:
        """Verbatim, except seen blind: the worker's own name, phone, ID number and
        enterprise become "■■" (`contests.redaction`)."""
        entry = assignment.entry
        if not self._blind(assignment):
            return entry.statement
        return redact_for_worker(entry.statement, entry.worker)

    @extend_schema_field(WorkerRefSerializer(allow_null=True))
    def get_worker(self, assignment):
        if self._blind(assignment):
            return None
        worker = assignment.entry.worker
        return {"name": worker.real_name, "phone": mask_phone(worker.phone)}

    @extend_schema_field(ScorecardSerializer(allow_null=True))
    def get_scorecard(self, assignment):
        card = _scorecard_of(assignment)
        return ScorecardSerializer(card).data if card else None


def _scorecard_of(assignment):
    try:
        return assignment.scorecard
    except assignment._meta.model.scorecard.RelatedObjectDoesNotExist:
        return None


class AssignRunSerializer(serializers.Serializer):
    assignments = serializers.IntegerField(help_text=_("Assignments of the stage now."))
    created = serializers.IntegerField()
    kept = serializers.IntegerField(help_text=_("Kept because they have a scorecard."))
    removed = serializers.IntegerField()
    per_judge = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Judge id → assignments in the stage.")
    )


class PanelSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    judges = serializers.ListField(child=serializers.IntegerField())


class ConflictSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="conflict.id")
    entry = serializers.IntegerField(source="conflict.entry_id")
    reason = serializers.CharField(source="conflict.reason")
    declared_at = serializers.DateTimeField(source="conflict.declared_at")
    reassigned = serializers.BooleanField(
        help_text=_("False: no other eligible judge; the organizers must add one.")
    )


class ObjectiveScoresSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    scores = ScoresField()


class ObjectiveImportSerializer(serializers.Serializer):
    entries = serializers.IntegerField()
    scores = serializers.IntegerField()


class ProgressCountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()


class JudgeProgressSerializer(ProgressCountSerializer):
    name = serializers.CharField()
    drafts = serializers.IntegerField()


class EntryProgressSerializer(ProgressCountSerializer):
    code = serializers.CharField()
    required = serializers.IntegerField(help_text=_("The stage's panel size."))


class StageRefSerializer(NamedSerializer):
    panel_size = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    stage = StageRefSerializer()
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    judges = JudgeProgressSerializer(many=True)
    entries = EntryProgressSerializer(many=True)


class ResultRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    entry = serializers.IntegerField(source="entry_id")
    entry_code = serializers.CharField(source="entry.code")
    worker = serializers.SerializerMethodField()
    track = NamedSerializer(source="entry.track")
    stage_score = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    judged_score = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    objective_score = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True
    )
    scorecards = serializers.IntegerField()
    incomplete = serializers.BooleanField()
    tier = NamedSerializer(allow_null=True)
    needs_decision = serializers.BooleanField()
    tier_choices = serializers.ListField(child=serializers.IntegerField(allow_null=True))
    decided = serializers.BooleanField()
    advanced = serializers.BooleanField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_worker(self, row):
        """Organizers see the name; others the masked name, and only with the worker's
        consent to publication (PIPL)."""
        worker = row.entry.worker
        if is_organizer(self.context["request"].user):
            return worker.real_name or worker.username
        return public_identity(worker).name


class IncompleteEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    scorecards = serializers.IntegerField()
    required = serializers.IntegerField()
    missing_objective = serializers.ListField(child=serializers.IntegerField())


class ResultsSerializer(serializers.Serializer):
    """A stage's results: a page of ranked rows with the set's summary."""

    stage = NamedSerializer(source="result_set.stage")
    computed_at = serializers.DateTimeField(source="result_set.computed_at")
    checksum = serializers.CharField(source="result_set.checksum")
    publishable = serializers.BooleanField(source="result_set.publishable")
    needs_decision = serializers.BooleanField(source="result_set.needs_decision")
    stale = serializers.BooleanField(
        source="result_set.stale",
        help_text=_("Judging closed again and a recomputation is queued."),
    )
    incomplete = IncompleteEntrySerializer(source="result_set.incomplete_entries", many=True)
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ResultRowSerializer(many=True)


class ComputeQueuedSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    queued = serializers.BooleanField()


class JudgeConsistencySerializer(serializers.Serializer):
    judge = serializers.IntegerField(source="judge_id")
    name = serializers.CharField()
    scorecards = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=20, decimal_places=4, source="mean_total")
    sd = serializers.DecimalField(max_digits=20, decimal_places=4, source="sd_total")
    mean_deviation = serializers.DecimalField(
        max_digits=20, decimal_places=4, allow_null=True,
        help_text=_("Mean of (own total − other judges' mean) over shared entries."),
    )
    shared_entries = serializers.IntegerField()
    deviation_z = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    flagged = serializers.BooleanField(
        help_text=_("Deviation more than 2 SD from the other judges'.")
    )


class ConsistencySerializer(serializers.Serializer):
    stage = NamedSerializer()
    judges = JudgeConsistencySerializer(many=True)
    kendalls_w = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    concordance_judges = serializers.ListField(child=serializers.IntegerField())
    concordance_entries = serializers.IntegerField()
