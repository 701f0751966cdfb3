"""The assignment list is paged, the current work first: a judge's five years of
assignments (15,600 at province scale) never land on one phone screen."""

import re

import pytest
from django.urls import reverse

from contests.models import Contest

from .conftest import make_judging

pytestmark = pytest.mark.django_db


def _codes(response):
    return re.findall(r'<span class="code">([^<]+)</span>', response.content.decode())


def test_current_work_first_then_history_on_the_next_page(client):
    past = make_judging(10)
    Contest.objects.filter(pk=past.contest.pk).update(state=Contest.State.FINAL)
    current = make_judging(55, judge=past.judge)
    client.force_login(past.judge)

    first = client.get(reverse("judge-assignments"))
    second = client.get(reverse("judge-assignments"), {"page": 2})

    current_codes = sorted(a.entry.code for a in current.assignments)
    past_codes = sorted(a.entry.code for a in past.assignments)
    assert _codes(first) == current_codes[:50]
    assert _codes(second) == current_codes[50:] + past_codes
    body = first.content.decode()
    assert 'aria-current="page"' in body
    assert 'href="?page=2"' in body


def test_page_links_keep_the_filter(client):
    judging = make_judging(55)
    client.force_login(judging.judge)
    response = client.get(reverse("judge-assignments"), {"status": "pending"})
    assert len(_codes(response)) == 50
    assert 'href="?status=pending&amp;page=2"' in response.content.decode()


def test_the_stage_filter_offers_open_contests_and_the_stage_asked_for(client):
    past = make_judging(1)
    Contest.objects.filter(pk=past.contest.pk).update(state=Contest.State.FINAL)
    current = make_judging(1, judge=past.judge)
    client.force_login(past.judge)

    options = client.get(reverse("judge-assignments")).content.decode()
    assert f'value="{current.stage.pk}"' in options
    assert f'value="{past.stage.pk}"' not in options

    asked = client.get(reverse("judge-assignments"), {"stage": past.stage.pk})
    assert f'value="{past.stage.pk}" selected' in asked.content.decode()
    assert _codes(asked) == [past.assignments[0].entry.code]
