"""Serializers: input ones check shapes and types only (rules are in contests.validation
and the services); output ones render what the caller may see.

Views parse bodies with `core.input.parse`: 400 answers are flat, ``{"<path>": ["message",
...]}`` where the path names the field inside the request body, e.g.
``stages[0].criteria[1].max_score``."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from core.errors import InvalidInput
from core.filters import FilterSet
from core.serializer_fields import NameField, TextField

from .models import (
    Attachment,
    Contest,
    Criterion,
    Entry,
    EntryDecision,
    Stage,
    TieBreak,
    Tier,
    Track,
)
from .transitions import ACTIONS

# --- Contest body (input) ----------------------------------------------------------------


# The largest values the columns hold (PositiveSmallIntegerField, PositiveIntegerField).
# Beyond them PostgreSQL refuses the row ("out of range") and SQLite cannot take a number
# past 64 bits: a 500 either way. contests.validation bounds the years, days, ages and
# percentages far lower; a count without a rule of its own is bounded by its column.
SMALL_MAX = 32767
INT_MAX = 2147483647


def _optional_int(max_value: int | None = None):
    return serializers.IntegerField(required=False, allow_null=True, default=None,
                                    max_value=max_value)


class ContestTrackInSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    name = NameField(max_length=100)


class ContestCriterionInSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    name = NameField(max_length=100)
    max_score = serializers.DecimalField(max_digits=14, decimal_places=6)
    weight = serializers.DecimalField(max_digits=14, decimal_places=6, default=1)
    kind = serializers.ChoiceField(Criterion.Kind.choices, default=Criterion.Kind.JUDGED)


class ContestTieBreakInSerializer(serializers.Serializer):
    criterion = NameField(max_length=100, help_text="The criterion's name.")
    order = serializers.ChoiceField(TieBreak.Order.choices, default=TieBreak.Order.DESC)


class ContestStageInSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    name = NameField(max_length=100)
    aggregation = serializers.ChoiceField(Stage.Aggregation.choices,
                                          default=Stage.Aggregation.MEAN)
    trim = serializers.IntegerField(default=1, min_value=0, max_value=100)
    normalize = serializers.ChoiceField(Stage.Normalize.choices, default=Stage.Normalize.NONE)
    panel_size = serializers.IntegerField(default=5, min_value=0, max_value=1000)
    advance_top = _optional_int(INT_MAX)
    advance_percent = _optional_int()
    criteria = ContestCriterionInSerializer(many=True)
    tie_breaks = ContestTieBreakInSerializer(many=True, required=False, default=list)


class ContestTierInSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    name = NameField(max_length=100)
    quota = _optional_int(INT_MAX)
    quota_percent = _optional_int()


class ContestEligibilityInSerializer(serializers.Serializer):
    min_years = serializers.DecimalField(max_digits=6, decimal_places=2, required=False,
                                         allow_null=True, default=None)
    union_member = serializers.BooleanField(required=False, default=False)
    min_age = _optional_int()
    max_age = _optional_int()
    max_nominees_per_enterprise = _optional_int(SMALL_MAX)


class ContestWriteSerializer(serializers.Serializer):
    """The nested contest body of API.md (POST; PATCH sends any subset of the keys)."""

    title = NameField(max_length=200)
    kind = serializers.ChoiceField(Contest.Kind.choices)
    year = serializers.IntegerField()
    description = TextField(required=False, allow_blank=True, default="")
    industries = serializers.ListField(child=serializers.CharField(max_length=20))
    blind = serializers.BooleanField(required=False, default=False)
    registration_opens = serializers.DateTimeField()
    registration_closes = serializers.DateTimeField()
    judging_closes = serializers.DateTimeField()
    notice_days = serializers.IntegerField(required=False, default=5)
    eligibility = ContestEligibilityInSerializer(required=False)
    tracks = ContestTrackInSerializer(many=True)
    stages = ContestStageInSerializer(many=True)
    tiers = ContestTierInSerializer(many=True)


def merge_edit(body: dict, edit: dict) -> dict:
    """The contest body after a PATCH: top-level keys replace, `eligibility` merges."""
    if not isinstance(edit, dict):
        raise InvalidInput(_("Send a JSON object."))
    merged = {**body, **{k: v for k, v in edit.items() if k != "eligibility"}}
    if isinstance(edit.get("eligibility"), dict):
        merged["eligibility"] = {**body.get("eligibility", {}), **edit["eligibility"]}
    elif "eligibility" in edit:
        merged["eligibility"] = edit["eligibility"]
    return merged


# --- Contest (output) --------------------------------------------------------------------


class ContestTrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "position"]


class ContestCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "max_score", "weight", "kind", "position"]


class ContestTieBreakSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.name")

    class Meta:
        model = TieBreak
        fields = ["id", "criterion", "criterion_id", "order", "position"]


class ContestStageSerializer(serializers.ModelSerializer):
    criteria = ContestCriterionSerializer(many=True)
    tie_breaks = ContestTieBreakSerializer(many=True)

    class Meta:
        model = Stage
        fields = ["id", "name", "position", "aggregation", "trim", "normalize", "panel_size",
                  "advance_top", "advance_percent", "criteria", "tie_breaks"]


class ContestTierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tier
        fields = ["id", "name", "position", "quota", "quota_percent"]


class ContestEligibilitySerializer(serializers.Serializer):
    min_years = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    union_member = serializers.BooleanField(source="union_member_required")
    min_age = serializers.IntegerField(allow_null=True)
    max_age = serializers.IntegerField(allow_null=True)
    max_nominees_per_enterprise = serializers.IntegerField(allow_null=True)


class ContestSerializer(serializers.ModelSerializer):
    eligibility = ContestEligibilitySerializer(source="*")
    tracks = ContestTrackSerializer(many=True)
    stages = ContestStageSerializer(many=True)
    tiers = ContestTierSerializer(many=True)

    class Meta:
        model = Contest
        fields = ["id", "title", "kind", "year", "description", "industries", "blind",
                  "registration_opens", "registration_closes", "judging_closes",
                  "notice_days", "eligibility", "state", "state_changed_at", "tracks",
                  "stages", "tiers", "created_at", "updated_at"]
        read_only_fields = fields


class ContestTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(ACTIONS)
    reason = TextField(required=False, allow_blank=True, default="")


# --- Entries -----------------------------------------------------------------------------


class EntryCreateSerializer(serializers.Serializer):
    """A worker sends `track` and `statement`; an organizer adds `worker` and `source`."""

    track = serializers.IntegerField()
    statement = TextField(required=False, allow_blank=True, default="", max_length=20000)
    worker = serializers.IntegerField(required=False, help_text="Organizers only.")
    source = serializers.ChoiceField(
        [Entry.Source.UNION, Entry.Source.ENTERPRISE], required=False,
        default=Entry.Source.UNION, help_text="Organizers only: who nominates.",
    )


class EntryUpdateSerializer(serializers.Serializer):
    track = serializers.IntegerField(required=False)
    statement = TextField(required=False, allow_blank=True, max_length=20000)


class EntryReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(["qualify", "reject"])
    reason = TextField(required=False, allow_blank=True, default="", max_length=2000)


class EntryWithdrawSerializer(serializers.Serializer):
    reason = TextField(required=False, allow_blank=True, default="", max_length=2000)


class EntryAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPG, PNG or PDF, at most 10 MB.")


class EntryAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, attachment) -> str:
        return f"/api/attachments/{attachment.pk}/"


class EntryDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntryDecision
        fields = ["id", "action", "status", "reason", "created_at"]


class EntryWorkerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="real_name")
    enterprise = serializers.CharField(source="enterprise.name", default=None,
                                       allow_null=True)


class EntrySerializer(serializers.ModelSerializer):
    """Shown only to the entry's worker and to organizers. Renders entries from
    `contests.selectors`, whose `visible_*` annotations hold the outcome the caller may
    know: before publication a worker sees an advanced or eliminated entry as qualified,
    with no stage and no award."""

    status = serializers.ChoiceField(
        Entry.Status.choices, source="visible_status", read_only=True,
        help_text=_("Until the results are published, only organizers see advanced or "
                    "eliminated; anyone else sees such an entry as qualified."),
    )
    stage = serializers.IntegerField(
        source="visible_stage_id", read_only=True, allow_null=True,
        help_text=_("The stage the entry is in; for non-organizers, null until the "
                    "results are published."),
    )
    tier = serializers.IntegerField(
        source="visible_tier_id", read_only=True, allow_null=True,
        help_text=_("The award won; for non-organizers, null until the results are "
                    "published."),
    )
    contest_title = serializers.CharField(source="contest.title")
    track_name = serializers.CharField(source="track.name")
    worker = EntryWorkerSerializer()
    attachments = EntryAttachmentSerializer(many=True)
    decisions = EntryDecisionSerializer(many=True)

    class Meta:
        model = Entry
        fields = ["id", "code", "contest", "contest_title", "track", "track_name", "worker",
                  "statement", "status", "source", "nominated_by", "stage", "tier",
                  "decision_reason", "submitted_at", "reviewed_at", "created_at",
                  "updated_at", "attachments", "decisions"]
        read_only_fields = fields


class EntryFilter(FilterSet):
    """`?status=` matches the status the caller is shown (`EntrySerializer.status`), so
    that filtering cannot tell a worker what the entry itself does not."""

    status = filters.ChoiceFilter(field_name="visible_status", choices=Entry.Status.choices)

    class Meta:
        model = Entry
        fields = ["status", "track"]


# --- Error bodies (documentation) --------------------------------------------------------


class EligibilityFailureSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(["industry", "min_years", "union_member", "min_age",
                                    "max_age", "enterprise_cap", "profile"])
    message = serializers.CharField()


class EligibilityErrorSerializer(serializers.Serializer):
    """Failed eligibility rules; any other bad input names its field instead."""

    eligibility = EligibilityFailureSerializer(many=True, required=False)
