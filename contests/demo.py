"""Demo data for contests: a food-delivery skills contest open for registration and a
Pioneer Rider award selection whose registration has closed, both with entries from the
demo workers of `accounts.demo`.

Idempotent: a contest whose title exists is left as it is. The structure goes through the
same validating service as the API; states and entries are written directly, as if the
contests had lived through their first weeks (the eligibility rules still pick the
entrants of the award selection)."""

import random
from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from accounts.models import Role, User

from . import eligibility
from .models import Contest, Entry, EntryDecision
from .services import create_contest
from .services.entries import rules_of

SEED = 20260315
SKILLS_TITLE = "2026年全县外卖骑手职业技能竞赛"
AWARD_TITLE = "2026年度先锋骑手评选"
SKILLS_STATEMENTS = (
    "从业以来累计配送订单两万余单，零交通违法记录。",
    "熟悉城区道路，雨雪天气坚持配送，顾客好评率99%。",
    "参加过县总工会组织的安全骑行培训，并担任站点安全员。",
)
AWARD_STATEMENTS = (
    "配送途中发现独居老人晕倒，及时拨打120并陪同就医。",
    "疫情期间主动承担社区物资配送，连续30天无休。",
    "拾到顾客遗失钱包，原物归还，受到派出所表扬。",
    "担任站点新人带教师傅，带出12名五星骑手。",
)
REJECT_REASONS = ("从业年限证明材料不全，请补充劳动合同。", "事迹材料与本人身份信息不一致。")


