"""Reading and checking a union's worker roster (.xlsx).

Columns (first row, Chinese or English headers, any order): 姓名/name, 手机号/phone,
身份证号/id_number, 行业/industry, 企业/enterprise (name or unified social credit code),
是否工会会员/union_member, 政治面貌/political_status, 从业年限/years, 民族/ethnicity,
文化程度/education. The first four are required; a missing optional column means no
enterprise, not a union member, 群众, 0 years, ethnicity and education not given.

Every row is checked before anything is written, and every problem is reported as
{row, field, column, message}, `row` being the spreadsheet's own row number.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.spreadsheet_uploads import open_workbook
from core.spreadsheet_uploads import rows as sheet_rows

from .cleaning import as_text, clean_worker_fields
from .models import Enterprise
from .validators import CREDIT_ALPHABET
from .worker_records import NewWorker, taken_id_hashes, taken_usernames, taken_worker_phones

MAX_ROWS = 20_000
# Rows a sheet may span: the data, its header, and some blank lines.
MAX_SHEET_ROWS = MAX_ROWS + 1_000
PROGRESS_EVERY = 500
FIRST_DATA_ROW = 2

HEADER_ALIASES = {
    "real_name": ("姓名", "name", "real_name"),
    "phone": ("手机号", "手机号码", "手机", "phone"),
    "id_number": ("身份证号", "身份证号码", "id_number"),
    "industry": ("行业", "industry"),
    "enterprise": ("企业", "企业名称", "enterprise"),
    "union_member": ("是否工会会员", "工会会员", "union_member"),
    "political_status": ("政治面貌", "political_status"),
    "years_in_industry": ("从业年限", "years", "years_in_industry"),
    "ethnicity": ("民族", "ethnicity"),
    "education": ("文化程度", "学历", "education"),
}
REQUIRED_COLUMNS = ("real_name", "phone", "id_number", "industry")
HEADER_TO_FIELD = {alias.lower(): name for name, aliases in HEADER_ALIASES.items()
                   for alias in aliases}


@dataclass(frozen=True)
class RosterRow:
    number: int
    values: dict
    headers: dict  # field -> the header text as written in this file


@dataclass
class RosterCheck:
    workers: list[NewWorker] = field(default_factory=list)
    worker_rows: list[RosterRow] = field(default_factory=list)  # parallel to `workers`
    errors: list[dict] = field(default_factory=list)

    def add_error(self, row: RosterRow, field_name: str, message) -> None:
        self.errors.append({
            "row": row.number,
            "field": field_name,
            "column": row.headers.get(field_name, ""),
            "message": str(message),
        })


def _file_error(message) -> InvalidInput:
    return InvalidInput(message, field="file")


def _open_workbook(file):
    """Open by content, never by name: a renamed text file is refused here, and so is a
    spreadsheet bomb (`core.spreadsheet_uploads`)."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.MAX_UPLOAD_BYTES:
        raise _file_error(_("The file is larger than %(mb)d MB.")
                          % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)})
    return open_workbook(file, max_rows=MAX_SHEET_ROWS)


