"""Certificates: the PDF (name and number as text, QR to the verification page),
public verification (valid / unknown / revoked), downloads, revocation."""

import io
import re
import subprocess

import pytest
import zxingcpp
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from audit.models import AuditEvent
from notifications.models import Notification
from publicity.models import Certificate
from publicity.numbers import new_certificate_number
from publicity.signals import certificate_revoked
from tests.factories.accounts import WorkerFactory
from tests.factories.publicity import CertificateFactory, final_contest
from tests.schema_fuzz import assert_documented

pytestmark = [pytest.mark.api, pytest.mark.django_db]


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def final():
    return final_contest(winners=2, losers=1)


@pytest.fixture
def certificate(final):
    return Certificate.objects.get(entry=final.winners[0])


def pdf_of(client, number):
    return client.get(f"/api/certificates/{number}.pdf")


# --- The PDF ---------------------------------------------------------------------------


def test_the_holder_downloads_a_pdf_with_name_and_number_as_text(certificate, tmp_path):
    response = pdf_of(client_for(certificate.holder), certificate.number)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.number in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    content = response.content
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(content)).pages[0].extract_text())
    assert certificate.holder.real_name in text
    assert certificate.number in text
    assert "一等奖" in text and certificate.contest_title in text

    (tmp_path / "c.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", tmp_path / "c.pdf",
                    tmp_path / "c"], check=True)
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "c.png"))
    assert [code.text for code in codes] == [
        f"{settings.SITE_URL}/verify/{certificate.number}"]


def test_the_pdf_is_stored_under_an_unguessable_path(certificate):
    # 192 random bits; nothing about the holder, the contest or the number.
    assert re.fullmatch(r"certificates/[0-9a-f]{4}/[A-Za-z0-9_-]{32}\.pdf", certificate.pdf.name)


def test_an_organizer_downloads_any_certificate(certificate, organizer_client):
    assert pdf_of(organizer_client, certificate.number).status_code == 200


def test_another_worker_gets_404_and_anonymous_401(certificate, worker_client, api_client):
    assert pdf_of(worker_client, certificate.number).status_code == 404
    assert pdf_of(api_client, certificate.number).status_code == 401
    assert pdf_of(worker_client, "GH2026-AAAA-AAAA-AAAA-A").status_code == 404


def test_a_pdf_not_yet_written_is_written_on_download(certificate):
    certificate.pdf.delete(save=True)

    response = pdf_of(client_for(certificate.holder), certificate.number)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.pdf


