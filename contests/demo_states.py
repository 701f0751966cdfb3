"""Demo contests in every later state, so that every demo login has work to do:

- judging: judge1–judge6 each have assignments, some scorecards submitted, some drafts;
- results ready, with a tie at the 一等奖 boundary waiting for the organizer's decision;
- in public notice, with a pending objection;
- final, with certificates issued.

(Registration open, and registration closed with submitted entries awaiting the
eligibility review, come from `contests.demo`.) Each contest goes through the same
services as the pages: set-up validation, panels, auto-assignment, scorecards, results,
publication, objections, finalization. Idempotent: a contest whose title exists is left
as it is. Runs after `publicity.demo` (notices count working days on its calendar)."""

import random
from datetime import timedelta
from decimal import Decimal as D

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from judging.models import Assignment
from judging.services.panels import auto_assign, set_panel
from judging.services.results import compute_stage_results
from judging.services.scorecards import save_scorecard
from publicity.models import Notice
from publicity.services.certificates import issue_certificates
from publicity.services.objections import file_objection

from .models import Contest, Entry, EntryDecision
from .services import create_contest, transition_contest

SEED = 20261201
JUDGING_TITLE = "2026年全县快递员分拣技能竞赛"
RESULTS_TITLE = "2026年网约车驾驶员服务技能竞赛"
NOTICE_TITLE = "2026年度最美快递小哥评选"
FINAL_TITLE = "2025年全县外卖骑手安全骑行竞赛"


def _body(title, kind, industries, *, opens, criteria, tiers, panel_size=3, blind=False):
    return {
        "title": title, "kind": kind, "year": opens.year, "industries": industries,
        "description": "", "blind": blind, "registration_opens": opens,
        "registration_closes": opens + timedelta(days=20),
        "judging_closes": opens + timedelta(days=40), "notice_days": 5,
        "eligibility": {"min_age": 18, "max_age": 60},
        "tracks": [{"name": "综合"}],
        "stages": [{"name": "决赛", "aggregation": "mean", "trim": 1, "normalize": "none",
                    "panel_size": panel_size, "criteria": criteria,
                    "tie_breaks": []}],
        "tiers": tiers,
    }


def _judged(name, max_score):
    return {"name": name, "max_score": D(max_score), "weight": D(1), "kind": "judged"}


def _new_entries(contest, industries, count, now, organizer):
    """`count` qualified entries from demo workers of these industries."""
    taken = Entry.objects.filter(contest=contest).values("worker_id")
    workers = list(User.objects.filter(role=Role.WORKER, is_active=True,
                                       worker_profile__industry__in=industries)
                   .exclude(pk__in=taken).order_by("-id")[:count])
    track = contest.tracks.get()
    entries = Entry.objects.bulk_create([
        Entry(contest=contest, track=track, worker=worker, status=Entry.Status.QUALIFIED,
              statement="坚守岗位，服务群众，安全生产零事故。",
              submitted_at=now - timedelta(days=15), reviewed_by=organizer,
              reviewed_at=now - timedelta(days=10))
        for worker in workers
    ])
    EntryDecision.objects.bulk_create([
        EntryDecision(entry=entry, action=action, status=status, actor=actor)
        for entry in entries
        for action, status, actor in (("create", "draft", entry.worker),
                                      ("submit", "submitted", entry.worker),
                                      ("qualify", "qualified", organizer))
    ])
    return entries


def _staffed(body, industries, count, organizer, now):
    """The contest in judging, its entries qualified, judge1–6 on the panel, assigned."""
    contest = create_contest(actor=organizer, data=body)
    Contest.objects.filter(pk=contest.pk).update(state=Contest.State.JUDGING,
                                                 state_changed_at=now)
    contest.refresh_from_db()
    _new_entries(contest, industries, count, now, organizer)
    stage = contest.stages.get()
    judges = list(User.objects.filter(role=Role.JUDGE, username__startswith="judge")
                  .order_by("username"))
    set_panel(contest=contest, stage_id=stage.pk, judge_ids=[j.pk for j in judges],
              actor=organizer)
    auto_assign(contest=contest, stage_id=stage.pk, actor=organizer)
    return contest, stage


