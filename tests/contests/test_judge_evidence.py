"""Judges download the evidence they score; in a blind contest their copy names no one."""

import hashlib
import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from contests.models import Attachment, Contest, Entry
from tests.factories.contests import EntryFactory
from tests.factories.judging import AssignmentFactory

from .conftest import client_for, make_worker
from .evidence_files import (
    AUTHOR,
    PHONE,
    hostile_pdf,
    jpeg_with_exif,
    pdf_objects_text,
    pdf_with_author,
)

pytestmark = [pytest.mark.api, pytest.mark.django_db]


@pytest.fixture
def entry(open_contest):
    worker = make_worker()
    worker.real_name = AUTHOR
    worker.save(update_fields=["real_name"])
    return EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                        worker=worker, status=Entry.Status.DRAFT)


@pytest.fixture
def evidence(entry):
    """The worker's photo and certificate, uploaded while registration was open."""
    files = {"photo": (f"{AUTHOR}-工作照.jpg", jpeg_with_exif()),
             "certificate": (f"{AUTHOR}-荣誉证书.pdf", pdf_with_author())}
    uploaded = {}
    for key, (name, content) in files.items():
        response = client_for(entry.worker).post(
            f"/api/entries/{entry.pk}/attachments/",
            {"file": SimpleUploadedFile(name, content)}, format="multipart",
        )
        assert response.status_code == 201, response.data
        uploaded[key] = Attachment.objects.get(pk=response.data["id"])
    return uploaded


def judging(entry, *, blind: bool) -> None:
    Contest.objects.filter(pk=entry.contest_id).update(state=Contest.State.JUDGING,
                                                       blind=blind)
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.QUALIFIED)


@pytest.fixture
def assigned_judge(entry, judge):
    AssignmentFactory(judge=judge, entry=entry, stage=entry.contest.stages.first())
    return judge


def download(user, attachment):
    response = client_for(user).get(f"/api/attachments/{attachment.pk}/")
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


class TestBlindContest:
    @pytest.fixture(autouse=True)
    def _blind(self, entry, evidence):
        judging(entry, blind=True)

    def test_the_judges_photo_carries_no_exif_and_no_name(self, assigned_judge, evidence):
        assert AUTHOR.encode() in evidence["photo"].file.open("rb").read()
        response, body = download(assigned_judge, evidence["photo"])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert AUTHOR.encode() not in body and b"Exif\0\0" not in body
        with Image.open(io.BytesIO(body)) as image:
            assert not image.getexif() and image.size == (40, 30)

    def test_the_judges_pdf_has_no_author(self, assigned_judge, evidence):
        response, body = download(assigned_judge, evidence["certificate"])
        assert response.status_code == 200
        reader = PdfReader(io.BytesIO(body))
        assert not (reader.metadata and reader.metadata.author)
        assert reader.metadata is None and reader.xmp_metadata is None

    def test_the_judges_pdf_runs_nothing_and_names_no_one(self, assigned_judge, entry):
        upload = SimpleUploadedFile("材料.pdf", hostile_pdf())
        stored = Attachment.objects.create(entry=entry, original_name="材料.pdf",
                                           content_type="application/pdf", size=upload.size,
                                           sha256="0" * 64, uploaded_by=entry.worker)
        stored.file.save("evidence.pdf", upload)
        response, body = download(assigned_judge, stored)
        assert response.status_code == 200
        everything = pdf_objects_text(body)
        for leak in (b"/JavaScript", b"/JS", b"/OpenAction", b"/Annots", b"/AcroForm",
                     b"/EmbeddedFile", PHONE.encode(), AUTHOR.encode("utf-16-be")):
            assert leak not in everything, leak

    def test_the_judges_file_is_named_by_entry_code_and_id(self, assigned_judge, evidence,
                                                           entry):
        for attachment, suffix in ((evidence["photo"], "jpg"),
                                   (evidence["certificate"], "pdf")):
            response, _body = download(assigned_judge, attachment)
            disposition = response["Content-Disposition"]
            assert disposition == (
                f'attachment; filename="{entry.code}-{attachment.pk}.{suffix}"'
            )
            assert "%" not in disposition and AUTHOR not in disposition

    @pytest.mark.parametrize("who", ["worker", "organizer"])
    def test_the_worker_and_organizers_get_the_file_as_stored(self, who, entry, evidence,
                                                              organizer):
        user = entry.worker if who == "worker" else organizer
        for attachment in evidence.values():
            response, body = download(user, attachment)
            assert response.status_code == 200
            assert hashlib.sha256(body).hexdigest() == attachment.sha256
            assert response["Content-Disposition"].endswith(
                "filename*=utf-8''" + quote(attachment.original_name)
            )

    def test_a_judge_not_assigned_to_the_entry_gets_404(self, judge, evidence, entry):
        other = EntryFactory(contest=entry.contest, track=entry.track)
        AssignmentFactory(judge=judge, entry=other, stage=entry.contest.stages.first())
        for attachment in evidence.values():
            response, _body = download(judge, attachment)
            assert response.status_code == 404

    def test_anonymous_gets_401(self, api_client, evidence):
        response = api_client.get(f"/api/attachments/{evidence['photo'].pk}/")
        assert response.status_code == 401

    def test_a_file_that_cannot_be_anonymised_is_refused_not_served(self, assigned_judge,
                                                                    evidence):
        photo = evidence["photo"]
        with photo.file.open("wb") as stored:
            stored.write(b"\xff\xd8\xff\xe0 truncated " + AUTHOR.encode())
        response = client_for(assigned_judge).get(f"/api/attachments/{photo.pk}/")
        assert response.status_code == 409
        assert AUTHOR.encode() not in response.content


def test_in_an_open_contest_the_judge_gets_the_original_name(entry, evidence,
                                                             assigned_judge):
    judging(entry, blind=False)
    for attachment in evidence.values():
        response, _body = download(assigned_judge, attachment)
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(
            "filename*=utf-8''" + quote(attachment.original_name)
        )


def test_in_an_open_contest_the_judges_copy_still_drops_file_metadata(entry, evidence,
                                                                      assigned_judge):
    """Judges of open contests see the worker's name, but not the photo's GPS position or
    camera serial: they need the pixels only (PIPL: no more than the purpose needs)."""
    judging(entry, blind=False)
    response, body = download(assigned_judge, evidence["photo"])
    assert response.status_code == 200
    assert b"Exif\0\0" not in body and AUTHOR.encode() not in body


@pytest.mark.parametrize("status", [Entry.Status.WITHDRAWN, Entry.Status.REJECTED])
def test_a_judge_of_an_entry_that_left_the_contest_gets_404(entry, evidence, assigned_judge,
                                                            status):
    judging(entry, blind=False)
    Entry.objects.filter(pk=entry.pk).update(status=status)
    response, _body = download(assigned_judge, evidence["photo"])
    assert response.status_code == 404