def _map_header(cells) -> tuple[dict[str, int], dict[str, str]]:
    positions, headers = {}, {}
    for index, cell in enumerate(cells or ()):
        text = as_text(cell)
        name = HEADER_TO_FIELD.get(text.lower())
        if name is None:
            continue
        if name in positions:
            raise _file_error(_("The column “%(column)s” appears twice.") % {"column": text})
        positions[name], headers[name] = index, text
    missing = [HEADER_ALIASES[name][0] for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        raise _file_error(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": "、".join(missing)}
        )
    return positions, headers


def _is_blank(cells) -> bool:
    return all(as_text(cell) == "" for cell in cells)


def read_roster(file, *, stop_after: int | None = None) -> list[RosterRow]:
    """Parse the first sheet into rows; raise InvalidInput on `file` if it is not a roster.
    With `stop_after`, stop once there are more rows than that: enough to tell a small file
    from a large one without reading all of it."""
    workbook = _open_workbook(file)
    try:
        if not workbook.worksheets:
            raise _file_error(_("The workbook has no sheet."))
        lines = sheet_rows(workbook.worksheets[0], max_rows=MAX_SHEET_ROWS)
        positions, headers = _map_header(next(lines, None))
        rows = []
        for number, cells in enumerate(lines, start=FIRST_DATA_ROW):
            if _is_blank(cells):
                continue
            if len(rows) == MAX_ROWS:
                raise _file_error(_("At most %(max)d rows per file.") % {"max": MAX_ROWS})
            values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
            rows.append(RosterRow(number=number, values=values, headers=headers))
            if stop_after is not None and len(rows) > stop_after:
                break
    finally:
        workbook.close()
    if not rows:
        raise _file_error(_("The roster has no rows."))
    return rows


def _looks_like_credit_code(text: str) -> bool:
    return len(text) == 18 and all(c in CREDIT_ALPHABET for c in text.upper())


class EnterpriseLookup:
    """Resolves the 企业 column (name or credit code) with one query for the whole file."""

    def __init__(self, rows: list[RosterRow]):
        texts = {as_text(row.values.get("enterprise")) for row in rows} - {""}
        codes = {t.upper() for t in texts if _looks_like_credit_code(t)}
        names = texts - codes
        found = Enterprise.objects.filter(Q(credit_code__in=codes) | Q(name__in=names))
        self.by_code = {e.credit_code: e for e in found}
        self.by_name: dict[str, list[Enterprise]] = {}
        for enterprise in self.by_code.values():
            self.by_name.setdefault(enterprise.name, []).append(enterprise)

    def find(self, text: str) -> Enterprise:
        if _looks_like_credit_code(text) and text.upper() in self.by_code:
            return self.by_code[text.upper()]
        matches = self.by_name.get(text, [])
        if len(matches) > 1:
            raise LookupError(_("Several enterprises have this name; give the credit code."))
        if not matches:
            raise LookupError(_("No enterprise with this name or credit code."))
        return matches[0]


def _check_row(row: RosterRow, enterprises: EnterpriseLookup, check: RosterCheck) -> None:
    fields, errors = clean_worker_fields(row.values)
    for field_name, messages in errors.items():
        for message in messages:
            check.add_error(row, field_name, message)
    enterprise = None
    enterprise_text = as_text(row.values.get("enterprise"))
    if enterprise_text:
        try:
            enterprise = enterprises.find(enterprise_text)
        except LookupError as exc:
            check.add_error(row, "enterprise", exc.args[0])
            return
    if fields is not None:
        # Imported workers log in with their phone and set a password later.
        check.workers.append(NewWorker(username=fields.phone, fields=fields, enterprise=enterprise))
        check.worker_rows.append(row)


def _check_duplicates_in_file(check: RosterCheck) -> None:
    first_row_of_id, first_row_of_phone = {}, {}
    for worker, row in zip(check.workers, check.worker_rows, strict=True):
        earlier = first_row_of_id.setdefault(worker.id_number_hash, row.number)
        if earlier != row.number:
            check.add_error(row, "id_number",
                            _("Same ID number as row %(row)d.") % {"row": earlier})
        earlier = first_row_of_phone.setdefault(worker.fields.phone, row.number)
        if earlier != row.number:
            check.add_error(row, "phone", _("Same phone as row %(row)d.") % {"row": earlier})


def _check_already_registered(check: RosterCheck) -> None:
    workers = check.workers
    known_ids = taken_id_hashes(w.id_number_hash for w in workers)
    known_phones = taken_worker_phones(w.fields.phone for w in workers)
    known_phones |= taken_usernames(w.username for w in workers)
    for worker, row in zip(workers, check.worker_rows, strict=True):
        if worker.id_number_hash in known_ids:
            check.add_error(row, "id_number", _("This ID number is already registered."))
        if worker.fields.phone in known_phones:
            check.add_error(row, "phone", _("This phone number is already registered."))


def check_roster(
    rows: list[RosterRow], *, on_progress: Callable[[int], None] | None = None
) -> RosterCheck:
    """Check every row; the result holds either workers ready to save or errors."""
    check = RosterCheck()
    enterprises = EnterpriseLookup(rows)
    for done, row in enumerate(rows, start=1):
        _check_row(row, enterprises, check)
        if on_progress and done % PROGRESS_EVERY == 0:
            on_progress(done)
    _check_duplicates_in_file(check)
    _check_already_registered(check)
    check.errors.sort(key=lambda error: (error["row"], error["field"]))
    if check.errors:
        check.workers = []
    if on_progress:
        on_progress(len(rows))
    return check
