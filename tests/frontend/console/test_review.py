"""The newcomer's first obstacle: “5 submitted entries still await the qualification
review” — the console explains the refused move and the review queue clears it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from contests.models import Contest, Entry
from tests.factories.accounts import WorkerFactory
from tests.factories.contests import AttachmentFactory, EntryFactory, contest_with_structure

from .conftest import messages_of, page

pytestmark = pytest.mark.api


@pytest.fixture
def contest(db):
    contest = contest_with_structure(state=Contest.State.REGISTRATION_CLOSED)
    track = contest.tracks.get()
    for index in range(5):
        EntryFactory(contest=contest, track=track, status=Entry.Status.SUBMITTED,
                     worker=WorkerFactory(real_name=f"王{'一二三四五'[index]}"))
    EntryFactory(contest=contest, track=track, status=Entry.Status.QUALIFIED)
    return contest


def test_the_overview_offers_exactly_the_moves_of_the_table(console, contest):
    html = page(console.get(reverse("console:contest", args=[contest.pk])))
    assert reverse("console:move", args=[contest.pk, "open_judging"]) in html
    assert reverse("console:move", args=[contest.pk, "cancel"]) in html
    for action in ("open_registration", "close_registration", "publish", "finalize"):
        assert reverse("console:move", args=[contest.pk, action]) not in html


def test_a_refused_move_is_explained_in_words_then_allowed_after_the_review(console, contest):
    move = reverse("console:move", args=[contest.pk, "open_judging"])
    response = console.post(move, {"reason": ""}, follow=True)
    assert "5 submitted entries still await the qualification review." in messages_of(response)
    contest.refresh_from_db()
    assert contest.state == Contest.State.REGISTRATION_CLOSED

    queue = console.get(reverse("console:entries", args=[contest.pk]))
    ids = [e.pk for e in queue.context["entries"]]
    assert len(ids) == 5
    response = console.post(reverse("console:entries-qualify", args=[contest.pk]),
                            {"entries": ids}, follow=True)
    assert "5 entries qualified." in messages_of(response)

    response = console.post(move, {"reason": "资格审查完成"}, follow=True)
    contest.refresh_from_db()
    assert contest.state == Contest.State.JUDGING
    event = AuditEvent.objects.filter(action="contest.open_judging").get()
    assert event.reason == "资格审查完成"


def test_a_move_asks_for_confirmation_first(console, contest):
    response = console.get(reverse("console:move", args=[contest.pk, "cancel"]))
    assert "This cannot be undone." in page(response)
    contest.refresh_from_db()
    assert contest.state == Contest.State.REGISTRATION_CLOSED


def test_reject_needs_a_reason_the_worker_will_read(console, contest):
    entry = contest.entries.filter(status=Entry.Status.SUBMITTED).first()
    url = reverse("console:entry-review", args=[contest.pk, entry.pk])
    response = console.post(url, {"decision": "reject", "reason": " "}, follow=True)
    assert "Give the reason for the rejection." in messages_of(response)
    console.post(url, {"decision": "reject", "reason": "从业年限证明不全"})
    entry.refresh_from_db()
    assert (entry.status, entry.decision_reason) == (Entry.Status.REJECTED, "从业年限证明不全")


def test_the_queue_filters_by_status_and_track_and_previews_evidence(console, contest):
    entry = contest.entries.filter(status=Entry.Status.SUBMITTED).first()
    photo = AttachmentFactory(entry=entry, content_type="image/png", original_name="a.png")
    pdf = AttachmentFactory(entry=entry)
    url = reverse("console:entries", args=[contest.pk])
    assert console.get(url, {"status": "qualified"}).context["count"] == 1
    assert console.get(url, {"status": "all"}).context["count"] == 6
    other_track = contest.tracks.create(name="另一赛项", position=1)
    assert console.get(url, {"status": "all", "track": other_track.pk}).context["count"] == 0
    html = page(console.get(url))
    assert f'<img class="thumb" src="/api/attachments/{photo.pk}/"' in html
    assert f'href="/api/attachments/{pdf.pk}/"' in html


def test_the_export_lists_the_filtered_entries(console, contest):
    response = console.get(reverse("console:entries-export", args=[contest.pk]),
                           {"status": "submitted"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6
    assert sorted(r[1] for r in rows[1:]) == sorted(f"王{c}" for c in "一二三四五")


def test_a_move_the_table_does_not_offer_is_explained(console, contest):
    response = console.get(reverse("console:move", args=[contest.pk, "publish"]), follow=True)
    assert messages_of(response) == [
        "“Publish results” is not possible while the contest is “Registration closed”."]
