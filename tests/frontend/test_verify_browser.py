"""The QR code's page on a phone, in the real browser (system Chromium)."""

import pytest

from tests.factories.publicity import CertificateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
        has_touch=True, locale="zh-CN",
    )
    yield context.new_page()
    context.close()


def test_someone_scans_a_certificate_and_types_another_number(phone, live_server, settings,
                                                              tmp_path):
    settings.LANGUAGE_CODE = "zh-hans"
    certificate = CertificateFactory(holder_name="李秀英", award_name="先锋骑手")

    phone.goto(f"{live_server.url}/verify/{certificate.number}")
    assert phone.locator("[data-status=valid]").is_visible()
    assert "证书有效" in phone.locator(".verdict").inner_text()
    assert "李**" in phone.content()
    phone.screenshot(path=str(tmp_path / "verify-valid.png"), full_page=True)

    phone.fill("#number", "GH2026-AAAA-AAAA-AAAA-A")
    phone.get_by_role("button", name="验证").click()
    assert phone.locator("[data-status=unknown]").is_visible()
