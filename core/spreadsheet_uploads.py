"""Opening an uploaded .xlsx without letting it choose how much work it makes.

An .xlsx is a zip of XML. A 5 KB file can declare a sheet of `A1:H50000000` (openpyxl then
yields fifty million empty rows), a 4 MB zip can inflate to gigabytes of XML, and XML can
carry a DTD with entities. Before parsing, `open_workbook` checks, from the zip directory
and the first bytes of each part:

- the number of parts and their total uncompressed size (`MAX_UNCOMPRESSED_BYTES`): a 413;
  Python's zip reader never inflates a part beyond the size its directory declares;
- a DTD in any XML part (`<!DOCTYPE`, `<!ENTITY`): a 400 (defusedxml, which openpyxl uses
  when it is installed, also refuses entities met later);
- each sheet's declared dimensions against the caller's row limit and `MAX_COLUMNS`: a 400.

`rows` then walks a sheet and stops with a 400 as soon as it goes past the limits, whatever
the file declared, and turns any parse failure into the same 400. Every problem is an
`InvalidInput` (or `SpreadsheetTooLarge`) on the upload's field.
"""

import re
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from .errors import DomainError, InvalidInput

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 1000
MAX_COLUMNS = 100
# A DTD must come before the root element, so the first bytes of a part tell.
PROLOG_BYTES = 8192
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")


class SpreadsheetTooLarge(DomainError):
    status_code = 413


def _not_xlsx(field: str) -> InvalidInput:
    return InvalidInput(_("This is not an Excel .xlsx file."), field=field)


def _prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as part:
        head = part.read(PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: compare as ASCII
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    return head


def _declared_size(head: bytes) -> tuple[int, int]:
    """(rows, columns) a sheet's <dimension ref="A1:H50000000"> declares, (0, 0) if none."""
    match = _DIMENSION.search(head)
    if match is None:
        return 0, 0
    first_col, first_row, last_col, last_row = match.groups()
    column = last_col or first_col
    row = last_row or first_row
    return (int(row) if row else 0), (column_index_from_string(column.decode()) if column else 0)


def check_archive(file, *, max_rows: int, field: str = "file") -> None:
    """The zip-level checks of the module doc; `file` is left at its start."""
    file.seek(0)
    if not zipfile.is_zipfile(file):
        raise _not_xlsx(field)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise _not_xlsx(field)
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
                raise SpreadsheetTooLarge(
                    _("The spreadsheet unpacks to more than %(mb)d MB; split it into "
                      "several files.") % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)},
                    field=field)
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                head = _prolog(archive, info)
                if _DTD.search(head):
                    raise InvalidInput(_("The spreadsheet contains a document type "
                                         "definition (DTD), which is not accepted."),
                                       field=field)
                if _SHEET_PART.match(info.filename):
                    _check_dimensions(head, max_rows=max_rows, field=field)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError, RuntimeError, ValueError):
        # Damaged, encrypted or unsupported compression: to the user, all the same.
        raise _not_xlsx(field) from None
    finally:
        file.seek(0)


def _check_dimensions(head: bytes, *, max_rows: int, field: str) -> None:
    rows, columns = _declared_size(head)
    if rows > max_rows:
        raise _too_many_rows(max_rows, field)
    if columns > MAX_COLUMNS:
        raise _too_many_columns(field)


def _too_many_rows(max_rows: int, field: str) -> InvalidInput:
    return InvalidInput(_("A sheet may have at most %(max)d rows.") % {"max": max_rows},
                        field=field)


def _too_many_columns(field: str) -> InvalidInput:
    return InvalidInput(_("A sheet may have at most %(max)d columns.") % {"max": MAX_COLUMNS},
                        field=field)


def open_workbook(file, *, max_rows: int, field: str = "file"):
    """A read-only openpyxl workbook of `file` once it passed `check_archive`.
    The caller closes it (`workbook.close()`)."""
    check_archive(file, max_rows=max_rows, field=field)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:
        # A damaged or non-spreadsheet zip fails in many ways inside openpyxl (defusedxml's
        # refusals included); to the user they all mean the same thing.
        raise _not_xlsx(field) from None


def rows(sheet, *, max_rows: int, field: str = "file") -> Iterator[tuple]:
    """The sheet's rows as values, header included; a 400 past `max_rows` rows (blank ones
    count: they are rows openpyxl has to produce) or `MAX_COLUMNS` columns, or when the
    sheet's XML cannot be read."""
    iterator = sheet.iter_rows(values_only=True)
    count = 0
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except Exception:
            raise _not_xlsx(field) from None
        count += 1
        if count > max_rows:
            raise _too_many_rows(max_rows, field)
        if len(row) > MAX_COLUMNS:
            raise _too_many_columns(field)
        yield row
