"""The award certificate (荣誉证书) as a one-page A4 landscape PDF.

The Chinese text is drawn with a real TrueType font that is embedded (as a subset) in the
file, never with reportlab's built-in CID font STSong-Light, which is not embedded and
shows as boxes on a phone without Chinese fonts. The holder's name and the number are
real text, so they can be searched and copied; the QR code leads to the public
verification page.

All wording goes through gettext: render under the language the certificate is for
(`language=`, default the active language, which is zh-hans outside a request).
"""

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

import qrcode
from django.conf import settings
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

DEFAULT_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
# Read once at import; a .ttc is a collection and its first face is used.
FONT_PATH = getattr(settings, "CERTIFICATE_FONT_PATH", DEFAULT_FONT_PATH)
FONT_NAME = "CJK"

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
RED = HexColor("#A51C1C")
GOLD = HexColor("#B8912F")
PAPER = HexColor("#FFFCF3")
INK = HexColor("#222222")
GREY = HexColor("#5A5A5A")
ROSETTE = HexColor("#F3EAD3")

TEXT_LEFT = 120  # body text margins, inside the border and its ornaments
TEXT_WIDTH = PAGE_WIDTH - 2 * TEXT_LEFT
ISSUER_AXIS = PAGE_WIDTH - 215  # issuer and date are centred on this vertical line
ISSUER_WIDTH = 300
QR_SIZE = 84


@dataclass(frozen=True)
class CertificateData:
    holder_name: str
    award_name: str
    contest_title: str
    issued_on: date
    issuer: str  # the issuing union, e.g. 泰州市海陵区总工会
    number: str
    verify_url: str


def render_certificate(data: CertificateData, *, language: str | None = None) -> bytes:
    """The certificate as PDF bytes. Deterministic: the same data gives the same bytes
    (no creation timestamp or random document id), so regenerating is idempotent."""
    _register_font()
    with translation.override(language or translation.get_language()):
        buffer = io.BytesIO()
        canvas = Canvas(
            buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True,
            initialFontName=FONT_NAME,  # else an unused, unembedded Helvetica is listed
        )
        _describe(canvas, data)
        _draw_frame(canvas)
        _draw_title(canvas)
        _draw_body(canvas, data)
        _draw_issuer(canvas, data)
        _draw_verification(canvas, data)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


# --- Dates -------------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1–31 as written in a date: 十, 十一, 二十, 二十六, 三十一."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[units] if units else "")


def chinese_date(day: date) -> str:
    """The formal date of Chinese documents: 二〇二六年十一月二十六日."""
    year = "".join(_CN_DIGITS[int(digit)] for digit in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def format_issue_date(day: date) -> str:
    """Chinese numerals in Chinese; otherwise the locale's long date (26 November 2026)."""
    if (translation.get_language() or settings.LANGUAGE_CODE).startswith("zh"):
        return chinese_date(day)
    return format_date(day, "j F Y")


# --- Drawing -----------------------------------------------------------------------------


def _register_font() -> None:
    # reportlab's font registry is per process; registering twice is harmless but slow.
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, FONT_PATH, subfontIndex=0))


def _describe(canvas: Canvas, data: CertificateData) -> None:
    canvas.setTitle(f"{pgettext('certificate', 'Certificate of Honour')} {data.number}")
    canvas.setAuthor(data.issuer)
    canvas.setSubject(data.contest_title)


def _draw_frame(canvas: Canvas) -> None:
    """Paper, a heavy red outer border, a fine gold inner border and gold corner frets."""
    canvas.setFillColor(PAPER)
    canvas.rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, stroke=0, fill=1)
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(7)
    canvas.rect(22, 22, PAGE_WIDTH - 44, PAGE_HEIGHT - 44)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.rect(34, 34, PAGE_WIDTH - 68, PAGE_HEIGHT - 68)
    canvas.setLineWidth(0.6)
    canvas.rect(38, 38, PAGE_WIDTH - 76, PAGE_HEIGHT - 76)
    _draw_rosette(canvas)
    for x, y, dx, dy in [
        (38, 38, 1, 1), (PAGE_WIDTH - 38, 38, -1, 1),
        (38, PAGE_HEIGHT - 38, 1, -1), (PAGE_WIDTH - 38, PAGE_HEIGHT - 38, -1, -1),
    ]:
        _draw_fret(canvas, x, y, dx, dy)


