"""Evidence uploads: type by content, size limit, unguessable names, who may download."""

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from contests import permissions
from contests.models import Attachment, Contest, Entry
from contests.services.attachments import sniff_content_type
from tests.factories.contests import PDF_BYTES, PNG_BYTES, AttachmentFactory, EntryFactory
from tests.schema_fuzz import assert_documented

from .conftest import client_for, make_worker
from .evidence_files import png_with_text

pytestmark = [pytest.mark.api, pytest.mark.django_db]

JPEG_HEAD = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\0" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200


@pytest.fixture
def entry(open_contest):
    return EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                        worker=make_worker(), status=Entry.Status.DRAFT)


def upload(user, entry, name, content, content_type="application/octet-stream"):
    return client_for(user).post(
        f"/api/entries/{entry.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


@pytest.mark.unit
@pytest.mark.parametrize(("head", "expected"), [
    (PNG_BYTES, "image/png"), (PDF_BYTES, "application/pdf"), (JPEG_HEAD, "image/jpeg"),
    (ELF, None), (MZ, None), (b"GIF89a" + b"\0" * 50, None), (b"hello", None),
])
def test_type_is_judged_by_content(head, expected):
    assert sniff_content_type(head) == expected


def test_a_valid_pdf_is_accepted_under_an_unguessable_name(entry):
    response = upload(entry.worker, entry, "荣誉证书.pdf", PDF_BYTES, "application/pdf")
    assert response.status_code == 201, response.data
    assert response.data["content_type"] == "application/pdf"
    assert response.data["original_name"] == "荣誉证书.pdf"
    attachment = Attachment.objects.get()
    stored = attachment.file.name
    assert stored.startswith("evidence/") and stored.endswith(".pdf")
    assert "荣誉" not in stored and entry.worker.username not in stored
    assert len(stored.rsplit("/", 1)[-1]) >= 32  # 24 random bytes, url-safe
    assert AuditEvent.objects.filter(action="attachment.uploaded").count() == 1


def test_a_valid_png_is_accepted_even_with_a_wrong_suffix(entry):
    response = upload(entry.worker, entry, "photo.pdf", PNG_BYTES)
    assert response.status_code == 201, response.data
    assert response.data["content_type"] == "image/png"
    assert Attachment.objects.get().file.name.endswith(".png")


@pytest.mark.parametrize("content", [ELF, MZ], ids=["elf", "mz"])
def test_a_renamed_executable_is_refused(entry, content):
    response = upload(entry.worker, entry, "photo.jpg", content, "image/jpeg")
    assert response.status_code == 400
    assert "file" in response.data
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused(entry):
    big = PDF_BYTES + b"\0" * (11 * 1024 * 1024)
    response = upload(entry.worker, entry, "big.pdf", big, "application/pdf")
    assert response.status_code == 413
    assert response.data == {"file": ["A file may be at most 10 MB."]}
    assert not Attachment.objects.exists()


def test_missing_file_is_400(entry):
    response = client_for(entry.worker).post(f"/api/entries/{entry.pk}/attachments/", {},
                                             format="multipart")
    assert response.status_code == 400
    assert "file" in response.data


def test_upload_after_the_submission_window_closed_is_409(entry):
    Contest.objects.filter(pk=entry.contest_id).update(state=Contest.State.REGISTRATION_CLOSED)
    response = upload(entry.worker, entry, "a.pdf", PDF_BYTES)
    assert response.status_code == 409
    assert response.data["state"] == "registration_closed"


def test_upload_to_a_qualified_entry_is_409(entry):
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.QUALIFIED)
    response = upload(entry.worker, entry, "a.pdf", PDF_BYTES)
    assert response.status_code == 409
    assert response.data["state"] == "qualified"


def test_only_the_entrys_worker_uploads(entry, organizer):
    assert upload(organizer, entry, "a.pdf", PDF_BYTES).status_code == 403
    assert upload(make_worker(), entry, "a.pdf", PDF_BYTES).status_code == 404


