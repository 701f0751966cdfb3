"""Demo data for the nomination pipeline, run by `manage.py seed_demo` after the contests:

* `seed_final_award_contest` — "2025年度榜样小哥评选", an award selection judged, published
  and finalized through the real services (scorecards, results, notice, finalize), so its
  winners hold certificates;
* `seed_open_round` — an open 两代表一委员 round that lists it as a source: its automatic
  candidates are proposed by the same service the Celery task runs, then taken through
  the pipeline so that they stand in several states (eligible, ineligible, union- and
  committee-approved, rejected with a reason, declined by the worker, one manual proposal).

Idempotent: a contest or a round whose title exists is left as it is.
"""

import random
from datetime import date, timedelta
from decimal import Decimal as D

from django.utils import timezone

from accounts.models import Role, User
from contests.models import Contest, Entry
from contests.services import create_contest
from contests.transitions import transition_contest
from judging.models import Assignment
from judging.services.panels import auto_assign, set_panel
from judging.services.results import compute_stage_results
from judging.services.scorecards import save_scorecard
from judging.stages import final_stage
from publicity.models import Notice

from . import services
from .models import Nomination, NominationRound

SEED = 20270101
CONTEST_TITLE = "2025年度榜样小哥评选"
ROUND_TITLE = "2027年两代表一委员推荐（新就业形态劳动者）"
WINNERS = 8


def _contest_body(now) -> dict:
    return {
        "title": CONTEST_TITLE, "kind": Contest.Kind.AWARD, "year": 2025,
        "description": "评选在诚信服务、安全生产、助人为乐等方面表现突出的快递小哥和外卖骑手。",
        "industries": ["express", "food_delivery"], "blind": True,
        "registration_opens": now - timedelta(days=90),
        "registration_closes": now - timedelta(days=60),
        "judging_closes": now - timedelta(days=40), "notice_days": 5,
        "eligibility": {"union_member": True, "min_age": 18},
        "tracks": [{"name": "综合"}],
        "stages": [{
            "name": "终评", "aggregation": "mean", "normalize": "none", "panel_size": 3,
            "criteria": [{"name": "事迹", "max_score": D(40), "weight": D(1), "kind": "judged"},
                         {"name": "服务", "max_score": D(60), "weight": D(1), "kind": "judged"}],
            "tie_breaks": [{"criterion": "服务", "order": "desc"}],
        }],
        "tiers": [{"name": "榜样小哥", "quota": 3}, {"name": "榜样小哥提名奖", "quota": 5}],
    }


def _entrants(count: int) -> list[User]:
    return list(User.objects.filter(
        role=Role.WORKER, is_active=True, worker_profile__union_member=True,
        worker_profile__industry__in=["express", "food_delivery"],
    ).order_by("id")[:count])


def _score_everything(contest: Contest, stage, judges) -> None:
    criteria = {c.name: c for c in stage.criteria.all()}
    rank_of = {entry.pk: i for i, entry in enumerate(contest.entries.order_by("id"))}
    for assignment in Assignment.objects.filter(stage=stage).order_by("id"):
        i, j = rank_of[assignment.entry_id], judges.index(assignment.judge_id)
        deeds = D(38) - D(i) * D("1.5") - D(j % 3) / 4
        service = D(57) - D(i) * D("2.1") - D(j % 2) / 2
        save_scorecard(assignment_id=assignment.pk, judge=assignment.judge,
                       scores={str(criteria["事迹"].pk): str(max(deeds, D(5))),
                               str(criteria["服务"].pk): str(max(service, D(8)))},
                       comment="", submit=True)


def seed_final_award_contest(organizer, now) -> Contest:
    existing = Contest.objects.filter(title=CONTEST_TITLE).first()
    if existing is not None:
        return existing
    contest = create_contest(actor=organizer, data=_contest_body(now))
    track, stage = contest.tracks.get(), final_stage(contest)
    Entry.objects.bulk_create([
        Entry(contest=contest, track=track, worker=worker, status=Entry.Status.QUALIFIED,
              statement="扎根一线，服务群众，多次受到客户和站点表扬。",
              submitted_at=now - timedelta(days=62), reviewed_by=organizer,
              reviewed_at=now - timedelta(days=61))
        for worker in _entrants(WINNERS + 4)
    ])
    # As if it had lived through its weeks: judging opened by hand, then the real services.
    Contest.objects.filter(pk=contest.pk).update(state=Contest.State.JUDGING)
    contest.refresh_from_db()
    judges = list(User.objects.filter(role=Role.JUDGE).order_by("id")
                  .values_list("pk", flat=True))
    set_panel(contest=contest, stage_id=stage.pk, judge_ids=judges, actor=organizer)
    auto_assign(contest=contest, stage_id=stage.pk, actor=organizer, seed=SEED)
    _score_everything(contest, stage, judges)
    Contest.objects.filter(pk=contest.pk).update(state=Contest.State.RESULTS_READY)
    contest.refresh_from_db()
    compute_stage_results(stage_id=stage.pk, actor=organizer)
    transition_contest(contest=contest, action="publish", actor=organizer)
    Notice.objects.filter(contest=contest, status=Notice.Status.OPEN).update(
        opens_at=now - timedelta(days=12), closes_at=now - timedelta(days=3))
    # Finalizing creates the certificates; their PDFs are written by the worker (or on the
    # first download).
    transition_contest(contest=contest, action="finalize", actor=None)
    contest.refresh_from_db()
    return contest


