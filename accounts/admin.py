"""The organizers' fallback UI for accounts.

Admin edits are audited like API writes (field names only, never values). ID numbers are
shown masked and set through a validated form field; the ciphertext never appears.
Organizers who are not superusers cannot grant privileges nor touch superusers.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.services import record
from core.admin import ModelAdmin, ReadOnlyAdmin

from .cleaning import clean_phone
from .models import Enterprise, ImportJob, Role, TradeUnion, User, WorkerProfile
from .staff import make_organizer_staff
from .validators import normalise_credit_code, parse_id_number
from .worker_records import id_number_taken


class AuditedAdmin(ModelAdmin):
    """Write an audit event for each save and delete (the admin runs them in a transaction,
    so the event commits or rolls back with the change)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        verb = "changed" if change else "created"
        record(actor=request.user, action=f"admin.{obj._meta.model_name}.{verb}", target=obj,
               data={"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj):
        record(actor=request.user, action=f"admin.{obj._meta.model_name}.deleted", target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(actor=request.user, action=f"admin.{obj._meta.model_name}.deleted",
                   target=obj)
        super().delete_queryset(request, queryset)


@admin.register(TradeUnion)
class TradeUnionAdmin(AuditedAdmin):
    list_display = ("name", "industry", "parent")
    list_filter = ("industry",)
    list_select_related = ("parent",)
    search_fields = ("name",)


class EnterpriseAdminForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "industry", "is_key", "union"]

    def clean_credit_code(self):
        return normalise_credit_code(self.cleaned_data["credit_code"])


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    form = EnterpriseAdminForm
    list_display = ("name", "credit_code", "industry", "is_key", "union")
    list_filter = ("industry", "is_key")
    list_select_related = ("union",)
    search_fields = ("name", "credit_code")


class PhoneFormMixin:
    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return clean_phone(phone) if phone else ""


class AccountCreationForm(PhoneFormMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class AccountChangeForm(PhoneFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role and organisation"), {"fields": ("role", "real_name", "phone", "enterprise",
                                                  "union")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and organisation"), {"fields": ("role", "real_name", "phone", "enterprise",
                                                  "union")}),
    )
    list_display = ("username", "real_name", "role", "enterprise", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")
    list_select_related = ("enterprise",)
    search_fields = ("username", "real_name", "phone")
    autocomplete_fields = ("enterprise",)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            # Otherwise an organizer could make themselves a superuser.
            readonly = (*readonly, "is_staff", "is_superuser", "groups", "user_permissions")
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.role == Role.ORGANIZER:
            make_organizer_staff(obj)


class WorkerProfileAdminForm(forms.ModelForm):
    id_number = forms.CharField(
        label=_("ID number"), required=False, max_length=32,
        help_text=_("18 characters. Leave empty to keep the number on file."),
    )

    class Meta:
        model = WorkerProfile
        fields = [
            "user", "id_number", "industry", "union_member", "political_status",
            "years_in_industry", "district", "ethnicity", "education", "consent_publication",
        ]

    def clean_id_number(self):
        raw = self.cleaned_data.get("id_number", "")
        if not raw:
            if self.instance._state.adding:
                raise ValidationError(_("Enter the ID number."), code="required")
            return ""
        number = parse_id_number(raw).number
        if id_number_taken(number, except_profile_id=self.instance.pk):
            raise ValidationError(_("This ID number is already registered."), code="duplicate")
        return number

    def save(self, commit=True):
        if self.cleaned_data.get("id_number"):
            self.instance.set_id_number(self.cleaned_data["id_number"])
        # The form set the box; the rule of when consent was given is the model's.
        consent = self.instance.consent_publication
        self.instance.consent_publication = self.initial.get("consent_publication", False)
        self.instance.set_consent(consent)
        return super().save(commit)


@admin.register(WorkerProfile)
class WorkerProfileAdmin(AuditedAdmin):
    form = WorkerProfileAdminForm
    list_display = ("user", "id_number_masked", "industry", "union_member", "political_status",
                    "years_in_industry", "consent_publication")
    list_filter = ("industry", "union_member", "political_status", "ethnicity", "education",
                   "consent_publication")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__real_name", "user__phone")
    readonly_fields = ("id_number_masked", "sex", "birth_date", "consent_at")
    autocomplete_fields = ("user",)


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """Read-only: imports are started by uploading a roster, never edited."""

    list_display = ("id", "status", "total", "processed", "created", "created_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("created_by",)
    fields = ("status", "total", "processed", "created", "errors", "created_by", "created_at",
              "finished_at")
    readonly_fields = fields