class TestDownload:
    @pytest.fixture
    def attachment(self, entry):
        response = upload(entry.worker, entry, "证书.pdf", PDF_BYTES)
        return Attachment.objects.get(pk=response.data["id"])

    def get(self, user, attachment):
        return client_for(user).get(f"/api/attachments/{attachment.pk}/")

    def test_worker_and_organizer_download(self, attachment, organizer):
        for user in (attachment.entry.worker, organizer):
            response = self.get(user, attachment)
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == PDF_BYTES
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]

    @pytest.mark.parametrize(("name", "content", "media_type"), [
        ("证书.pdf", PDF_BYTES, "application/pdf"), ("照片.png", PNG_BYTES, "image/png"),
    ], ids=["pdf", "png"])
    def test_the_file_comes_with_a_documented_media_type(self, entry, name, content,
                                                         media_type):
        # Found by schema fuzzing: the schema promised application/octet-stream, the
        # file came (rightly) as what its content was recognised as on upload.
        attachment_id = upload(entry.worker, entry, name, content).data["id"]
        response = client_for(entry.worker).get(f"/api/attachments/{attachment_id}/")
        assert response["Content-Type"] == media_type
        assert_documented(response, "GET", "/api/attachments/{id}/")
        # Asking for that type was an undocumented 406.
        asked = client_for(entry.worker).get(f"/api/attachments/{attachment_id}/",
                                             HTTP_ACCEPT=media_type)
        assert asked.status_code == 200 and asked["Content-Type"] == media_type
        assert_documented(asked, "GET", "/api/attachments/{id}/")

    def test_other_workers_and_unassigned_judges_get_404(self, attachment, judge):
        assert self.get(make_worker(), attachment).status_code == 404
        assert self.get(judge, attachment).status_code == 404

    def test_anonymous_is_401(self, attachment, api_client):
        assert api_client.get(f"/api/attachments/{attachment.pk}/").status_code == 401


def test_can_judge_see_entry_asks_the_judging_app(open_contest, judge):
    from tests.factories.judging import AssignmentFactory

    attachment = AttachmentFactory(
        entry__contest=open_contest, entry__track=open_contest.tracks.first(),
        file=factory.django.FileField(filename="evidence.png", data=png_with_text()),
        content_type="image/png",
    )
    entry = attachment.entry
    assert permissions.can_judge_see_entry(judge, entry) is False
    assert permissions.can_judge_see_entry(entry.worker, entry) is False
    AssignmentFactory(judge=judge, entry=entry, stage=open_contest.stages.first())
    assert permissions.can_judge_see_entry(judge, entry) is True
    assert client_for(judge).get(f"/api/attachments/{attachment.pk}/").status_code == 200


# --- names follow the detected type; downloads are attachments, never sniffed ----------------

@pytest.mark.parametrize(("name", "content", "stored"), [
    ("evil.html", PDF_BYTES, "evil.pdf"),
    ("evil.pdf.html", PDF_BYTES, "evil.pdf.pdf"),
    ("证书.PDF", PDF_BYTES, "证书.PDF"),
    ("照片.jpeg", JPEG_HEAD, "照片.jpeg"),
    ("photo\u202egpj.exe", JPEG_HEAD, "photogpj.jpg"),  # the right-to-left trick
    ("../../etc/passwd", PNG_BYTES, "passwd.png"),
    (".html", PNG_BYTES, "html.png"),
    ("...", PNG_BYTES, "upload.png"),
])
def test_the_stored_name_follows_the_detected_type(entry, name, content, stored):
    response = upload(entry.worker, entry, name, content, "text/html")
    assert response.status_code == 201, response.data
    assert Attachment.objects.get().original_name == stored


def test_a_pdf_named_html_downloads_as_a_pdf_attachment_never_sniffed(entry):
    upload(entry.worker, entry, "evil.html", PDF_BYTES, "text/html")
    attachment = Attachment.objects.get()
    response = client_for(entry.worker).get(f"/api/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_stored_under_a_lying_name_is_served_under_an_honest_one(entry):
    attachment = AttachmentFactory(entry=entry, original_name="evil.html",
                                   content_type="application/pdf")
    response = client_for(entry.worker).get(f"/api/attachments/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'


def test_the_worker_page_downloads_a_pdf_even_when_asked_to_show_it(entry):
    from django.test import Client

    upload(entry.worker, entry, "evil.html", PDF_BYTES, "text/html")
    attachment = Attachment.objects.get()
    client = Client()
    client.force_login(entry.worker)
    response = client.get(f"/evidence/{attachment.pk}/?inline=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
