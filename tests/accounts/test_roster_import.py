"""POST /api/imports/workers/ and GET /api/imports/{id}/: all rows or none."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client
from django.urls import reverse

from accounts import services, tasks
from accounts.models import ImportJob, User, WorkerProfile
from accounts.validators import id_check_char
from audit.models import AuditEvent
from tests.accounts.rosters import (
    CHINESE_HEADERS,
    ENGLISH_HEADERS,
    XLSX_TYPE,
    roster_upload,
    valid_row,
    xlsx_bytes,
)
from tests.factories.accounts import EnterpriseFactory, WorkerFactory
from tests.schema_fuzz import assert_documented

pytestmark = [pytest.mark.api, pytest.mark.django_db]

URL = reverse("api-import-workers")


def _post(client, upload, **headers):
    return client.post(URL, {"file": upload}, format="multipart", **headers)


def _counts():
    return User.objects.count(), WorkerProfile.objects.count()


def _with_check_digit(first17: str) -> str:
    return first17 + id_check_char(first17)


def test_a_good_roster_creates_every_worker(organizer_client, organizer):
    by_name = EnterpriseFactory(name="沭阳县蜂鸟配送服务有限公司")
    by_code = EnterpriseFactory(industry="express")
    rows = [
        valid_row(enterprise=by_name.name, union_member="是", political_status="中共党员",
                  years_in_industry=2.5),
        valid_row(enterprise=by_code.credit_code.lower(), industry="快递", union_member="否",
                  political_status="预备党员"),
        valid_row(industry="ride_hailing", union_member=1, political_status="masses"),
    ]
    response = _post(organizer_client, roster_upload(rows))

    assert response.status_code == 201, response.data
    assert response.data == {"created": 3, "errors": []}
    first = User.objects.get(username=str(rows[0]["phone"]))
    profile = first.worker_profile
    assert (first.role, first.real_name, first.phone) == ("worker", rows[0]["real_name"],
                                                         rows[0]["phone"])
    assert not first.has_usable_password()  # imported workers set a password later
    assert first.enterprise == by_name
    assert profile.decrypted_id_number() == rows[0]["id_number"]
    assert (profile.industry, profile.union_member, profile.political_status) == (
        "food_delivery", True, "party_member")
    assert str(profile.years_in_industry) == "2.5"
    assert profile.consent_publication is False  # consent comes from the worker, not a roster
    second = User.objects.get(username=rows[1]["phone"])
    assert second.enterprise == by_code
    assert second.worker_profile.political_status == "probationary_member"
    event = AuditEvent.objects.get(action="accounts.roster_imported")
    assert event.actor_id == organizer.pk and event.data["created"] == 3


def test_english_headers_and_numeric_cells_are_understood(organizer_client):
    row = valid_row(industry="express", union_member="yes")
    row["phone"] = int(row["phone"])  # Excel stores phones typed in as numbers
    response = _post(organizer_client, roster_upload([row], headers=ENGLISH_HEADERS))

    assert response.status_code == 201, response.data
    assert User.objects.filter(username=str(row["phone"])).exists()


def test_a_roster_with_bad_rows_imports_nothing_and_names_every_problem(organizer_client):
    registered = WorkerFactory()
    duplicate = valid_row()
    rows = [
        valid_row(),                                                        # row 2: fine
        valid_row(id_number=duplicate["id_number"][:-1] + (
            "0" if duplicate["id_number"][-1] != "0" else "1")),            # 3: check digit
        valid_row(id_number=_with_check_digit("32132219900230123")),        # 4: 30 Feb
        valid_row(enterprise="不存在的公司"),                                 # 5: enterprise
        duplicate,                                                          # 6: fine alone
        valid_row(id_number=duplicate["id_number"].lower()),                # 7: same ID as 6
        valid_row(id_number=registered.worker_profile.decrypted_id_number()),  # 8: known ID
        valid_row(phone="1234"),                                            # 9: phone
        valid_row(industry="种地"),                                          # 10: industry
        valid_row(union_member="也许", years_in_industry="很多"),             # 11: two fields
    ]
    before = _counts()

    response = _post(organizer_client, roster_upload(rows))

    assert response.status_code == 400
    assert response.data["created"] == 0
    found = {(error["row"], error["field"]) for error in response.data["errors"]}
    assert found == {
        (3, "id_number"), (4, "id_number"), (5, "enterprise"), (7, "id_number"),
        (8, "id_number"), (9, "phone"), (10, "industry"), (11, "union_member"),
        (11, "years_in_industry"),
    }
    seventh = next(e for e in response.data["errors"] if e["row"] == 7)
    assert "6" in seventh["message"] and seventh["column"] == "身份证号"
    assert_documented(response, "POST", "/api/imports/workers/")
    assert _counts() == before
    assert not AuditEvent.objects.filter(action="accounts.roster_imported").exists()


def test_a_text_file_named_xlsx_is_a_400_on_file(organizer_client):
    upload = SimpleUploadedFile("名册.xlsx", "姓名,手机号\n张三,13812345678\n".encode(),
                                content_type=XLSX_TYPE)
    response = _post(organizer_client, upload)
    assert response.status_code == 400 and list(response.data) == ["file"]
    # Found by schema fuzzing: this 400 was documented with the rows' shape only
    # ({created, errors} required), not as {file: [message]}.
    assert_documented(response, "POST", "/api/imports/workers/")


def test_a_file_field_that_is_not_a_file_is_a_documented_400(organizer_client):
    response = organizer_client.post(URL, {"file": "名册"}, format="multipart")
    assert response.status_code == 400 and "file" in response.data
    assert_documented(response, "POST", "/api/imports/workers/")


def test_a_zip_that_is_not_a_workbook_is_a_400_on_file(organizer_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    upload = SimpleUploadedFile("名册.xlsx", buffer.getvalue(), content_type=XLSX_TYPE)
    response = _post(organizer_client, upload)
    assert response.status_code == 400 and "file" in response.data


def test_a_roster_without_the_required_columns_is_a_400_on_file(organizer_client):
    upload = roster_upload([valid_row()], headers=["姓名", "手机号"])
    response = _post(organizer_client, upload)
    assert response.status_code == 400
    assert "身份证号" in response.data["file"][0]


def test_only_organizers_import(worker_client, judge_client):
    for client in (worker_client, judge_client):
        assert _post(client, roster_upload([valid_row()])).status_code == 403
    assert not WorkerProfile.objects.filter(user__username__startswith="1").exists()


# --- large files: a job and a Celery task ---------------------------------------------------


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(services, "ASYNC_IMPORT_ROWS", 3)


def test_a_large_roster_becomes_a_job_that_the_task_completes(
    organizer_client, small_threshold, django_capture_on_commit_callbacks
):
    rows = [valid_row() for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(organizer_client, roster_upload(rows))

    assert response.status_code == 202, response.data
    assert response.data["status"] == "queued"
    assert response.data["total"] == 0  # counted by the task, which reads the file once
    progress = organizer_client.get(reverse("api-import-job", args=[response.data["id"]])).data
    assert progress["status"] == "succeeded"
    assert progress["processed"] == progress["total"] == progress["created"] == 5
    assert WorkerProfile.objects.count() == 5
    job = ImportJob.objects.get()
    assert not job.file  # the clear-text roster is not kept once imported


def test_a_large_roster_with_errors_fails_the_job_and_imports_nothing(
    organizer_client, small_threshold, django_capture_on_commit_callbacks
):
    rows = [valid_row() for _ in range(4)] + [valid_row(phone="1")]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(organizer_client, roster_upload(rows))

    job = organizer_client.get(reverse("api-import-job", args=[response.data["id"]])).data
    assert job["status"] == "failed" and job["created"] == 0
    assert [(e["row"], e["field"]) for e in job["errors"]] == [(6, "phone")]
    assert not WorkerProfile.objects.exists()


def test_the_task_is_idempotent(organizer, small_threshold, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.import_roster(actor=organizer,
                                         file=roster_upload([valid_row() for _ in range(4)]))
    tasks.run_import_job(outcome.job.pk)  # delivered a second time
    tasks.run_import_job(outcome.job.pk + 1000)  # a job that vanished

    assert WorkerProfile.objects.count() == 4
    assert AuditEvent.objects.filter(action="accounts.roster_imported").count() == 1


def test_the_job_file_gets_an_unguessable_name(organizer, small_threshold):
    outcome = services.import_roster(actor=organizer,
                                     file=roster_upload([valid_row() for _ in range(4)]))
    name = outcome.job.file.name
    assert name.startswith("imports/") and "名册" not in name and len(name) > 40


def test_import_progress_is_for_organizers_only(worker_client, organizer):
    job = ImportJob.objects.create(created_by=organizer, total=10)
    assert worker_client.get(reverse("api-import-job", args=[job.pk])).status_code == 403


def test_an_unknown_job_is_a_404(organizer_client):
    assert organizer_client.get(reverse("api-import-job", args=[999])).status_code == 404


def test_an_import_replays_for_the_same_idempotency_key(organizer_client):
    # The same bytes twice: openpyxl stamps the time into a workbook, so two builds a
    # second apart would differ (and rightly be a 409 for a different body).
    content = xlsx_bytes([valid_row()], CHINESE_HEADERS)
    first = _post(organizer_client, SimpleUploadedFile("名册.xlsx", content, XLSX_TYPE),
                  HTTP_IDEMPOTENCY_KEY="roster-1")
    second = _post(organizer_client, SimpleUploadedFile("名册.xlsx", content, XLSX_TYPE),
                   HTTP_IDEMPOTENCY_KEY="roster-1")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert WorkerProfile.objects.count() == 1


def test_an_idempotent_import_works_with_a_session_login_and_csrf(organizer):
    # The CSRF check reads the multipart body before the idempotency fingerprint does.
    client = Client(enforce_csrf_checks=True)
    client.force_login(organizer)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    response = client.post(URL, {"file": roster_upload([valid_row()])},
                           HTTP_X_CSRFTOKEN=_mask_cipher_secret(secret),
                           HTTP_IDEMPOTENCY_KEY="roster-2")
    assert response.status_code == 201, response.content


# --- spreadsheet bombs: refused before parsing, nothing left behind ---------------------------

from tests import spreadsheet_bombs as bombs  # noqa: E402


def _bomb(data):
    return SimpleUploadedFile("名册.xlsx", data, content_type=XLSX_TYPE)


@pytest.mark.parametrize(("make", "status", "words"), [
    (bombs.declared_dimensions, 400, "at most 21000 rows"),
    (lambda: bombs.declared_dimensions("A1:ZZ10"), 400, "at most 100 columns"),
    (bombs.far_row, 400, "at most 21000 rows"),
    (bombs.zip_bomb, 413, "more than 50 MB"),
    (bombs.with_dtd, 400, "document type definition"),
    (lambda: bombs.with_dtd(comment_bytes=20_000), 400, "not an Excel"),
])
def test_a_spreadsheet_bomb_is_refused_naming_the_file(organizer_client, make, status, words):
    response = _post(organizer_client, _bomb(make()))
    assert response.status_code == status, response.content[:300]
    assert words in response.json()["file"][0]
    assert _counts() == (1, 0)  # the organizer only


def test_an_upload_never_touches_the_temporary_folder(organizer_client, settings, tmp_path,
                                                      monkeypatch):
    from core import spreadsheet_uploads

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    seen = []
    real_check = spreadsheet_uploads.check_archive

    def watching(file, **kwargs):  # what a killed worker would leave behind right now
        seen.append(sorted(p.name for p in (tmp_path / "uploads").iterdir()))
        return real_check(file, **kwargs)

    monkeypatch.setattr(spreadsheet_uploads, "check_archive", watching)
    # Larger than FILE_UPLOAD_MAX_MEMORY_SIZE, which Django would spool to disk.
    response = _post(organizer_client, _bomb(bombs.padded(bombs.declared_dimensions())))
    assert response.status_code == 400
    assert seen == [[]]
    assert list((tmp_path / "uploads").iterdir()) == []


def test_an_upload_over_the_size_limit_is_a_413(organizer_client, settings):
    settings.MAX_UPLOAD_BYTES = 100_000
    response = _post(organizer_client, _bomb(b"PK" + b"\0" * 200_000))
    assert response.status_code == 413
