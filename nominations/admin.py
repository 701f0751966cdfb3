"""Organizers' fallback UI: rounds and nominations to read, and the round's moves as admin
actions through the same transition service as the API (writes that need a reason —
reviews, withdrawals, decisions — are made through the API)."""

from django.contrib import admin, messages

from core.admin import ModelAdmin, TabularInline
from core.errors import DomainError

from .models import Nomination, NominationRound, PostRule, Provenance, Review, RoundSource
from .transitions import ROUND_ACTION_LABELS, transition_round


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PostRuleInline(ReadOnlyInline):
    model = PostRule
    fields = ("post", "quota", "political_status", "min_age", "max_age", "min_years",
              "union_member", "require_award", "min_non_party_share")
    readonly_fields = fields


class RoundSourceInline(ReadOnlyInline):
    model = RoundSource
    fields = ("contest", "weight", "posts")
    readonly_fields = fields


class ProvenanceInline(ReadOnlyInline):
    model = Provenance
    fields = ("contest", "stage", "stage_score", "max_score", "rank", "tier_name", "weight")
    readonly_fields = fields


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ("stage", "decision", "reason", "reviewer", "at")
    readonly_fields = fields


def _round_action(action):
    def run(modeladmin, request, queryset):
        for round_ in queryset.order_by("pk"):
            try:
                transition_round(round_=round_, action=action, actor=request.user)
            except DomainError as error:
                modeladmin.message_user(request, f"{round_}: {error.message}", messages.ERROR)
            else:
                modeladmin.message_user(request, f"{round_}: {ROUND_ACTION_LABELS[action]}",
                                        messages.SUCCESS)

    run.__name__ = f"round_{action}"
    run.short_description = ROUND_ACTION_LABELS[action]
    return run


@admin.register(NominationRound)
class NominationRoundAdmin(ModelAdmin):
    list_display = ("title", "term", "reference_date", "state", "created_at")
    list_filter = ("state",)
    search_fields = ("title", "term")
    readonly_fields = ("state", "state_changed_at", "created_by", "created_at", "updated_at")
    inlines = [PostRuleInline, RoundSourceInline]
    actions = [_round_action(action) for action in ROUND_ACTION_LABELS]

    def has_add_permission(self, request):
        return False  # rounds are created through the API, which checks the whole setup

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(ModelAdmin):
    list_display = ("worker", "round", "post", "status", "source", "composite_score",
                    "best_rank", "accepted")
    list_filter = ("round", "post", "status", "source")
    list_select_related = ("worker", "round")
    search_fields = ("worker__real_name", "worker__username", "worker__phone")
    ordering = ("round", "post", "-composite_score", "id")
    inlines = [ProvenanceInline, ReviewInline]
    readonly_fields = [field.name for field in Nomination._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
