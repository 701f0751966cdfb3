"""The recommended list (推荐人选名册) as an .xlsx workbook, in the form a union submits.

The form is a Chinese document whatever the reader's language: the headers are the form's
own, and the values (sex, ethnicity, status, posts) are written in Simplified Chinese.
Every cell is text written by `core.spreadsheets` (a value a spreadsheet would run as a
formula is escaped, by the OWASP rule). Ready to print: landscape, one page wide, the
title and header rows repeated on every page.
"""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from audit.services import record
from core.errors import NotFound
from core.permissions import is_organizer
from core.spreadsheets import write_text_at

from .models import Nomination, NominationRound, Review, ReviewStage
from .selectors import ranked, with_details

FORM_LANGUAGE = "zh-hans"
HEADERS = ("序号", "姓名", "性别", "出生年月", "民族", "政治面貌", "文化程度", "工作单位及职务",
           "行业", "推荐职务", "获奖情况", "综合得分", "工会审核意见", "委员会审核意见")
WIDTHS = (6, 10, 6, 10, 8, 12, 10, 24, 12, 14, 30, 10, 20, 20)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _write_text(sheet, row: int, column: int, value) -> None:
    cell = write_text_at(sheet, row, column, value)
    cell.number_format = "@"
    cell.border = BOX
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _opinion(nomination: Nomination, stage: str) -> str:
    reviews = [r for r in nomination.reviews.all() if r.stage == stage]
    if not reviews:
        return ""
    last = reviews[-1]
    verdict = _("Approved") if last.decision == Review.Decision.APPROVE else _("Rejected")
    return f"{verdict}：{last.reason}" if last.reason else verdict


def _row(index: int, nomination: Nomination) -> list:
    worker = nomination.worker
    profile = getattr(worker, "worker_profile", None)
    awards = "；".join(f"{p.contest.title}{p.tier_name}" for p in nomination.provenance.all())
    return [
        index,
        worker.real_name or worker.username,
        profile.get_sex_display() if profile else "",
        profile.birth_date.strftime("%Y.%m") if profile else "",
        profile.get_ethnicity_display() if profile and profile.ethnicity else "",
        profile.get_political_status_display() if profile else "",
        profile.get_education_display() if profile and profile.education else "",
        worker.enterprise.name if worker.enterprise else "",
        profile.get_industry_display() if profile else "",
        nomination.get_post_display(),
        awards,
        f"{nomination.composite_score:.2f}",
        _opinion(nomination, ReviewStage.UNION),
        _opinion(nomination, ReviewStage.COMMITTEE),
    ]


def listed(round_: NominationRound):
    """The recommended nominations once final; before that, those on notice."""
    status = (Nomination.Status.RECOMMENDED if round_.state == NominationRound.State.FINAL
              else Nomination.Status.IN_NOTICE)
    return ranked(with_details(Nomination.objects.filter(round=round_, status=status)))


def roster_workbook(round_: NominationRound, nominations) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(FORM_LANGUAGE):
        sheet.title = "推荐人选名册"
        title = f"{round_.title}推荐人选名册（{round_.term}）"
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        head = write_text_at(sheet, 1, 1, title)
        head.font = Font(bold=True, size=14)
        head.alignment = Alignment(horizontal="center")
        for column, header in enumerate(HEADERS, start=1):
            _write_text(sheet, 2, column, header)
            sheet.cell(row=2, column=column).font = Font(bold=True)
        for index, nomination in enumerate(nominations, start=1):
            for column, value in enumerate(_row(index, nomination), start=1):
                _write_text(sheet, index + 2, column, value)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:2"
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_round(*, round_: NominationRound, actor) -> bytes:
    """The workbook for an organizer (anyone else: NotFound); an audit event, since it
    carries personal data."""
    if not is_organizer(actor):
        raise NotFound()
    nominations = list(listed(round_))
    record(actor=actor, action="nominations.exported", target=round_,
           data={"rows": len(nominations), "state": round_.state})
    return roster_workbook(round_, nominations)
