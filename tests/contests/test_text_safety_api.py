"""Every path that takes a name, title, statement, objection or reason refuses control and
text-direction characters with a 400 naming the field, and writes nothing (`core.text`)."""

import random

import pytest

from accounts import synthetic
from accounts.models import Enterprise, User
from contests.models import Contest, Entry
from publicity.models import Objection
from tests.factories.publicity import NoticeFactory

from .conftest import client_for

pytestmark = [pytest.mark.api, pytest.mark.django_db]

RLO, BEL, ESC = "\u202e", "\x07", "\x1b[2J"
_rng = random.Random(5)


def _register_body(**overrides):
    body = {"username": "rider_zhao", "password": "Ride-Safe-2026", "real_name": "赵六",
            "phone": "13912345678", "id_number": synthetic.id_number(_rng),
            "industry": "food_delivery", "union_member": True,
            "political_status": "masses", "years_in_industry": "2",
            "consent_publication": True}
    return {**body, **overrides}


@pytest.mark.parametrize("name", [f"赵{RLO}六", f"赵{BEL}六", "赵\n六", f"赵{ESC}六"])
def test_a_name_with_a_control_or_bidi_character_is_refused_at_sign_up(api_client, name):
    response = api_client.post("/api/auth/register/", _register_body(real_name=name),
                               format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["real_name"]
    assert not User.objects.filter(username="rider_zhao").exists()


def test_zero_width_characters_are_stripped_from_a_name(api_client):
    response = api_client.post("/api/auth/register/",
                               _register_body(real_name="赵\u200b六\ufeff"), format="json")
    assert response.status_code == 201
    assert User.objects.get(username="rider_zhao").real_name == "赵六"


def test_an_enterprise_name_with_an_override_is_refused(organizer_client):
    response = organizer_client.post("/api/enterprises/", {
        "name": f"飞驰{RLO}配送", "credit_code": "91321200MA1XXXXX0X",
        "industry": "express"}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    assert not Enterprise.objects.exists()


def test_a_contest_title_with_an_override_is_refused(organizer_client, contest_body):
    body = {**contest_body(), "title": f"技能{RLO}大赛"}
    response = organizer_client.post("/api/contests/", body, format="json")
    assert response.status_code == 400 and list(response.json()) == ["title"]
    assert not Contest.objects.exists()


def test_a_statement_keeps_lines_but_refuses_a_bell(open_contest, eligible_worker):
    url = f"/api/contests/{open_contest.pk}/entries/"
    track = open_contest.tracks.first().pk
    client = client_for(eligible_worker)
    refused = client.post(url, {"track": track, "statement": f"五年{BEL}零差评"}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["statement"]
    assert not Entry.objects.exists()
    kept = client.post(url, {"track": track, "statement": "第一年\r\n\t第二年"}, format="json")
    assert kept.status_code == 201
    assert Entry.objects.get().statement == "第一年\n\t第二年"


@pytest.mark.parametrize(("field", "value"), [
    ("name", f"李{RLO}明"), ("name", "李\n明"), ("contact", f"139{BEL}00001111"),
    ("text", f"事迹材料与实际情况不符，请核实{RLO}。"),
])
def test_an_objection_with_a_control_character_is_refused_by_api_and_page(
        api_client, client, field, value):
    notice = NoticeFactory()
    body = {"name": "李明", "contact": "13900001111",
            "text": "该获奖者的事迹材料与实际情况不符，请核实。", field: value}
    api = api_client.post(f"/api/notices/{notice.pk}/objections/", body, format="json")
    assert api.status_code == 400 and list(api.json()) == [field]
    page = client.post(f"/notices/{notice.pk}/", body)
    assert page.status_code == 400
    assert not Objection.objects.exists()
