"""Organizers' fallback UI for judging: read-only. Every write goes through the services
(locks, validation, audit events): the API, or an admin action that calls them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, TabularInline
from core.errors import DomainError

from .models import (
    Assignment,
    Conflict,
    ObjectiveScore,
    PanelMember,
    ResultRow,
    ResultSet,
    Score,
    Scorecard,
    TierDecision,
)
from .services.results import request_computation


class ScoreInline(TabularInline):
    model = Score
    extra = 0
    can_delete = False
    readonly_fields = ("criterion", "value")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PanelMember)
class PanelMemberAdmin(ReadOnlyAdmin):
    list_display = ("stage", "judge", "added_at")
    list_filter = ("stage__contest",)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("stage", "entry", "judge", "created_at")
    list_filter = ("stage__contest", "stage")
    search_fields = ("entry__code", "judge__username", "judge__real_name")
    list_select_related = ("stage", "entry", "judge")


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ("judge", "entry", "declared_at")
    search_fields = ("entry__code", "judge__username")
    list_select_related = ("entry", "judge")


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "state", "version", "submitted_at")
    list_filter = ("state", "assignment__stage__contest")
    search_fields = ("assignment__entry__code", "assignment__judge__username")
    list_select_related = ("assignment__stage", "assignment__entry", "assignment__judge")
    inlines = [ScoreInline]


@admin.register(ObjectiveScore)
class ObjectiveScoreAdmin(ReadOnlyAdmin):
    list_display = ("entry", "criterion", "value", "recorded_by", "recorded_at")
    search_fields = ("entry__code",)
    list_select_related = ("entry", "criterion", "recorded_by")


class ResultRowInline(TabularInline):
    model = ResultRow
    extra = 0
    can_delete = False
    fields = ("rank", "entry", "stage_score", "judged_score", "objective_score",
              "scorecards", "incomplete", "tier", "needs_decision", "advanced")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ResultSet)
class ResultSetAdmin(ReadOnlyAdmin):
    list_display = ("stage", "computed_at", "publishable", "needs_decision", "computations")
    list_select_related = ("stage__contest",)
    readonly_fields = ("checksum", "incomplete_entries", "ignored_decisions")
    inlines = [ResultRowInline]
    actions = ["recompute"]

    @admin.action(description=_("Recompute the results of the selected stages"))
    def recompute(self, request, queryset):
        """The API's rule (`request_computation`): refused once results are published."""
        for result_set in queryset.select_related("stage__contest"):
            stage = result_set.stage
            try:
                request_computation(contest=stage.contest, stage_id=stage.pk)
            except DomainError as exc:
                self.message_user(request, f"{stage}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{stage}: {_('Recomputation queued.')}",
                                  messages.SUCCESS)


@admin.register(TierDecision)
class TierDecisionAdmin(ReadOnlyAdmin):
    list_display = ("stage", "tier", "widen", "decided_by", "decided_at")
    list_select_related = ("stage", "tier", "decided_by")
