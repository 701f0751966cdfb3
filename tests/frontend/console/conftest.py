"""The organizer console: a logged-in organizer's browser session (Django's test client)."""

import pytest
from django.test import Client

from tests.factories.accounts import OrganizerFactory


@pytest.fixture
def console(organizer):
    client = Client()
    client.force_login(organizer)
    return client


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def desk(browser, live_server):
    """An organizer's desktop browser, logged in (the session of Django's test client)."""
    organizer = OrganizerFactory()
    client = Client()
    client.force_login(organizer)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB",
                                  accept_downloads=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
