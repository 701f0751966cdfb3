"""Entering, submitting (eligibility at its boundaries), review, withdrawal, permissions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from contests.models import Contest, Entry
from notifications.models import Notification
from tests.factories.accounts import EnterpriseFactory, JudgeFactory
from tests.factories.contests import EntryFactory, contest_with_structure
from tests.schema_fuzz import assert_documented

from .conftest import client_for, make_worker

pytestmark = [pytest.mark.api, pytest.mark.django_db]

S = Contest.State


def entries_url(contest):
    return f"/api/contests/{contest.pk}/entries/"


def enter(user, contest, **body):
    track = contest.tracks.first()
    return client_for(user).post(entries_url(contest),
                                 {"track": track.pk, "statement": "安全配送五年", **body})


def submit(user, entry_id, **headers):
    return client_for(user).post(f"/api/entries/{entry_id}/submit/", **headers)


class TestEnter:
    def test_worker_enters_for_self(self, open_contest, eligible_worker):
        response = enter(eligible_worker, open_contest)
        assert response.status_code == 201, response.data
        data = response.data
        assert data["status"] == "draft"
        assert data["source"] == "self"
        assert len(data["code"]) == 8
        assert data["worker"]["id"] == eligible_worker.pk
        assert [d["action"] for d in data["decisions"]] == ["create"]

    def test_codes_are_random_not_sequential(self, open_contest, enterprise):
        codes = [enter(make_worker(), open_contest).data["code"] for _ in range(3)]
        assert len(set(codes)) == 3
        assert all(len(code) == 8 and not code.isdigit() for code in codes)

    def test_only_while_registration_is_open(self, eligible_worker):
        closed = contest_with_structure(registration_open=True, state=S.REGISTRATION_CLOSED)
        response = enter(eligible_worker, closed)
        assert response.status_code == 409
        assert response.data["state"] == "registration_closed"

    def test_not_after_the_deadline_even_before_beat_runs(self, eligible_worker):
        late = contest_with_structure(
            registration_open=True, registration_closes=timezone.now() - timedelta(minutes=1))
        assert enter(eligible_worker, late).status_code == 409

    def test_a_second_live_entry_is_refused(self, open_contest, eligible_worker):
        assert enter(eligible_worker, open_contest).status_code == 201
        response = enter(eligible_worker, open_contest)
        assert response.status_code == 409
        assert response.data["state"] == "draft"

    def test_the_track_must_be_the_contests(self, open_contest, eligible_worker):
        other = contest_with_structure(registration_open=True)
        response = client_for(eligible_worker).post(
            entries_url(open_contest), {"track": other.tracks.first().pk})
        assert response.status_code == 400
        assert "track" in response.data

    def test_judges_cannot_enter(self, open_contest):
        assert enter(JudgeFactory(), open_contest).status_code == 403

    def test_a_worker_cannot_enter_someone_else(self, open_contest, eligible_worker):
        other = make_worker()
        response = enter(eligible_worker, open_contest, worker=other.pk)
        assert response.status_code == 403

    def test_draft_contest_is_404(self, eligible_worker):
        draft = contest_with_structure()
        assert enter(eligible_worker, draft).status_code == 404

    def test_idempotency_key_replays_the_creation(self, open_contest, eligible_worker):
        client = client_for(eligible_worker)
        body = {"track": open_contest.tracks.first().pk}
        first = client.post(entries_url(open_contest), body, HTTP_IDEMPOTENCY_KEY="e-1")
        again = client.post(entries_url(open_contest), body, HTTP_IDEMPOTENCY_KEY="e-1")
        assert first.status_code == again.status_code == 201
        assert first.data["id"] == again.data["id"]
        assert Entry.objects.count() == 1


class TestNomination:
    def test_organizer_nominates_a_worker(self, open_contest, organizer, eligible_worker,
                                          django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = enter(organizer, open_contest, worker=eligible_worker.pk,
                             source="enterprise")
        assert response.status_code == 201, response.data
        entry = Entry.objects.get()
        assert (entry.worker, entry.source, entry.nominated_by) == (
            eligible_worker, "enterprise", organizer)
        assert Notification.objects.filter(user=eligible_worker,
                                           kind="entry_nominated").count() == 1

    def test_organizer_must_name_a_worker(self, open_contest, organizer):
        response = enter(organizer, open_contest)
        assert response.status_code == 400
        assert "worker" in response.data
        # Found by schema fuzzing: the schema documented this 400 as eligibility
        # failures only, with `eligibility` required.
        assert_documented(response, "POST", "/api/contests/{id}/entries/")

    def test_only_workers_are_nominated(self, open_contest, organizer):
        response = enter(organizer, open_contest, worker=JudgeFactory().pk)
        assert response.status_code == 400
        assert "worker" in response.data

    def test_cap_per_enterprise_at_cap_and_cap_plus_one(self, open_contest, organizer,
                                                        enterprise):
        # cap is 2: the 2nd nominee from the enterprise is accepted, the 3rd refused.
        first, second, third = (make_worker(enterprise=enterprise) for _ in range(3))
        assert enter(organizer, open_contest, worker=first.pk).status_code == 201
        assert enter(organizer, open_contest, worker=second.pk).status_code == 201
        response = enter(organizer, open_contest, worker=third.pk)
        assert response.status_code == 400
        assert response.data["eligibility"][0]["rule"] == "enterprise_cap"
        # Another enterprise is not affected; a withdrawn entry frees its place.
        assert enter(organizer, open_contest,
                     worker=make_worker(enterprise=EnterpriseFactory()).pk).status_code == 201
        Entry.objects.filter(worker=first).update(status=Entry.Status.WITHDRAWN)
        assert enter(organizer, open_contest, worker=third.pk).status_code == 201

    def test_the_cap_counts_self_entries_too(self, open_contest, enterprise):
        for _ in range(2):
            assert enter(make_worker(enterprise=enterprise), open_contest).status_code == 201
        response = enter(make_worker(enterprise=enterprise), open_contest)
        assert response.status_code == 400
        assert [f["rule"] for f in response.data["eligibility"]] == ["enterprise_cap"]


class TestSubmitEligibility:
    """Registration closes on 2026-06-30 (Shanghai) in these tests."""

    @pytest.fixture
    def contest(self, open_contest):
        closes = timezone.datetime(2026, 6, 30, 18, 0, tzinfo=timezone.get_current_timezone())
        Contest.objects.filter(pk=open_contest.pk).update(registration_closes=closes,
                                                          judging_closes=closes)
        open_contest.refresh_from_db()
        return open_contest

    @pytest.fixture(autouse=True)
    def _now_before_close(self, monkeypatch):
        fixed = timezone.datetime(2026, 6, 1, 9, 0, tzinfo=timezone.get_current_timezone())
        monkeypatch.setattr(timezone, "now", lambda: fixed)

    def _submit_as(self, contest, **facts):
        worker = make_worker(**facts)
        entry = EntryFactory(contest=contest, track=contest.tracks.first(), worker=worker,
                             status=Entry.Status.DRAFT)
        return submit(worker, entry.pk), entry

    def test_eligible_worker_submits(self, contest):
        response, _ = self._submit_as(contest)
        assert response.status_code == 200, response.data
        assert response.data["status"] == "submitted"
        assert response.data["submitted_at"]
        assert AuditEvent.objects.filter(action="entry.submit").count() == 1

    def test_the_day_before_the_18th_birthday_is_too_young(self, contest):
        response, entry = self._submit_as(contest, birth=date(2008, 7, 1))
        assert response.status_code == 400
        assert response.data == {"eligibility": [
            {"rule": "min_age", "message": response.data["eligibility"][0]["message"]}]}
        entry.refresh_from_db()
        assert entry.status == "draft"

    def test_the_18th_birthday_on_closing_day_is_old_enough(self, contest):
        response, _ = self._submit_as(contest, birth=date(2008, 6, 30))
        assert response.status_code == 200, response.data

    def test_years_exactly_at_the_minimum(self, contest):
        assert self._submit_as(contest, years_in_industry=1)[0].status_code == 200
        response, _ = self._submit_as(contest, years_in_industry="0.9")
        assert [f["rule"] for f in response.data["eligibility"]] == ["min_years"]

    def test_union_membership(self, contest):
        response, _ = self._submit_as(contest, union_member=False)
        assert [f["rule"] for f in response.data["eligibility"]] == ["union_member"]

    def test_industry(self, contest):
        response, _ = self._submit_as(contest, industry="ride_hailing")
        assert [f["rule"] for f in response.data["eligibility"]] == ["industry"]

    def test_each_failed_rule_is_listed(self, contest):
        response, _ = self._submit_as(contest, industry="express", union_member=False,
                                      years_in_industry=0, birth=date(1950, 1, 1))
        assert response.status_code == 400
        assert [f["rule"] for f in response.data["eligibility"]] == [
            "industry", "min_years", "union_member", "max_age"]
        assert all(f["message"] for f in response.data["eligibility"])

    def test_submit_twice_is_a_no_op_and_a_key_replays(self, contest):
        first, entry = self._submit_as(contest)
        assert first.status_code == 200
        again = submit(entry.worker, entry.pk)
        assert again.status_code == 200
        assert again.data["status"] == "submitted"
        assert AuditEvent.objects.filter(action="entry.submit").count() == 1
        keyed = submit(entry.worker, entry.pk, HTTP_IDEMPOTENCY_KEY="s-1")
        replay = submit(entry.worker, entry.pk, HTTP_IDEMPOTENCY_KEY="s-1")
        assert replay.status_code == keyed.status_code == 200
        assert replay["Idempotent-Replayed"] == "true"

    def test_organizer_submits_a_nomination_but_not_a_self_entry(self, contest, organizer):
        nominated = EntryFactory(contest=contest, track=contest.tracks.first(),
                                 worker=make_worker(), status="draft", source="union")
        own = EntryFactory(contest=contest, track=contest.tracks.first(),
                           worker=make_worker(), status="draft")
        assert submit(organizer, nominated.pk).status_code == 200
        assert submit(organizer, own.pk).status_code == 403


class TestReview:
    @pytest.fixture
    def submitted(self, open_contest):
        return EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                            worker=make_worker(), status=Entry.Status.SUBMITTED)

    def review(self, user, entry, **body):
        return client_for(user).post(f"/api/entries/{entry.pk}/review/", body)

    def test_qualify_notifies_the_worker(self, organizer, submitted,
                                         django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = self.review(organizer, submitted, decision="qualify")
        assert response.status_code == 200
        assert response.data["status"] == "qualified"
        note = Notification.objects.get(user=submitted.worker)
        assert note.kind == "entry_qualified"
        assert note.sms_sent_at is not None or not submitted.worker.phone

    def test_reject_needs_a_reason_which_the_worker_sees(self, organizer, submitted):
        response = self.review(organizer, submitted, decision="reject")
        assert response.status_code == 400
        assert "reason" in response.data
        response = self.review(organizer, submitted, decision="reject", reason="材料不全")
        assert response.status_code == 200
        assert response.data["decision_reason"] == "材料不全"
        assert response.data["decisions"][-1]["reason"] == "材料不全"
        note = Notification.objects.get(user=submitted.worker)
        assert note.kind == "entry_rejected"
        assert "材料不全" in note.body

    def test_not_during_judging(self, organizer, submitted):
        Contest.objects.filter(pk=submitted.contest_id).update(state=S.JUDGING)
        response = self.review(organizer, submitted, decision="qualify")
        assert response.status_code == 409
        assert response.data["state"] == "judging"

    def test_a_draft_cannot_be_qualified(self, organizer, open_contest):
        draft = EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                             status=Entry.Status.DRAFT)
        response = self.review(organizer, draft, decision="qualify")
        assert response.status_code == 409
        assert response.data["state"] == "draft"

    def test_workers_cannot_review_their_own(self, submitted):
        assert self.review(submitted.worker, submitted, decision="qualify").status_code == 403


class TestWithdraw:
    def test_worker_withdraws_before_judging(self, open_contest):
        entry = EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                             worker=make_worker(), status=Entry.Status.SUBMITTED)
        response = client_for(entry.worker).post(f"/api/entries/{entry.pk}/withdraw/")
        assert response.status_code == 200
        assert response.data["status"] == "withdrawn"

    def test_not_once_judging_started(self, open_contest):
        entry = EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                             worker=make_worker(), status=Entry.Status.QUALIFIED)
        Contest.objects.filter(pk=open_contest.pk).update(state=S.JUDGING)
        response = client_for(entry.worker).post(f"/api/entries/{entry.pk}/withdraw/")
        assert response.status_code == 409

    def test_only_the_worker(self, open_contest, organizer):
        entry = EntryFactory(contest=open_contest, track=open_contest.tracks.first())
        assert client_for(organizer).post(
            f"/api/entries/{entry.pk}/withdraw/").status_code == 403


class TestEdit:
    def test_worker_edits_a_draft(self, open_contest):
        entry = EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                             worker=make_worker(), status=Entry.Status.DRAFT)
        response = client_for(entry.worker).patch(f"/api/entries/{entry.pk}/",
                                                  {"statement": "新的事迹"})
        assert response.status_code == 200
        assert response.data["statement"] == "新的事迹"

    def test_not_once_submitted(self, open_contest):
        entry = EntryFactory(contest=open_contest, track=open_contest.tracks.first(),
                             worker=make_worker(), status=Entry.Status.SUBMITTED)
        response = client_for(entry.worker).patch(f"/api/entries/{entry.pk}/",
                                                  {"statement": "x"})
        assert response.status_code == 409


class TestVisibility:
    def test_a_worker_cannot_see_another_workers_entry(self, open_contest):
        entry = EntryFactory(contest=open_contest, track=open_contest.tracks.first())
        other = make_worker()
        assert client_for(other).get(f"/api/entries/{entry.pk}/").status_code == 404
        assert client_for(other).post(f"/api/entries/{entry.pk}/submit/").status_code == 404
        assert client_for(entry.worker).get(f"/api/entries/{entry.pk}/").status_code == 200

    def test_a_judge_cannot_list_entries(self, open_contest, judge_client):
        response = judge_client.get(entries_url(open_contest))
        assert response.status_code == 403

    def test_a_judge_cannot_read_an_entry(self, open_contest, judge_client):
        entry = EntryFactory(contest=open_contest, track=open_contest.tracks.first())
        assert judge_client.get(f"/api/entries/{entry.pk}/").status_code == 404

    def test_a_worker_lists_only_own_entries(self, open_contest):
        mine = EntryFactory(contest=open_contest, track=open_contest.tracks.first())
        EntryFactory(contest=open_contest, track=open_contest.tracks.first())
        response = client_for(mine.worker).get(entries_url(open_contest))
        assert [row["id"] for row in response.data["results"]] == [mine.pk]

    def test_organizer_filters_by_status_and_track(self, open_contest, organizer_client):
        track = open_contest.tracks.first()
        qualified = EntryFactory(contest=open_contest, track=track, status="qualified")
        EntryFactory(contest=open_contest, track=track, status="submitted")
        EntryFactory(contest=open_contest)  # another track
        response = organizer_client.get(entries_url(open_contest),
                                        {"status": "qualified", "track": track.pk})
        assert [row["id"] for row in response.data["results"]] == [qualified.pk]

    def test_anonymous_is_401(self, open_contest, api_client):
        assert api_client.get(entries_url(open_contest)).status_code == 401

    @pytest.mark.parametrize("rows", [1, 50])
    def test_entry_list_query_count_is_fixed(self, open_contest, organizer_client,
                                             django_assert_num_queries, rows):
        track = open_contest.tracks.first()
        for _ in range(rows):
            entry = EntryFactory(contest=open_contest, track=track,
                                 worker=make_worker(enterprise=EnterpriseFactory()))
            entry.decisions.create(action="create", status="draft")
        # contest, count, entries (+track, worker, enterprise), attachments, decisions
        with django_assert_num_queries(5):
            response = organizer_client.get(entries_url(open_contest), {"page_size": 50})
        assert len(response.data["results"]) == rows
