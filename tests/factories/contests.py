"""Contest structure and entries. `ContestFactory(state=...)`, `EntryFactory(contest=...)`.

`ContestFactory(registration_open=True)` accepts entries now (deadline a week ahead);
`contest_with_structure(...)` adds a track, a final stage with a judged criterion and a
tier, as the API would create them. PNG_BYTES / PDF_BYTES are tiny valid files."""

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

    class Params:
        registration_open = factory.Trait(
            state=Contest.State.REGISTRATION_OPEN,
            registration_opens=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            registration_closes=factory.LazyFunction(lambda: timezone.now() + timedelta(days=7)),
            judging_closes=factory.LazyFunction(lambda: timezone.now() + timedelta(days=21)),
        )


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


# The smallest valid files of each accepted kind.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d6a10000000049454e44ae426082"
)
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def contest_with_structure(**kwargs) -> Contest:
    """A contest with one track (综合), one final stage (one judged criterion) and a tier."""
    contest = ContestFactory(**kwargs)
    TrackFactory(contest=contest, name="综合", position=0)
    stage = StageFactory(contest=contest, position=0)
    CriterionFactory(stage=stage, position=0)
    TierFactory(contest=contest, position=0, quota=10)
    return contest
