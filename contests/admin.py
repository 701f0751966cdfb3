"""Organizers' fallback UI for contests and entries: it shows them, and its only writes are
admin actions that call the API's services.

A contest is set up as one nested body, validated as a whole (`validate_contest_body`) and
audited (`POST/PATCH /api/contests/`, the console's pages); the admin does not offer a second,
row-by-row way around that. Moves are admin actions calling `transition_contest`, so checks,
effects, audit and notifications apply as they do in the API. Entries change only through
their state machine (review, withdrawal): read-only here, never deleted."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, TabularInline
from core.errors import DomainError

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
from .transitions import ACTION_LABELS, ACTIONS, transition_contest


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TrackInline(ReadOnlyInline):
    model = Track
    fields = ("position", "name")


class StageInline(ReadOnlyInline):
    model = Stage
    fields = ("position", "name", "aggregation", "trim", "normalize", "panel_size",
              "advance_top", "advance_percent")
    show_change_link = True


class TierInline(ReadOnlyInline):
    model = Tier
    fields = ("position", "name", "quota", "quota_percent")


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ("position", "name", "kind", "max_score", "weight")


class TieBreakInline(ReadOnlyInline):
    model = TieBreak
    fields = ("position", "criterion", "order")


def _transition_action(action: str):
    def apply(modeladmin, request, queryset):
        for contest in queryset:
            try:
                transition_contest(contest=contest, action=action, actor=request.user)
            except DomainError as exc:
                modeladmin.message_user(request, f"{contest}: {exc.message}", messages.ERROR)
            else:
                modeladmin.message_user(request, f"{contest}: {ACTION_LABELS[action]}",
                                        messages.SUCCESS)

    apply.__name__ = f"transition_{action}"
    apply.short_description = ACTION_LABELS[action]
    return apply


@admin.register(Contest)
class ContestAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "year", "state", "registration_closes", "blind")
    list_filter = ("kind", "state", "year")
    search_fields = ("title",)
    inlines = [TrackInline, StageInline, TierInline]
    actions = [_transition_action(action) for action in ACTIONS]
    fieldsets = (
        (None, {"fields": ("title", "kind", "year", "description", "industries", "blind",
                           "issuer")}),
        (_("Deadlines"), {"fields": ("registration_opens", "registration_closes",
                                     "judging_closes", "notice_days")}),
        (_("Eligibility"), {"fields": ("min_years", "union_member_required", "min_age",
                                       "max_age", "max_nominees_per_enterprise")}),
        (_("State"), {"fields": ("state", "state_changed_at", "created_by", "created_at",
                                 "updated_at")}),
    )



@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin):
    list_display = ("name", "contest", "position", "aggregation", "panel_size")
    list_select_related = ("contest",)
    inlines = [CriterionInline, TieBreakInline]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("original_name", "content_type", "size", "uploaded_at")


class EntryDecisionInline(ReadOnlyInline):
    model = EntryDecision
    fields = ("created_at", "action", "status", "reason", "actor")


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    """Read-only, deletion included: entries change through their state machine."""

    list_display = ("code", "contest", "track", "worker", "status", "source", "submitted_at")
    list_filter = ("status", "source", "contest")
    search_fields = ("code", "worker__real_name", "worker__username")
    list_select_related = ("contest", "track", "worker")
    inlines = [AttachmentInline, EntryDecisionInline]
