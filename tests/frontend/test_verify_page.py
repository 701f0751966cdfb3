import pytest
from django.utils import timezone

from publicity.models import Certificate
from tests.factories.publicity import CertificateFactory

pytestmark = pytest.mark.api

VERIFY_QUERIES = 1  # the certificate by its number (with its contest)


@pytest.fixture
def certificate(db):
    return CertificateFactory(holder_name="王建国", award_name="一等奖")


def test_a_valid_certificate_shows_its_masked_holder(client, certificate):
    response = client.get(f"/verify/{certificate.number}")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in page
    assert "王**" in page and "王建国" not in page
    assert "一等奖" in page and certificate.number in page


def test_a_number_typed_loosely_is_found(client, certificate):
    typed = certificate.number.lower().replace("-", " ")
    response = client.get("/verify/", {"number": typed}, follow=True)
    assert 'data-status="valid"' in response.content.decode()


def test_a_revoked_certificate_says_so(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED, revoked_at=timezone.now(), revoked_reason="异议成立")
    page = client.get(f"/verify/{certificate.number}").content.decode()
    assert 'data-status="revoked"' in page
    assert "异议成立" not in page  # the reason is not public


def test_an_unknown_number_is_404_with_a_typo_hint(client, certificate):
    typo = certificate.number[:-1] + ("A" if certificate.number[-1] != "A" else "B")
    response = client.get(f"/verify/{typo}")
    assert response.status_code == 404
    assert 'data-status="unknown"' in response.content.decode()
    assert "typing mistake" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_the_verify_page_takes_fixed_queries(client, db, count, django_assert_num_queries):
    """However many certificates the contest issued, verifying one reads the same rows."""
    first = CertificateFactory(holder_name="王建国")
    CertificateFactory.create_batch(count - 1, contest=first.contest)
    with django_assert_num_queries(VERIFY_QUERIES):
        response = client.get(f"/verify/{first.number}")
    assert response.status_code == 200 and 'data-status="valid"' in response.content.decode()
