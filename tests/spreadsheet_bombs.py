"""Crafted .xlsx files for the spreadsheet-bomb tests (roster and objective imports)."""

import io
import re
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def plain_xlsx(rows=(("姓名", "手机号", "身份证号", "行业"),)) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, part: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def declared_dimensions(ref="A1:H50000000") -> bytes:
    """A few KB that declare fifty million rows: openpyxl would yield every one of them."""
    return _rewrite(plain_xlsx(), SHEET,
                    lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'
                                       .encode(), xml))


def far_row(row=50_000_000, rows=None) -> bytes:
    """No dimension at all, and one cell in a far-away row: the same bomb, undeclared."""
    def change(xml):
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>")
    return _rewrite(plain_xlsx(rows) if rows else plain_xlsx(), SHEET, change)


def zip_bomb(uncompressed_mb=60) -> bytes:
    """A valid workbook plus a part that inflates to `uncompressed_mb` MB (about 60 KB
    compressed)."""
    out = io.BytesIO(plain_xlsx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.xml", b" " * (uncompressed_mb * 1024 * 1024))
    return out.getvalue()


def with_dtd(comment_bytes=0) -> bytes:
    """XXE: an external entity declared in the sheet and used in its first cell. With
    `comment_bytes`, a comment that long comes first (past the prolog check, so the XML
    parser itself must refuse the entity)."""
    def change(xml):
        comment = b"<!--" + b"x" * comment_bytes + b"-->" if comment_bytes else b""
        dtd = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        xml = re.sub(rb"<is><t>[^<]*</t></is>", b"<is><t>&xxe;</t></is>", xml, count=1)
        return comment + dtd + xml
    return _rewrite(plain_xlsx(), SHEET, change)


def padded(data: bytes, mb: int = 3) -> bytes:
    """`data` with an incompressible part of `mb` MB: bigger than Django keeps in memory
    by default (FILE_UPLOAD_MAX_MEMORY_SIZE)."""
    import os

    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/photo.bin", os.urandom(mb * 1024 * 1024))
    return out.getvalue()
