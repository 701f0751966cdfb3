from django.contrib import admin

from .models import IdempotencyRecord, OutboxJob


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "key", "status_code", "created_at")
    search_fields = ("key",)
    readonly_fields = ("user", "key", "fingerprint", "status_code", "response_body", "created_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows that change only through the services (they lock, validate, audit and
    notify): no add, change or delete in the admin, and so no bulk "delete" action. Writes
    an organizer may make here are admin actions that call those services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxJob)
class OutboxJobAdmin(ReadOnlyAdmin):
    """What is waiting, in flight, failed (the relay and the workers write it)."""

    list_display = ("task_name", "args", "status", "attempts", "failures", "created_at",
                    "next_attempt_at", "done_at")
    list_filter = ("status", "task_name")
    search_fields = ("task_name", "task_id")
