"""Shapes of the publicity API. Parsing only: the rules are in `publicity.services`."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.masking import mask_name
from core.serializer_fields import LineField, NameField, TextField

from .models import Certificate, Notice, Objection
from .services.certificates import verify_url


class NoticeContestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class NoticeRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    term = serializers.CharField()

LINE_HELP = _("The id of the notice line the objection is about, for notices whose lines "
              "carry one (a nomination round's nominees); upholding acts on it.")


class ObjectionCountsSerializer(serializers.Serializer):
    pending = serializers.IntegerField(source="objections_pending")
    upheld = serializers.IntegerField(source="objections_upheld")
    dismissed = serializers.IntegerField(source="objections_dismissed")


class NoticeSerializer(serializers.ModelSerializer):
    """A notice in the list: when it runs and where it stands, without its lines."""

    contest = NoticeContestSerializer(allow_null=True, read_only=True)
    nomination_round = NoticeRoundSerializer(allow_null=True, read_only=True)
    last_day = serializers.DateField(
        read_only=True, help_text=_("The last day of the notice (closes_at is 00:00 the day "
                                    "after), to show as “公示期至…”."))
    accepts_objections = serializers.SerializerMethodField(
        help_text=_("Open and running now: objections may be filed."))
    objections = ObjectionCountsSerializer(source="*", read_only=True)
    winners_count = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id", "subject_type", "contest", "nomination_round", "round", "title",
            "working_days", "opens_at", "closes_at", "last_day", "status",
            "accepts_objections", "ended_at", "objections", "winners_count",
        ]
        read_only_fields = fields

    def get_accepts_objections(self, notice) -> bool:
        return notice.accepts_objections()

    def get_winners_count(self, notice) -> int:
        return len(notice.lines)


class NoticeLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        default=None, allow_null=True,
        help_text=_("A nomination round's line: the nomination's id, which an objection may "
                    "name (`line`); null on a contest's notice."))
    post = serializers.CharField(
        default=None, allow_null=True,
        help_text=_("A nomination round's line: the post (the award column names it)."))
    rank = serializers.IntegerField(allow_null=True)
    track = serializers.CharField()
    award = serializers.CharField()
    name = serializers.SerializerMethodField(
        help_text=_("The masked name (张*), or a note that the winner did not consent to "
                    "publication."))
    enterprise = serializers.CharField(allow_blank=True)
    withheld = serializers.BooleanField(
        help_text=_("The winner did not consent to publication: no name or enterprise."))

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, line) -> str:
        if line.get("withheld"):
            # Translators: zh-hans "某某（未同意公开）": a winner listed without their name.
            return pgettext("notice line", "(name withheld: no consent to publication)")
        return line.get("name", "")


class NoticeDetailSerializer(NoticeSerializer):
    winners = NoticeLineSerializer(source="lines", many=True, read_only=True)
    calendar_missing_years = serializers.ListField(
        child=serializers.IntegerField(), read_only=True,
        help_text=_("Years the notice runs through for which no holiday calendar was "
                    "entered: its end may be too early."))

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "winners", "calendar_missing_years"]
        read_only_fields = fields


class ObjectionRequestSerializer(serializers.Serializer):
    """Presence and lengths are checked by the service, which names every wrong field."""

    name = NameField(required=False, allow_blank=True, trim_whitespace=False,
                     help_text=_("Your real name, 2–50 characters."))
    contact = LineField(required=False, allow_blank=True, trim_whitespace=False,
                        help_text=_("A phone number or an e-mail address."))
    text = TextField(required=False, allow_blank=True, trim_whitespace=False,
                     help_text=_("The objection, 10–2000 characters."))
    line = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                    max_value=2**31 - 1, help_text=LINE_HELP)


class ObjectionReceiptSerializer(serializers.ModelSerializer):
    """What the objector gets back."""

    class Meta:
        model = Objection
        fields = ["id", "notice", "status", "created_at"]
        read_only_fields = fields


class ResolverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.real_name or user.username


class ObjectionSerializer(serializers.ModelSerializer):
    """An objection as organizers see it, with the objector's name and contact."""

    resolved_by = ResolverSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Objection
        fields = [
            "id", "notice", "line", "name", "contact", "text", "created_at", "ip_address",
            "user_agent", "status", "resolution", "resolved_by", "resolved_at",
        ]
        read_only_fields = fields


class ResolveRequestSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[Objection.Status.UPHELD,
                                                Objection.Status.DISMISSED])
    resolution = TextField(required=False, allow_blank=True,
                           help_text=_("Required: the written resolution."))
    line = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                    max_value=2**31 - 1, help_text=LINE_HELP)


class RestartRequestSerializer(serializers.Serializer):
    reason = TextField(required=False, allow_blank=True, max_length=2000)


class ReasonRequestSerializer(serializers.Serializer):
    reason = TextField(required=False, allow_blank=True,
                       help_text=_("Required."))


class VerificationSerializer(serializers.Serializer):
    """The answer of the public verification: `status` is valid, revoked or unknown."""

    valid = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["valid", "revoked", "unknown"])
    number = serializers.CharField(help_text=_("The number as looked up (canonical form)."))
    well_formed = serializers.BooleanField(
        help_text=_("False when the check character does not match: probably a typo."))
    holder = serializers.CharField(required=False, help_text=_("Masked: 张*."))
    award = serializers.CharField(required=False)
    contest = serializers.CharField(required=False)
    issuer = serializers.CharField(required=False)
    issued_at = serializers.DateTimeField(required=False)
    revoked_at = serializers.DateTimeField(required=False, allow_null=True)


def verification(number: str, certificate: Certificate | None, well_formed: bool) -> dict:
    if certificate is None:
        return {"valid": False, "status": "unknown", "number": number,
                "well_formed": well_formed}
    valid = certificate.status == Certificate.Status.VALID
    data = {
        "valid": valid, "status": certificate.status, "number": certificate.number,
        "well_formed": True, "holder": mask_name(certificate.holder_name),
        "award": certificate.award_name, "contest": certificate.contest_title,
        "issuer": certificate.issuer_name, "issued_at": certificate.issued_at,
    }
    if not valid:
        data["revoked_at"] = certificate.revoked_at
    return VerificationSerializer(data).data


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate as its holder and organizers see it."""

    contest = NoticeContestSerializer(read_only=True)
    holder = serializers.SerializerMethodField()
    pdf_ready = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id", "number", "contest", "entry", "holder", "holder_name", "award_name",
            "rank", "issuer_name", "issued_at", "status", "revoked_at", "revoked_reason",
            "pdf_ready", "download_url", "verify_url",
        ]
        read_only_fields = fields

    def get_holder(self, certificate) -> int:
        return certificate.holder_id

    def get_pdf_ready(self, certificate) -> bool:
        return bool(certificate.pdf)

    def get_download_url(self, certificate) -> str:
        return f"/api/certificates/{certificate.number}.pdf"

    def get_verify_url(self, certificate) -> str:
        return verify_url(certificate.number)
