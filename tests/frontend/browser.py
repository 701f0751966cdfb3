"""What every browser test checks on every page it visits: no request leaves the site, no
console error (a CSP violation is one), no sideways scroll at phone width, and no serious
or critical accessibility violation found by axe-core (installed from npm by
`scripts/setup.sh dev` into node_modules/, injected into the page by the test only)."""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-artifacts" / "screens"))
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class Watch:
    """Requests and console errors of one browser context."""

    host: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", self._request)
        context.on("response", self._response)
        context.on("page", self.attach_page)

    def attach_page(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _console(self, message) -> None:
        # Chromium reports every 4xx answer as a console error, pages included: a form
        # sent back with its errors is a 400 on purpose. Failed subresources (a script,
        # a stylesheet, an upload) are caught by `_response` instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response) -> None:
        request = response.request
        if response.status >= 400 and request.resource_type not in ("document", "xhr"):
            self.errors.append(f"{response.status} {request.resource_type} {response.url}")

    def _request(self, request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.netloc != self.host:
            self.outside.append(request.url)

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left the site: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"


def open_context(browser, live_server, *, viewport=PHONE, javascript=True, locale="zh-CN"):
    context = browser.new_context(
        viewport=viewport, device_scale_factor=1, locale=locale,
        is_mobile=viewport is PHONE, has_touch=viewport is PHONE,
        java_script_enabled=javascript, timezone_id="Asia/Shanghai", accept_downloads=True,
    )
    watch = Watch(host=urlsplit(live_server.url).netloc)
    watch.attach(context)
    return context, watch


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the page as it is now. The script is
    evaluated through the DevTools protocol, which the page's CSP does not govern, so the
    page itself keeps its strict policy."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/setup.sh dev (npm ci)")
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", AXE_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def check_page(page, name: str = "") -> None:
    """The layout and accessibility checks; with a name, also a full-page screenshot."""
    # A click that navigates returns once the navigation has started; on a loaded machine
    # the new document can still be empty (no documentElement) when the checks run.
    page.wait_for_load_state("load")
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll} > {width}"
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"
    if name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)



def log_in(context, live_server, user) -> None:
    """Give the browser a session of `user` (the login page has its own test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="accounts.backends.UsernameOrPhoneBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                          "url": live_server.url}])
