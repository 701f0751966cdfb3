from django.contrib import admin

from .models import IdempotencyRecord


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "key", "status_code", "created_at")
    search_fields = ("key",)
    readonly_fields = ("user", "key", "fingerprint", "status_code", "response_body", "created_at")
