"""The organizer console: a logged-in organizer's browser session (Django's test client)."""

import pytest
from django.test import Client


@pytest.fixture
def console(organizer):
    client = Client()
    client.force_login(organizer)
    return client


def page(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