def _score(stage, figures, *, submit_all=True, rng=None):
    """Each assignment scored with `figures(entry_position, judge)`; all submitted, or (for
    the contest still in judging) half of each judge's cards submitted and one a draft."""
    criteria = list(stage.criteria.order_by("position"))
    codes = {e: i for i, e in enumerate(stage.contest.entries.order_by("id")
                                        .values_list("pk", flat=True))}
    per_judge: dict[int, int] = {}
    for assignment in Assignment.objects.filter(stage=stage).select_related("judge") \
            .order_by("judge_id", "entry_id"):
        done = per_judge.get(assignment.judge_id, 0)
        per_judge[assignment.judge_id] = done + 1
        if not submit_all and done >= 3:
            continue
        total = figures(codes[assignment.entry_id], assignment.judge, rng)
        scores = _split(total, criteria)
        save_scorecard(assignment_id=assignment.pk, judge=assignment.judge, scores=scores,
                       submit=submit_all or done < 2)


def _split(total, criteria):
    """A total spread over the criteria in proportion to their maxima."""
    full = sum(c.max_score for c in criteria)
    scores, left = {}, D(total)
    for criterion in criteria[:-1]:
        share = (D(total) * criterion.max_score / full).quantize(D("0.5"))
        scores[str(criterion.pk)] = str(share)
        left -= share
    scores[str(criteria[-1].pk)] = str(left)
    return scores


def _close_and_compute(contest, stage, organizer):
    transition_contest(contest=contest, action="close_judging", actor=organizer)
    compute_stage_results(stage_id=stage.pk, actor=organizer)


def _judging(organizer, now, rng):
    body = _body(JUDGING_TITLE, Contest.Kind.SKILLS, ["express"], opens=now - timedelta(days=30),
                 criteria=[_judged("分拣准确率", 60), _judged("操作规范", 40)],
                 tiers=[{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": 2},
                        {"name": "三等奖", "quota": 3}], blind=True)
    contest, stage = _staffed(body, ["express"], 12, organizer, now)
    _score(stage, lambda i, judge, r: r.randint(60, 95), submit_all=False, rng=rng)
    return contest


def _results_with_tie(organizer, now, rng):
    body = _body(RESULTS_TITLE, Contest.Kind.SKILLS, ["ride_hailing"],
                 opens=now - timedelta(days=45),
                 criteria=[_judged("服务规范", 50), _judged("安全驾驶", 50)],
                 tiers=[{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": 2}])
    contest, stage = _staffed(body, ["ride_hailing"], 8, organizer, now)
    # The first two entries get the same marks from every judge: a tie for the one 一等奖.
    _score(stage, lambda i, judge, r: 92 if i < 2 else 85 - 3 * i, rng=rng)
    _close_and_compute(contest, stage, organizer)
    return contest


def _published(title, kind, industries, organizer, now, rng, *, opens):
    body = _body(title, kind, industries, opens=opens,
                 criteria=[_judged("事迹", 40), _judged("服务", 60)],
                 tiers=[{"name": "一等奖", "quota": 1}, {"name": "二等奖", "quota": 2},
                        {"name": "优秀奖", "quota": 2}])
    contest, stage = _staffed(body, industries, 7, organizer, now)
    _score(stage, lambda i, judge, r: 95 - 4 * i, rng=rng)
    _close_and_compute(contest, stage, organizer)
    transition_contest(contest=contest, action="publish", actor=organizer)
    return contest


def _in_notice(organizer, now, rng):
    contest = _published(NOTICE_TITLE, Contest.Kind.AWARD, ["express"], organizer, now, rng,
                         opens=now - timedelta(days=60))
    notice = Notice.objects.get(contest=contest, status=Notice.Status.OPEN)
    file_objection(notice_id=notice.pk, name="张建华", contact="13951234567",
                   text="二等奖获得者去年曾因违规操作被站点通报，请核实其事迹材料。")
    return contest


def _final(organizer, now, rng):
    contest = _published(FINAL_TITLE, Contest.Kind.SKILLS, ["food_delivery"], organizer, now,
                         rng, opens=now - timedelta(days=300))
    # The notice ran its five working days long ago.
    Notice.objects.filter(contest=contest, status=Notice.Status.OPEN).update(
        opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=12))
    transition_contest(contest=contest, action="finalize", actor=None)
    return contest


def seed(stdout) -> None:
    rng = random.Random(SEED)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    organizer = User.objects.filter(role=Role.ORGANIZER).order_by("id").first()
    for title, make in ((JUDGING_TITLE, _judging), (RESULTS_TITLE, _results_with_tie),
                        (NOTICE_TITLE, _in_notice), (FINAL_TITLE, _final)):
        if Contest.objects.filter(title=title).exists():
            stdout.write(f"contests: {title} already there")
            continue
        with transaction.atomic():
            contest = make(organizer, now, rng)
        if contest.state == Contest.State.FINAL:
            issue_certificates(contest.pk)  # the PDFs now, not when a worker gets to it
        contest.refresh_from_db()
        stdout.write(f"contests: {title} ({contest.get_state_display()})")
