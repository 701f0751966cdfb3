"""Judges' copies of evidence: the pixels and pages without the author's metadata."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from contests import evidence

from .evidence_files import (
    AUTHOR,
    PAGE_TEXT,
    PHONE,
    hostile_pdf,
    jpeg_with_exif,
    pdf_objects_text,
    pdf_with_author,
    png_with_text,
)

pytestmark = pytest.mark.unit

NAME = AUTHOR.encode()


def test_a_jpeg_loses_exif_comment_and_icc_but_keeps_its_pixels():
    original = jpeg_with_exif()
    assert NAME in original
    copy = evidence.anonymised(original, "image/jpeg")
    assert NAME not in copy and b"Exif\0\0" not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert image.format == "JPEG" and image.size == (40, 30)
        assert not image.getexif() and "icc_profile" not in image.info
        assert "comment" not in image.info
        red, green, _blue = image.getpixel((20, 15))
        assert red > 180 and green < 60


def test_a_jpeg_is_turned_upright_before_its_orientation_tag_goes():
    copy = evidence.anonymised(jpeg_with_exif(size=(40, 30), orientation=6), "image/jpeg")
    with Image.open(io.BytesIO(copy)) as image:
        assert image.size == (30, 40)


def test_a_png_loses_text_exif_and_icc_chunks_but_keeps_palette_and_transparency():
    original = png_with_text()
    assert NAME in original
    copy = evidence.anonymised(original, "image/png")
    assert NAME not in copy
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP"):
        assert chunk not in copy, chunk
    with Image.open(io.BytesIO(copy)) as image:
        assert image.mode == "P" and "transparency" in image.info


def test_a_pdf_loses_its_document_information_xmp_and_comment_authors():
    original = pdf_with_author()
    assert PdfReader(io.BytesIO(original)).metadata.author == AUTHOR
    copy = evidence.anonymised(original, "application/pdf")
    reader = PdfReader(io.BytesIO(copy))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert len(reader.pages) == 1
    assert "/Annots" not in reader.pages[0]  # the comment and its author are gone
    assert b"dc:creator" not in copy


def test_a_judges_pdf_keeps_no_script_action_annotation_form_attachment_or_metadata():
    import pikepdf

    original = hostile_pdf()
    assert PHONE.encode() in pdf_objects_text(original)

    copy = evidence.anonymised(original, "application/pdf")

    everything = pdf_objects_text(copy)
    for leak in (AUTHOR.encode("utf-16-be"), AUTHOR.encode(), PHONE.encode(),
                 b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Annots", b"/AcroForm",
                 b"/EmbeddedFile", b"/Metadata", b"/Names", b"evil.example", b"dc:creator"):
        assert leak not in everything, leak
    with pikepdf.open(io.BytesIO(copy)) as pdf:
        assert len(pdf.pages) == 1 and not pdf.docinfo.keys()
        page = pdf.pages[0]
        assert list(page.mediabox) == [0, 0, 200, 200]  # inherited geometry kept
        assert PAGE_TEXT in page.Contents.read_bytes()  # what the judge scores is kept
        assert "/Im1" in page.Resources.XObject


@pytest.mark.parametrize(("data", "content_type"), [
    (b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n broken", "image/png"),
    (b"%PDF-1.4 no objects, no xref", "application/pdf"),
    (b"MZ", "application/x-msdownload"),
])
def test_an_unreadable_file_gets_no_copy(data, content_type):
    with pytest.raises(evidence.UnreadableEvidence):
        evidence.anonymised(data, content_type)


def test_an_image_too_large_to_decode_safely_gets_no_copy(monkeypatch):
    monkeypatch.setattr(evidence, "MAX_PIXELS", 100)
    with pytest.raises(evidence.UnreadableEvidence):
        evidence.anonymised(jpeg_with_exif(size=(20, 20)), "image/jpeg")


@pytest.mark.parametrize(("content_type", "name"), [
    ("image/jpeg", "K7PQ2MXA-12.jpg"), ("image/png", "K7PQ2MXA-12.png"),
    ("application/pdf", "K7PQ2MXA-12.pdf"),
])
def test_the_neutral_name_is_the_entry_code_and_attachment_id(content_type, name):
    assert evidence.neutral_filename("K7PQ2MXA", 12, content_type) == name