def _skills_body(now) -> dict:
    return {
        "title": SKILLS_TITLE, "kind": Contest.Kind.SKILLS, "year": 2026,
        "description": "面向全县网约送餐行业从业人员，设安全骑行、餐品配送两个赛项。",
        "industries": ["food_delivery"], "blind": False,
        "registration_opens": now - timedelta(days=10),
        "registration_closes": now + timedelta(days=20),
        "judging_closes": now + timedelta(days=40), "notice_days": 5,
        "eligibility": {"min_age": 18, "max_age": 60},
        "tracks": [{"name": "安全骑行"}, {"name": "餐品配送"}],
        "stages": [{
            "name": "决赛", "aggregation": "trimmed_mean", "trim": 1, "normalize": "none",
            "panel_size": 5,
            "criteria": [
                {"name": "理论考试", "max_score": D(100), "weight": D("0.3"), "kind": "objective"},
                {"name": "实操", "max_score": D(100), "weight": D("0.7"), "kind": "judged"},
            ],
            "tie_breaks": [{"criterion": "实操", "order": "desc"}],
        }],
        "tiers": [{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": 2},
                  {"name": "三等奖", "quota": 3}, {"name": "优秀奖", "quota_percent": 10}],
    }


def _award_body(now) -> dict:
    return {
        "title": AWARD_TITLE, "kind": Contest.Kind.AWARD, "year": 2026,
        "description": "评选在服务群众、安全生产、见义勇为等方面表现突出的外卖骑手和快递小哥。",
        "industries": ["food_delivery", "express"], "blind": True,
        "registration_opens": now - timedelta(days=40),
        "registration_closes": now - timedelta(days=5),
        "judging_closes": now + timedelta(days=25), "notice_days": 5,
        "eligibility": {"min_years": D(1), "union_member": True, "min_age": 18, "max_age": 60,
                        "max_nominees_per_enterprise": 2},
        "tracks": [{"name": "综合"}],
        "stages": [{
            "name": "终评", "aggregation": "trimmed_mean", "trim": 1, "normalize": "none",
            "panel_size": 5,
            "criteria": [{"name": "事迹", "max_score": D(40), "weight": D(1), "kind": "judged"},
                         {"name": "服务", "max_score": D(60), "weight": D(1), "kind": "judged"}],
            "tie_breaks": [{"criterion": "服务", "order": "desc"}],
        }],
        "tiers": [{"name": "先锋骑手", "quota": 10}],
    }


def _workers(industries):
    return list(
        User.objects.filter(role=Role.WORKER, is_active=True,
                            worker_profile__industry__in=industries)
        .select_related("worker_profile").order_by("id")
    )


def _create(body: dict, organizer, state: str, now) -> Contest:
    contest = create_contest(actor=organizer, data=body)
    Contest.objects.filter(pk=contest.pk).update(state=state, state_changed_at=now)
    contest.refresh_from_db()
    return contest


def _save_entries(entries: list[Entry], organizer, now) -> None:
    Entry.objects.bulk_create(entries)
    decisions = []
    for entry in entries:
        decisions.append(EntryDecision(entry=entry, action="create", status="draft",
                                       actor=entry.nominated_by or entry.worker))
        if entry.status != Entry.Status.DRAFT:
            decisions.append(EntryDecision(entry=entry, action="submit", status="submitted",
                                           actor=entry.worker))
        if entry.status in (Entry.Status.QUALIFIED, Entry.Status.REJECTED):
            action = "qualify" if entry.status == Entry.Status.QUALIFIED else "reject"
            decisions.append(EntryDecision(entry=entry, action=action, status=entry.status,
                                           reason=entry.decision_reason, actor=organizer))
    EntryDecision.objects.bulk_create(decisions)


def _entry(contest, track, worker, status, rng, now, organizer, statements, **extra) -> Entry:
    reviewed = status in (Entry.Status.QUALIFIED, Entry.Status.REJECTED)
    return Entry(
        contest=contest, track=track, worker=worker, status=status,
        statement=rng.choice(statements),
        submitted_at=None if status == Entry.Status.DRAFT else now - timedelta(days=3),
        reviewed_by=organizer if reviewed else None,
        reviewed_at=now - timedelta(days=1) if reviewed else None, **extra,
    )


def _skills_entries(contest, rng, now, organizer) -> list[Entry]:
    tracks = list(contest.tracks.all())
    cycle = (Entry.Status.QUALIFIED, Entry.Status.SUBMITTED, Entry.Status.DRAFT,
             Entry.Status.QUALIFIED)
    return [
        _entry(contest, tracks[index % len(tracks)], worker, cycle[index % len(cycle)], rng,
               now, organizer, SKILLS_STATEMENTS)
        for index, worker in enumerate(_workers(["food_delivery"])[:40])
    ]


def _eligible_for(contest, candidates) -> list[User]:
    """Candidates who pass every rule, at most the cap per enterprise, in order."""
    rules, chosen, per_enterprise = rules_of(contest), [], {}
    on = eligibility.reference_date(contest.registration_closes)
    for worker in candidates:
        profile = worker.worker_profile
        applicant = eligibility.Applicant(
            industry=profile.industry, years_in_industry=profile.years_in_industry,
            union_member=profile.union_member, birth_date=profile.birth_date,
        )
        others = per_enterprise.get(worker.enterprise_id, 0) if worker.enterprise_id else 0
        if not eligibility.evaluate(applicant, rules, on=on, others_from_enterprise=others):
            chosen.append(worker)
            if worker.enterprise_id:
                per_enterprise[worker.enterprise_id] = others + 1
    return chosen


def _award_entries(contest, rng, now, organizer) -> list[Entry]:
    track = contest.tracks.get()
    workers = _eligible_for(contest, _workers(["food_delivery", "express"]))[:30]
    entries = []
    for index, worker in enumerate(workers):
        status = (Entry.Status.REJECTED if index in (7, 19) else
                  Entry.Status.SUBMITTED if index % 5 == 4 else Entry.Status.QUALIFIED)
        nominated = index % 3 == 0
        entries.append(_entry(
            contest, track, worker, status, rng, now, organizer, AWARD_STATEMENTS,
            source=Entry.Source.UNION if nominated else Entry.Source.SELF,
            nominated_by=organizer if nominated else None,
            decision_reason=rng.choice(REJECT_REASONS) if status == Entry.Status.REJECTED
            else "",
        ))
    return entries


def seed(stdout) -> None:
    rng = random.Random(SEED)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    organizer = User.objects.filter(role=Role.ORGANIZER).order_by("id").first()
    plans = (
        (SKILLS_TITLE, _skills_body, Contest.State.REGISTRATION_OPEN, _skills_entries),
        (AWARD_TITLE, _award_body, Contest.State.REGISTRATION_CLOSED, _award_entries),
    )
    for title, body, state, make_entries in plans:
        if Contest.objects.filter(title=title).exists():
            stdout.write(f"contests: {title} already there")
            continue
        contest = _create(body(now), organizer, state, now)
        entries = make_entries(contest, rng, now, organizer)
        _save_entries(entries, organizer, now)
        stdout.write(f"contests: {title} ({contest.get_state_display()}, "
                     f"{len(entries)} entries)")
