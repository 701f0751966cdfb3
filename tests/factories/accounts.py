import random

import factory
from factory.django import DjangoModelFactory

from accounts import synthetic
from accounts.models import Enterprise, Industry, Role, TradeUnion, User, WorkerProfile

# Fixed passwords so tests can log in through the real token endpoint.
PASSWORD = "pass-Word-2026"

_rng = random.Random(20261126)


class TradeUnionFactory(DjangoModelFactory):
    class Meta:
        model = TradeUnion
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"行业工会联合会{n}")
    industry = Industry.FOOD_DELIVERY


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"城市配送服务有限公司{n}")
    credit_code = factory.LazyFunction(lambda: synthetic.credit_code(_rng))
    industry = Industry.FOOD_DELIVERY
    is_key = False


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.LazyFunction(lambda: synthetic.person_name(_rng))
    # Unique by construction (phones are unique per worker), and on a prefix the demo data
    # never draws from, so a test beside the demo never collides with it.
    phone = factory.Sequence(lambda n: f"166{n:08d}")
    role = Role.WORKER
    password = factory.django.Password(PASSWORD)


class OrganizerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"organizer{n}")
    role = Role.ORGANIZER
    is_staff = True


class JudgeFactory(UserFactory):
    username = factory.Sequence(lambda n: f"judge{n}")
    role = Role.JUDGE


class WorkerProfileFactory(DjangoModelFactory):
    class Meta:
        model = WorkerProfile

    user = factory.SubFactory(UserFactory, role=Role.WORKER)
    id_number = factory.LazyFunction(lambda: synthetic.id_number(_rng))
    industry = Industry.FOOD_DELIVERY
    union_member = True
    political_status = "masses"
    years_in_industry = 3
    district = "海陵区"
    consent_publication = True

    @classmethod
    def _create(cls, model_class, *args, id_number=None, **kwargs):
        profile = model_class(*args, **kwargs)
        profile.set_id_number(id_number or synthetic.id_number(_rng))
        profile.save()
        return profile

    @classmethod
    def _build(cls, model_class, *args, id_number=None, **kwargs):
        profile = model_class(*args, **kwargs)
        profile.set_id_number(id_number or synthetic.id_number(_rng))
        return profile


class WorkerFactory(UserFactory):
    """A worker user with a profile: `WorkerFactory(profile__union_member=False)`."""

    username = factory.Sequence(lambda n: f"worker{n}")
    role = Role.WORKER
    profile = factory.RelatedFactory(WorkerProfileFactory, factory_related_name="user")


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    role = Role.ORGANIZER
    is_staff = True
    is_superuser = True
