"""Workers hear about contest milestones and decisions on their entries, after commit."""

import pytest
from django.core import mail

from contests.models import Contest, Entry
from contests.services import review_entry, transition_contest
from notifications.models import Notification
from tests.factories.accounts import OrganizerFactory
from tests.factories.contests import EntryFactory, contest_with_structure

from .conftest import make_worker

pytestmark = [pytest.mark.unit, pytest.mark.django_db]

S = Contest.State


@pytest.fixture
def organizer():
    return OrganizerFactory()


def test_opening_registration_tells_the_industrys_workers(
        organizer, django_capture_on_commit_callbacks):
    contest = contest_with_structure(registration_open=True, state=S.DRAFT)
    rider = make_worker(industry="food_delivery")
    make_worker(industry="ride_hailing")
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=contest, action="open_registration", actor=organizer)
    notes = Notification.objects.filter(kind="contest_open_registration")
    assert [n.user_id for n in notes] == [rider.pk]
    assert contest.title in notes[0].title
    assert notes[0].link == f"/contests/{contest.pk}/"


def test_closing_and_publishing_tell_the_entrants_once(
        organizer, django_capture_on_commit_callbacks):
    from contests import notifying

    contest = contest_with_structure(registration_open=True)
    entry = EntryFactory(contest=contest, track=contest.tracks.first(),
                         status=Entry.Status.SUBMITTED)
    EntryFactory(contest=contest, track=contest.tracks.first(), status=Entry.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        transition_contest(contest=contest, action="close_registration", actor=organizer)
    closing = Notification.objects.filter(kind="contest_close_registration")
    assert [n.user_id for n in closing] == [entry.worker_id]
    # Announcing again (a retried task loads the same contest) creates nothing new.
    contest.refresh_from_db()
    assert notifying.announce_transition(contest, "close_registration") == 0
    assert closing.count() == 1


def test_a_rolled_back_decision_sends_nothing(organizer):
    contest = contest_with_structure(registration_open=True)
    entry = EntryFactory(contest=contest, track=contest.tracks.first(),
                         worker=make_worker(), status=Entry.Status.SUBMITTED)
    mail.outbox.clear()
    # No on-commit capture: the test's transaction never commits, so no e-mail goes out,
    # though the in-app row is written with the decision.
    review_entry(entry=entry, actor=organizer, decision="reject", reason="证明材料不清晰")
    note = Notification.objects.get(user=entry.worker)
    assert note.kind == "entry_rejected" and note.email_sent_at is None
    assert mail.outbox == []


def test_decisions_are_mailed_and_texted_on_commit(organizer, settings,
                                                   django_capture_on_commit_callbacks):
    from notifications import sms

    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    sms.outbox.clear()
    contest = contest_with_structure(registration_open=True)
    worker = make_worker()
    worker.email = "rider@example.cn"
    worker.save(update_fields=["email"])
    entry = EntryFactory(contest=contest, track=contest.tracks.first(), worker=worker,
                         status=Entry.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        review_entry(entry=entry, actor=organizer, decision="qualify")
    assert [m.to for m in mail.outbox] == [["rider@example.cn"]]
    assert [phone for phone, _ in sms.outbox] == [worker.phone]
    note = Notification.objects.get(user=worker)
    assert note.email_sent_at and note.sms_sent_at
