"""Query-string filters shared by the API lists."""

import django_filters
from django import forms

from .ids import MAX_ID


class IdFilter(django_filters.Filter):
    """`?name=<id>` of a related row. Not a whole number from 1 to the largest id a
    database column holds: a 400 naming the parameter (an id beyond a 64-bit integer would
    otherwise reach the database, and SQLite refuses it with an OverflowError, a 500).
    A well-formed id that names no row matches nothing."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
