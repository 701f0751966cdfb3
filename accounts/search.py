"""Finding people in a province's roster (100,000 workers) by what an organizer has at
hand: part of a name or a username (any case), a full mobile number, or a full ID number.

On PostgreSQL a name or username search is read from the GIN index of their one- and
two-character pieces (`accounts/migrations/0008_user_search_grams`): one or two
characters are looked up as such, longer text by all its two-character pieces, then
checked as a whole. SQLite (tests, the quickstart) scans."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Func, Q

from .cleaning import clean_phone
from .models import WorkerProfile


class SearchGrams(Func):
    """The indexed expression: the pieces of a user's name and username, in lower case."""

    function = "accounts_user_search_grams"
    output_field = ArrayField(models.TextField())


def grams(text: str) -> list[str]:
    """What the index must hold for `text` to be part of a name or username."""
    text = text.lower()
    if len(text) <= 2:
        return [text]
    return sorted({text[i:i + 2] for i in range(len(text) - 1)})


def _id_number_hash(text: str) -> str | None:
    try:
        return WorkerProfile.hash_for(text)
    except ValidationError:
        return None


def _phone(text: str) -> str | None:
    try:
        return clean_phone(text)
    except ValidationError:
        return None


def search_users(users, text: str):
    """`users` narrowed to those `text` finds: the worker with that ID number (only them:
    the number is stored hashed, so it matches whole); otherwise those whose name or
    username contains it, and the user with that mobile number."""
    text = text.strip()
    if not text:
        return users
    id_hash = _id_number_hash(text)
    if id_hash is not None:
        return users.filter(worker_profile__id_number_hash=id_hash)
    found = Q(real_name__icontains=text) | Q(username__icontains=text)
    if connection.vendor == "postgresql":
        users = users.alias(search_grams=SearchGrams("real_name", "username"))
        # The whole text is checked even when one or two characters are the piece itself:
        # without it PostgreSQL, expecting 1,000 of 100,000 users, walked them in id order
        # computing each user's pieces for a page of 50 (110 ms); with it, 13 ms by index.
        found = Q(search_grams__contains=grams(text)) & found
    phone = _phone(text)
    if phone is not None:
        found |= Q(phone=phone)
    return users.filter(found)
