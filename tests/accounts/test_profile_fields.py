"""民族 (ethnic group) and 文化程度 (education level): optional at registration, shown in
the user API, accepted by organizers' user creation and by the roster import under
Chinese or English headers."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts import synthetic
from accounts.choices import Education, Ethnicity
from accounts.models import WorkerProfile

pytestmark = [pytest.mark.api, pytest.mark.django_db]
_rng = random.Random(11)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_body(**extra):
    return {"username": f"rider{_rng.randrange(10**6)}", "password": "Ride-Safe-2026",
            "real_name": "马丽", "phone": synthetic.phone(_rng),
            "id_number": synthetic.id_number(_rng), "industry": "express",
            "union_member": True, "political_status": "masses", "years_in_industry": "2",
            "consent_publication": True, **extra}


def test_the_56_ethnic_groups_are_the_choices():
    assert len(Ethnicity.values) == 56
    assert Ethnicity.HAN.value == "han" and Ethnicity.JINO.value == "jino"
    assert len(Education.values) == 7


def test_registration_takes_them_optionally_and_the_user_api_shows_them(api_client):
    with_them = api_client.post("/api/auth/register/",
                                register_body(ethnicity="hui", education="college"),
                                format="json")
    without = api_client.post("/api/auth/register/", register_body(), format="json")

    assert with_them.status_code == 201 and without.status_code == 201
    assert with_them.json()["profile"]["ethnicity"] == "hui"
    assert with_them.json()["profile"]["education"] == "college"
    assert without.json()["profile"]["ethnicity"] == ""
    assert without.json()["profile"]["education"] == ""


def test_an_unknown_ethnic_group_is_a_400_naming_the_field(api_client):
    response = api_client.post("/api/auth/register/", register_body(ethnicity="martian"),
                               format="json")
    assert response.status_code == 400 and list(response.json()) == ["ethnicity"]
    assert not WorkerProfile.objects.exists()


def test_an_organizer_creates_a_worker_with_them(organizer_client):
    response = organizer_client.post("/api/users/", {
        "username": "li_courier", "role": "worker", "real_name": "李强",
        "phone": synthetic.phone(_rng), "id_number": synthetic.id_number(_rng),
        "industry": "express", "ethnicity": "zhuang", "education": "high_school",
    }, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["profile"]["ethnicity"] == "zhuang"


@pytest.mark.parametrize("headers", [
    ["姓名", "手机号", "身份证号", "行业", "民族", "文化程度"],
    ["name", "phone", "id_number", "industry", "ethnicity", "education"],
])
def test_the_roster_import_reads_them_under_chinese_or_english_headers(
        organizer_client, headers):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    rows = [("汉族", "大专"), ("蒙古", "大学本科"), ("", ""), ("tujia", "bachelor")]
    for ethnicity, education in rows:
        sheet.append(["张三", synthetic.phone(_rng), synthetic.id_number(_rng), "快递",
                      ethnicity, education])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = organizer_client.post("/api/imports/workers/", {
        "file": SimpleUploadedFile("名册.xlsx", buffer.getvalue(), content_type=XLSX),
    }, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 4
    got = sorted(WorkerProfile.objects.values_list("ethnicity", "education"))
    assert got == sorted([("han", "college"), ("mongol", "bachelor"), ("", ""),
                          ("tujia", "bachelor")])


def test_a_wrong_value_in_the_roster_names_its_row_and_column(organizer_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "手机号", "身份证号", "行业", "民族"])
    sheet.append(["张三", synthetic.phone(_rng), synthetic.id_number(_rng), "快递", "火星族"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = organizer_client.post("/api/imports/workers/", {
        "file": SimpleUploadedFile("名册.xlsx", buffer.getvalue(), content_type=XLSX),
    }, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [{
        "row": 2, "field": "ethnicity", "column": "民族",
        "message": "Unknown ethnic group; write it as on the ID card, e.g. 汉族."}]
