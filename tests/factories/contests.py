"""Contest structure and entries. `ContestFactory(state=...)`, `EntryFactory(contest=...)`."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from contests.models import Attachment, Contest, Criterion, Entry, Stage, TieBreak, Tier, Track

from .accounts import OrganizerFactory, WorkerFactory


class ContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest

    title = factory.Sequence(lambda n: f"2026年先锋骑手评选{n}")
    kind = Contest.Kind.AWARD
    year = 2026
    industries = factory.LazyFunction(lambda: ["food_delivery"])
    blind = False
    registration_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    registration_closes = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    judging_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    notice_days = 5
    state = Contest.State.DRAFT
    created_by = factory.SubFactory(OrganizerFactory)


class TrackFactory(DjangoModelFactory):
    class Meta:
        model = Track

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"综合{n}")
    position = factory.Sequence(lambda n: n)


class StageFactory(DjangoModelFactory):
    class Meta:
        model = Stage

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"终评{n}")
    position = factory.Sequence(lambda n: n)
    aggregation = Stage.Aggregation.MEAN
    trim = 1
    normalize = Stage.Normalize.NONE
    panel_size = 3


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    stage = factory.SubFactory(StageFactory)
    name = factory.Sequence(lambda n: f"事迹{n}")
    max_score = Decimal("10.00")
    weight = Decimal("1")
    kind = Criterion.Kind.JUDGED
    position = factory.Sequence(lambda n: n)


class TieBreakFactory(DjangoModelFactory):
    class Meta:
        model = TieBreak

    stage = factory.SubFactory(StageFactory)
    criterion = factory.SubFactory(CriterionFactory, stage=factory.SelfAttribute("..stage"))
    order = TieBreak.Order.DESC
    position = factory.Sequence(lambda n: n)


class TierFactory(DjangoModelFactory):
    class Meta:
        model = Tier

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"一等奖{n}")
    position = factory.Sequence(lambda n: n)
    quota = 1


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    track = factory.SubFactory(TrackFactory, contest=factory.SelfAttribute("..contest"))
    worker = factory.SubFactory(WorkerFactory)
    statement = "风雨无阻，准时送达。"
    status = Entry.Status.QUALIFIED


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    entry = factory.SubFactory(EntryFactory)
    file = factory.django.FileField(filename="evidence.pdf", data=b"%PDF-1.4 evidence")
    original_name = factory.Sequence(lambda n: f"荣誉证书-{n}.pdf")
    content_type = "application/pdf"
    size = 17
    sha256 = "0" * 64
