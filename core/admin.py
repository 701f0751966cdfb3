from django.contrib import admin
from django.db import models

from .models import IdempotencyRecord, OutboxJob
from .text import validate_line, validate_text


class SafeTextFields:
    """Admin forms refuse the text the API refuses (`core.text`): a single-line model
    field (CharField) holds no control, line-break or text-direction character, a
    TextField no control or text-direction character. Every admin of the project (and
    its inlines) takes this mixin; a test checks that none is missing."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None or not isinstance(db_field, models.CharField | models.TextField):
            return formfield
        validator = validate_text if isinstance(db_field, models.TextField) else validate_line
        if validator not in formfield.validators:
            formfield.validators = [*formfield.validators, validator]
        return formfield


class ModelAdmin(SafeTextFields, admin.ModelAdmin):
    """The project's base admin: the text rule of `SafeTextFields`."""


class TabularInline(SafeTextFields, admin.TabularInline):
    pass


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ModelAdmin):
    list_display = ("user", "key", "status_code", "created_at")
    search_fields = ("key",)
    readonly_fields = ("user", "key", "fingerprint", "status_code", "response_body", "created_at")


class ReadOnlyAdmin(ModelAdmin):
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