def _draw_rosette(canvas: Canvas) -> None:
    """A faint guilloche-like rosette behind the text, as on printed certificates."""
    canvas.saveState()
    canvas.setStrokeColor(ROSETTE)
    canvas.setLineWidth(0.5)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2 - 20)
    for _petal in range(36):
        canvas.rotate(5)
        canvas.ellipse(-170, -60, 170, 60)
    canvas.restoreState()


def _draw_fret(canvas: Canvas, x: float, y: float, dx: int, dy: int) -> None:
    """A corner ornament growing from (x, y) towards the page centre: a square knot
    with a solid centre, and two arms along the borders ending in a small hook."""
    canvas.saveState()
    canvas.setStrokeColor(GOLD)
    canvas.setFillColor(GOLD)
    canvas.translate(x, y)
    canvas.scale(dx, dy)  # draw the bottom-left corner; mirror it for the others
    canvas.setLineWidth(1.4)
    canvas.rect(8, 8, 20, 20)
    canvas.rect(14, 14, 8, 8, stroke=0, fill=1)
    arm = 78
    path = canvas.beginPath()
    for horizontal in (True, False):
        points = [(28, 12), (28 + arm, 12), (28 + arm, 22), (28 + arm - 8, 22)]
        for i, (px, py) in enumerate(points):
            point = (px, py) if horizontal else (py, px)
            path.moveTo(*point) if i == 0 else path.lineTo(*point)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _spaced_width(text: str, size: float, char_space: float) -> float:
    return pdfmetrics.stringWidth(text, FONT_NAME, size) + char_space * (len(text) - 1)


def _draw_title(canvas: Canvas) -> None:
    title = pgettext("certificate", "Certificate of Honour")
    # Wide letter-spacing suits four Chinese characters, not a long English phrase.
    size, char_space = (54, 22) if len(title) <= 6 else (40, 3)
    y = PAGE_HEIGHT - 140
    # Character spacing is text state that outlives the text object: keep it local.
    canvas.saveState()
    text = canvas.beginText()
    text.setFont(FONT_NAME, size)
    text.setCharSpace(char_space)
    text.setFillColor(RED)
    # The font has no bold face: fill and stroke the outline for a heavier title.
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(0.9)
    text.setTextRenderMode(2)
    text.setTextOrigin((PAGE_WIDTH - _spaced_width(title, size, char_space)) / 2, y)
    text.textOut(title)
    canvas.drawText(text)
    canvas.restoreState()
    _draw_rule(canvas, y - 26)


def _draw_rule(canvas: Canvas, y: float) -> None:
    """A gold rule with a small diamond in the middle, under the title."""
    cx, half = PAGE_WIDTH / 2, 150
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.line(cx - half, y, cx - 10, y)
    canvas.line(cx + 10, y, cx + half, y)
    canvas.setFillColor(GOLD)
    path = canvas.beginPath()
    path.moveTo(cx - 6, y)
    path.lineTo(cx, y + 4)
    path.lineTo(cx + 6, y)
    path.lineTo(cx, y - 4)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _hex(color: HexColor) -> str:
    return "#" + color.hexval()[2:]


def _paragraph_style(size: float) -> ParagraphStyle:
    chinese = (translation.get_language() or "").startswith("zh")
    return ParagraphStyle(
        "certificate", fontName=FONT_NAME, fontSize=size, leading=size * 1.9,
        textColor=INK, alignment=TA_LEFT,
        # CJK wrapping breaks between any two characters; English must break at spaces.
        wordWrap="CJK" if chinese else None,
    )


