from django.contrib import admin

from core.admin import ModelAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ModelAdmin):
    list_display = ("stream", "seq", "created_at", "actor_label", "action", "object_type",
                    "object_id")
    list_filter = ("stream", "action", "object_type")
    search_fields = ("object_id", "actor_label", "action")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
