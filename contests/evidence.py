"""Anonymised copies of evidence for judges: pure functions, bytes in, bytes out.

A judge's copy keeps what the judge scores (the pixels, the pages) and drops what a file
carries about its author: EXIF (camera owner, GPS, serial numbers), XMP, ICC profiles,
JPEG comments and PNG text chunks of images; the document information (Author, Title,
Subject, Creator, Producer, Keywords...), XMP streams and comment authors of PDFs.
What the pages or pixels themselves show is beyond reach here: a scanned certificate with
the worker's name on it still shows it.
"""

import io

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

# Pillow's own decompression-bomb threshold, enforced as an error rather than a warning.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
SUFFIXES = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
# Image metadata that says nothing about anyone and that rendering needs.
KEPT_IMAGE_INFO = ("transparency",)
# Page keys that hold metadata rather than content.
PAGE_METADATA_KEYS = ("/Metadata", "/PieceInfo")


class UnreadableEvidence(ValueError):
    """The file cannot be parsed, so no anonymised copy can be made of it."""


def neutral_filename(entry_code: str, attachment_id: int, content_type: str) -> str:
    """`<entry code>-<attachment id>.<ext>`: the name a judge of a blind contest sees."""
    return f"{entry_code}-{attachment_id}.{SUFFIXES.get(content_type, 'bin')}"


def anonymised(data: bytes, content_type: str) -> bytes:
    """The file without the metadata that could name its author."""
    if content_type in IMAGE_FORMATS:
        return anonymised_image(data, IMAGE_FORMATS[content_type])
    if content_type == "application/pdf":
        return anonymised_pdf(data)
    raise UnreadableEvidence(content_type)


def anonymised_image(data: bytes, image_format: str) -> bytes:
    """The picture re-encoded from its pixels alone, turned upright first (the EXIF
    orientation goes with the rest of the EXIF)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UnreadableEvidence("too many pixels")
            upright = ImageOps.exif_transpose(image)
            clean = upright.copy()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            UnidentifiedImageError) as error:
        raise UnreadableEvidence(str(error)) from error
    clean.info = {key: upright.info[key] for key in KEPT_IMAGE_INFO if key in upright.info}
    if image_format == "JPEG" and clean.mode not in ("L", "RGB", "CMYK"):
        clean = clean.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 90} if image_format == "JPEG" else {"optimize": True}
    clean.save(out, format=image_format, **options)
    return out.getvalue()


def anonymised_pdf(data: bytes) -> bytes:
    """The pages copied into a new document with no document information, no XMP (of the
    document or of a page) and no comment authors."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableEvidence("encrypted")
        writer = PdfWriter()
        for page in reader.pages:
            for key in PAGE_METADATA_KEYS:
                page.pop(key, None)
            writer.add_page(page)
        for page in writer.pages:
            _drop_comment_authors(page)
        writer.metadata = None
        writer.xmp_metadata = None
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as error:
        raise UnreadableEvidence(str(error)) from error
    return out.getvalue()


def _drop_comment_authors(page) -> None:
    """Markup annotations (comments, highlights) name their author in /T; a form field's
    /T is its field name and stays."""
    for ref in page.get("/Annots") or []:
        annotation = ref.get_object()
        if annotation.get("/Subtype") != "/Widget":
            for key in ("/T", "/Metadata"):
                annotation.pop(NameObject(key), None)