def test_a_lost_file_is_written_again_on_download(certificate):
    certificate.pdf.storage.delete(certificate.pdf.name)

    response = pdf_of(client_for(certificate.holder), certificate.number)

    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_asking_for_application_pdf_is_not_406(certificate):
    client = client_for(certificate.holder)
    response = client.get(f"/api/certificates/{certificate.number}.pdf",
                          HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200


# --- Verification ------------------------------------------------------------------------


def verify(client, number):
    return client.get(f"/api/certificates/{number}/verify/")


def test_a_valid_number_verifies(api_client, certificate):
    response = verify(api_client, certificate.number)

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True and body["status"] == "valid"
    assert body["number"] == certificate.number and body["well_formed"] is True
    assert body["holder"] == certificate.holder_name[0] + "*" * (len(certificate.holder_name) - 1)
    assert body["award"] == "一等奖" and body["contest"] == certificate.contest_title
    assert body["issuer"] == certificate.issuer_name and body["issued_at"]
    assert certificate.holder.real_name not in response.content.decode()


def test_a_number_typed_loosely_verifies(api_client, certificate):
    loose = certificate.number.lower().replace("-", " ")

    assert verify(api_client, loose).json()["number"] == certificate.number


def test_an_unknown_number_is_404_unknown(api_client, certificate):
    other = new_certificate_number(2026)

    response = verify(api_client, other)

    assert response.status_code == 404
    assert response.json() == {"valid": False, "status": "unknown", "number": other,
                               "well_formed": True}


def test_a_mistyped_number_is_unknown_and_not_well_formed(api_client, certificate):
    body = certificate.number
    typo = body[:-1] + ("A" if body[-1] != "A" else "B")

    response = verify(api_client, typo)

    assert response.status_code == 404
    assert response.json()["status"] == "unknown" and response.json()["well_formed"] is False


def test_a_revoked_number_answers_revoked(api_client, organizer_client, certificate):
    received = []
    certificate_revoked.connect(lambda sender, **kw: received.append(kw),
                                dispatch_uid="test-revoked", weak=False)
    try:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            response = organizer_client.post(
                f"/api/certificates/{certificate.number}/revoke/",
                {"reason": "经核实异议成立，撤销该奖项。"}, format="json")
    finally:
        certificate_revoked.disconnect(dispatch_uid="test-revoked")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "revoked"
    body = verify(api_client, certificate.number).json()
    assert body["valid"] is False and body["status"] == "revoked" and body["revoked_at"]
    assert "reason" not in body and "revoked_reason" not in body
    event = AuditEvent.objects.get(action="certificate.revoked")
    assert event.reason == "经核实异议成立，撤销该奖项。"
    assert Notification.objects.filter(user=certificate.holder,
                                       kind="certificate_revoked").count() == 1
    assert received == [{"signal": certificate_revoked, "certificate_id": certificate.pk,
                         "contest_id": certificate.contest_id,
                         "entry_id": certificate.entry_id,
                         "actor_id": event.actor_id}]


def test_verification_is_throttled(api_client, certificate, settings):
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**ScopedRateThrottle.THROTTLE_RATES, "verify": "3/minute"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
        statuses = [verify(api_client, certificate.number).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- Revocation --------------------------------------------------------------------------


def revoke(client, certificate, **body):
    return client.post(f"/api/certificates/{certificate.number}/revoke/", body, format="json")


def test_revocation_needs_a_reason_and_happens_once(organizer_client, certificate):
    for body in ({}, {"reason": "  "}):
        response = revoke(organizer_client, certificate, **body)
        assert response.status_code == 400 and list(response.json()) == ["reason"]
    assert revoke(organizer_client, certificate, reason="撤销").status_code == 200
    second = revoke(organizer_client, certificate, reason="再次撤销")
    assert second.status_code == 409 and second.json()["state"] == "revoked"


def test_only_organizers_revoke(api_client, certificate):
    assert revoke(api_client, certificate, reason="x").status_code == 401
    assert revoke(client_for(certificate.holder), certificate, reason="x").status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_the_holder_of_a_revoked_certificate_cannot_download_it(organizer_client, certificate):
    revoke(organizer_client, certificate, reason="撤销")

    assert pdf_of(client_for(certificate.holder), certificate.number).status_code == 409
    assert pdf_of(organizer_client, certificate.number).status_code == 200


def test_a_revoked_award_is_not_issued_again(organizer_client, final, certificate):
    from publicity import services

    revoke(organizer_client, certificate, reason="撤销")

    assert services.issue_certificates(final.contest.pk)["created"] == 0
    assert Certificate.objects.filter(entry=certificate.entry).count() == 1


# --- The holder's list ---------------------------------------------------------------------


def test_a_worker_lists_their_own_certificates(final, certificate, organizer_client):
    response = client_for(certificate.holder).get("/api/certificates/")

    assert response.status_code == 200
    body = response.json()
    assert [c["number"] for c in body["results"]] == [certificate.number]
    item = body["results"][0]
    assert item["pdf_ready"] is True
    assert item["download_url"] == f"/api/certificates/{certificate.number}.pdf"
    assert item["verify_url"] == f"{settings.SITE_URL}/verify/{certificate.number}"
    assert item["contest"] == {"id": final.contest.pk, "title": final.contest.title}
    assert organizer_client.get("/api/certificates/").json()["count"] == 2
    assert client_for(WorkerFactory()).get("/api/certificates/").json()["count"] == 0


def test_the_list_answers_as_documented_to_anonymous_and_to_bad_filters(api_client,
                                                                        organizer_client):
    # Found by schema fuzzing: the list documented only its 200, not the 401 for an
    # anonymous caller nor the 400 for a filter naming no contest.
    anonymous = api_client.get("/api/certificates/")
    assert anonymous.status_code == 401
    assert_documented(anonymous, "GET", "/api/certificates/")
    unknown = organizer_client.get("/api/certificates/", {"contest": 999999})
    assert unknown.status_code == 400 and "contest" in unknown.json()
    assert_documented(unknown, "GET", "/api/certificates/")


@pytest.mark.parametrize("count", [1, 20])
def test_the_certificate_list_takes_fixed_queries(count, django_assert_num_queries):
    holder = WorkerFactory()
    CertificateFactory.create_batch(count, holder=holder)
    client = client_for(holder)

    with django_assert_num_queries(2):
        assert client.get("/api/certificates/").json()["count"] == count


def test_a_forged_forwarded_header_does_not_escape_verification_throttling(
        api_client, certificate, settings):
    from rest_framework.throttling import ScopedRateThrottle

    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 0, []
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "verify": "3/minute"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
        statuses = [
            api_client.get(f"/api/certificates/{certificate.number}/verify/",
                           HTTP_X_FORWARDED_FOR=f"10.9.9.{i}").status_code
            for i in range(4)
        ]
    assert statuses == [200, 200, 200, 429]
