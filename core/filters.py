"""Query-string filters shared by the API lists."""

import django_filters
from django import forms
from django.db import models
from django_filters import rest_framework as drf_filters
from rest_framework.fields import BooleanField

from .errors import InvalidInput
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


class WholeNumberFilter(django_filters.NumberFilter):
    """`?year=2026`: a whole number. django-filter's NumberFilter takes decimals, so
    `?year=0.5` matched nothing with a 200 instead of a 400 naming the parameter."""

    field_class = forms.IntegerField


class FlagField(forms.Field):
    """`true`/`false` (also `1`/`0`, any case); anything else is an error, where
    forms.NullBooleanField would read `?unread=null` as "no filter"."""

    default_error_messages = {"invalid": BooleanField.default_error_messages["invalid"]}
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class FlagFilter(django_filters.BooleanFilter):
    """Plain text input: django-filter's BooleanWidget turns an unknown value into None."""

    field_class = FlagField


def query_flag(params, name: str) -> bool | None:
    """`?<name>=true|false` read outside a FilterSet; absent or empty: None. Otherwise
    the same 400 naming the parameter as a FilterSet answers."""
    try:
        return FlagField(required=False).clean(params.get(name))
    except forms.ValidationError as error:
        raise InvalidInput(errors={name: error.messages}) from None


class FilterSet(drf_filters.FilterSet):
    """The base of every API list's filters (FilterBackend uses it for `filterset_fields`
    too): model integer fields take whole numbers only, boolean fields `true`/`false`
    only, so that a value that cannot match is a 400, never a silent 200."""

    FILTER_DEFAULTS = {
        **drf_filters.FilterSet.FILTER_DEFAULTS,
        **{field: {"filter_class": WholeNumberFilter} for field in (
            models.SmallIntegerField, models.IntegerField, models.PositiveIntegerField,
            models.PositiveSmallIntegerField, models.BigIntegerField,
            models.PositiveBigIntegerField,
        )},
        models.BooleanField: {"filter_class": FlagFilter},
    }


class FilterBackend(drf_filters.DjangoFilterBackend):
    """REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]: builds `filterset_fields` on our
    FilterSet; an invalid value answers 400 {"<parameter>": ["message"]} (django-filter's
    raise_exception, flattened by core.api.exception_handler)."""

    filterset_base = FilterSet
