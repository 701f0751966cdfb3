"""Shapes of the nominations API. Input serializers check types; the rules across fields
are the services'."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import PoliticalStatus
from core.masking import mask_name, mask_phone

from . import eligibility, selectors
from .models import Nomination, NominationRound, Post, Review, ReviewStage
from .transitions import ROUND_ACTIONS

POSTS = Post.choices


@extend_schema_field({"type": "string", "enum": NominationRound.State.values})
class RoundStateField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": Nomination.Status.values})
class NominationStatusField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "enum": ["", *ReviewStage.values],
                     "description": "The stage a rejected nomination was rejected at; "
                                    "empty otherwise."})
class RejectedStageField(serializers.CharField):
    pass


# --- Rounds --------------------------------------------------------------------------------


class PostRulesSerializer(serializers.Serializer):
    political_status = serializers.ListField(
        child=serializers.ChoiceField(choices=PoliticalStatus.choices), required=False,
        help_text=_("Allowed statuses; empty or missing: any."))
    min_age = serializers.IntegerField(min_value=0, max_value=150, required=False,
                                       allow_null=True)
    max_age = serializers.IntegerField(min_value=0, max_value=150, required=False,
                                       allow_null=True)
    min_years = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0,
                                         required=False, allow_null=True)
    union_member = serializers.BooleanField(required=False, default=False)
    require_award = serializers.BooleanField(required=False, default=False)
    min_non_party_share = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=0, max_value=1, required=False,
        allow_null=True, help_text=_("Share of the list on notice, 0 to 1 (e.g. 0.60)."))


class SourceSerializer(serializers.Serializer):
    contest = serializers.IntegerField(min_value=1)
    weight = serializers.DecimalField(max_digits=7, decimal_places=4, min_value=0)
    posts = serializers.ListField(child=serializers.ChoiceField(choices=POSTS), required=False,
                                  help_text=_("The posts this contest feeds; default all."))


class SourceOutSerializer(SourceSerializer):
    id = serializers.IntegerField()
    contest = serializers.IntegerField(source="contest_id")
    contest_title = serializers.CharField(source="contest.title")


class RoundInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    term = serializers.CharField(max_length=100)
    reference_date = serializers.DateField()
    notice_days = serializers.IntegerField(min_value=1, max_value=30, required=False)
    quotas = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=999),
                                   help_text=_("Per post: the number of places."))
    rules = serializers.DictField(child=PostRulesSerializer(), required=False)
    exclusive_posts = serializers.ListField(
        child=serializers.ListField(child=serializers.ChoiceField(choices=POSTS)),
        required=False, help_text=_('Default [["peoples_congress", "cppcc"]].'))
    sources = SourceSerializer(many=True, required=False)

    def _posts_known(self, value, field):
        unknown = [key for key in value if key not in Post.values]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown posts: %(posts)s.") % {"posts": ", ".join(unknown)})
        return value

    def validate_quotas(self, value):
        return self._posts_known(value, "quotas")

    def validate_rules(self, value):
        return self._posts_known(value, "rules")


class RoundSerializer(serializers.ModelSerializer):
    state = RoundStateField(read_only=True)
    quotas = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()
    sources = SourceOutSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(
        help_text=_("Transition actions the round's state allows now."))

    class Meta:
        model = NominationRound
        fields = ["id", "title", "term", "reference_date", "notice_days", "state",
                  "state_changed_at", "quotas", "rules", "exclusive_posts", "sources",
                  "actions", "created_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_quotas(self, round_) -> dict:
        return {rule.post: rule.quota for rule in round_.post_rules.all()}

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "object"}})
    def get_rules(self, round_) -> dict:
        return {rule.post: {
            "political_status": rule.political_status, "min_age": rule.min_age,
            "max_age": rule.max_age,
            "min_years": str(rule.min_years) if rule.min_years is not None else None,
            "union_member": rule.union_member, "require_award": rule.require_award,
            "min_non_party_share": (str(rule.min_non_party_share)
                                    if rule.min_non_party_share is not None else None),
        } for rule in round_.post_rules.all()}

    def get_actions(self, round_) -> list[str]:
        return [a for a, move in ROUND_ACTIONS.items() if round_.state in move.sources]


class RoundTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(ROUND_ACTIONS))
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    post = serializers.ChoiceField(choices=POSTS)
    nominations = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                        allow_empty=False)
    reason = serializers.CharField(max_length=2000)


class DecisionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    post = serializers.CharField()
    nominations = serializers.SerializerMethodField()
    reason = serializers.CharField()
    decided_at = serializers.DateTimeField()

    def get_nominations(self, decision) -> list[int]:
        return sorted(decision.nominations.values_list("pk", flat=True))


class RestartSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


# --- Nominations ---------------------------------------------------------------------------


class ProvenanceSerializer(serializers.Serializer):
    contest = serializers.IntegerField(source="contest_id")
    contest_title = serializers.CharField(source="contest.title")
    stage = serializers.IntegerField(source="stage_id")
    stage_score = serializers.DecimalField(max_digits=14, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=20, decimal_places=6)
    rank = serializers.IntegerField()
    tier = serializers.CharField(source="tier_name")
    weight = serializers.DecimalField(max_digits=7, decimal_places=4)


class EligibilityResultSerializer(serializers.Serializer):
    rule = serializers.CharField()
    ok = serializers.BooleanField()
    reason = serializers.SerializerMethodField()

    def get_reason(self, result) -> str:
        return eligibility.reason(result)


class ReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.real_name or user.username


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = ReviewerSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "stage", "decision", "reason", "reviewer", "at"]
        read_only_fields = fields


class NomineeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField()
    enterprise = serializers.CharField(allow_blank=True)


class NominationSerializer(serializers.ModelSerializer):
    round_title = serializers.CharField(source="round.title", read_only=True)
    worker = serializers.SerializerMethodField()
    status = NominationStatusField(read_only=True)
    provenance = ProvenanceSerializer(many=True, read_only=True)
    eligibility = EligibilityResultSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    rejected_stage = RejectedStageField(read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "round", "round_title", "worker", "post", "status", "source",
                  "composite_score", "best_rank", "provenance", "eligibility", "reviews",
                  "accepted", "responded_at", "proposal_reason", "status_reason",
                  "rejected_stage", "created_at"]
        read_only_fields = fields

    @extend_schema_field(NomineeSerializer)
    def get_worker(self, nomination) -> dict:
        worker = nomination.worker
        viewer = self.context["request"].user
        full = selectors.sees_identity(viewer, nomination)
        return {
            "id": worker.pk,
            "name": (worker.real_name or worker.username) if full else mask_name(
                worker.real_name),
            "phone": worker.phone if full else mask_phone(worker.phone),
            "enterprise": worker.enterprise.name if worker.enterprise else "",
        }


class ManualProposalSerializer(serializers.Serializer):
    worker = serializers.IntegerField(min_value=1, help_text=_("The worker's user id."))
    post = serializers.ChoiceField(choices=POSTS)
    reason = serializers.CharField(max_length=2000)


class ReviewRequestSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=[(ReviewStage.UNION, ReviewStage.UNION.label),
                                             (ReviewStage.COMMITTEE,
                                              ReviewStage.COMMITTEE.label)])
    decision = serializers.ChoiceField(choices=Review.Decision.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                   help_text=_("Required for a rejection."))


class NominationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RespondSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
