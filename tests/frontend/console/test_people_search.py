"""人员: what the search box finds in a roster. On PostgreSQL names and usernames are read
from an index of their one- and two-character pieces; the results must be those of a plain
"contains, any case" search, on both databases."""

import random
import re

import pytest
from django.urls import reverse

from accounts import synthetic
from tests.factories.accounts import JudgeFactory, WorkerFactory

from .conftest import page

pytestmark = pytest.mark.api


@pytest.fixture
def roster(db):
    return {
        "王伟": WorkerFactory(real_name="王伟", username="wangwei"),
        "王伟明": WorkerFactory(real_name="王伟明", username="13800000001",
                             phone="13800000001"),
        "李王伟": WorkerFactory(real_name="李王伟", username="liwangwei"),
        "王芳": WorkerFactory(real_name="王芳", username="wf2026"),
        # Every piece of "王伟明" is in its name or username, but not the whole.
        "伟明": WorkerFactory(real_name="王伟", username="伟明88"),
        "Anna": JudgeFactory(real_name="Anna Li", username="AnnaL"),
    }


def found(console, text) -> set[str]:
    html = page(console.get(reverse("console:people"), {"q": text}))
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", html)
    return {username for _name, username in rows}


@pytest.mark.parametrize(("text", "usernames"), [
    ("王伟", {"wangwei", "13800000001", "liwangwei", "伟明88"}),  # two characters, anywhere
    ("王", {"wangwei", "13800000001", "liwangwei", "wf2026", "伟明88"}),
    ("芳", {"wf2026"}),
    ("王伟明", {"13800000001"}),  # three: every piece, then the whole
    ("伟明", {"13800000001", "伟明88"}),
    ("anna", {"AnnaL"}),  # any case, name or username
    ("NA L", {"AnnaL"}),
    ("wang", {"wangwei", "liwangwei"}),
    ("0001", {"13800000001"}),  # part of a username (imported workers: their phone)
    ("张三", set()),
])
def test_a_name_or_username_is_found_by_any_part_of_it(console, roster, text, usernames):
    assert found(console, text) == usernames


def test_a_worker_is_found_by_their_full_phone_or_id_number(console, roster):
    worker = roster["王伟"]
    assert found(console, worker.phone) == {"wangwei"}
    assert found(console, f"+86 {worker.phone}") == {"wangwei"}
    number = worker.worker_profile.decrypted_id_number()
    assert found(console, number) == {"wangwei"}
    assert found(console, number.lower()) == {"wangwei"}  # a final X typed as x
    nobody = synthetic.id_number(random.Random(1))
    assert nobody != number and found(console, nobody) == set()
