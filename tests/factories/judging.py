"""Judging rows. Scorecards with scores: `ScorecardFactory(assignment=a, scores={crit: "8"})`."""

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from judging.models import (
    Assignment,
    Conflict,
    ObjectiveScore,
    PanelMember,
    Score,
    Scorecard,
)

from .accounts import JudgeFactory
from .contests import EntryFactory, StageFactory


class PanelMemberFactory(DjangoModelFactory):
    class Meta:
        model = PanelMember

    stage = factory.SubFactory(StageFactory)
    judge = factory.SubFactory(JudgeFactory)


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    stage = factory.SubFactory(StageFactory)
    entry = factory.SubFactory(EntryFactory, contest=factory.SelfAttribute("..stage.contest"))
    judge = factory.SubFactory(JudgeFactory)


class ConflictFactory(DjangoModelFactory):
    class Meta:
        model = Conflict

    judge = factory.SubFactory(JudgeFactory)
    entry = factory.SubFactory(EntryFactory)
    reason = "亲属关系"


class ScorecardFactory(DjangoModelFactory):
    """`scores`: {criterion (or id): value}; `submitted=True` submits the card."""

    class Meta:
        model = Scorecard
        skip_postgeneration_save = True

    assignment = factory.SubFactory(AssignmentFactory)
    state = Scorecard.State.DRAFT
    version = 1

    class Params:
        submitted = factory.Trait(
            state=Scorecard.State.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        Score.objects.bulk_create([
            Score(scorecard=self, criterion_id=getattr(criterion, "pk", criterion),
                  value=Decimal(str(value)))
            for criterion, value in extracted.items()
        ])


class ObjectiveScoreFactory(DjangoModelFactory):
    class Meta:
        model = ObjectiveScore

    entry = factory.SubFactory(EntryFactory)
    criterion = None
    value = Decimal("50")
