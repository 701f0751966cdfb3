"""Anonymised copies of evidence for judges: pure functions, bytes in, bytes out.

A judge's copy keeps what the judge scores (the pixels, the pages) and drops what a file
carries about its author: EXIF (camera owner, GPS, serial numbers), XMP, ICC profiles,
JPEG comments and PNG text chunks of images.

A PDF is rebuilt (pikepdf, on qpdf): each page's content and resources are copied into a
new document, and nothing else is. So the copy has no document information, XMP, open
action, JavaScript, embedded files, form (AcroForm), outline or named destinations, and its
pages keep no annotations (links, comments — whose text may name the worker — and form
fields), no page actions and no metadata; actions, JavaScript and metadata reachable from
the resources (a form XObject's, an image's) are removed too. qpdf writes only the objects
the new document reaches, so what was cut is not left in the file either.
What the pages or pixels themselves show is beyond reach here: a scanned certificate with
the worker's name on it still shows it.
"""

import io
import os

import pikepdf
from PIL import Image, ImageOps, UnidentifiedImageError

from core.text import forbidden_character, strip_invisible

# Pillow's own decompression-bomb threshold, enforced as an error rather than a warning.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
SUFFIXES = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
# Suffixes a name may keep for its detected type; any other is replaced.
NAME_SUFFIXES = {"image/jpeg": {"jpg", "jpeg"}, "image/png": {"png"}, "application/pdf": {"pdf"}}
MAX_NAME_LENGTH = 200
# Image metadata that says nothing about anyone and that rendering needs.
KEPT_IMAGE_INFO = ("transparency",)
# What a rebuilt page keeps: its geometry, its content and the resources the content uses.
PAGE_KEYS_KEPT = frozenset({"/Type", "/Parent", "/MediaBox", "/CropBox", "/BleedBox",
                            "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit", "/Resources",
                            "/Contents", "/Group"})
# Removed wherever they occur below the resources: actions, scripts, metadata, attachments.
RESOURCE_KEYS_DROPPED = ("/A", "/AA", "/JS", "/JavaScript", "/OpenAction", "/URI",
                         "/Metadata", "/PieceInfo", "/EmbeddedFile", "/EmbeddedFiles",
                         "/Annots", "/StructParent", "/StructParents")


class UnreadableEvidence(ValueError):
    """The file cannot be parsed, so no anonymised copy can be made of it."""


def neutral_filename(entry_code: str, attachment_id: int, content_type: str) -> str:
    """`<entry code>-<attachment id>.<ext>`: the name a judge of a blind contest sees."""
    return f"{entry_code}-{attachment_id}.{SUFFIXES.get(content_type, 'bin')}"


def name_for_type(name: str, content_type: str) -> str:
    """The name a file is stored and served under: the uploaded name's last path part,
    without control or text-direction characters ("evil\u202egpj.exe"), whose suffix
    follows the type its content was recognised as: "evil.html" holding a PDF is
    "evil.pdf"; "证书.JPEG" holding a JPEG stays."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in strip_invisible(base)
                   if forbidden_character(ch) is None).strip(" .") or "upload"
    stem, dot, suffix = base.rpartition(".")
    if dot and suffix.lower() in NAME_SUFFIXES.get(content_type, ()):
        return base[-MAX_NAME_LENGTH:]
    stem = (stem if dot else base).strip(" .") or "upload"
    return f"{stem[:MAX_NAME_LENGTH - 5]}.{SUFFIXES.get(content_type, 'bin')}"


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
    """The pages rebuilt into a new document (see the module doc)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as source:
            if len(source.pages) == 0:
                raise UnreadableEvidence("no pages")
            clean = pikepdf.new()
            for page in source.pages:
                clean.pages.append(page)  # qpdf copies inherited attributes to the page
            for page in clean.pages:
                _keep_only_content(page.obj)
            out = io.BytesIO()
            clean.save(out, deterministic_id=True)
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError, KeyError,
            TypeError, RecursionError) as error:
        raise UnreadableEvidence(str(error)) from error
    return out.getvalue()


def _keep_only_content(page: pikepdf.Dictionary) -> None:
    for key in list(page.keys()):
        if key not in PAGE_KEYS_KEPT:
            del page[key]
    if "/Resources" in page:
        _scrub(page.Resources, seen=set())


def _scrub(obj, *, seen: set) -> None:
    """Remove RESOURCE_KEYS_DROPPED from every dictionary and stream below `obj`."""
    if not isinstance(obj, pikepdf.Object):
        return  # a number, a boolean: pikepdf hands them over as Python values
    if obj.is_indirect:
        if obj.objgen in seen:
            return
        seen.add(obj.objgen)
    if isinstance(obj, pikepdf.Array):
        for item in obj:
            _scrub(item, seen=seen)
        return
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if not isinstance(obj, pikepdf.Dictionary):
        return
    for key in RESOURCE_KEYS_DROPPED:
        if key in obj:
            del obj[key]
    for key in list(obj.keys()):
        if key != "/Parent":
            _scrub(obj[key], seen=seen)
