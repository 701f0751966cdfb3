"""One contest from its creation to a verified certificate, through the public API only.

The story, each step as the role that takes it (logged in through the real token endpoint):
an organizer sets up a skills contest and opens registration; three riders enter and
submit; the organizer closes registration, qualifies the entries, sets the panel and lets
the system assign it; three judges score blind, each differently, so the ranking is known
in advance; judging closes and the results are computed (on commit, as in production); the
organizer reads them and publishes the notice; anyone reads it; once the notice has run
its five working days, the beat task finalizes the contest; the winners download their
certificates and anyone verifies them; the audit chain is intact at the end.

Nothing is written to the database by the test except the users; the clock is moved the
way tests/publicity/test_notice_publish.py moves it (the services' `timezone.now`), so the
notice's dates are exact and nothing depends on the day the test runs.
"""

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import synthetic
from audit.models import AuditEvent
from audit.services import verify_chain
from publicity.tasks import finalize_due_notices
from tests.factories.accounts import (
    PASSWORD,
    EnterpriseFactory,
    JudgeFactory,
    OrganizerFactory,
    WorkerFactory,
)

pytestmark = [pytest.mark.api, pytest.mark.django_db]

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPERATION, SAFETY = "操作规范", "安全意识"  # the two judged criteria (max 60 and 40)

# Each rider's scores from the three judges (in panel order): (operation, safety).
# Mean of the judges' totals: 王强 (93 + 88 + 92) / 3 = 91.00, 李娜 (85 + 82 + 85.5) / 3
# = 84.17, 赵刚 (70 + 73 + 75) / 3 = 72.67 — one prize each for the first two.
SCORES = {
    "王强": [("55", "38"), ("52", "36"), ("54", "38")],
    "李娜": [("50", "35"), ("48", "34"), ("51", "34.50")],
    "赵刚": [("40", "30"), ("42", "31"), ("45", "30")],
}
EXPECTED_RESULTS = [  # (rank, rider, stage score, award)
    (1, "王强", "91.00", "一等奖"),
    (2, "李娜", "84.17", "二等奖"),
    (3, "赵刚", "72.67", None),
]


def at(month, day, hour=10, minute=0) -> datetime:
    """A moment of November 2026, Shanghai time (the 16th is a Monday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def clock(monkeypatch):
    """Set "now" for the services (and auto_now fields) to a fixed moment."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


# --- Helpers: what a client does ------------------------------------------------------------


