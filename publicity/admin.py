from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.admin import ModelAdmin, ReadOnlyAdmin, TabularInline

from .models import CalendarDay, Certificate, Notice, Objection


@admin.register(CalendarDay)
class CalendarDayAdmin(ModelAdmin):
    """Organizers enter the State Council's holiday notice here each year."""

    list_display = ("date", "weekday", "kind", "name")
    list_filter = ("kind",)
    search_fields = ("name",)
    date_hierarchy = "date"
    ordering = ("date",)

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, obj):
        # The localised weekday ("星期六") makes a weekday holiday or a weekend working
        # day visible at a glance.
        return date_format(obj.date, "l")


class ObjectionInline(TabularInline):
    model = Objection
    fields = ("created_at", "name", "contact", "status", "resolved_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "round", "status", "opens_at", "closes_at", "contest")
    list_filter = ("status", "subject_type")
    search_fields = ("title",)
    list_select_related = ("contest",)
    date_hierarchy = "opens_at"
    inlines = [ObjectionInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("notice", "name", "contact", "status", "created_at", "ip_address")
    list_filter = ("status",)
    search_fields = ("name", "contact", "text")
    list_select_related = ("notice",)
    date_hierarchy = "created_at"


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "holder_name", "award_name", "contest", "issued_at", "status",
                    "pdf_written", "notified_at")
    list_filter = ("status",)
    search_fields = ("number", "holder_name", "contest_title")
    list_select_related = ("contest",)
    exclude = ("pdf",)  # the file is served only through the permission-checked API

    @admin.display(description=_("PDF written"), boolean=True)
    def pdf_written(self, obj):
        return bool(obj.pdf)
