from django.contrib import admin

from core.admin import ModelAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ModelAdmin):
    list_display = ("title", "user", "kind", "created_at", "read_at", "email_sent_at",
                    "sms_sent_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username", "user__real_name")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("email_sent_at", "sms_sent_at", "read_at", "created_at")
