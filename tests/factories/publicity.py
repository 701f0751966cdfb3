"""Publicity rows, and contests with real computed results ready to publish.

`contest_with_results(winners=3, losers=1)` builds a contest the way judging leaves it: a
final stage, a panel, assignments made by the real service, submitted scorecards with
distinct totals, results computed by `compute_stage_results` (so `Entry.tier` and
judging's result rows are set), in `results_ready`. `publish(contest)` moves it into notice
through contests' transition service; `end_notice_period(contest)` moves the notice's
period into the past."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import factory
from django.test import TestCase
from django.utils import timezone
from factory.django import DjangoModelFactory

from contests.models import Contest, Entry, Stage, Tier
from contests.transitions import transition_contest
from judging.services.panels import auto_assign, set_panel
from judging.services.results import compute_stage_results
from publicity.models import Certificate, Notice, Objection
from publicity.numbers import new_certificate_number

from .accounts import JudgeFactory, OrganizerFactory, WorkerFactory
from .contests import (
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    StageFactory,
    TierFactory,
    TrackFactory,
)
from .judging import ScorecardFactory


class NoticeFactory(DjangoModelFactory):
    class Meta:
        model = Notice

    subject_type = Notice.Subject.CONTEST
    contest = factory.SubFactory(ContestFactory, state=Contest.State.IN_NOTICE)
    round = 1
    title = factory.Sequence(lambda n: f"2026年先锋骑手评选结果公示{n}")
    working_days = 5
    opens_at = factory.LazyFunction(timezone.now)
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + timedelta(days=7))
    status = Notice.Status.OPEN
    lines = factory.LazyFunction(list)


class ObjectionFactory(DjangoModelFactory):
    class Meta:
        model = Objection

    notice = factory.SubFactory(NoticeFactory)
    name = "李明"
    contact = "13900001111"
    text = "该获奖者的事迹材料与实际情况不符，请核实。"
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0"

    class Params:
        upheld = factory.Trait(
            status=Objection.Status.UPHELD, resolution="经核实，异议成立。",
            resolved_at=factory.LazyFunction(timezone.now),
        )
        dismissed = factory.Trait(
            status=Objection.Status.DISMISSED, resolution="经核实，异议不成立。",
            resolved_at=factory.LazyFunction(timezone.now),
        )


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = Certificate

    number = factory.LazyFunction(new_certificate_number)
    contest = factory.SubFactory(ContestFactory, state=Contest.State.FINAL)
    entry = factory.SubFactory(EntryFactory, contest=factory.SelfAttribute("..contest"))
    holder = factory.SelfAttribute("entry.worker")
    holder_name = factory.LazyAttribute(lambda o: o.holder.real_name)
    award_name = "一等奖"
    contest_title = factory.LazyAttribute(lambda o: o.contest.title)
    issuer_name = "泰州市海陵区总工会"
    rank = 1
    issued_at = factory.LazyFunction(timezone.now)


@dataclass
class ContestWithResults:
    contest: Contest
    stage: Stage
    organizer: object
    winners: list[Entry]  # in rank order
    losers: list[Entry]
    tiers: list[Tier] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return self.winners + self.losers


def contest_with_results(*, winners=3, losers=1, consent=None, judges=3, issuer=None,
                         notice_days=5, tracks=1, max_score=Decimal("100"), weight=Decimal(1),
                         scores=None, workers=None) -> ContestWithResults:
    """A contest in `results_ready` whose computed results award `winners` entries: one
    一等奖, the rest 二等奖. `consent[i]` is the i-th entry's consent to publication
    (default: everyone consents). With `tracks=2`, entries alternate between two tracks
    (each track ranked and awarded separately). The one criterion has `max_score` and
    `weight`; every judge gives the i-th entry `scores[i]` (default 90, 89.5, 89 …);
    `workers[i]`, when given, is the i-th entry's worker."""
    organizer = OrganizerFactory()
    contest = ContestFactory(state=Contest.State.JUDGING, created_by=organizer,
                             issuer=issuer, notice_days=notice_days)
    track_rows = [TrackFactory(contest=contest, name=name, position=i)
                  for i, name in enumerate(["综合", "安全骑行"][:tracks])]
    stage = StageFactory(contest=contest, name="终评", position=0, panel_size=judges)
    criterion = CriterionFactory(stage=stage, name="事迹", max_score=max_score, weight=weight,
                                 position=0)
    per_track = -(-winners // tracks)  # ceiling
    tiers = [TierFactory(contest=contest, name="一等奖", position=0, quota=1)]
    if per_track > 1:
        tiers.append(TierFactory(contest=contest, name="二等奖", position=1,
                                 quota=per_track - 1))
    total = winners + losers
    consent = list(consent) if consent is not None else [True] * total
    workers = list(workers or [])
    entries = [
        EntryFactory(
            contest=contest, track=track_rows[i % tracks],
            worker=workers[i] if i < len(workers)
            else WorkerFactory(profile__consent_publication=consent[i]),
        )
        for i in range(total)
    ]
    panel = JudgeFactory.create_batch(judges)
    set_panel(contest=contest, stage_id=stage.pk, judge_ids=[j.pk for j in panel],
              actor=organizer)
    auto_assign(contest=contest, stage_id=stage.pk, actor=organizer)
    scores = list(scores) if scores is not None else [Decimal(90) - Decimal(i) / 2
                                                      for i in range(total)]
    score = {entry.pk: Decimal(scores[i]) for i, entry in enumerate(entries)}
    for assignment in stage.assignments.all():
        ScorecardFactory(assignment=assignment, submitted=True,
                         scores={criterion: score[assignment.entry_id]})
    Contest.objects.filter(pk=contest.pk).update(state=Contest.State.RESULTS_READY)
    compute_stage_results(stage_id=stage.pk)
    contest.refresh_from_db()
    return ContestWithResults(
        contest=contest, stage=stage, organizer=organizer,
        winners=entries[:winners], losers=entries[winners:], tiers=tiers,
    )


def publish(contest: Contest, organizer) -> Notice:
    transition_contest(contest=contest, action="publish", actor=organizer)
    return Notice.objects.get(contest=contest, status=Notice.Status.OPEN)


def end_notice_period(contest: Contest) -> Notice:
    """Move the live notice's period into the past, as if its working days had run out."""
    now = timezone.now()
    Notice.objects.filter(contest=contest, status=Notice.Status.OPEN).update(
        opens_at=now - timedelta(days=9), closes_at=now - timedelta(minutes=1)
    )
    return Notice.objects.get(contest=contest, status=Notice.Status.OPEN)


def published_contest(**kwargs) -> tuple[ContestWithResults, Notice]:
    built = contest_with_results(**kwargs)
    return built, publish(built.contest, built.organizer)


def final_contest(**kwargs) -> ContestWithResults:
    """Published, notice ended, finalized by the system (certificates issued eagerly when
    Celery runs eagerly)."""
    built, _notice = published_contest(**kwargs)
    end_notice_period(built.contest)
    with TestCase.captureOnCommitCallbacks(execute=True):
        transition_contest(contest=built.contest, action="finalize", actor=None)
    built.contest.refresh_from_db()
    return built