def _draw_body(canvas: Canvas, data: CertificateData) -> None:
    """The salutation (张三 同志：) on its own line, then the citation indented by two
    characters; the font shrinks until both fit between the title and the issuer."""
    holder = f'<font size="+6"><u>{escape(data.holder_name)}</u></font>'
    # Translators: zh-hans "%(name)s 同志：" (the salutation of a certificate).
    salutation = pgettext("certificate", "%(name)s:") % {"name": holder}
    # Translators: zh-hans "在《%(contest)s》中荣获「%(award)s」，特发此证，以资鼓励。"
    citation = pgettext(
        "certificate",
        "In “%(contest)s” you won “%(award)s”. This certificate is awarded in recognition.",
    ) % {
        "contest": escape(data.contest_title),
        "award": f'<font color="{_hex(RED)}">{escape(data.award_name)}</font>',
    }
    top, bottom = PAGE_HEIGHT - 200, 190
    for size in (22, 20, 18, 16, 14, 12):
        style = _paragraph_style(size)
        first = Paragraph(salutation, style)
        second = Paragraph(
            citation, ParagraphStyle("citation", parent=style, firstLineIndent=2 * size)
        )
        h1 = first.wrap(TEXT_WIDTH, top)[1]
        h2 = second.wrap(TEXT_WIDTH, top)[1]
        if top - h1 - h2 >= bottom:
            break
    # Centre the block in its band, so a short citation does not leave a hole below it.
    block_top = (top + bottom + h1 + h2) / 2
    first.drawOn(canvas, TEXT_LEFT, block_top - h1)
    second.drawOn(canvas, TEXT_LEFT, block_top - h1 - h2)


def _draw_issuer(canvas: Canvas, data: CertificateData) -> None:
    """Issuing union and date, centred on one axis at the bottom right, where the seal
    goes on a printed copy."""
    canvas.setFillColor(INK)
    _draw_centred_fitting(canvas, data.issuer, y=138, size=20)
    _draw_centred_fitting(canvas, format_issue_date(data.issued_on), y=108, size=17)


def _draw_centred_fitting(canvas: Canvas, text: str, *, y: float, size: float) -> None:
    canvas.setFont(FONT_NAME, _fitting_size(text, size, ISSUER_WIDTH))
    canvas.drawCentredString(ISSUER_AXIS, y, text)


def _fitting_size(text: str, size: float, max_width: float, minimum: float = 6) -> float:
    """The largest size ≤ `size` at which `text` fits in `max_width`."""
    width = pdfmetrics.stringWidth(text, FONT_NAME, size)
    if width <= max_width:
        return size
    return max(minimum, size * max_width / width)


def _draw_verification(canvas: Canvas, data: CertificateData) -> None:
    """QR code at the bottom left; beside it the number and where to verify it."""
    x, y = 96, 62
    canvas.drawImage(_qr_image(data.verify_url), x, y, QR_SIZE, QR_SIZE)
    left = x + QR_SIZE + 10
    max_width = ISSUER_AXIS - ISSUER_WIDTH / 2 - 10 - left  # up to the issuer block
    canvas.setFillColor(INK)
    # Translators: zh-hans "证书编号：%(number)s"
    number_line = _("Certificate no.: %(number)s") % {"number": data.number}
    canvas.setFont(FONT_NAME, _fitting_size(number_line, 11, max_width))
    canvas.drawString(left, y + 44, number_line)
    canvas.setFillColor(GREY)
    # Translators: zh-hans "扫码验证 / Verify at %(url)s" — keep the English half.
    verify_line = _("Scan to verify / Verify at %(url)s") % {"url": data.verify_url}
    canvas.setFont(FONT_NAME, _fitting_size(verify_line, 9, max_width))
    canvas.drawString(left, y + 26, verify_line)


def _qr_image(url: str) -> ImageReader:
    # Medium error correction survives a crease or a smudge; the 4-module quiet zone is
    # what the QR standard asks for, and phone cameras need it next to the border.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color=_hex(PAPER))
    return ImageReader(image.get_image().convert("RGB"))
