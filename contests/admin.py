"""Organizers' fallback UI. Single-row rules come from the models' clean() (shared with the
API's validation); the state is never edited by hand: admin actions call the one
transition service, so guards, audit and notifications apply as they do in the API."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

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


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("position", "name", "aggregation", "trim", "normalize", "panel_size",
              "advance_top", "advance_percent")
    show_change_link = True


class TierInline(admin.TabularInline):
    model = Tier
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class TieBreakInline(admin.TabularInline):
    model = TieBreak
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            stage_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Criterion.objects.filter(stage_id=stage_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
class ContestAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "state", "registration_closes", "blind")
    list_filter = ("kind", "state", "year")
    search_fields = ("title",)
    readonly_fields = ("state", "state_changed_at", "created_by", "created_at", "updated_at")
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

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "contest", "position", "aggregation", "panel_size")
    list_select_related = ("contest",)
    inlines = [CriterionInline, TieBreakInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.contest.is_editable:
            return False
        return super().has_change_permission(request, obj)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields
    can_delete = False


class EntryDecisionInline(admin.TabularInline):
    model = EntryDecision
    extra = 0
    fields = ("created_at", "action", "status", "reason", "actor")
    readonly_fields = fields
    can_delete = False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: entries change through the API and pages (review, withdrawal)."""

    list_display = ("code", "contest", "track", "worker", "status", "source", "submitted_at")
    list_filter = ("status", "source", "contest")
    search_fields = ("code", "worker__real_name", "worker__username")
    list_select_related = ("contest", "track", "worker")
    inlines = [AttachmentInline, EntryDecisionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
