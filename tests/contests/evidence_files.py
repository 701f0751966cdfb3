"""Evidence files that carry their author's name in their metadata, as phones and office
software write them."""

import io

from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

AUTHOR = "张三"
XMP = (f'<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{AUTHOR}'
       "</dc:creator></x:xmpmeta><?xpacket end=\"w\"?>").encode()
EXIF_ARTIST, EXIF_ORIENTATION = 0x013B, 0x0112


def jpeg_with_exif(*, size=(40, 30), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[EXIF_ARTIST] = AUTHOR.encode()  # UTF-8 in an ASCII field, as many phones do
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(
        out, "JPEG", exif=exif, comment=AUTHOR.encode(), icc_profile=AUTHOR.encode() * 20,
    )
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", AUTHOR)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    exif = Image.Exif()
    exif[EXIF_ARTIST] = AUTHOR.encode()
    out = io.BytesIO()
    Image.new("P", (8, 8), 1).save(out, "PNG", pnginfo=info, exif=exif,
                                   icc_profile=AUTHOR.encode() * 20, transparency=0)
    return out.getvalue()


def pdf_with_author() -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": AUTHOR, "/Title": f"{AUTHOR}的荣誉证书",
                         "/Subject": AUTHOR, "/Creator": AUTHOR, "/Keywords": AUTHOR})
    writer.xmp_metadata = XMP
    comment = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Text"),
        NameObject("/Rect"): ArrayObject([]), NameObject("/T"): TextStringObject(AUTHOR),
        NameObject("/Contents"): TextStringObject("请评委查看"),
    })
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(comment)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
