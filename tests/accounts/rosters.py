"""Build roster spreadsheets in memory for import tests."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts import synthetic

FIELDS = ["real_name", "phone", "id_number", "industry", "enterprise", "union_member",
          "political_status", "years_in_industry"]
CHINESE_HEADERS = ["姓名", "手机号", "身份证号", "行业", "企业", "是否工会会员", "政治面貌",
                   "从业年限"]
ENGLISH_HEADERS = ["name", "phone", "id_number", "industry", "enterprise", "union_member",
                   "political_status", "years"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_rng = random.Random(4242)


def valid_row(**overrides) -> dict:
    row = {
        "real_name": synthetic.person_name(_rng),
        "phone": synthetic.phone(_rng),
        "id_number": synthetic.id_number(_rng),
        "industry": "网约送餐",
        "enterprise": "",
        "union_member": "是",
        "political_status": "群众",
        "years_in_industry": 3,
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict], headers=CHINESE_HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(field) for field in FIELDS[:len(headers)]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_upload(rows: list[dict], headers=CHINESE_HEADERS, name="名册.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows, headers), content_type=XLSX_TYPE)