def _round_body(contest: Contest) -> dict:
    return {
        "title": ROUND_TITLE, "term": "2027年换届", "reference_date": date(2027, 1, 1),
        "quotas": {"party_congress": 1, "peoples_congress": 2, "cppcc": 2},
        "rules": {
            "party_congress": {"political_status": ["party_member"], "min_age": 18,
                               "union_member": True},
            "peoples_congress": {"min_age": 18, "min_years": D(1)},
            "cppcc": {"min_age": 18, "min_non_party_share": D("0.60"),
                      "require_award": True},
        },
        "exclusive_posts": [["peoples_congress", "cppcc"]],
        "sources": [{"contest": contest.pk, "weight": D(1), "posts": []}],
    }


def _walk(round_: NominationRound, organizer) -> None:
    """Take the automatic candidates through the pipeline, some of the way each."""
    rng = random.Random(SEED)
    S = Nomination.Status
    for post in ("party_congress", "peoples_congress", "cppcc"):
        eligible = list(Nomination.objects.filter(round=round_, post=post, status=S.ELIGIBLE)
                        .order_by("-composite_score", "id"))
        for i, nomination in enumerate(eligible):
            step = i % 4
            if step == 3:
                services.review(nomination=nomination, stage="union", decision="reject",
                                reason="事迹材料需补充近三年的工作证明。", actor=organizer)
                continue
            if post == "peoples_congress" and i == 1:
                services.respond(nomination=nomination, actor=nomination.worker,
                                 accept=False)
                continue
            services.respond(nomination=nomination, actor=nomination.worker, accept=True)
            if step == 2:
                continue  # still awaiting the union's review
            try:
                services.review(nomination=nomination, stage="union", decision="approve",
                                reason="同意推荐。", actor=organizer)
                if step == 0 and rng.random() < 0.9:
                    services.review(nomination=nomination, stage="committee",
                                    decision="approve", reason="经推荐委员会研究，同意推荐。",
                                    actor=organizer)
            except Exception:  # an exclusive post already taken: it stays where it is
                continue


def seed_open_round(organizer, contest: Contest) -> NominationRound:
    existing = NominationRound.objects.filter(title=ROUND_TITLE).first()
    if existing is not None:
        return existing
    round_ = services.create_round(actor=organizer, **_round_body(contest))
    services.propose_from_contest(contest.pk)  # what the queued task does, done here now
    _walk(round_, organizer)
    manual = (User.objects.filter(role=Role.WORKER, is_active=True,
                                  worker_profile__political_status="democratic_party")
              .exclude(nominations__round=round_).order_by("id").first())
    if manual is not None:
        services.propose_manual(round_=round_, worker_id=manual.pk, post="cppcc",
                                reason="民主党派成员，长期参与新就业群体权益维护工作。",
                                actor=organizer)
    return round_


def seed(stdout) -> None:
    organizer = User.objects.filter(role=Role.ORGANIZER).order_by("id").first()
    if organizer is None:
        return
    now = timezone.now()
    # The finalize and the round queue their tasks on commit; the same work is done here
    # directly, so the demo does not wait for a worker (the queued runs then add nothing).
    contest = seed_final_award_contest(organizer, now)
    round_ = seed_open_round(organizer, contest)
    counts = dict.fromkeys(Nomination.Status.values, 0)
    for status in round_.nominations.values_list("status", flat=True):
        counts[status] += 1
    stdout.write(f"{CONTEST_TITLE}: {contest.get_state_display()}, "
                 f"{contest.certificates.count()} certificates; {ROUND_TITLE}: "
                 + ", ".join(f"{status} {n}" for status, n in counts.items() if n))
