"""Building worker accounts (user + profile) from clean data, one at a time or in bulk, and
finding which usernames, phones and ID numbers are already taken.

Sign-up, organizer creation, roster import and the demo data all go through here, so a
worker made by any of them looks the same. Nothing here checks permissions or writes audit
events: the services that call it do.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .cleaning import WorkerFields
from .crypto import keyed_hash
from .models import Enterprise, Role, TradeUnion, User, WorkerProfile

BULK_BATCH_SIZE = 1000
# Keeps `IN (...)` lists well under SQLite's limit on bound parameters.
LOOKUP_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class NewWorker:
    username: str
    fields: WorkerFields
    enterprise: Enterprise | None = None
    union: TradeUnion | None = None
    consent_publication: bool = False
    district: str = ""

    @cached_property
    def id_number_hash(self) -> str:
        return keyed_hash(self.fields.id_number.number)


def _user_for(worker: NewWorker, password_hash: str) -> User:
    return User(
        username=worker.username,
        password=password_hash,
        role=Role.WORKER,
        real_name=worker.fields.real_name,
        phone=worker.fields.phone,
        enterprise=worker.enterprise,
        union=worker.union,
    )


def _profile_for(user: User, worker: NewWorker, now: datetime) -> WorkerProfile:
    fields = worker.fields
    profile = WorkerProfile(
        user=user,
        industry=fields.industry,
        union_member=fields.union_member,
        political_status=fields.political_status,
        years_in_industry=fields.years_in_industry,
        district=worker.district,
        ethnicity=fields.ethnicity,
        education=fields.education,
    )
    profile.set_consent(worker.consent_publication, now=now)
    profile.set_id_number(fields.id_number.number)
    return profile


def save_worker(worker: NewWorker, *, password: str | None, now: datetime) -> User:
    """Create one worker. `password=None` leaves the password unusable."""
    user = _user_for(worker, make_password(password))
    user.save()
    _profile_for(user, worker, now).save()
    return user


@transaction.atomic
def bulk_save_workers(
    workers: list[NewWorker], *, now: datetime, password_hash: str | None = None
) -> list[User]:
    """Create many workers with two INSERTs per batch. Every password is the same
    precomputed hash, by default an unusable one: hashing thousands of passwords would
    take minutes, and imported workers set their own later."""
    password_hash = password_hash or make_password(None)
    users = [_user_for(worker, password_hash) for worker in workers]
    User.objects.bulk_create(users, batch_size=BULK_BATCH_SIZE)
    profiles = [
        _profile_for(user, worker, now) for user, worker in zip(users, workers, strict=True)
    ]
    WorkerProfile.objects.bulk_create(profiles, batch_size=BULK_BATCH_SIZE)
    return users


def _chunks(values: list, size: int = LOOKUP_CHUNK_SIZE) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _existing(queryset, field: str, values: Iterable[str]) -> set[str]:
    values = sorted(set(values))
    found = set()
    for chunk in _chunks(values):
        found.update(queryset.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def taken_usernames(usernames: Iterable[str]) -> set[str]:
    return _existing(User.objects.all(), "username", usernames)


def taken_worker_phones(phones: Iterable[str]) -> set[str]:
    """Phones already used by a worker account: a phone identifies one worker."""
    return _existing(User.objects.filter(role=Role.WORKER), "phone", phones)


def taken_id_hashes(hashes: Iterable[str], *, except_profile_id=None) -> set[str]:
    """ID numbers (by keyed hash) already registered, except on the profile being edited."""
    return _existing(WorkerProfile.objects.exclude(pk=except_profile_id), "id_number_hash",
                     hashes)


def id_number_taken(number: str, *, except_profile_id=None) -> bool:
    return bool(taken_id_hashes([keyed_hash(number)], except_profile_id=except_profile_id))
