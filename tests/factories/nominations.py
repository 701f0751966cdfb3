"""Nomination rounds and nominations.

`RoundFactory(quotas={"cppcc": 2}, rules={"cppcc": {"min_age": 18}})` makes a round with
its post rules; `add_source(round_, contest, weight)` lists a source contest;
`NominationFactory(round=..., status="eligible")` a nomination as the services would
leave it; `approved(round_, post, composite, best_rank=None, **worker)` a
committee-approved one ready for the notice; `worker_born(date)` a worker with that birth
date."""

import random
from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts import synthetic
from nominations.models import (
    DEFAULT_EXCLUSIVE_POSTS,
    Nomination,
    NominationRound,
    PostRule,
    RoundSource,
)

from .accounts import OrganizerFactory, WorkerFactory

_rng = random.Random(20271101)


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = NominationRound
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"2027年两代表一委员推荐{n}")
    term = "2027年换届"
    reference_date = date(2027, 1, 1)
    exclusive_posts = factory.LazyFunction(lambda: [list(g) for g in DEFAULT_EXCLUSIVE_POSTS])
    notice_days = 5
    created_by = factory.SubFactory(OrganizerFactory)

    @factory.post_generation
    def quotas(self, create, extracted, **kwargs):
        quotas = extracted if extracted is not None else {
            "party_congress": 2, "peoples_congress": 3, "cppcc": 2}
        rules = getattr(self, "_rules", {})
        for post, quota in quotas.items():
            PostRule.objects.create(round=self, post=post, quota=quota, **rules.get(post, {}))

    @classmethod
    def _create(cls, model_class, *args, rules=None, **kwargs):
        round_ = model_class(*args, **kwargs)
        round_._rules = rules or {}
        round_.save()
        return round_


def add_source(round_, contest, weight=Decimal(1), posts=()) -> RoundSource:
    return RoundSource.objects.create(round=round_, contest=contest, weight=Decimal(weight),
                                      posts=list(posts))


def worker_born(birth: date, **profile) -> object:
    """A worker born on `birth` (the ID number says so)."""
    return WorkerFactory(profile__id_number=synthetic.id_number(_rng, birth=birth),
                         **{f"profile__{k}": v for k, v in profile.items()})


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    round = factory.SubFactory(RoundFactory)
    worker = factory.SubFactory(WorkerFactory)
    post = "peoples_congress"
    status = Nomination.Status.ELIGIBLE
    source = Nomination.Source.MANUAL
    proposal_reason = "长期扎根一线，服务群众。"
    composite_score = Decimal("80.00")


def approved(round_, post: str, composite, best_rank=None, **profile) -> Nomination:
    """A committee-approved nomination of a new worker (profile fields as given)."""
    worker = WorkerFactory(**{f"profile__{k}": v for k, v in profile.items()})
    return NominationFactory(round=round_, worker=worker, post=post,
                             status=Nomination.Status.COMMITTEE_APPROVED,
                             composite_score=Decimal(composite), best_rank=best_rank)
