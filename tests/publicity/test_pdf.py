import io
import re
import subprocess
from dataclasses import replace
from datetime import date

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from publicity.pdf import (
    DEFAULT_FONT_PATH,
    FONT_PATH,
    CertificateData,
    chinese_date,
    render_certificate,
)

pytestmark = pytest.mark.unit

URL = "https://gh.example.cn/verify/GH2026-7K3M-9QXP-4ABC-D"


@pytest.fixture
def data():
    return CertificateData(
        holder_name="王建国",
        award_name="一等奖",
        contest_title="2026年海陵区网约送餐员劳动技能大赛",
        issued_on=date(2026, 11, 26),
        issuer="泰州市海陵区总工会",
        number="GH2026-7K3M-9QXP-4ABC-D",
        verify_url=URL,
    )


@pytest.fixture
def pdf(data):
    return render_certificate(data, language="zh-hans")


def _text(pdf_bytes):
    page = PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    return re.sub(r"\s+", "", page.extract_text())


def _fonts(pdf_bytes):
    page = PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    return [font.get_object() for font in page["/Resources"]["/Font"].values()]


def test_one_a4_landscape_page(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_name_and_number_are_extractable_text(pdf, data):
    text = _text(pdf)
    assert data.holder_name in text
    assert data.number in text
    assert data.issuer in text
    assert "二〇二六年十一月二十六日" in text


def test_font_is_an_embedded_truetype_subset_not_stsong(pdf):
    fonts = _fonts(pdf)
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType"
        assert "STSong" not in font["/BaseFont"]
        assert re.match(r"^/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]  # a subset
        assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded
    assert FONT_PATH == DEFAULT_FONT_PATH


def test_qr_code_decodes_to_the_verification_url(pdf, tmp_path):
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", tmp_path / "c.pdf", tmp_path / "c"],
        check=True,
    )
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "c.png"))
    assert [(code.format, code.text) for code in codes] == [(zxingcpp.BarcodeFormat.QRCode, URL)]


def test_markup_in_names_is_printed_literally(data):
    odd = replace(data, holder_name="阿卜杜·买买提 <b>&amp;")
    assert "阿卜杜·买买提<b>&amp;" in _text(render_certificate(odd, language="zh-hans"))


def test_long_contest_title_still_fits(data):
    long = replace(data, contest_title="新就业形态劳动者技能竞赛" * 12)
    text = _text(render_certificate(long, language="zh-hans"))
    assert data.number in text and data.holder_name in text


def test_same_data_gives_the_same_bytes(data, pdf):
    assert render_certificate(data, language="zh-hans") == pdf


def test_english_certificate_uses_an_english_date(data):
    assert "26November2026" in _text(render_certificate(data, language="en"))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 26), "二〇二六年十一月二十六日"),
        (date(2027, 1, 1), "二〇二七年一月一日"),
        (date(2026, 10, 10), "二〇二六年十月十日"),
        (date(2026, 5, 20), "二〇二六年五月二十日"),
        (date(2026, 12, 31), "二〇二六年十二月三十一日"),
        (date(2030, 2, 19), "二〇三〇年二月十九日"),
    ],
)
def test_chinese_date(day, expected):
    assert chinese_date(day) == expected
