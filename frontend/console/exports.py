"""The entries list as a workbook (the review queue's export)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.masking import mask_phone


def _text_cell(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: a name starting with "=" is not a formula


def entries_workbook(entries) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Entries")
    headers = [_("Entry code"), _("Name"), _("Phone"), _("Enterprise"), _("Track"),
               _("Status"), _("Submitted at"), _("Reason")]
    for column, header in enumerate(headers, start=1):
        _text_cell(sheet, 1, column, header)
    for row, entry in enumerate(entries, start=2):
        worker = entry.worker
        submitted = (timezone.localtime(entry.submitted_at).strftime("%Y-%m-%d %H:%M")
                     if entry.submitted_at else "")
        values = [entry.code, worker.real_name or worker.username, mask_phone(worker.phone),
                  worker.enterprise.name if worker.enterprise else "", entry.track.name,
                  str(entry.get_status_display()), submitted, entry.decision_reason]
        for column, value in enumerate(values, start=1):
            _text_cell(sheet, row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
