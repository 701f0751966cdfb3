"""Evidence inline: images as they are cleaned for judges, PDFs as pictures of their pages,
behind the attachment permission check."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from reportlab.pdfgen import canvas

from tests.factories.accounts import JudgeFactory
from tests.factories.contests import AttachmentFactory

pytestmark = pytest.mark.django_db


def pdf_bytes(pages=2) -> bytes:
    out = io.BytesIO()
    document = canvas.Canvas(out, pagesize=(300, 400))
    document.setAuthor("王小明")
    for n in range(pages):
        document.drawString(50, 300, f"page {n + 1}")
        document.showPage()
    document.save()
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="PNG")
    return out.getvalue()


def attach(entry, data, content_type, name):
    return AttachmentFactory(entry=entry, file=ContentFile(data, name="evidence"),
                             content_type=content_type, original_name=name, size=len(data))


def test_a_pdf_is_shown_as_pictures_of_its_pages(judge_page, judging):
    entry = judging.assignments[0].entry
    pdf = attach(entry, pdf_bytes(2), "application/pdf", "荣誉证书.pdf")
    viewer = judge_page.get(reverse("judge-evidence", args=[pdf.pk]), HTTP_HX_REQUEST="true")
    body = viewer.content.decode()
    assert "2 pages" in body
    assert body.count('class="evidence-page"') == 2

    page = judge_page.get(reverse("judge-evidence-page", args=[pdf.pk, 2]))
    assert page["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(page.content))
    assert picture.width == 1200 and picture.height == 1600
    assert judge_page.get(reverse("judge-evidence-page", args=[pdf.pk, 3])).status_code == 404


def test_the_scoring_page_shows_images_inline_and_loads_pdf_pages(judge_page, judging):
    assignment = judging.assignments[0]
    image = attach(assignment.entry, png_bytes(), "image/png", "现场照片.png")
    pdf = attach(assignment.entry, pdf_bytes(1), "application/pdf", "证书.pdf")
    page = judge_page.get(reverse("judge-scoring", args=[assignment.pk])).content.decode()
    assert f'src="{reverse("judge-evidence-file", args=[image.pk])}"' in page
    assert f'hx-get="{reverse("judge-evidence", args=[pdf.pk])}"' in page

    served = judge_page.get(reverse("judge-evidence-file", args=[image.pk]))
    assert served["Content-Type"] == "image/png"
    assert "attachment" not in served.get("Content-Disposition", "")
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (40, 30)


def test_evidence_of_an_entry_not_assigned_is_not_found(client, judging):
    pdf = attach(judging.assignments[0].entry, pdf_bytes(1), "application/pdf", "x.pdf")
    client.force_login(JudgeFactory())
    assert client.get(reverse("judge-evidence", args=[pdf.pk])).status_code == 404
    assert client.get(reverse("judge-evidence-page", args=[pdf.pk, 1])).status_code == 404


def test_an_unreadable_pdf_says_so(judge_page, judging):
    broken = attach(judging.assignments[0].entry, b"%PDF-1.4 broken", "application/pdf", "x.pdf")
    response = judge_page.get(reverse("judge-evidence", args=[broken.pk]))
    assert response.status_code == 409
    assert "cannot be shown to judges" in response.content.decode()