def expect(status: int, response) -> dict:
    """The response's JSON body, after checking its status is exactly `status`."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response.json()


def log_in(user) -> APIClient:
    """A client holding the token the user gets from POST /api/auth/token/."""
    client = APIClient()
    body = expect(200, client.post("/api/auth/token/",
                                   {"username": user.username, "password": PASSWORD}))
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    return client


def move(organizer: APIClient, contest_id: int, action: str) -> dict:
    """The organizer moves the contest; the answer is the contest in its new state."""
    return expect(200, organizer.post(f"/api/contests/{contest_id}/transition/",
                                      {"action": action}))


def rider(name: str, seed: int):
    """A union member, born 1990, three years on the job, with their own employer."""
    birth_id = synthetic.id_number(random.Random(seed), birth=date(1990, 5, 17))
    return WorkerFactory(real_name=name, enterprise=EnterpriseFactory(),
                         profile__id_number=birth_id)


def masked(name: str) -> str:
    return name[0] + "*" * (len(name) - 1)


def skills_contest_body() -> dict:
    return {
        "title": "2026年全县外卖骑手职业技能竞赛",
        "kind": "skills",
        "year": 2026,
        "industries": ["food_delivery"],
        "blind": True,
        "registration_opens": at(11, 3, 0).isoformat(),
        "registration_closes": at(11, 9, 18).isoformat(),
        "judging_closes": at(11, 13, 18).isoformat(),
        "notice_days": 5,
        "eligibility": {"min_years": 1, "union_member": True, "min_age": 18, "max_age": 60},
        "tracks": [{"name": "餐品配送"}, {"name": "安全骑行"}],
        "stages": [{
            "name": "决赛", "aggregation": "mean", "normalize": "none", "panel_size": 3,
            "advance_top": None,
            "criteria": [
                {"name": OPERATION, "max_score": 60, "weight": 1, "kind": "judged"},
                {"name": SAFETY, "max_score": 40, "weight": 1, "kind": "judged"},
            ],
            "tie_breaks": [{"criterion": SAFETY, "order": "desc"}],
        }],
        "tiers": [{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": 1}],
    }


def scorecard(contest: dict, operation: str, safety: str) -> dict:
    criteria = {c["name"]: c["id"] for c in contest["stages"][0]["criteria"]}
    return {"scores": {str(criteria[OPERATION]): operation, str(criteria[SAFETY]): safety},
            "comment": "", "submit": True}


# --- The steps, each as the user who takes it ------------------------------------------------


def organizer_sets_up_the_contest(organizer: APIClient) -> dict:
    """The whole contest in one body, then registration opens."""
    contest = expect(201, organizer.post("/api/contests/", skills_contest_body()))
    assert (contest["state"], contest["kind"]) == ("draft", "skills")
    assert [t["name"] for t in contest["tracks"]] == ["餐品配送", "安全骑行"]
    assert [t["name"] for t in contest["tiers"]] == ["一等奖", "二等奖"]
    assert move(organizer, contest["id"], "open_registration")["state"] == "registration_open"
    return contest


def riders_enter_and_submit(contest: dict, riders: dict) -> dict:
    """Each rider enters the delivery track and submits: {name: entry}."""
    entries = {}
    for name, user in riders.items():
        worker = log_in(user)
        entry = expect(201, worker.post(f"/api/contests/{contest['id']}/entries/",
                                        {"track": contest["tracks"][0]["id"],
                                         "statement": "五年零差评"}))
        assert entry["status"] == "draft" and len(entry["code"]) == 8
        submitted = expect(200, worker.post(f"/api/entries/{entry['id']}/submit/"))
        assert submitted["status"] == "submitted"
        entries[name] = entry
    return entries


def organizer_qualifies_and_assigns(organizer: APIClient, contest: dict, entries: dict,
                                    judges: list) -> None:
    """Registration closes; every entry is qualified; the panel is set and assigned by the
    system; judging starts."""
    contest_id, stage_id = contest["id"], contest["stages"][0]["id"]
    assert move(organizer, contest_id, "close_registration")["state"] == "registration_closed"
    for entry in entries.values():
        reviewed = expect(200, organizer.post(f"/api/entries/{entry['id']}/review/",
                                              {"decision": "qualify", "reason": ""}))
        assert reviewed["status"] == "qualified"
    expect(200, organizer.post(f"/api/contests/{contest_id}/panel/",
                               {"stage": stage_id, "judges": [j.pk for j in judges]}))
    assigned = expect(200, organizer.post(f"/api/contests/{contest_id}/assign/",
                                          {"stage": stage_id}))
    assert assigned["assignments"] == 9  # three entries, each to the three judges
    assert assigned["per_judge"] == {str(j.pk): 3 for j in judges}
    assert move(organizer, contest_id, "open_judging")["state"] == "judging"


def judges_score(contest: dict, entries: dict, judges: list) -> None:
    """Each judge submits a card for each of the three entries, seeing codes only."""
    name_of_code = {entry["code"]: name for name, entry in entries.items()}
    for position, judge_user in enumerate(judges):
        judge = log_in(judge_user)
        assignments = expect(200, judge.get("/api/assignments/"))["results"]
        assert sorted(a["entry_code"] for a in assignments) == sorted(name_of_code)
        for assignment in assignments:
            assert assignment["worker"] is None  # blind: no worker identity
            operation, safety = SCORES[name_of_code[assignment["entry_code"]]][position]
            card = expect(200, judge.put(f"/api/assignments/{assignment['id']}/scorecard/",
                                         scorecard(contest, operation, safety)))
            assert card["state"] == "submitted"


def organizer_closes_judging(organizer: APIClient, contest_id: int, on_commit) -> None:
    """Every card is in; judging closes, and the results are computed once the move
    commits (the Celery task, eager in tests); the organizer reads them."""
    progress = expect(200, organizer.get(f"/api/contests/{contest_id}/progress/"))
    assert (progress["submitted"], progress["expected"]) == (9, 9)
    with on_commit(execute=True):
        assert move(organizer, contest_id, "close_judging")["state"] == "results_ready"
    results = expect(200, organizer.get(f"/api/contests/{contest_id}/results/"))
    assert results["publishable"] is True and results["needs_decision"] is False
    assert [(r["rank"], r["worker"], r["stage_score"], r["tier"] and r["tier"]["name"])
            for r in results["results"]] == EXPECTED_RESULTS


def anyone_reads_the_notice(public: APIClient, contest_id: int) -> None:
    """The notice lists the two winners, masked, with their awards, and runs five working
    days from Monday 16 November: until Saturday 00:00. The results are public too."""
    notices = expect(200, public.get("/api/notices/", {"contest": contest_id}))["results"]
    assert len(notices) == 1
    notice = expect(200, public.get(f"/api/notices/{notices[0]['id']}/"))
    assert notice["status"] == "open" and notice["accepts_objections"] is True
    assert notice["working_days"] == 5
    assert datetime.fromisoformat(notice["closes_at"]) == at(11, 21, 0)
    assert [(w["name"], w["award"]) for w in notice["winners"]] == [
        (masked("王强"), "一等奖"), (masked("李娜"), "二等奖")]
    published = expect(200, public.get(f"/api/contests/{contest_id}/results/"))
    assert [r["worker"] for r in published["results"]] == [
        masked(name) for _rank, name, _score, _award in EXPECTED_RESULTS]


def beat_finalizes(contest_id: int, on_commit) -> None:
    """The task beat runs every five minutes finalizes the contest whose notice has ended;
    the certificates are written once that commits."""
    beat = settings.CELERY_BEAT_SCHEDULE["publicity-finalize-due-notices"]
    assert beat["task"] == finalize_due_notices.name
    with on_commit(execute=True):
        outcome = finalize_due_notices.delay().get()
    assert outcome["finalized"] == [contest_id]


def riders_download_their_certificates(riders: dict, entries: dict) -> dict:
    """Each winner is told, finds the certificate and downloads its PDF; the third rider
    has none. {name: certificate number}."""
    numbers = {}
    for _rank, name, _score, award in EXPECTED_RESULTS:
        worker = log_in(riders[name])
        certificates = expect(200, worker.get("/api/certificates/"))["results"]
        if award is None:
            assert certificates == []
            continue
        assert [(c["entry"], c["award_name"], c["pdf_ready"]) for c in certificates] == [
            (entries[name]["id"], award, True)]
        told = expect(200, worker.get("/api/notifications/"))["results"]
        assert [n["kind"] for n in told].count("certificate_issued") == 1
        pdf = worker.get(certificates[0]["download_url"])
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        numbers[name] = certificates[0]["number"]
    return numbers


# --- The story ---------------------------------------------------------------------------------


def test_a_skills_contest_from_creation_to_a_verified_certificate(
        clock, django_capture_on_commit_callbacks):
    on_commit = django_capture_on_commit_callbacks
    judges = JudgeFactory.create_batch(3)
    riders = {name: rider(name, seed) for seed, name in enumerate(SCORES)}
    public = APIClient()

    clock(at(11, 2, 9))  # Monday 2 November
    organizer = log_in(OrganizerFactory())
    contest = organizer_sets_up_the_contest(organizer)
    contest_id = contest["id"]

    clock(at(11, 3))  # Tuesday 3 November
    entries = riders_enter_and_submit(contest, riders)

    clock(at(11, 10))  # Tuesday 10 November
    organizer_qualifies_and_assigns(organizer, contest, entries, judges)

    clock(at(11, 12))  # Thursday 12 November
    judges_score(contest, entries, judges)

    clock(at(11, 13))  # Friday 13 November
    organizer_closes_judging(organizer, contest_id, on_commit)
    expect(404, public.get(f"/api/contests/{contest_id}/results/"))  # not published yet

    clock(at(11, 16))  # Monday 16 November, 10:00: the organizer publishes
    assert move(organizer, contest_id, "publish")["state"] == "in_notice"
    anyone_reads_the_notice(public, contest_id)

    clock(at(11, 20, 16))  # Friday 20 November: the notice still runs, finalizing waits
    refused = expect(409, organizer.post(f"/api/contests/{contest_id}/transition/",
                                         {"action": "finalize"}))
    assert refused["state"] == "in_notice"

    clock(at(11, 21, 0, 5))  # Saturday 21 November, 00:05: the notice has ended
    beat_finalizes(contest_id, on_commit)
    assert expect(200, organizer.get(f"/api/contests/{contest_id}/"))["state"] == "final"
    numbers = riders_download_their_certificates(riders, entries)

    # Anyone verifies the winner's number, as the QR code on the certificate leads them to.
    verified = expect(200, public.get(f"/api/certificates/{numbers['王强']}/verify/"))
    assert (verified["valid"], verified["number"], verified["holder"], verified["award"],
            verified["contest"]) == (True, numbers["王强"], masked("王强"), "一等奖",
                                     "2026年全县外卖骑手职业技能竞赛")

    # Every step left an audit event, and the chain holds (what verify_audit reports).
    report = verify_chain()
    assert report.ok, report
    assert report.checked == AuditEvent.objects.count()
