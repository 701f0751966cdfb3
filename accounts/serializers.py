"""Shapes of the accounts API. Input serializers check types and required fields only; the
rules (valid ID number, duplicates, password strength...) are the services'."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.masking import mask_phone
from core.serializer_fields import LineField, NameField, TextField

from .models import (
    Education,
    Enterprise,
    Ethnicity,
    ImportJob,
    Industry,
    PoliticalStatus,
    Role,
    TradeUnion,
    User,
    WorkerProfile,
)
from .permissions import sees_full_phone


# Inline enums (no schema component): field names like `status` and `roles` would otherwise
# collide with other apps' enums of the same name and make drf-spectacular warn.
@extend_schema_field({"type": "array", "items": {"type": "string", "enum": Role.values}})
class RolesField(serializers.ListField):
    child = serializers.CharField()


@extend_schema_field({"type": "string", "enum": ImportJob.Status.values})
class ImportStatusField(serializers.CharField):
    pass

# --- Output ----------------------------------------------------------------------------


class TradeUnionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = TradeUnion
        fields = ["id", "name"]


class EnterpriseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "name"]


class EnterpriseSerializer(serializers.ModelSerializer):
    union = TradeUnionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "industry", "is_key", "union", "created_at"]


class WorkerProfileSerializer(serializers.ModelSerializer):
    # Always the masked copy: the full number only through the audited reveal endpoint.
    id_number = serializers.CharField(source="id_number_masked", read_only=True)

    class Meta:
        model = WorkerProfile
        fields = [
            "id", "id_number", "sex", "birth_date", "industry", "union_member",
            "political_status", "years_in_industry", "district", "ethnicity", "education",
            "consent_publication", "consent_at",
        ]


class UserSerializer(serializers.ModelSerializer):
    # Not the model field's: its validator's pattern, ^[\w.@+-]+$, would reach the schema,
    # where \w means ASCII only (ECMA-262), whereas usernames may be in any script (张三).
    username = serializers.CharField(read_only=True)
    roles = RolesField(read_only=True)
    phone = serializers.SerializerMethodField()
    enterprise = EnterpriseRefSerializer(read_only=True, allow_null=True)
    union = TradeUnionRefSerializer(read_only=True, allow_null=True)
    profile = WorkerProfileSerializer(source="worker_profile", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = [
            "id", "username", "role", "roles", "real_name", "phone", "enterprise", "union",
            "is_active", "date_joined", "preferred_language", "profile",
        ]
        read_only_fields = ["preferred_language"]

    @extend_schema_field(serializers.CharField(help_text=_("Masked unless you are an "
                                                           "organizer or the person.")))
    def get_phone(self, user) -> str:
        viewer = self.context["request"].user
        return user.phone if sees_full_phone(viewer, user) else mask_phone(user.phone)


class RevealedIdSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The user's id."))
    id_number = serializers.CharField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text=_("Spreadsheet row number."))
    field = serializers.CharField()
    column = serializers.CharField(help_text=_("The column header as written in the file."))
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    errors = RowErrorSerializer(many=True)


class ImportRejectedSerializer(serializers.Serializer):
    """A 400 from the roster import: the rows' problems (nothing imported), or the upload
    itself named as `file` (missing, not a file)."""

    created = serializers.IntegerField(required=False)
    errors = RowErrorSerializer(many=True, required=False)
    detail = serializers.CharField(required=False)
    file = serializers.ListField(child=serializers.CharField(), required=False)


class ImportJobSerializer(serializers.ModelSerializer):
    errors = RowErrorSerializer(many=True, read_only=True)
    status = ImportStatusField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id", "status", "total", "processed", "created", "errors", "created_at",
            "finished_at",
        ]


# --- Input -----------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class WorkerFieldsSerializer(serializers.Serializer):
    real_name = NameField(max_length=50)
    phone = LineField(max_length=20)
    id_number = LineField(max_length=32)
    industry = serializers.ChoiceField(choices=Industry.choices)
    union_member = serializers.BooleanField()
    political_status = serializers.ChoiceField(choices=PoliticalStatus.choices)
    years_in_industry = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False,
                                        allow_blank=True, help_text=_("民族; optional."))
    education = serializers.ChoiceField(choices=Education.choices, required=False,
                                        allow_blank=True, help_text=_("文化程度; optional."))


class RegisterSerializer(WorkerFieldsSerializer):
    username = LineField(max_length=150)
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    consent_publication = serializers.BooleanField(
        help_text=_("Separate consent to publish the worker's name and award (PIPL); "
                    "required, may be false.")
    )


class UserCreateSerializer(serializers.Serializer):
    username = LineField(max_length=150)
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, trim_whitespace=False,
        help_text=_("Optional: without one the person sets a password later."),
    )
    role = serializers.ChoiceField(choices=Role.choices)
    real_name = NameField(max_length=50)
    phone = LineField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    union = serializers.PrimaryKeyRelatedField(
        queryset=TradeUnion.objects.all(), required=False, allow_null=True
    )
    # Worker role only:
    id_number = LineField(max_length=32, required=False, allow_blank=True)
    industry = serializers.ChoiceField(choices=Industry.choices, required=False)
    union_member = serializers.BooleanField(default=False)
    political_status = serializers.ChoiceField(
        choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    years_in_industry = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, default=0
    )
    consent_publication = serializers.BooleanField(default=False)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False,
                                        allow_blank=True)
    education = serializers.ChoiceField(choices=Education.choices, required=False,
                                        allow_blank=True)


class EnterpriseCreateSerializer(serializers.Serializer):
    name = NameField(max_length=200)
    credit_code = LineField(max_length=32)
    industry = serializers.ChoiceField(choices=Industry.choices)
    is_key = serializers.BooleanField(default=False)
    union = serializers.PrimaryKeyRelatedField(
        queryset=TradeUnion.objects.all(), required=False, allow_null=True
    )


class ProfileUpdateSerializer(serializers.Serializer):
    industry = serializers.ChoiceField(choices=Industry.choices, required=False)
    union_member = serializers.BooleanField(required=False)
    political_status = serializers.ChoiceField(choices=PoliticalStatus.choices, required=False)
    years_in_industry = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0,
                                                 required=False)
    ethnicity = serializers.CharField(max_length=20, required=False, allow_blank=True)
    education = serializers.CharField(max_length=30, required=False, allow_blank=True)
    district = serializers.CharField(max_length=60, required=False, allow_blank=True)


class UserUpdateSerializer(serializers.Serializer):
    """PATCH /api/users/{id}/: only the fields sent change."""

    email = serializers.EmailField(required=False, allow_blank=True)
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    real_name = serializers.CharField(max_length=50, required=False,
                                      help_text=_("Organizers only."))
    phone = serializers.CharField(max_length=20, required=False,
                                  help_text=_("Organizers only (a worker confirms a new "
                                              "phone with an SMS code)."))
    profile = ProfileUpdateSerializer(required=False)


class MeUpdateSerializer(serializers.Serializer):
    preferred_language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False,
        help_text=_("Language of your notifications (in-app, e-mail, SMS)."),
    )


class RevealIdSerializer(serializers.Serializer):
    reason = TextField(max_length=500)


class RosterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("An .xlsx roster (checked by content)."))
