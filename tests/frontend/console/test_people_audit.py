"""人员 and 审计 pages: masked users and the audited reveal, the roster checked before
anything is written, enterprises, a contest's trail and the chain verification."""

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from contests.models import Contest, Entry
from tests.accounts.rosters import roster_upload, valid_row
from tests.factories.accounts import WorkerFactory
from tests.factories.contests import EntryFactory, contest_with_structure

from .conftest import messages_of, page

pytestmark = pytest.mark.api


def test_users_are_masked_and_a_full_id_number_needs_a_reason(console, organizer):
    worker = WorkerFactory(phone="13812345678")
    full = worker.worker_profile.decrypted_id_number()
    html = page(console.get(reverse("console:people"), {"role": "worker"}))
    assert "138****5678" in html and "13812345678" not in html
    assert full not in html and worker.worker_profile.id_number_masked in html

    url = reverse("console:reveal-id", args=[worker.pk])
    response = console.post(url, {"reason": " "}, follow=True)
    assert messages_of(response) == ["Say why you need the full ID number."]
    response = console.post(url, {"reason": "核对获奖者身份"})
    assert f'id="revealed-number">{full}<' in page(response)
    event = AuditEvent.objects.get(action="pii.viewed")
    assert (event.actor_id, event.object_id, event.reason) == (organizer.pk, str(worker.pk),
                                                              "核对获奖者身份")


def test_a_roster_is_checked_first_and_imported_all_or_nothing(console):
    rows = [valid_row(), valid_row(phone="123")]
    url = reverse("console:roster")
    before = User.objects.count()
    response = console.post(url, {"step": "check", "file": roster_upload(rows)})
    html = page(response)
    assert "nothing was imported" in html and '<td class="num">3</td>' in html
    response = console.post(url, {"step": "import", "file": roster_upload(rows)})
    assert "nothing was imported" in page(response)
    assert User.objects.count() == before

    good = [valid_row(), valid_row()]
    response = console.post(url, {"step": "check", "file": roster_upload(good)})
    assert "No error: 2 workers are ready to import." in page(response)
    assert User.objects.count() == before
    response = console.post(url, {"step": "import", "file": roster_upload(good)}, follow=True)
    assert messages_of(response) == ["2 workers imported."]
    assert User.objects.count() == before + 2


def test_a_contests_trail_and_the_chain_verification(console):
    contest = contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)
    entry = EntryFactory(contest=contest, track=contest.tracks.get(),
                         status=Entry.Status.SUBMITTED)
    console.post(reverse("console:entry-review", args=[contest.pk, entry.pk]),
                 {"decision": "reject", "reason": "材料不全"})
    other = contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)
    console.post(reverse("console:move", args=[other.pk, "cancel"]), {"reason": "另一场"})
    html = page(console.get(reverse("console:contest-audit", args=[contest.pk])))
    assert "entry.reject" in html and "材料不全" in html
    assert "另一场" not in html  # another contest's event

    response = console.post(reverse("console:audit"))
    assert "The chain is intact:" in page(response)


def test_the_trail_lists_every_stream_newest_first_and_names_a_broken_chain(console):
    from django.db import connection

    from audit.services import judge_stream, record

    record(actor=None, action="test.oldest")
    for i in range(3):
        record(actor=None, action=f"test.scoring{i}", stream=judge_stream(1, 2))
    record(actor=None, action="test.newest")

    response = console.get(reverse("console:audit"))

    listed = [e.action for e in response.context["page"]]
    assert listed == ["test.newest", "test.scoring2", "test.scoring1", "test.scoring0",
                      "test.oldest"]
    assert "contest:1:judge:2 #3" in page(response)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'x' WHERE stream = %s AND seq = 2",
                       [judge_stream(1, 2)])
    assert "The chain contest:1:judge:2 is broken at event #2" in page(
        console.post(reverse("console:audit")))
