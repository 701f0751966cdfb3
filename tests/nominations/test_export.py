"""The recommended list (推荐人选名册) opened with openpyxl: the form's Chinese headers,
every cell text (formula-like values escaped), ready to print."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent
from nominations.models import Nomination
from tests.factories.accounts import EnterpriseFactory, WorkerFactory
from tests.factories.nominations import NominationFactory, RoundFactory

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def test_the_export_is_the_form_a_union_submits(organizer_client):
    round_ = RoundFactory(title="2027年两代表一委员推荐", state="final")
    enterprise = EnterpriseFactory(name="=HYPERLINK(\"http://x\")配送公司")
    worker = WorkerFactory(real_name="王小明", enterprise=enterprise,
                           profile__political_status="masses", profile__ethnicity="hui",
                           profile__education="college", profile__industry="express")
    nomination = NominationFactory(round=round_, worker=worker, post="cppcc",
                                   status=Nomination.Status.RECOMMENDED,
                                   composite_score="87.33")
    nomination.reviews.create(stage="union", decision="approve", reason="-同意推荐",
                              reviewer=round_.created_by, at=nomination.created_at)
    NominationFactory(round=round_, status=Nomination.Status.RESERVE)  # not listed

    response = organizer_client.get(f"/api/nomination-rounds/{round_.pk}/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "2027年两代表一委员推荐推荐人选名册（2027年换届）"
    assert [c.value for c in sheet[2]] == [
        "序号", "姓名", "性别", "出生年月", "民族", "政治面貌", "文化程度", "工作单位及职务",
        "行业", "推荐职务", "获奖情况", "综合得分", "工会审核意见", "委员会审核意见"]
    row = [c.value for c in sheet[3]]
    profile = worker.worker_profile
    assert row == [
        "1", "王小明", "男" if profile.sex == "M" else "女",
        profile.birth_date.strftime("%Y.%m"), "回族", "群众", "大专",
        "'=HYPERLINK(\"http://x\")配送公司", "快递", "政协委员", None, "87.33",
        "同意：-同意推荐", None]  # an empty cell stays empty
    assert sheet.max_row == 3
    assert all(cell.data_type == "s" for line in sheet.iter_rows(min_row=2) for cell in line
               if cell.value is not None)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"
    assert AuditEvent.objects.filter(action="nominations.exported").count() == 1


def test_before_final_it_lists_the_nominees_on_notice(organizer_client):
    round_ = RoundFactory(state="in_notice")
    NominationFactory(round=round_, status=Nomination.Status.IN_NOTICE)
    NominationFactory(round=round_, status=Nomination.Status.COMMITTEE_APPROVED)
    sheet = load_workbook(BytesIO(organizer_client.get(
        f"/api/nomination-rounds/{round_.pk}/export.xlsx").content)).active
    assert sheet.max_row == 3
