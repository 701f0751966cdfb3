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


PHONE = "13812345678"
PAGE_TEXT = b"Safety riding record"


def hostile_pdf() -> bytes:
    """A PDF as the probe sent it: JavaScript run on opening (and by name), a link whose
    action is JavaScript, a comment whose text names the worker and gives their phone, a
    form field holding the name, an embedded file, a page action, document information and
    XMP — and the MediaBox inherited from the page tree, as many generators write it."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0].obj
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica))
    image = pdf.make_stream(b"\xff\x00\x00", Type=Name.XObject, Subtype=Name.Image, Width=1,
                            Height=1, ColorSpace=Name.DeviceRGB, BitsPerComponent=8,
                            Metadata=pdf.make_stream(XMP))
    page.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=image))
    page.Contents = pdf.make_stream(
        b"BT /F1 12 Tf 20 100 Td (" + PAGE_TEXT + b") Tj ET q 10 0 0 10 0 0 cm /Im1 Do Q")
    script = pdf.make_indirect(Dictionary(
        S=Name.JavaScript, JS=String(f"app.alert('{AUTHOR} {PHONE}')")))
    pdf.Root.OpenAction = script
    attachment = pdf.make_indirect(Dictionary(
        Type=Name.Filespec, F=String("id.txt"),
        EF=Dictionary(F=pdf.make_stream(f"{AUTHOR} {PHONE}".encode()))))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("x"), script])),
                                EmbeddedFiles=Dictionary(Names=Array([String("id.txt"),
                                                                      attachment])))
    link = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 50, 50],
        A=Dictionary(S=Name.JavaScript, JS=String("app.launchURL('http://evil.example')"))))
    note = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=[0, 0, 9, 9],
                                        Contents=String(f"{AUTHOR} {PHONE}"),
                                        T=String(AUTHOR)))
    field = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx,
                                         T=String("name"), V=String(AUTHOR),
                                         Rect=[0, 0, 9, 9]))
    page.Annots = Array([link, note, field])
    page.AA = Dictionary(O=script)
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]))
    pdf.docinfo["/Author"] = String(AUTHOR)
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = [AUTHOR]
    pdf.Root.Pages.MediaBox = page.MediaBox
    del page["/MediaBox"]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_objects_text(data: bytes) -> bytes:
    """Every object of a PDF, streams decoded: what a reader could find in it."""
    import pikepdf

    parts = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            parts.append(repr(obj).encode("utf-8", "replace"))
            if isinstance(obj, pikepdf.Stream):
                parts.append(obj.read_bytes())
    return b"\n".join(parts)
